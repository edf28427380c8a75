import json
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


class PoisonMessage(Exception):
    pass


def process(body):
    order = json.loads(body)
    if order.get("quantity", 0) <= 0:
        raise PoisonMessage(f"bad quantity in {order.get('orderId')}")
    return order["orderId"]


def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            logger.info("processed %s", process(record["body"]))
        except (PoisonMessage, json.JSONDecodeError) as e:
            logger.error("failed %s: %s", record["messageId"], e)
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
