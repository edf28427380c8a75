// Writes a receipt for an order to S3. The code did not change: the
// policy in lambdatutor.yaml now allows s3:PutObject on the bucket.
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, GetCommand } = require("@aws-sdk/lib-dynamodb");
const { S3Client, PutObjectCommand } = require("@aws-sdk/client-s3");

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});

exports.handler = async (event) => {
  const { Item: order } = await ddb.send(new GetCommand({
    TableName: process.env.ORDERS_TABLE,
    Key: { orderId: event.orderId },
  }));
  if (!order) {
    throw new Error("order " + event.orderId + " not found");
  }
  const key = event.orderId + ".txt";
  await s3.send(new PutObjectCommand({
    Bucket: process.env.RECEIPTS_BUCKET,
    Key: key,
    Body: "Receipt for " + order.customer + ": " + order.total + " EUR\n",
    ContentType: "text/plain",
  }));
  console.log("receipt written to s3://" + process.env.RECEIPTS_BUCKET + "/" + key);
  return { orderId: event.orderId, receipt: key };
};
