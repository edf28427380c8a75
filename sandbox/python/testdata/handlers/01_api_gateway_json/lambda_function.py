import json


def lambda_handler(event, context):
    body = json.loads(event.get("body") or "{}")
    name = body.get("name", "world")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": f"Hello, {name}!", "path": event["rawPath"]}),
    }
