# One function behind an HTTP API: route GET and POST /hello.
import json


def respond(status, obj):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(obj),
    }


def lambda_handler(event, context):
    method = event["requestContext"]["http"]["method"]
    path = event["rawPath"]
    if method == "GET" and path == "/hello":
        query = event.get("queryStringParameters") or {}
        return respond(200, {"message": f"Hello in {query.get('lang', 'en')}"})
    if method == "POST" and path == "/hello":
        body = json.loads(event.get("body") or "{}")
        return respond(201, {"received": body.get("greeting")})
    return respond(404, {"message": "Not found"})
