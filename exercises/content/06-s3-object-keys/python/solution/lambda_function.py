# Report the objects of an S3 notification.
import urllib.parse


def lambda_handler(event, context):
    objects = []
    total = 0
    for record in event["Records"]:
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        size = record["s3"]["object"]["size"]
        objects.append({"bucket": record["s3"]["bucket"]["name"], "key": key, "sizeKB": size // 1024})
        total += size
    return {"objects": objects, "totalBytes": total}
