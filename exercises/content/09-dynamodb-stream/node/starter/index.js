// Turn DynamoDB stream records into plain objects.

// TODO: convert one typed attribute value ({"S": ...}, {"N": ...}, {"M": ...}
// ...) into a plain value, and use it for keys, newItem and oldItem.
const plainImage = (image) => (image ? image : null);

exports.handler = async (event, context) => {
  const summary = {};
  const records = event.Records.map((record) => {
    summary[record.eventName] = (summary[record.eventName] || 0) + 1;
    return {
      eventName: record.eventName,
      keys: plainImage(record.dynamodb.Keys),
      newItem: plainImage(record.dynamodb.NewImage),
      oldItem: plainImage(record.dynamodb.OldImage),
    };
  });
  return { records, summary };
};
