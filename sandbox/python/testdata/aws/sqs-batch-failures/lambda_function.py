# An SQS consumer with partial batch responses: the ids of the records that
# failed go back in batchItemFailures, the others are stored.
# https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def lambda_handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            order = json.loads(record["body"])
            table.put_item(Item={"id": order["id"], "qty": order["qty"]})
        except (ValueError, KeyError) as e:
            print("bad message", record["messageId"], type(e).__name__)
            failures.append({"itemIdentifier": record["messageId"]})
    stored = table.scan(Select="COUNT")["Count"]
    return {"batchItemFailures": failures, "stored": stored}
