import functools
import json


def json_response(fn):
    @functools.wraps(fn)
    def wrapper(event, context):
        try:
            return {"statusCode": 200, "body": json.dumps(fn(event, context))}
        except ValueError as e:
            return {"statusCode": 400, "body": json.dumps({"error": str(e)})}
    return wrapper


def log_calls(fn):
    calls = {"n": 0}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        calls["n"] += 1
        print(f"call {calls['n']} to {fn.__name__}")
        return fn(*args, **kwargs)
    return wrapper


@log_calls
@json_response
def lambda_handler(event, context):
    n = int(event["n"])
    return {"square": n * n}
