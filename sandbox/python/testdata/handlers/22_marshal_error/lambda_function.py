def lambda_handler(event, context):
    if event.get("ok"):
        return {"tags": sorted({"b", "a"})}
    return {"tags": {"b", "a"}}
