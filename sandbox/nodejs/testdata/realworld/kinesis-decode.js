// event: {"Records":[{"kinesis":{"partitionKey":"1","data":"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==","sequenceNumber":"4959"},"eventSource":"aws:kinesis"},{"kinesis":{"partitionKey":"2","data":"eyJvcmRlciI6NDJ9","sequenceNumber":"4960"},"eventSource":"aws:kinesis"}]}
exports.handler = async (event, context) => {
  for (const record of event.Records) {
    try {
      console.log(`Processed Kinesis Event - EventID: ${record.kinesis.sequenceNumber}`);
      const recordData = await getRecordDataAsync(record.kinesis);
      console.log(`Record Data: ${recordData}`);
    } catch (err) {
      console.error(`An error occurred ${err}`);
      throw err;
    }
  }
  console.log(`Successfully processed ${event.Records.length} records.`);
};
async function getRecordDataAsync(payload) {
  const data = Buffer.from(payload.data, 'base64').toString('utf-8');
  await Promise.resolve(1);
  return data;
}
