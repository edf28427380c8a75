// Put an item with the document client, read it back: native JavaScript
// values in, native values out (numbers, lists, maps, Sets, booleans).
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-dynamodb/
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, GetCommand } = require('@aws-sdk/lib-dynamodb');

const client = new DynamoDBClient({});
const ddb = DynamoDBDocumentClient.from(client);

exports.handler = async (event) => {
  const put = await ddb.send(new PutCommand({
    TableName: process.env.TABLE,
    Item: { pk: event.orderId, total: 42.5, qty: 3, lines: [{ sku: 'A1', n: 2 }], tags: new Set(['new', 'gift']), paid: false, note: null },
  }));
  const { Item, $metadata } = await ddb.send(new GetCommand({ TableName: process.env.TABLE, Key: { pk: event.orderId } }));
  const missing = await ddb.send(new GetCommand({ TableName: process.env.TABLE, Key: { pk: 'nope' } }));
  console.log('saved', Item.pk, Item.tags instanceof Set, [...Item.tags].sort().join(','));
  return {
    putKeys: Object.keys(put).sort(),
    item: { ...Item, tags: [...Item.tags].sort() },
    status: $metadata.httpStatusCode,
    attempts: $metadata.attempts,
    hasRequestId: typeof $metadata.requestId === 'string',
    missing: 'Item' in missing,
  };
};
