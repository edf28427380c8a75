// A worker that enqueues jobs, receives them (the receipt handle and the
// receive count), deletes them, and finds the queue empty.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/sqs/
const { SQSClient, GetQueueUrlCommand, SendMessageCommand, ReceiveMessageCommand, DeleteMessageCommand } = require('@aws-sdk/client-sqs');

const sqs = new SQSClient({});

exports.handler = async (event) => {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }));
  for (const job of event.jobs) {
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(job), MessageAttributes: { kind: { DataType: 'String', StringValue: job.kind } } }));
  }
  const { Messages } = await sqs.send(new ReceiveMessageCommand({
    QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['ApproximateReceiveCount'],
  }));
  const seen = [];
  for (const m of Messages) {
    seen.push({ body: JSON.parse(m.Body), kind: m.MessageAttributes.kind.StringValue, count: m.Attributes.ApproximateReceiveCount });
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
  }
  const after = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  return { QueueUrl, seen, emptyAfter: after.Messages === undefined };
};
