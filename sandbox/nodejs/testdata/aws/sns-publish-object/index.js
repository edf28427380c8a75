// Publish with an object as Message: SNS's query protocol sends every
// member as a form field, and SDK v3 copies Message as it is
// (se_PublishInput) and form-encodes it with String(), so the topic
// receives "[object Object]" and no error is raised (TestAWSSDKPublishObjectMessage
// checks the body the queue gets).
// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
// https://github.com/aws/aws-sdk-js-v3/blob/main/clients/client-sns/src/protocols/Aws_query.ts
const { SNSClient, PublishCommand, SubscribeCommand } = require('@aws-sdk/client-sns');

const sns = new SNSClient({});

exports.handler = async (event) => {
  await sns.send(new SubscribeCommand({
    TopicArn: process.env.TOPIC_ARN, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:inbox',
    Attributes: { RawMessageDelivery: 'true' },
  }));
  const out = await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: { order: event.order } }));
  return { hasMessageId: typeof out.MessageId === 'string' && out.MessageId.length > 0 };
};
