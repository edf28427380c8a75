# Least privilege: the role may read the table but not write it, so PutItem
# fails with AccessDeniedException as IAM answers it.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
import boto3
from botocore.exceptions import ClientError

table = boto3.resource("dynamodb").Table("Orders")


def lambda_handler(event, context):
    table.get_item(Key={"id": "o-1"})
    try:
        table.put_item(Item={"id": "o-1"})
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "op": e.operation_name}
    return {"code": None}
