# update_item with an UpdateExpression, if_not_exists and ReturnValues:
# Attributes come back as Python types (Decimal).
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/dynamodb/table/update_item.html
import boto3

table = boto3.resource("dynamodb").Table("Counters")


def lambda_handler(event, context):
    resp = table.update_item(
        Key={"name": event["counter"]},
        UpdateExpression="SET #c = if_not_exists(#c, :zero) + :inc, tags = list_append(if_not_exists(tags, :empty), :tag)",
        ExpressionAttributeNames={"#c": "count"},
        ExpressionAttributeValues={":zero": 0, ":inc": 1, ":empty": [], ":tag": [context.aws_request_id[:0] + "hit"]},
        ReturnValues="UPDATED_NEW",
    )
    attrs = resp["Attributes"]
    return {"count": attrs["count"], "tags": attrs["tags"], "type": type(attrs["count"]).__name__}
