// event: {"version":"0","id":"53dc4d37","detail-type":"Scheduled Event","source":"aws.events","time":"2026-01-15T09:00:00Z","resources":["arn:aws:events:us-east-1:123456789012:rule/nightly"],"detail":{}}
exports.handler = async (event) => {
  console.log(`Triggered by ${event['detail-type']} from ${event.source} at ${event.time}`);
  const when = new Date(event.time);
  return { hour: when.getUTCHours(), rule: event.resources[0].split('/').pop() };
};
