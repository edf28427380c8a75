# How many units of `to` for one USD?
import time


def load_exchange_rates():
    # Stands in for a slow download of the day's rates (about 300 ms).
    # Do not change this function.
    time.sleep(0.3)
    return {"USD": 1, "EUR": 0.92, "GBP": 0.79, "JPY": 151.2}


# Runs once per execution environment, during INIT.
RATES = load_exchange_rates()


def lambda_handler(event, context):
    if event["to"] not in RATES:
        return {"error": "unknown currency " + event["to"]}
    return {"from": event["from"], "to": event["to"], "rate": RATES[event["to"]]}
