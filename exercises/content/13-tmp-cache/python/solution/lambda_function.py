# Serve the monthly report, cached per execution environment.
import json
import os
import time

CACHE_FILE = "/tmp/report.json"


def build_report():
    # Stands in for downloading and crunching a large file (about 500 ms).
    # Do not change this function.
    time.sleep(0.5)
    return {"title": "Monthly sales", "rows": 1200}


def lambda_handler(event, context):
    if os.path.exists(CACHE_FILE):
        with open(CACHE_FILE) as f:
            return {"source": "cache", "report": json.load(f)}
    report = build_report()
    with open(CACHE_FILE, "w") as f:
        json.dump(report, f)
    return {"source": "built", "report": report}
