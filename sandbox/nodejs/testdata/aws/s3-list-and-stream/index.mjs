// Upload bytes (a Buffer and a Uint8Array), list them page by page with
// paginateListObjectsV2, and read one back by iterating its Body stream.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/s3/command/GetObjectCommand/
import { S3Client, PutObjectCommand, GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async () => {
  for (const n of [1, 2, 3, 4, 5]) {
    await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: `2026/img-${n}.jpg`, Body: Buffer.from(`jpeg-${n}`) }));
  }
  await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: 'raw.bin', Body: new Uint8Array([0, 255, 7]) }));
  const keys = [];
  let pages = 0;
  for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket: 'photos', Prefix: '2026/' })) {
    pages++;
    for (const o of page.Contents ?? []) keys.push(o.Key + ':' + o.Size);
  }
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'photos', Key: '2026/img-3.jpg' }));
  const chunks = [];
  for await (const chunk of Body) chunks.push(chunk);
  const raw = await s3.send(new GetObjectCommand({ Bucket: 'photos', Key: 'raw.bin' }));
  const bytes = await raw.Body.transformToByteArray();
  return { pages, keys, text: Buffer.concat(chunks).toString('utf8'), bytes: [...bytes], isU8: bytes instanceof Uint8Array };
};
