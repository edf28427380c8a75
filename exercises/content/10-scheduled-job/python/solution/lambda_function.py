# A nightly job started by an EventBridge schedule.


def lambda_handler(event, context):
    if event.get("detail-type") != "Scheduled Event" or event.get("source") != "aws.events":
        print("not a scheduled event, nothing to do")
        return {"skipped": True}
    job = event["resources"][0].split("rule/")[1]
    run_date = event["time"][:10]
    print(f"running {job} for {run_date}")
    return {"job": job, "runDate": run_date, "skipped": False}
