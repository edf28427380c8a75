# Report the objects of an S3 notification.
import urllib.parse


def lambda_handler(event, context):
    objects = []
    total = 0
    for record in event["Records"]:
        # TODO: the key is URL-encoded ("+" for a space, %XX escapes): decode it.
        key = record["s3"]["object"]["key"]
        size = record["s3"]["object"]["size"]
        objects.append({"bucket": record["s3"]["bucket"]["name"], "key": key, "sizeKB": size // 1024})
        total += size
    return {"objects": objects, "totalBytes": total}
