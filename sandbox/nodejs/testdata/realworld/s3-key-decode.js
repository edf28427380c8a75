// event: {"Records":[{"s3":{"bucket":{"name":"photos"},"object":{"key":"holiday+2026/beach%C3%A9+1.jpg","size":1024}}}]}
// S3 notification: decode the object key as the blueprints do.
exports.handler = async (event, context) => {
  const bucket = event.Records[0].s3.bucket.name;
  const key = decodeURIComponent(event.Records[0].s3.object.key.replace(/\+/g, ' '));
  console.log('Bucket: %s, Key: %s', bucket, key);
  return { bucket, key, ext: key.split('.').pop() };
};
