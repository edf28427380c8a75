# Process a batch of orders from SQS.
import json


class InvalidOrder(Exception):
    pass


def parse_order(body):
    try:
        order = json.loads(body)
    except json.JSONDecodeError as e:
        raise InvalidOrder(f"not JSON: {e}") from e
    quantity = order.get("quantity")
    if not order.get("orderId") or not isinstance(quantity, int) or quantity < 1:
        raise InvalidOrder("orderId and a positive quantity are required")
    return order


def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            order = parse_order(record["body"])
        except InvalidOrder:
            print(f"bad message {record['messageId']}, SQS will deliver it again")
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        print(f"processed order {order['orderId']}")
    return {"batchItemFailures": failures}
