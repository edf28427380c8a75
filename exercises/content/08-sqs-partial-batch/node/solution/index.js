// Process a batch of orders from SQS.
exports.handler = async (event, context) => {
  const failures = [];
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    if (!order.orderId || !Number.isInteger(order.quantity) || order.quantity < 1) {
      console.log("bad message " + record.messageId + ", SQS will deliver it again");
      failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    console.log("processed order " + order.orderId);
  }
  return { batchItemFailures: failures };
};
