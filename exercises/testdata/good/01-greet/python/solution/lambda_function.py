import json
import os


def lambda_handler(event, context):
    if event.get("fail"):
        raise Exception("asked to fail")
    q = event.get("queryStringParameters") or {}
    name = q.get("name", "world")
    print("greeting " + name)
    body = {"message": os.environ["GREETING"] + ", " + name + "!"}
    if event.get("requestContext"):
        body["stage"] = event["requestContext"]["stage"]
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
