// The v3 "aggregated" clients: new DynamoDB().putItem(input) and
// DynamoDBDocument's put/get, the same calls as send(new XCommand(input)).
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/introduction/#high-level-concepts
const { DynamoDB } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocument } = require('@aws-sdk/lib-dynamodb');

const low = new DynamoDB({});
const doc = DynamoDBDocument.from(low);

exports.handler = async () => {
  await low.putItem({ TableName: 'Users', Item: { id: { S: 'u1' }, age: { N: '41' } } });
  await doc.put({ TableName: 'Users', Item: { id: 'u2', age: 29 } });
  const a = await low.getItem({ TableName: 'Users', Key: { id: { S: 'u2' } } });
  const b = await doc.get({ TableName: 'Users', Key: { id: 'u1' } });
  const all = await doc.scan({ TableName: 'Users' });
  return { a: a.Item, b: b.Item, count: all.Count, ids: all.Items.map((i) => i.id).sort() };
};
