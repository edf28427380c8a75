// Stores the orders of an SQS batch in DynamoDB. A bad message must not
// take the good ones of its batch down with it.
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, PutCommand } = require("@aws-sdk/lib-dynamodb");

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

// --- Given: do not change. Reads one message; throws on a bad order. ---
function parseOrder(body) {
  const order = JSON.parse(body);
  if (typeof order.orderId !== "string" || !(order.qty > 0)) {
    throw new Error("invalid order " + body);
  }
  return order;
}
// --- End of the given helper. ---

exports.handler = async (event) => {
  // Each message is handled on its own; the ones that failed are reported
  // by messageId, and Lambda deletes the rest from the queue.
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const order = parseOrder(record.body);
      await ddb.send(new PutCommand({ TableName: process.env.TABLE, Item: { orderId: order.orderId, qty: order.qty } }));
      console.log("stored " + order.orderId);
    } catch (err) {
      console.log("failed " + record.messageId + ": " + err.message);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
