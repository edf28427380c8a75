// The streamToString helper older v3 code uses: GetObject's Body is a
// Node.js readable stream, read with 'data' and 'end' events. DeleteObject
// answers 204 No Content.
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/s3/command/GetObjectCommand/
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
const { S3Client, PutObjectCommand, GetObjectCommand, DeleteObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});

const streamToString = (stream) => new Promise((resolve, reject) => {
  const chunks = [];
  stream.on('data', (chunk) => chunks.push(chunk));
  stream.on('error', reject);
  stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

exports.handler = async (event) => {
  await s3.send(new PutObjectCommand({ Bucket: 'imports', Key: event.key, Body: 'sku,qty\nA1,2\nB7,5\n', ContentType: 'text/csv' }));
  const { Body, ContentType } = await s3.send(new GetObjectCommand({ Bucket: 'imports', Key: event.key }));
  const rows = (await streamToString(Body)).trim().split('\n').slice(1).map((l) => l.split(','));
  const del = await s3.send(new DeleteObjectCommand({ Bucket: 'imports', Key: event.key }));
  return { ContentType, rows, deleteStatus: del.$metadata.httpStatusCode };
};
