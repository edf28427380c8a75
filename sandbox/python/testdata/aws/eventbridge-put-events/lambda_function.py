# EventBridge put_events: FailedEntryCount and an EventId per entry.
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/events/client/put_events.html
import json

import boto3

events = boto3.client("events")


def lambda_handler(event, context):
    resp = events.put_events(Entries=[{
        "Source": "shop.orders",
        "DetailType": "OrderPlaced",
        "Detail": json.dumps({"orderId": "o-1", "total": 120}),
        "EventBusName": "default",
    }])
    return {"failed": resp["FailedEntryCount"], "ids": len([e for e in resp["Entries"] if e.get("EventId")])}
