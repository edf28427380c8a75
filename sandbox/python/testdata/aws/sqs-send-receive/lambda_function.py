# SQS send, batch send, receive, delete; a queue that does not exist gives
# boto3's query-compatible error code.
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/sqs/client/receive_message.html
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
import boto3
from botocore.exceptions import ClientError

sqs = boto3.client("sqs")


def lambda_handler(event, context):
    url = sqs.get_queue_url(QueueName="jobs")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="job-1")
    batch = sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "job-2"}, {"Id": "b", "MessageBody": "job-3"}])
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    bodies = sorted(m["Body"] for m in got["Messages"])
    for m in got["Messages"]:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    empty = sqs.receive_message(QueueUrl=url)
    try:
        sqs.get_queue_url(QueueName="nope")
        missing = None
    except ClientError as e:
        missing = e.response["Error"]["Code"]
    return {"batchOk": sorted(e["Id"] for e in batch["Successful"]), "bodies": bodies,
            "emptyHasMessages": "Messages" in empty, "missing": missing}
