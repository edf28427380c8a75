// Publish an alert to an SNS topic; Publish answers a MessageId.
// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
const { SNSClient, PublishCommand, NotFoundException } = require('@aws-sdk/client-sns');

const sns = new SNSClient({});

exports.handler = async (event) => {
  const out = await sns.send(new PublishCommand({
    TopicArn: process.env.TOPIC_ARN, Subject: 'Low stock', Message: JSON.stringify(event),
    MessageAttributes: { severity: { DataType: 'String', StringValue: 'high' } },
  }));
  let missing;
  try {
    await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN + '-nope', Message: 'x' }));
  } catch (e) {
    missing = { name: e.name, isClass: e instanceof NotFoundException, status: e.$metadata.httpStatusCode };
  }
  return { hasMessageId: typeof out.MessageId === 'string' && out.MessageId.length > 0, missing };
};
