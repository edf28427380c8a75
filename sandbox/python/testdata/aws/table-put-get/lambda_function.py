# Table resource with Python types: numbers come back as Decimal, sets as set.
# https://boto3.amazonaws.com/v1/documentation/api/latest/guide/dynamodb.html
import json
import os
from decimal import Decimal

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def lambda_handler(event, context):
    put = table.put_item(Item={
        "id": event["id"],
        "price": Decimal("19.99"),
        "qty": 3,
        "tags": {"new", "sale"},
        "meta": {"active": True, "note": None, "sizes": [1, 2]},
    })
    got = table.get_item(Key={"id": event["id"]})
    item = got["Item"]
    print("types:", type(item["price"]).__name__, type(item["qty"]).__name__, type(item["tags"]).__name__)
    return {
        "putStatus": put["ResponseMetadata"]["HTTPStatusCode"],
        "item": {
            "id": item["id"],
            "price": item["price"],
            "qty": item["qty"],
            "tags": sorted(item["tags"]),
            "meta": item["meta"],
        },
        "missing": "Item" not in table.get_item(Key={"id": "nope"}),
    }
