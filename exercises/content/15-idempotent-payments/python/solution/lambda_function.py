# Charge each payment exactly once, however often it is delivered.
import os

import boto3
from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

# Created once per execution environment, re-used by warm invocations.
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


# --- Given: do not change. The side effect: charges the customer. ---
def charge(customer, amount):
    print(f"charged {customer} {amount}")
# --- End of the given helper. ---


def lambda_handler(event, context):
    try:
        # The record and the duplicate check are one atomic write: the put
        # fails when an item with this paymentId is already there.
        table.put_item(
            Item={"paymentId": event["paymentId"], "customer": event["customer"], "amount": event["amount"]},
            ConditionExpression=Attr("paymentId").not_exists(),
        )
    except ClientError as err:
        if err.response["Error"]["Code"] == "ConditionalCheckFailedException":
            print(f"duplicate payment {event['paymentId']} ignored")
            return {"paymentId": event["paymentId"], "charged": False}
        raise
    charge(event["customer"], event["amount"])
    return {"paymentId": event["paymentId"], "charged": True}
