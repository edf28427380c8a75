# Records every upload to the bucket as an item in DynamoDB.
import os
import urllib.parse

import boto3

s3 = boto3.client("s3")
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def lambda_handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        # S3 form-encodes the key in the notification: a space arrives as "+".
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        head = s3.head_object(Bucket=bucket, Key=key)
        table.put_item(Item={
            "key": key,
            "bucket": bucket,
            "size": record["s3"]["object"]["size"],
            "contentType": head["ContentType"],
            "uploadedBy": head["Metadata"].get("uploader", "unknown"),
        })
        print(f"recorded {key}")
