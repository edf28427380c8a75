# boto3's TypeSerializer refuses floats: use Decimal (json.loads with
# parse_float=Decimal is the usual fix).
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/customizations/dynamodb.html
import json
from decimal import Decimal

import boto3

table = boto3.resource("dynamodb").Table("Readings")


def lambda_handler(event, context):
    raw = json.dumps(event)
    try:
        table.put_item(Item=json.loads(raw))
        first = "stored"
    except TypeError as e:
        first = str(e)
    table.put_item(Item=json.loads(raw, parse_float=Decimal))
    item = table.get_item(Key={"sensor": event["sensor"]})["Item"]
    return {"first": first, "value": str(item["value"])}
