// Idempotent payment: a conditional put (attribute_not_exists) records the
// payment once; a retry of the same event fails the condition, and the
// handler catches ConditionalCheckFailedException by its class.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/dynamodb/command/PutItemCommand/
import { DynamoDBClient, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event) => {
  try {
    await ddb.send(new PutCommand({
      TableName: 'Payments',
      Item: { paymentId: event.paymentId, amount: event.amount, status: 'CAPTURED' },
      ConditionExpression: 'attribute_not_exists(paymentId)',
    }));
    return { status: 'processed' };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      console.log('duplicate', event.paymentId, err.name, err.$fault, err.$metadata.httpStatusCode);
      return { status: 'duplicate', name: err.name, message: err.message };
    }
    throw err;
  }
};
