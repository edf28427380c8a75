// Store a JSON report in S3 and read it back: PutObject takes a string,
// GetObject's Body is a stream with transformToString().
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/s3/command/GetObjectCommand/
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
import { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async (event) => {
  const body = JSON.stringify({ id: event.id, lines: 3 });
  const put = await s3.send(new PutObjectCommand({
    Bucket: 'reports', Key: `daily/${event.id}.json`, Body: body, ContentType: 'application/json', Metadata: { author: 'cron' },
  }));
  const obj = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: `daily/${event.id}.json` }));
  const text = await obj.Body.transformToString();
  let again;
  try { await obj.Body.transformToString(); } catch (e) { again = e.message; }
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'reports', Key: `daily/${event.id}.json` }));
  return {
    etag: put.ETag, report: JSON.parse(text), contentType: obj.ContentType, length: obj.ContentLength, metadata: obj.Metadata,
    lastModifiedIsDate: obj.LastModified instanceof Date, again, headLength: head.ContentLength, headBody: 'Body' in head,
  };
};
