// Least privilege: the role may read the table but not write it, so PutItem
// fails with AccessDeniedException worded as AWS words it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  await ddb.send(new PutCommand({ TableName: 'Orders', Item: { id: event.id } }));
  return 'saved';
};
