# GET /hello?name=Ada&lang=es behind an API Gateway REST API.
import json


def lambda_handler(event, context):
    # TODO: queryStringParameters is None when the URL has no query string;
    # add defaults (name "world", lang "en"), the Spanish greeting and a
    # Content-Type header.
    name = event["queryStringParameters"]["name"]
    return {
        "statusCode": 200,
        "body": json.dumps({"greeting": f"Hello, {name}!"}),
    }
