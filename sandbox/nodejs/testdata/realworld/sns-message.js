// event: {"Records":[{"EventSource":"aws:sns","Sns":{"Subject":"Order placed","Message":"{\"orderId\":\"o-1\",\"total\":99.5}","MessageAttributes":{"priority":{"Type":"String","Value":"high"}}}}]}
exports.handler = async (event, context) => {
  const sns = event.Records[0].Sns;
  const message = JSON.parse(sns.Message);
  console.log('From SNS:', sns.Subject, message);
  return { orderId: message.orderId, priority: sns.MessageAttributes.priority.Value };
};
