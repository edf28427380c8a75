# POST /orders through a function URL: validate the JSON body.
import json


def respond(status, obj):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(obj),
    }


def lambda_handler(event, context):
    order = json.loads(event["body"])
    # TODO: check the body, item and quantity (see README.md) and answer 400
    # with the right error before accepting the order.
    return respond(201, {"item": order.get("item"), "quantity": order.get("quantity")})
