# Orders: put an order in a DynamoDB table and its id on an SQS queue.
# The queue invokes ship (below), which marks the order shipped.
# c shows the Cloud pane (items, messages, SDK calls); p opens
# lambdatutor.yaml (the table, the queue, the trigger, the policies).
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
sqs = boto3.client("sqs")


def lambda_handler(event, context):
    order = {"id": context.aws_request_id[:8], "item": event.get("key1"), "status": "placed"}
    table.put_item(Item=order)
    sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps({"id": order["id"]}))
    return {"statusCode": 201, "body": json.dumps(order)}


# ship is invoked by the orders queue with a batch of messages. Raise
# here to watch them come back after the visibility timeout, then move
# to orders-dlq after their third receive.
def ship(event, context):
    for record in event["Records"]:
        order_id = json.loads(record["body"])["id"]
        table.update_item(
            Key={"id": order_id},
            UpdateExpression="SET #s = :s",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":s": "shipped"},
        )
