# Charge each payment exactly once, however often it is delivered.

# --- Given: do not change. ---
# Stands in for a DynamoDB table written with a conditional put
# (attribute_not_exists): True if the key was new, False if already there.
# In the tutor it lives in this environment's memory; on AWS it must be a
# real table, shared by every environment.
SEEN = {}


def put_if_absent(key):
    if key in SEEN:
        return False
    SEEN[key] = True
    return True


# The side effect: charges the customer and returns the ledger total.
LEDGER = {"total": 0}


def charge(customer, amount):
    LEDGER["total"] += amount
    print("charged %s %d" % (customer, amount))
    return LEDGER["total"]
# --- End of the given helpers. ---


def lambda_handler(event, context):
    # TODO: the request id changes on every delivery, so duplicates are never
    # recognised. Use a key that is the same on every delivery of a payment.
    key = context.aws_request_id
    if not put_if_absent(key):
        print("duplicate payment " + event["paymentId"] + " ignored")
        return {"paymentId": event["paymentId"], "charged": False, "totalCharged": LEDGER["total"]}
    total = charge(event["customer"], event["amount"])
    return {"paymentId": event["paymentId"], "charged": True, "totalCharged": total}
