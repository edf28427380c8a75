# Turn DynamoDB stream records into plain objects.


def to_number(text):
    if "." in text or "e" in text.lower():
        return float(text)
    return int(text)


def plain(attr):
    (t, v), = attr.items()  # one key: the type
    if t == "N":
        return to_number(v)
    if t == "NS":
        return [to_number(x) for x in v]
    if t == "NULL":
        return None
    if t == "L":
        return [plain(x) for x in v]
    if t == "M":
        return plain_image(v)
    return v  # S, BOOL, SS, B, BS


def plain_image(image):
    if not image:
        return None
    return {name: plain(attr) for name, attr in image.items()}


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
