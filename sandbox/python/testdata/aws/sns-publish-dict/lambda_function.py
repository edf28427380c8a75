# A dict as Message: botocore validates the parameters against the model
# before sending, so publish raises ParamValidationError on the client
# (Message must be a str; json.dumps the dict first).
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/sns/client/publish.html
import os

import boto3
from botocore.exceptions import ParamValidationError

sns = boto3.client("sns")


def lambda_handler(event, context):
    try:
        sns.publish(TopicArn=os.environ["TOPIC_ARN"], Message={"order": event["order"]})
    except ParamValidationError as e:
        return {"type": type(e).__name__, "message": str(e)}
    return {"type": None}
