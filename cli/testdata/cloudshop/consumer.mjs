// An SQS consumer with partial batch responses: a message it cannot parse
// is reported as failed, the others succeed.
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    try {
      const order = JSON.parse(r.body);
      console.log(`order ${order.order}, receive ${r.attributes.ApproximateReceiveCount}`);
    } catch {
      console.log(`cannot parse message ${r.messageId}, receive ${r.attributes.ApproximateReceiveCount}`);
      batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
};
