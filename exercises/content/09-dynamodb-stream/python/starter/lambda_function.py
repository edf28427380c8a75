# Turn DynamoDB stream records into plain objects.


def plain_image(image):
    # TODO: convert each typed attribute value ({"S": ...}, {"N": ...},
    # {"M": ...} ...) into a plain value.
    if not image:
        return None
    return image


def lambda_handler(event, context):
    summary = {}
    records = []
    for record in event["Records"]:
        name = record["eventName"]
        summary[name] = summary.get(name, 0) + 1
        ddb = record["dynamodb"]
        records.append({
            "eventName": name,
            "keys": plain_image(ddb.get("Keys")),
            "newItem": plain_image(ddb.get("NewImage")),
            "oldItem": plain_image(ddb.get("OldImage")),
        })
    return {"records": records, "summary": summary}
