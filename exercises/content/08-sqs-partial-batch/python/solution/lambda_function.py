# Process a batch of orders from SQS.
import json


def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        order = json.loads(record["body"])
        q = order.get("quantity")
        if not order.get("orderId") or type(q) != type(0) or q < 1:
            print("bad message " + record["messageId"] + ", SQS will deliver it again")
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        print("processed order " + order["orderId"])
    return {"batchItemFailures": failures}
