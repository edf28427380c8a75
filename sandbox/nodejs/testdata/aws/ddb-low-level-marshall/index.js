// The low-level client takes typed AttributeValues; util-dynamodb's
// marshall/unmarshall convert native objects to and from them.
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-util-dynamodb/
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
const { DynamoDBClient, PutItemCommand, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { marshall, unmarshall } = require('@aws-sdk/util-dynamodb');

const client = new DynamoDBClient({});

exports.handler = async (event) => {
  const typed = marshall({ id: event.id, price: 9.99, sizes: new Set([38, 40]), blob: new Uint8Array([1, 2, 3]), empty: '' , gone: undefined },
    { removeUndefinedValues: true, convertEmptyValues: true });
  await client.send(new PutItemCommand({ TableName: 'Products', Item: typed }));
  const { Item } = await client.send(new GetItemCommand({ TableName: 'Products', Key: { id: { S: event.id } } }));
  const native = unmarshall(Item);
  return {
    typedKeys: Object.keys(Item).sort(),
    price: Item.price,
    sizes: [...Item.sizes.NS].sort(),
    blobIsBytes: Item.blob.B instanceof Uint8Array,
    native: { id: native.id, price: native.price, sizes: [...native.sizes].sort(), blob: [...native.blob], empty: native.empty },
  };
};
