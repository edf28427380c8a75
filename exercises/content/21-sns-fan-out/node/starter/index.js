// Accepts an order and hands it to billing and shipping.
const { LambdaClient, InvokeCommand } = require("@aws-sdk/client-lambda");
const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns");

const lambda = new LambdaClient({});
const sns = new SNSClient({});

exports.handler = async (order) => {
  // Calls each consumer in turn and waits for it: the checkout is as slow
  // as all of them together, fails when any of them fails, and must be
  // edited for every new consumer. Publish the order to the topic instead.
  for (const fn of ["bill-order", "ship-order"]) {
    const out = await lambda.send(new InvokeCommand({ FunctionName: fn, Payload: JSON.stringify(order) }));
    if (out.FunctionError) {
      throw new Error(fn + " failed for order " + order.orderId);
    }
  }
  return { orderId: order.orderId, status: "accepted" };
};
