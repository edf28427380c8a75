# Idempotency with a conditional put: the second delivery of the same payment
# fails the condition, and the handler catches ConditionalCheckFailedException.
# https://boto3.amazonaws.com/v1/documentation/api/latest/guide/error-handling.html
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
# (ReturnValuesOnConditionCheckFailure=ALL_OLD: the item is in the error's
# response, as Python types from the Table resource)
import os
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def lambda_handler(event, context):
    try:
        table.put_item(
            Item={"paymentId": event["paymentId"], "amount": Decimal(str(event["amount"])), "status": "CHARGED"},
            ConditionExpression=Attr("paymentId").not_exists(),
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except table.meta.client.exceptions.ConditionalCheckFailedException as e:
        print("duplicate:", e.response["Error"]["Code"], isinstance(e, ClientError))
        return {"status": "DUPLICATE", "message": e.response["Error"]["Message"],
                "httpStatus": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "chargedBefore": e.response["Item"]["amount"]}
    return {"status": "CHARGED"}
