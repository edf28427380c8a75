class PaymentDeclined(Exception):
    pass


def charge(amount):
    if amount > 100:
        raise PaymentDeclined(f"amount {amount} is over the limit")
    return amount


def lambda_handler(event, context):
    return {"charged": charge(event["amount"])}
