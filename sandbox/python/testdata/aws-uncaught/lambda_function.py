# Uncaught botocore errors as Lambda reports them: errorType is the
# exception's class name. A modelled error (client.exceptions.NoSuchKey)
# has its own class, so errorType is "NoSuchKey"; an unmodelled code such
# as S3's AccessDenied is a plain ClientError, so errorType is "ClientError".
# https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html
# https://boto3.amazonaws.com/v1/documentation/api/latest/guide/error-handling.html
import boto3

s3 = boto3.client("s3")
calls = 0


def lambda_handler(event, context):
    global calls
    calls += 1
    if calls == 1:
        s3.get_object(Bucket="reports", Key="missing.json")
    s3.put_object(Bucket="reports", Key="new.json", Body=b"{}")
    return {"wrote": True}
