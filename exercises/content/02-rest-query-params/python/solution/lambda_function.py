# GET /hello?name=Ada&lang=es behind an API Gateway REST API.
import json


def lambda_handler(event, context):
    query = event.get("queryStringParameters") or {}
    name = query.get("name") or "world"
    word = "Hola" if query.get("lang") == "es" else "Hello"
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"greeting": f"{word}, {name}!"}),
    }
