# An API Gateway (REST, v1) proxy handler: read the query string, answer
# with statusCode, headers and a string body.
import json

def lambda_handler(event, context):
    params = event.get("queryStringParameters") or {}
    name = params.get("name", "stranger")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": "Hello, " + name + "!", "path": event.get("path")}),
    }
