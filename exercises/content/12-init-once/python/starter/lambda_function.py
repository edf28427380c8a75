# How many units of `to` for one USD?
import time


def load_exchange_rates():
    # Stands in for a slow download of the day's rates (about 300 ms).
    # Do not change this function.
    time.sleep(0.3)
    return {"USD": 1, "EUR": 0.92, "GBP": 0.79, "JPY": 151.2}


def lambda_handler(event, context):
    # TODO: this downloads the rates on every request. Load them once per
    # execution environment instead.
    rates = load_exchange_rates()
    if event["to"] not in rates:
        return {"error": "unknown currency " + event["to"]}
    return {"from": event["from"], "to": event["to"], "rate": rates[event["to"]]}
