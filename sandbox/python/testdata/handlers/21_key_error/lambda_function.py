def lambda_handler(event, context):
    user = event["user"]
    return {"hello": user["name"]}
