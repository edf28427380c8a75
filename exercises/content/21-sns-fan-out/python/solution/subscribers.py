# --- Given: do not change. The two subscribers of the orders topic. ---
# Each takes an SNS event (the order is the message, as a JSON string) or,
# invoked directly, the order itself.
import json

import boto3

dynamodb = boto3.resource("dynamodb")


def orders_of(event):
    if "Records" in event:
        return [json.loads(r["Sns"]["Message"]) for r in event["Records"]]
    return [event]


def bill(event, context):
    for order in orders_of(event):
        dynamodb.Table("invoices").put_item(Item={"orderId": order["orderId"], "amount": order["total"]})
        print(f"invoiced {order['orderId']}")


def ship(event, context):
    for order in orders_of(event):
        if not order.get("address"):
            raise ValueError(f"no address for order {order['orderId']}")
        dynamodb.Table("shipments").put_item(Item={"orderId": order["orderId"], "address": order["address"]})
        print(f"shipping {order['orderId']}")
