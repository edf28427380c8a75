# POST /orders through a function URL: validate the JSON body.
import json


def respond(status, obj):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(obj),
    }


def lambda_handler(event, context):
    if not event.get("body"):
        return respond(400, {"error": "request body is required"})
    order = json.loads(event["body"])
    if type(order) != type({}):
        return respond(400, {"error": "request body is required"})
    item = order.get("item")
    if type(item) != type("") or item == "":
        return respond(400, {"error": "item must be a non-empty string"})
    q = order.get("quantity")
    if type(q) != type(0) or q < 1 or q > 100:
        return respond(400, {"error": "quantity must be a whole number from 1 to 100"})
    return respond(201, {"item": item, "quantity": q})
