import json


class ValidationError(Exception):
    """Raised when the request is malformed."""


class NotFoundError(Exception):
    pass


ITEMS = {"a1": {"id": "a1", "price": 3}}


def get_item(item_id):
    try:
        return ITEMS[item_id]
    except KeyError:
        raise NotFoundError(f"item {item_id} does not exist") from None


def lambda_handler(event, context):
    try:
        item_id = event["pathParameters"]["id"]
        if not item_id.isalnum():
            raise ValidationError("id must be alphanumeric")
        return {"statusCode": 200, "body": json.dumps(get_item(item_id))}
    except ValidationError as e:
        return {"statusCode": 400, "body": json.dumps({"error": str(e)})}
    except NotFoundError as e:
        return {"statusCode": 404, "body": json.dumps({"error": str(e)})}
    finally:
        print("handled", event.get("pathParameters"))
