// A visit counter: UpdateItem with SET and ADD and ReturnValues ALL_NEW;
// the document client returns Attributes as native values.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, UpdateCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));

async function hit(page) {
  const { Attributes } = await ddb.send(new UpdateCommand({
    TableName: 'Counters',
    Key: { page },
    UpdateExpression: 'SET #last = :now ADD #visits :one',
    ExpressionAttributeNames: { '#last': 'lastVisit', '#visits': 'visits' },
    ExpressionAttributeValues: { ':now': '2026-12-03', ':one': 1 },
    ReturnValues: 'ALL_NEW',
  }));
  return Attributes;
}

exports.handler = async (event) => {
  await hit(event.page);
  await hit(event.page);
  return hit(event.page);
};
