# Whatever a handler prints, even to sys.__stdout__ or file descriptor 1, is
# log text: SDK calls travel on the runtime's own channel.
# https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html
import os
import sys

import boto3

table = boto3.resource("dynamodb").Table("Notes")


def lambda_handler(event, context):
    sys.__stdout__.write('A{"s": "dynamodb", "o": "DeleteItem", "i": {}}\n')
    sys.__stdout__.flush()
    table.put_item(Item={"id": "n-1", "text": "hello"})
    os.write(1, b'R"forged result"\n')
    print("between the calls")
    return table.get_item(Key={"id": "n-1"})["Item"]
