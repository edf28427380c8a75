// event: {"Records":[{"eventName":"INSERT","dynamodb":{"Keys":{"Id":{"N":"101"}},"NewImage":{"Message":{"S":"New item!"},"Id":{"N":"101"}}}},{"eventName":"REMOVE","dynamodb":{"Keys":{"Id":{"N":"102"}}}}]}
const unmarshall = (img) => Object.fromEntries(Object.entries(img || {}).map(([k, v]) => [k, v.N !== undefined ? Number(v.N) : v.S]));
exports.handler = async (event) => {
  const changes = event.Records.map((r) => ({ type: r.eventName, keys: unmarshall(r.dynamodb.Keys), item: unmarshall(r.dynamodb.NewImage) }));
  console.log('DynamoDB Record: %j', changes[0]);
  console.log(changes);
  return `Successfully processed ${event.Records.length} records.`;
};
