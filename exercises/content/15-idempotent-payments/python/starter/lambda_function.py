# Charge each payment exactly once, however often it is delivered.

# --- Given: do not change. ---
# Stands in for a DynamoDB table written with a conditional put
# (attribute_not_exists): True if the key was new, False if already there.
# In the tutor it lives in this environment's memory; on AWS it must be a
# real table, shared by every environment.
SEEN = set()


def put_if_absent(key):
    if key in SEEN:
        return False
    SEEN.add(key)
    return True


class Ledger:
    """The side effect: charges customers and keeps the total."""

    def __init__(self):
        self.total = 0

    def charge(self, customer, amount):
        self.total += amount
        print(f"charged {customer} {amount}")
        return self.total


LEDGER = Ledger()
# --- End of the given helpers. ---


def lambda_handler(event, context):
    # TODO: the request id changes on every delivery, so duplicates are never
    # recognised. Use a key that is the same on every delivery of a payment.
    key = context.aws_request_id
    if not put_if_absent(key):
        print(f"duplicate payment {event['paymentId']} ignored")
        return {"paymentId": event["paymentId"], "charged": False, "totalCharged": LEDGER.total}
    total = LEDGER.charge(event["customer"], event["amount"])
    return {"paymentId": event["paymentId"], "charged": True, "totalCharged": total}
