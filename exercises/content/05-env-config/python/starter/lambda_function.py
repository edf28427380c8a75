# One code package, configured per stage through environment variables.
import os


def lambda_handler(event, context):
    # TODO: read TABLE_NAME, GREETING and MAX_ITEMS from os.environ, with
    # defaults for the optional ones and MAX_ITEMS as a number.
    return {
        "table": "orders",
        "greeting": os.environ.get("GREETING"),
        "maxItems": os.environ.get("MAX_ITEMS"),
    }
