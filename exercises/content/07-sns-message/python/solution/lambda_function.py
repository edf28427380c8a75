# Read the orders published to an SNS topic.
import json


def lambda_handler(event, context):
    notifications = []
    for record in event["Records"]:
        sns = record["Sns"]
        msg = json.loads(sns["Message"])
        attrs = sns.get("MessageAttributes") or {}
        channel = attrs.get("channel", {}).get("Value", "none")
        notifications.append({
            "orderId": msg["orderId"],
            "status": msg["status"],
            "subject": sns.get("Subject"),
            "channel": channel,
        })
    return {"notifications": notifications}
