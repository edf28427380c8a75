# Send the order confirmation e-mail; invoked asynchronously.
import json


class EmailServiceUnavailable(Exception):
    """A temporary failure of the e-mail service: worth a retry."""


def send_email(order_id, email, event):
    # Stands in for the e-mail service. Do not change this function.
    if event.get("simulateOutage"):
        return {"status": 503}
    return {"status": 202}


def lambda_handler(event, context):
    if not event.get("orderId") or not event.get("email"):
        print("dropping invalid event: " + json.dumps(event))
        return {"sent": False}
    result = send_email(event["orderId"], event["email"], event)
    if result["status"] >= 500:
        # TODO: returning here tells Lambda the invocation succeeded, so the
        # event is never retried. Make it a function error instead.
        print("email service unavailable (%d)" % result["status"])
        return {"sent": False}
    print(f"email sent for order {event['orderId']}")
    return {"sent": True}
