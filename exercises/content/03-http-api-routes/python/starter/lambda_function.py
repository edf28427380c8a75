# One function behind an HTTP API: route GET and POST /hello.
import json


def respond(status, obj):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(obj),
    }


def lambda_handler(event, context):
    # TODO: this reads the REST API (v1) fields. Find the method and the
    # path in the version 2.0 event instead.
    method = event.get("httpMethod")
    path = event.get("path")
    if method == "GET" and path == "/hello":
        return respond(200, {"message": "Hello in en"})
    return respond(404, {"message": "Not found"})
