// event: {"Records":[{"messageId":"m1","body":"{\"id\":1}"},{"messageId":"m2","body":"not json"},{"messageId":"m3","body":"{\"id\":3}"}]}
// SQS with ReportBatchItemFailures (serverless-patterns).
exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const body = JSON.parse(record.body);
      console.log('processing', body);
    } catch (e) {
      console.error('failed', record.messageId, e.name);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
