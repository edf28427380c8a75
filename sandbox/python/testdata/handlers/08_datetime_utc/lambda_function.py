from datetime import datetime, timedelta, timezone


def lambda_handler(event, context):
    start = datetime.fromisoformat(event["time"].replace("Z", "+00:00"))
    due = start + timedelta(days=3, hours=4)
    local = start.astimezone(timezone(timedelta(hours=-5)))
    return {
        "start": start.isoformat(),
        "due": due.strftime("%Y-%m-%d %H:%M"),
        "weekday": due.strftime("%A"),
        "local": local.isoformat(),
        "epoch": int(start.timestamp()),
        "week": start.isocalendar()[1],
    }
