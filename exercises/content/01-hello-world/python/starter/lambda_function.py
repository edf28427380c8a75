# Hello, Lambda: return an HTTP-shaped response.
import json


def lambda_handler(event, context):
    # TODO: print "key1 = <value>" and return {"statusCode", "body"} where
    # body is a JSON *string* with message and key1 (see README.md).
    return "Hello from Lambda!"
