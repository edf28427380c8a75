// A DynamoDB stream consumer: logs each change.
export const handler = async (event) => {
  for (const r of event.Records) {
    console.log(`${r.eventName} ${r.dynamodb.Keys.id.S} total=${r.dynamodb.NewImage?.total?.N}`);
  }
};
