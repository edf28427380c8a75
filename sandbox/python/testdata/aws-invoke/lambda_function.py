# lambda.invoke of another function of the project: Payload is a
# StreamingBody; StatusCode 200 (RequestResponse) or 202 (Event);
# FunctionError "Unhandled" when the function failed.
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/lambda/client/invoke.html
import json

import boto3

lam = boto3.client("lambda")


def lambda_handler(event, context):
    sync = lam.invoke(FunctionName="pricing", Payload=json.dumps({"amount": 21}))
    fail = lam.invoke(FunctionName="pricing", Payload=b'{"amount": -1}')
    async_ = lam.invoke(FunctionName="pricing", InvocationType="Event", Payload="{}")
    return {
        "sync": [sync["StatusCode"], json.loads(sync["Payload"].read()), "FunctionError" in sync],
        "fail": [fail["StatusCode"], fail.get("FunctionError"), json.loads(fail["Payload"].read())["errorType"]],
        "async": [async_["StatusCode"], async_["Payload"].read().decode(), async_["ResponseMetadata"]["HTTPStatusCode"]],
    }
