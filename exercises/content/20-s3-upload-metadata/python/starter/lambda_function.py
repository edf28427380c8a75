# Records every upload to the bucket as an item in DynamoDB.
import os
import urllib.parse

import boto3

s3 = boto3.client("s3")
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def lambda_handler(event, context):
    for record in event["Records"]:
        # The key as the notification spells it, and no content type or
        # uploader yet: head_object returns both.
        key = record["s3"]["object"]["key"]
        table.put_item(Item={"key": key, "bucket": record["s3"]["bucket"]["name"], "size": record["s3"]["object"]["size"]})
        print(f"recorded {key}")
