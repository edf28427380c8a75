# Read the orders published to an SNS topic.
import json


def lambda_handler(event, context):
    notifications = []
    for record in event["Records"]:
        sns = record["Sns"]
        msg = json.loads(sns["Message"])
        attrs = sns.get("MessageAttributes") or {}
        channel = "none"
        if "channel" in attrs:
            channel = attrs["channel"]["Value"]
        notifications.append({
            "orderId": msg["orderId"],
            "status": msg["status"],
            "subject": sns.get("Subject"),
            "channel": channel,
        })
    return {"notifications": notifications}
