// Triggered by S3: logs the key of each new object.
export const handler = async (event) => {
  for (const r of event.Records) {
    console.log(`new object ${r.s3.bucket.name}/${decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '))} (${r.s3.object.size} bytes, ${r.eventName})`);
  }
  return { thumbnails: event.Records.length };
};
