# The low-level client takes and returns typed AttributeValues; a
# transaction whose condition fails raises TransactionCanceledException with
# CancellationReasons.
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/dynamodb/client/transact_write_items.html
import boto3

ddb = boto3.client("dynamodb")


def lambda_handler(event, context):
    ddb.put_item(TableName="Accounts", Item={"id": {"S": "a"}, "balance": {"N": "10"}, "blob": {"B": b"\x00\x01"}})
    got = ddb.get_item(TableName="Accounts", Key={"id": {"S": "a"}}, ConsistentRead=True)["Item"]
    try:
        ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": "Accounts", "Key": {"id": {"S": "a"}},
                        "UpdateExpression": "SET balance = balance - :amt",
                        "ConditionExpression": "balance >= :amt",
                        "ExpressionAttributeValues": {":amt": {"N": "25"}}}},
        ])
        cancelled = None
    except ddb.exceptions.TransactionCanceledException as e:
        cancelled = [r["Code"] for r in e.response["CancellationReasons"]]
    old = ddb.delete_item(TableName="Accounts", Key={"id": {"S": "a"}}, ReturnValues="ALL_OLD")["Attributes"]
    return {"balance": got["balance"], "blob": list(got["blob"]["B"]), "cancelled": cancelled, "oldBalance": old["balance"]}
