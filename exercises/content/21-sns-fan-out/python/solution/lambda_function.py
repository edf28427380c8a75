# Accepts an order and hands it to billing and shipping.
import json
import os

import boto3

sns = boto3.client("sns")


def lambda_handler(order, context):
    # One message to the topic: SNS delivers a copy to every subscriber,
    # each invoked asynchronously on its own, with its own retries.
    sns.publish(TopicArn=os.environ["TOPIC_ARN"], Message=json.dumps(order))
    return {"orderId": order["orderId"], "status": "accepted"}
