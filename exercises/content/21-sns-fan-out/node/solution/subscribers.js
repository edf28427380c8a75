// --- Given: do not change. The two subscribers of the orders topic. ---
// Each takes an SNS event (the order is the message, as a JSON string) or,
// invoked directly, the order itself.
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, PutCommand } = require("@aws-sdk/lib-dynamodb");

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

function ordersOf(event) {
  return event.Records ? event.Records.map((r) => JSON.parse(r.Sns.Message)) : [event];
}

exports.bill = async (event) => {
  for (const order of ordersOf(event)) {
    await ddb.send(new PutCommand({ TableName: "invoices", Item: { orderId: order.orderId, amount: order.total } }));
    console.log("invoiced " + order.orderId);
  }
};

exports.ship = async (event) => {
  for (const order of ordersOf(event)) {
    if (!order.address) {
      throw new Error("no address for order " + order.orderId);
    }
    await ddb.send(new PutCommand({ TableName: "shipments", Item: { orderId: order.orderId, address: order.address } }));
    console.log("shipping " + order.orderId);
  }
};
