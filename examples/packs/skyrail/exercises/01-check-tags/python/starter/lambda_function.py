# Skyrail's pre-deploy check: are the four tags there, and does the name
# follow team-service-stage?


def lambda_handler(event, context):
    # TODO: list the missing required tags and compare the name.
    return {"ok": True, "missing": [], "nameMatches": True}
