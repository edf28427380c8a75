// Report the objects of an S3 notification.
exports.handler = async (event, context) => {
  const objects = [];
  let totalBytes = 0;
  for (const record of event.Records) {
    // TODO: the key is URL-encoded ("+" for a space, %XX escapes): decode it.
    const key = record.s3.object.key;
    const size = record.s3.object.size;
    objects.push({ bucket: record.s3.bucket.name, key, sizeKB: Math.floor(size / 1024) });
    totalBytes += size;
  }
  return { objects, totalBytes };
};
