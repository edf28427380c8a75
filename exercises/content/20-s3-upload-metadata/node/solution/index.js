// Records every upload to the bucket as an item in DynamoDB.
const { S3Client, HeadObjectCommand } = require("@aws-sdk/client-s3");
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, PutCommand } = require("@aws-sdk/lib-dynamodb");

const s3 = new S3Client({});
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    // S3 form-encodes the key in the notification: a space arrives as "+".
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    await ddb.send(new PutCommand({
      TableName: process.env.TABLE,
      Item: {
        key,
        bucket,
        size: record.s3.object.size,
        contentType: head.ContentType,
        uploadedBy: head.Metadata.uploader || "unknown",
      },
    }));
    console.log("recorded " + key);
  }
};
