# Skyrail's pre-deploy check: are the four tags there, and does the name
# follow team-service-stage?
REQUIRED = ["team", "service", "stage", "cost-centre"]


def lambda_handler(event, context):
    tags = event.get("tags") or {}
    missing = [k for k in REQUIRED if not tags.get(k)]
    name_matches = bool(tags.get("team") and tags.get("service") and tags.get("stage")) and (
        event.get("functionName") == "%s-%s-%s" % (tags["team"], tags["service"], tags["stage"])
    )
    return {"ok": not missing and name_matches, "missing": missing, "nameMatches": name_matches}
