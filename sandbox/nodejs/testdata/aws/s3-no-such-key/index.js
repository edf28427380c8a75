// A missing key: NoSuchKey (404) for a role allowed s3:ListBucket on the
// bucket; without it S3 would answer 403 AccessDenied.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
const { S3Client, GetObjectCommand, NoSuchKey, S3ServiceException } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});

exports.handler = async (event) => {
  try {
    await s3.send(new GetObjectCommand({ Bucket: 'assets', Key: event.key }));
    return 'exists';
  } catch (e) {
    if (e instanceof NoSuchKey) {
      return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode, isS3: e instanceof S3ServiceException };
    }
    throw e;
  }
};
