// Records every upload to the bucket as an item in DynamoDB.
const { S3Client, HeadObjectCommand } = require("@aws-sdk/client-s3");
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, PutCommand } = require("@aws-sdk/lib-dynamodb");

const s3 = new S3Client({});
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  for (const record of event.Records) {
    // The key as the notification spells it, and no content type or
    // uploader yet: HeadObject returns both.
    const key = record.s3.object.key;
    await ddb.send(new PutCommand({
      TableName: process.env.TABLE,
      Item: { key, bucket: record.s3.bucket.name, size: record.s3.object.size },
    }));
    console.log("recorded " + key);
  }
};
