# get_paginator('list_objects_v2'): pages of PageSize keys until
# IsTruncated is false; CommonPrefixes with a Delimiter.
# https://boto3.amazonaws.com/v1/documentation/api/latest/guide/paginators.html
import boto3

s3 = boto3.client("s3")


def lambda_handler(event, context):
    for i in range(5):
        s3.put_object(Bucket="uploads", Key="img/%d.jpg" % i, Body=b"x" * i)
    s3.put_object(Bucket="uploads", Key="docs/a.txt", Body="hello")
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket="uploads", Prefix="img/", PaginationConfig={"PageSize": 2}))
    top = s3.list_objects_v2(Bucket="uploads", Delimiter="/")
    return {
        "pages": [[o["Key"] for o in p.get("Contents", [])] for p in pages],
        "sizes": sum(o["Size"] for p in pages for o in p.get("Contents", [])),
        "prefixes": [p["Prefix"] for p in top["CommonPrefixes"]],
        "keyCount": top["KeyCount"],
        "truncated": top["IsTruncated"],
    }
