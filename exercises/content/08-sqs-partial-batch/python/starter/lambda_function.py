# Process a batch of orders from SQS.
import json


def lambda_handler(event, context):
    for record in event["Records"]:
        order = json.loads(record["body"])
        q = order.get("quantity")
        if not order.get("orderId") or type(q) != type(0) or q < 1:
            # TODO: skipping loses the message: SQS deletes it once the batch
            # "succeeds". Report its messageId in batchItemFailures instead.
            print("skipping bad message " + record["messageId"])
            continue
        print("processed order " + order["orderId"])
    return {"batchItemFailures": []}
