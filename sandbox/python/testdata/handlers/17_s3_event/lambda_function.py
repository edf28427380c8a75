import urllib.parse
from collections import defaultdict


def lambda_handler(event, context):
    by_bucket = defaultdict(list)
    for record in event["Records"]:
        s3 = record["s3"]
        key = urllib.parse.unquote_plus(s3["object"]["key"], encoding="utf-8")
        by_bucket[s3["bucket"]["name"]].append({"key": key, "ext": key.rsplit(".", 1)[-1].lower(), "kb": s3["object"]["size"] // 1024})
    print(f"{sum(len(v) for v in by_bucket.values())} objects")
    return dict(by_bucket)
