# Writes a receipt for an order to S3. The code is right: what is missing
# is a permission in lambdatutor.yaml (f switches to it in the editor).
import os

import boto3

orders = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
s3 = boto3.client("s3")


def lambda_handler(event, context):
    order = orders.get_item(Key={"orderId": event["orderId"]}).get("Item")
    if order is None:
        raise ValueError(f"order {event['orderId']} not found")
    key = event["orderId"] + ".txt"
    s3.put_object(
        Bucket=os.environ["RECEIPTS_BUCKET"],
        Key=key,
        Body=f"Receipt for {order['customer']}: {order['total']} EUR\n",
        ContentType="text/plain",
    )
    print(f"receipt written to s3://{os.environ['RECEIPTS_BUCKET']}/{key}")
    return {"orderId": event["orderId"], "receipt": key}
