# SNS publish with message attributes; the response has a MessageId.
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/sns/client/publish.html
import json
import os

import boto3

sns = boto3.client("sns")


def lambda_handler(event, context):
    resp = sns.publish(
        TopicArn=os.environ["TOPIC_ARN"],
        Subject="Order shipped",
        Message=json.dumps({"orderId": event["orderId"]}),
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "shipped"}},
    )
    return {"hasMessageId": len(resp["MessageId"]) > 0, "status": resp["ResponseMetadata"]["HTTPStatusCode"]}
