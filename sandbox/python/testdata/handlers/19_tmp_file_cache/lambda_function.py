import json
import os

# /tmp on Lambda (the differential test points TMPDIR elsewhere when it
# runs this file under a native python3).
TMP = os.environ.get("TMPDIR", "/tmp")
PATH = os.path.join(TMP, "report.json")


def build():
    return {"rows": [{"id": i, "sq": i * i} for i in range(5)]}


def lambda_handler(event, context):
    if os.path.exists(PATH):
        with open(PATH) as f:
            return {"source": "cache", "report": json.load(f)}
    report = build()
    with open(PATH, "w") as f:
        json.dump(report, f)
    os.makedirs(os.path.join(TMP, "sub", "dir"), exist_ok=True)
    with open(os.path.join(TMP, "sub", "dir", "log.txt"), "a") as f:
        f.write("built\n")
    return {"source": "built", "report": report, "size": os.path.getsize(PATH), "listing": sorted(os.listdir(os.path.join(TMP, "sub")))}
