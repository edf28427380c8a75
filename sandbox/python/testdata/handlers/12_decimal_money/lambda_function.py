import json
from decimal import ROUND_HALF_UP, Decimal


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def lambda_handler(event, context):
    prices = [Decimal(p) for p in event["prices"]]
    subtotal = sum(prices, Decimal("0"))
    tax = (subtotal * Decimal("0.0825")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    total = subtotal + tax
    return {
        "subtotal": str(subtotal),
        "tax": tax,
        "total": total,
        "cents": to_cents(total),
        "float_sum": round(sum(float(p) for p in event["prices"]), 2),
        "body": json.dumps({"total": total}, default=str),
    }
