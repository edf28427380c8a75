# Hello, Lambda: return an HTTP-shaped response.
import json


def lambda_handler(event, context):
    print("key1 = " + event["key1"])
    return {
        "statusCode": 200,
        "body": json.dumps({"message": "Hello from Lambda!", "key1": event["key1"]}),
    }
