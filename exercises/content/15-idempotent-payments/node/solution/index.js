// Charge each payment exactly once, however often it is delivered.
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, PutCommand } = require("@aws-sdk/lib-dynamodb");

// Created once per execution environment, re-used by warm invocations.
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.TABLE;

// --- Given: do not change. The side effect: charges the customer. ---
function charge(customer, amount) {
  console.log("charged " + customer + " " + amount);
}
// --- End of the given helper. ---

exports.handler = async (event) => {
  try {
    // The record and the duplicate check are one atomic write: the put
    // fails when an item with this paymentId is already there.
    await ddb.send(new PutCommand({
      TableName: TABLE,
      Item: { paymentId: event.paymentId, customer: event.customer, amount: event.amount },
      ConditionExpression: "attribute_not_exists(paymentId)",
    }));
  } catch (err) {
    if (err.name === "ConditionalCheckFailedException") {
      console.log("duplicate payment " + event.paymentId + " ignored");
      return { paymentId: event.paymentId, charged: false };
    }
    throw err;
  }
  charge(event.customer, event.amount);
  return { paymentId: event.paymentId, charged: true };
};
