# Calls one operation of each kind and returns the raw boto3 responses
# (bytes, times and bodies replaced by markers) for aws_test.go to check
# against botocore's service models.
import datetime
import decimal
import json

import boto3
from botocore.exceptions import ClientError
from botocore.response import StreamingBody

ddb = boto3.client("dynamodb")
s3 = boto3.client("s3")
sqs = boto3.client("sqs")


def safe(v):
    if isinstance(v, dict):
        return {k: safe(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [safe(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return "<blob>"
    if isinstance(v, StreamingBody):
        return "<blob>"
    if isinstance(v, datetime.datetime):
        return "<timestamp>"
    if isinstance(v, decimal.Decimal):
        return int(v)
    return v


def lambda_handler(event, context):
    out = []

    def call(service, client, op, **kw):
        try:
            r = getattr(client, op)(**kw)
            out.append({"service": service, "op": op, "response": safe(r)})
        except ClientError as e:
            out.append({"service": service, "op": op, "error": safe(e.response)})

    call("dynamodb", ddb, "put_item", TableName="Things", Item={"pk": {"S": "a"}, "n": {"N": "1"}, "b": {"B": b"x"}, "ss": {"SS": ["x", "y"]}})
    call("dynamodb", ddb, "get_item", TableName="Things", Key={"pk": {"S": "a"}})
    call("dynamodb", ddb, "update_item", TableName="Things", Key={"pk": {"S": "a"}}, UpdateExpression="ADD n :one",
         ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="ALL_NEW")
    call("dynamodb", ddb, "query", TableName="Things", KeyConditionExpression="pk = :a", ExpressionAttributeValues={":a": {"S": "a"}})
    call("dynamodb", ddb, "scan", TableName="Things", Limit=1)
    # A Decimal parameter cannot travel in marshal's format: the JSON path.
    call("dynamodb", ddb, "scan", TableName="Things", Limit=decimal.Decimal(1))
    call("dynamodb", ddb, "batch_write_item", RequestItems={"Things": [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}]})
    call("dynamodb", ddb, "batch_get_item", RequestItems={"Things": {"Keys": [{"pk": {"S": "a"}}, {"pk": {"S": "b"}}]}})
    call("dynamodb", ddb, "transact_write_items", TransactItems=[{"Put": {"TableName": "T", "Item": {"pk": {"S": "c"}}}}])
    call("dynamodb", ddb, "delete_item", TableName="Things", Key={"pk": {"S": "a"}}, ReturnValues="ALL_OLD")
    call("dynamodb", ddb, "put_item", TableName="Things", Item={"pk": {"S": "b"}}, ConditionExpression="attribute_not_exists(pk)")
    call("s3", s3, "put_object", Bucket="shapes-bucket", Key="k.txt", Body=b"hi", ContentType="text/plain")
    call("s3", s3, "get_object", Bucket="shapes-bucket", Key="k.txt")
    call("s3", s3, "head_object", Bucket="shapes-bucket", Key="k.txt")
    call("s3", s3, "list_objects_v2", Bucket="shapes-bucket")
    call("s3", s3, "copy_object", Bucket="shapes-bucket", Key="k2.txt", CopySource={"Bucket": "shapes-bucket", "Key": "k.txt"})
    call("s3", s3, "delete_object", Bucket="shapes-bucket", Key="k2.txt")
    call("s3", s3, "get_object", Bucket="shapes-bucket", Key="none")
    url = sqs.get_queue_url(QueueName="shapes-queue")["QueueUrl"]
    call("sqs", sqs, "send_message", QueueUrl=url, MessageBody="m")
    call("sqs", sqs, "send_message_batch", QueueUrl=url, Entries=[{"Id": "1", "MessageBody": "m"}])
    call("sqs", sqs, "receive_message", QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
    call("sns", boto3.client("sns"), "publish", TopicArn="arn:aws:sns:us-east-1:123456789012:shapes-topic", Message="m")
    call("events", boto3.client("events"), "put_events", Entries=[{"Source": "s", "DetailType": "d", "Detail": "{}"}])
    call("secretsmanager", boto3.client("secretsmanager"), "get_secret_value", SecretId="s")
    ssm = boto3.client("ssm")
    call("ssm", ssm, "get_parameter", Name="/p/a")
    call("ssm", ssm, "get_parameters", Names=["/p/a", "/p/zz"])
    call("ssm", ssm, "get_parameters_by_path", Path="/p")
    return out
