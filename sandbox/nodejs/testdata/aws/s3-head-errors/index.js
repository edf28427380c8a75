// HeadObject errors: a HEAD response has no body, so SDK v3 names a 404
// NotFound (loadRestXmlErrorCode) and any other status by its number,
// e.g. "403", with the message "UnknownError" (decorateServiceException).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
// https://github.com/aws/aws-sdk-js-v3/issues/6597
const { S3Client, HeadObjectCommand, NotFound, S3ServiceException } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});

const shape = (e) => ({
  name: e.name, message: e.message, status: e.$metadata.httpStatusCode, fault: e.$fault,
  isNotFound: e instanceof NotFound, isService: e instanceof S3ServiceException,
});

exports.handler = async () => {
  const out = {};
  try { await s3.send(new HeadObjectCommand({ Bucket: 'reports', Key: 'missing.json' })); } catch (e) { out.missing = shape(e); }
  try { await s3.send(new HeadObjectCommand({ Bucket: 'private', Key: 'a.json' })); } catch (e) { out.denied = shape(e); }
  return out;
};
