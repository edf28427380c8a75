STATE = {"count": 0}


def lambda_handler(event, context):
    STATE["count"] += 1
    return {"count": STATE["count"]}
