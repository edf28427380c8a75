def handler(event, context):
    return "wrong name"
