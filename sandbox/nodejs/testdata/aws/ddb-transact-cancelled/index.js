// Transfer between accounts in one TransactWriteItems: the debit's condition
// fails, so nothing is written and TransactionCanceledException lists a
// reason per item (None for the ones that were fine).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
const { DynamoDBClient, TransactionCanceledException } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, GetCommand, TransactWriteCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  await ddb.send(new PutCommand({ TableName: 'Accounts', Item: { id: 'alice', balance: 30 } }));
  await ddb.send(new PutCommand({ TableName: 'Accounts', Item: { id: 'bob', balance: 0 } }));
  try {
    await ddb.send(new TransactWriteCommand({
      TransactItems: [
        { Update: { TableName: 'Accounts', Key: { id: 'alice' }, UpdateExpression: 'SET balance = balance - :a',
          ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': event.amount } } },
        { Update: { TableName: 'Accounts', Key: { id: 'bob' }, UpdateExpression: 'SET balance = balance + :a',
          ExpressionAttributeValues: { ':a': event.amount } } },
      ],
    }));
    return 'transferred';
  } catch (e) {
    if (!(e instanceof TransactionCanceledException)) throw e;
    const bob = await ddb.send(new GetCommand({ TableName: 'Accounts', Key: { id: 'bob' } }));
    return { name: e.name, reasons: e.CancellationReasons.map((r) => r.Code), bobBalance: bob.Item.balance, status: e.$metadata.httpStatusCode };
  }
};
