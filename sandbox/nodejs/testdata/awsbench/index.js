// n round trips: PutCommand then GetCommand with the document client.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, GetCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  let last;
  for (let i = 0; i < event.n; i++) {
    const id = 's-' + (i % 10);
    await ddb.send(new PutCommand({ TableName: 'Sessions', Item: { id, user: 'u-42', hits: i, active: true } }));
    const { Item } = await ddb.send(new GetCommand({ TableName: 'Sessions', Key: { id } }));
    last = Item.hits;
  }
  return last;
};
