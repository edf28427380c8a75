# A secret read once, at module import (INIT), and reused by warm invokes.
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/secretsmanager/client/get_secret_value.html
import json

import boto3

_secret = json.loads(boto3.client("secretsmanager").get_secret_value(SecretId="prod/stripe")["SecretString"])
print("secret loaded at init")


def lambda_handler(event, context):
    return {"keyPrefix": _secret["key"][:8]}
