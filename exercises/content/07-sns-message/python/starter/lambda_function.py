# Read the orders published to an SNS topic.
import json


def lambda_handler(event, context):
    notifications = []
    for record in event["Records"]:
        # TODO: Message is a JSON *string*: parse it. Then add the channel
        # message attribute ("none" when it is missing).
        msg = record["Sns"]["Message"]
        notifications.append({"orderId": msg, "subject": record["Sns"]["Subject"]})
    return {"notifications": notifications}
