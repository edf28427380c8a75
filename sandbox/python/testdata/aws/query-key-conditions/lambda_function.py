# Query with boto3.dynamodb.conditions: Key for the key condition, Attr for
# the filter; boto3 generates the #n/:v placeholders.
# https://boto3.amazonaws.com/v1/documentation/api/latest/guide/dynamodb.html#querying-and-scanning
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key

table = boto3.resource("dynamodb").Table("Orders")


def lambda_handler(event, context):
    with table.batch_writer() as batch:
        for i, (day, total) in enumerate([("2026-11-30", 40), ("2026-12-01", 150), ("2026-12-02", 99), ("2026-12-03", 300)]):
            batch.put_item(Item={"customer": "c-1", "orderDate": day, "total": Decimal(total), "n": i})
        batch.put_item(Item={"customer": "c-2", "orderDate": "2026-12-01", "total": Decimal(500), "n": 9})
    resp = table.query(
        KeyConditionExpression=Key("customer").eq("c-1") & Key("orderDate").begins_with("2026-12"),
        FilterExpression=Attr("total").gte(100),
        ScanIndexForward=False,
    )
    return {
        "dates": [i["orderDate"] for i in resp["Items"]],
        "count": resp["Count"],
        "scanned": resp["ScannedCount"],
        "between": table.query(KeyConditionExpression=Key("customer").eq("c-1") & Key("orderDate").between("2026-11-01", "2026-12-01"))["Count"],
    }
