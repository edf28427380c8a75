# HeadObject errors: a HEAD response has no body, so botocore knows only
# the status: the code is "404" or "403" and the message the HTTP reason.
# https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
# https://boto3.amazonaws.com/v1/documentation/api/latest/guide/error-handling.html
import boto3
from botocore.exceptions import ClientError

s3 = boto3.client("s3")


def lambda_handler(event, context):
    out = {}
    for name, bucket in (("missing", "reports"), ("denied", "private")):
        try:
            s3.head_object(Bucket=bucket, Key="a.json")
        except ClientError as e:
            out[name] = {"type": type(e).__name__, "code": e.response["Error"]["Code"], "message": str(e),
                         "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
    return out
