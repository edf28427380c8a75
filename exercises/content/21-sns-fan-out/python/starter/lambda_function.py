# Accepts an order and hands it to billing and shipping.
import json
import os

import boto3

lambda_client = boto3.client("lambda")
sns = boto3.client("sns")


def lambda_handler(order, context):
    # Calls each consumer in turn and waits for it: the checkout is as slow
    # as all of them together, fails when any of them fails, and must be
    # edited for every new consumer. Publish the order to the topic instead.
    for fn in ["bill-order", "ship-order"]:
        out = lambda_client.invoke(FunctionName=fn, Payload=json.dumps(order))
        if "FunctionError" in out:
            raise RuntimeError(f"{fn} failed for order {order['orderId']}")
    return {"orderId": order["orderId"], "status": "accepted"}
