# Charge each payment exactly once, however often it is delivered.
import os

import boto3

# Created once per execution environment, re-used by warm invocations.
table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


# --- Given: do not change. The side effect: charges the customer. ---
def charge(customer, amount):
    print(f"charged {customer} {amount}")
# --- End of the given helper. ---


def lambda_handler(event, context):
    # This put overwrites a payment already recorded, so a second delivery
    # of the same payment is charged again. Make the write fail when the
    # payment is already in the table, and skip the charge then.
    table.put_item(Item={"paymentId": event["paymentId"], "customer": event["customer"], "amount": event["amount"]})
    charge(event["customer"], event["amount"])
    return {"paymentId": event["paymentId"], "charged": True}
