// Read the orders published to an SNS topic.
exports.handler = async (event, context) => {
  const notifications = [];
  for (const record of event.Records) {
    const msg = JSON.parse(record.Sns.Message);
    const attr = (record.Sns.MessageAttributes || {}).channel;
    notifications.push({
      orderId: msg.orderId,
      status: msg.status,
      subject: record.Sns.Subject,
      channel: attr ? attr.Value : "none",
    });
  }
  return { notifications };
};
