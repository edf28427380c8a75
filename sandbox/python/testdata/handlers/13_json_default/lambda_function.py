import json
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum


class Status(Enum):
    OPEN = "open"
    CLOSED = "closed"


def encode(o):
    if isinstance(o, (datetime, date)):
        return o.isoformat()
    if isinstance(o, Decimal):
        return float(o)
    if isinstance(o, Enum):
        return o.value
    if isinstance(o, set):
        return sorted(o)
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def lambda_handler(event, context):
    record = {
        "id": 7,
        "status": Status.OPEN,
        "created": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        "day": date(2026, 1, 2),
        "amount": Decimal("12.50"),
        "tags": {"b", "a"},
        "text": "café ☕",
    }
    return {
        "compact": json.dumps(record, default=encode, separators=(",", ":")),
        "pretty": json.dumps(record, default=encode, indent=2, sort_keys=True, ensure_ascii=False),
    }
