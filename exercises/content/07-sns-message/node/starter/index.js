// Read the orders published to an SNS topic.
exports.handler = async (event, context) => {
  const notifications = [];
  for (const record of event.Records) {
    // TODO: Message is a JSON *string*: parse it. Then add the channel
    // message attribute ("none" when it is missing).
    const msg = record.Sns.Message;
    notifications.push({ orderId: msg.orderId, status: msg.status, subject: record.Sns.Subject });
  }
  return { notifications };
};
