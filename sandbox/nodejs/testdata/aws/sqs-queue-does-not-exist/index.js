// Sending to a queue that does not exist: QueueDoesNotExist.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html
const { SQSClient, GetQueueUrlCommand, QueueDoesNotExist } = require('@aws-sdk/client-sqs');

const sqs = new SQSClient({});

exports.handler = async () => {
  try {
    await sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' }));
  } catch (e) {
    return { isClass: e instanceof QueueDoesNotExist, name: e.name, status: e.$metadata.httpStatusCode, fault: e.$fault };
  }
};
