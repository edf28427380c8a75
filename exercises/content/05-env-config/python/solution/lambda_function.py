# One code package, configured per stage through environment variables.
import os


def lambda_handler(event, context):
    table = os.environ.get("TABLE_NAME")
    if not table:
        return {"error": "TABLE_NAME is not set"}
    return {
        "table": table,
        "greeting": os.environ.get("GREETING", "Hello"),
        "maxItems": int(os.environ.get("MAX_ITEMS", "10")),
    }
