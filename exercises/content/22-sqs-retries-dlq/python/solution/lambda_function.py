# Stores the orders of an SQS batch in DynamoDB. A bad message must not
# take the good ones of its batch down with it.
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


# --- Given: do not change. Reads one message; raises on a bad order. ---
def parse_order(body):
    order = json.loads(body)
    if not isinstance(order.get("orderId"), str) or not order.get("qty", 0) > 0:
        raise ValueError(f"invalid order {body}")
    return order
# --- End of the given helper. ---


def lambda_handler(event, context):
    # Each message is handled on its own; the ones that failed are reported
    # by messageId, and Lambda deletes the rest from the queue.
    failures = []
    for record in event["Records"]:
        try:
            order = parse_order(record["body"])
            table.put_item(Item={"orderId": order["orderId"], "qty": order["qty"]})
            print(f"stored {order['orderId']}")
        except Exception as err:
            print(f"failed {record['messageId']}: {err}")
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
