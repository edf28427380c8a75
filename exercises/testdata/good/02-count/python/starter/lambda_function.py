def lambda_handler(event, context):
    return {"count": 0}
