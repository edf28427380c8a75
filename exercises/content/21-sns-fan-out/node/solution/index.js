// Accepts an order and hands it to billing and shipping.
const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns");

const sns = new SNSClient({});

exports.handler = async (order) => {
  // One message to the topic: SNS delivers a copy to every subscriber,
  // each invoked asynchronously on its own, with its own retries.
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify(order) }));
  return { orderId: order.orderId, status: "accepted" };
};
