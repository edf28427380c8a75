# SSM Parameter Store at module import: get_parameter with decryption,
# get_parameters, get_parameters_by_path; ParameterNotFound is modelled.
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/ssm/client/get_parameter.html
import boto3

ssm = boto3.client("ssm")
CURRENCY = ssm.get_parameter(Name="/shop/currency")["Parameter"]["Value"]


def lambda_handler(event, context):
    key = ssm.get_parameter(Name="/shop/api-key", WithDecryption=True)["Parameter"]
    many = ssm.get_parameters(Names=["/shop/currency", "/shop/nope"])
    path = ssm.get_parameters_by_path(Path="/shop/", Recursive=True)
    try:
        ssm.get_parameter(Name="/shop/missing")
        missing = None
    except ssm.exceptions.ParameterNotFound as e:
        missing = e.response["Error"]["Code"]
    return {
        "currency": CURRENCY,
        "apiKey": [key["Value"], key["Type"]],
        "found": [p["Name"] for p in many["Parameters"]],
        "invalid": many["InvalidParameters"],
        "byPath": sorted(p["Name"] for p in path["Parameters"]),
        "missing": missing,
    }
