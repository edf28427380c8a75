// Process a batch of orders from SQS.
exports.handler = async (event, context) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    if (!order.orderId || !Number.isInteger(order.quantity) || order.quantity < 1) {
      // TODO: skipping loses the message: SQS deletes it once the batch
      // "succeeds". Report its messageId in batchItemFailures instead.
      console.log("skipping bad message " + record.messageId);
      continue;
    }
    console.log("processed order " + order.orderId);
  }
  return { batchItemFailures: [] };
};
