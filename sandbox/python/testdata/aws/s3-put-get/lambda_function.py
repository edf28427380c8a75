# S3 put_object / get_object (Body is a StreamingBody) / head_object, and the
# errors: NoSuchKey from GetObject, "404" from HeadObject (a HEAD response has
# no body, so botocore only has the status code).
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/s3/client/get_object.html
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/s3/client/head_object.html
import json

import boto3
from botocore.exceptions import ClientError

s3 = boto3.client("s3")
BUCKET = "reports"


def lambda_handler(event, context):
    put = s3.put_object(Bucket=BUCKET, Key="daily/2026-12-03.json", Body=json.dumps(event),
                        ContentType="application/json", Metadata={"source": "tutor"})
    obj = s3.get_object(Bucket=BUCKET, Key="daily/2026-12-03.json")
    body = json.loads(obj["Body"].read().decode("utf-8"))
    head = s3.head_object(Bucket=BUCKET, Key="daily/2026-12-03.json")
    errors = []
    try:
        s3.get_object(Bucket=BUCKET, Key="missing.json")
    except s3.exceptions.NoSuchKey as e:
        errors.append([e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]])
    try:
        s3.head_object(Bucket=BUCKET, Key="missing.json")
    except ClientError as e:
        errors.append([e.response["Error"]["Code"], e.response["Error"]["Message"]])
    return {
        "etagMatches": put["ETag"] == obj["ETag"] == head["ETag"],
        "body": body,
        "contentType": obj["ContentType"],
        "length": head["ContentLength"],
        "metadata": head["Metadata"],
        "lastModifiedHasTz": obj["LastModified"].tzinfo is not None,
        "errors": errors,
    }
