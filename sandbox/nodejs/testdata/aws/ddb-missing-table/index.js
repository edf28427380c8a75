// A table the project does not declare: ResourceNotFoundException, a
// subclass of DynamoDBServiceException, with $fault and $metadata.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html#API_GetItem_Errors
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/introduction/#error-handling
const { DynamoDBClient, GetItemCommand, ResourceNotFoundException, DynamoDBServiceException } = require('@aws-sdk/client-dynamodb');

const client = new DynamoDBClient({});

exports.handler = async () => {
  try {
    await client.send(new GetItemCommand({ TableName: 'Typo', Key: { id: { S: '1' } } }));
    return 'found';
  } catch (e) {
    return {
      name: e.name, message: e.message, fault: e.$fault, status: e.$metadata.httpStatusCode, attempts: e.$metadata.attempts,
      isRNF: e instanceof ResourceNotFoundException, isService: e instanceof DynamoDBServiceException, isError: e instanceof Error,
    };
  }
};
