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
  // This put overwrites a payment already recorded, so a second delivery
  // of the same payment is charged again. Make the write fail when the
  // payment is already in the table, and skip the charge then.
  await ddb.send(new PutCommand({
    TableName: TABLE,
    Item: { paymentId: event.paymentId, customer: event.customer, amount: event.amount },
  }));
  charge(event.customer, event.amount);
  return { paymentId: event.paymentId, charged: true };
};
