# The resource's batch_get_item with Python keys; Responses per table.
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/dynamodb/service-resource/batch_get_item.html
import boto3

dynamodb = boto3.resource("dynamodb")
users = dynamodb.Table("Users")


def lambda_handler(event, context):
    with users.batch_writer() as batch:
        for uid in ("u1", "u2", "u3"):
            batch.put_item(Item={"uid": uid, "score": len(uid) * 10})
    resp = dynamodb.batch_get_item(RequestItems={"Users": {"Keys": [{"uid": "u1"}, {"uid": "u3"}, {"uid": "zz"}],
                                                          "ProjectionExpression": "uid"}})
    return {"uids": sorted(i["uid"] for i in resp["Responses"]["Users"]), "unprocessed": resp["UnprocessedKeys"]}
