// BatchGet with the document client (Responses by table), and a
// ValidationException: not a modelled class in client-dynamodb, so it is a
// DynamoDBServiceException whose name is the error code.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
const { DynamoDBClient, DynamoDBServiceException } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, BatchGetCommand, GetCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

exports.handler = async () => {
  for (const id of ['a', 'b', 'c']) await ddb.send(new PutCommand({ TableName: 'Items', Item: { id, n: id.charCodeAt(0), x: undefined } }));
  const { Responses, UnprocessedKeys } = await ddb.send(new BatchGetCommand({ RequestItems: { Items: { Keys: [{ id: 'a' }, { id: 'c' }, { id: 'z' }] } } }));
  let validation;
  try {
    await ddb.send(new GetCommand({ TableName: 'Items', Key: { wrong: 'a' } }));
  } catch (e) {
    validation = { name: e.name, isService: e instanceof DynamoDBServiceException, message: e.message };
  }
  return { got: Responses.Items.map((i) => i.id + '=' + i.n).sort(), unprocessed: UnprocessedKeys, validation };
};
