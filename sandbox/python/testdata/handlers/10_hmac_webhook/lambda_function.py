import base64
import hashlib
import hmac
import json

SECRET = b"whsec_test_secret"


def sign(body: str) -> str:
    return hmac.new(SECRET, body.encode(), hashlib.sha256).hexdigest()


def lambda_handler(event, context):
    body = event["body"]
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    expected = sign(body)
    given = event["headers"].get("x-signature", "")
    if not hmac.compare_digest(expected, given):
        return {"statusCode": 401, "body": "bad signature"}
    payload = json.loads(body)
    return {"statusCode": 200, "body": json.dumps({"event": payload["type"], "sha1": hashlib.sha1(body.encode()).hexdigest(), "md5": hashlib.md5(body.encode()).hexdigest()})}
