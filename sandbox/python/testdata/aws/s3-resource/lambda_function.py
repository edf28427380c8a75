# boto3.resource('s3'): Bucket.put_object, Object.get, bucket.objects.filter.
# https://boto3.amazonaws.com/v1/documentation/api/latest/guide/s3-example-download-file.html
# https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/s3/bucket/objects.html
import boto3

s3 = boto3.resource("s3")


def lambda_handler(event, context):
    bucket = s3.Bucket("media")
    bucket.put_object(Key="a/1.txt", Body=b"one\ntwo\nthree\n")
    bucket.put_object(Key="b/2.txt", Body=b"2")
    lines = [l.decode() for l in s3.Object("media", "a/1.txt").get()["Body"].iter_lines()]
    return {"lines": lines, "keys": [o.key for o in bucket.objects.filter(Prefix="a/")]}
