import json

def lambda_handler(event, context):
    print("key1 =", event.get("key1"))
    return {
        'statusCode': 200,
        'body': json.dumps("Hello from AWS Lambda!")
    }
