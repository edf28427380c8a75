# A reporting function in front of a database that accepts 10 connections.
# Do not change the code: this exercise is solved by setting
# reserved_concurrency in config.json.
import time

# Stands in for the database: one connection per execution environment,
# opened at the first request; a query takes 500 ms.
connection = None


def query(report):
    global connection
    if connection is None:
        connection = {"opened": time.time()}
        print("opened a database connection")
    time.sleep(0.5)
    return 1200


def lambda_handler(event, context):
    rows = query(event["report"])
    return {"report": event["report"], "rows": rows}
