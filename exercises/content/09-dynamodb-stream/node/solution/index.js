// Turn DynamoDB stream records into plain objects.

// plain converts one typed attribute value into a plain value.
const plain = (attr) => {
  const [type, value] = Object.entries(attr)[0];
  switch (type) {
    case "N":
      return Number(value);
    case "NS":
      return value.map(Number);
    case "NULL":
      return null;
    case "L":
      return value.map(plain);
    case "M":
      return plainImage(value);
    default: // S, BOOL, SS, B, BS
      return value;
  }
};

const plainImage = (image) => {
  if (!image) return null;
  const out = {};
  for (const [name, attr] of Object.entries(image)) out[name] = plain(attr);
  return out;
};

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
