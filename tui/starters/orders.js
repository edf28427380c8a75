// Orders: put an order in a DynamoDB table and its id on an SQS queue.
// The queue invokes ship (below), which marks the order shipped.
// c shows the Cloud pane (items, messages, SDK calls); p opens
// lambdatutor.yaml (the table, the queue, the trigger, the policies).
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, PutCommand, UpdateCommand } = require("@aws-sdk/lib-dynamodb");
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});

exports.handler = async (event, context) => {
  const order = { id: context.awsRequestId.slice(0, 8), item: event.key1, status: "placed" };
  await ddb.send(new PutCommand({ TableName: process.env.TABLE, Item: order }));
  await sqs.send(new SendMessageCommand({
    QueueUrl: process.env.QUEUE_URL,
    MessageBody: JSON.stringify({ id: order.id }),
  }));
  return { statusCode: 201, body: JSON.stringify(order) };
};

// ship is invoked by the orders queue with a batch of messages. Throw
// here to watch them come back after the visibility timeout, then move
// to orders-dlq after their third receive.
exports.ship = async (event) => {
  for (const record of event.Records) {
    const { id } = JSON.parse(record.body);
    await ddb.send(new UpdateCommand({
      TableName: process.env.TABLE,
      Key: { id },
      UpdateExpression: "SET #s = :s",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": "shipped" },
    }));
  }
};
