# POST /orders through a function URL: validate the JSON body.
import json


class BadRequest(Exception):
    """The caller sent something we cannot accept: answer 400."""


def respond(status, obj):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(obj),
    }


def parse_order(body):
    if not body:
        raise BadRequest("request body is required")
    order = json.loads(body)
    if not isinstance(order, dict):
        raise BadRequest("request body is required")
    item = order.get("item")
    if not isinstance(item, str) or not item:
        raise BadRequest("item must be a non-empty string")
    quantity = order.get("quantity")
    # bool is a subclass of int: True is not a quantity
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 100:
        raise BadRequest("quantity must be a whole number from 1 to 100")
    return {"item": item, "quantity": quantity}


def lambda_handler(event, context):
    try:
        order = parse_order(event.get("body"))
    except BadRequest as e:
        return respond(400, {"error": str(e)})
    return respond(201, order)
