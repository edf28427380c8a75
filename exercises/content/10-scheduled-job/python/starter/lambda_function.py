# A nightly job started by an EventBridge schedule.


def lambda_handler(event, context):
    # TODO: skip events that are not scheduled events; take the job name from
    # the rule in resources[0] and the date (YYYY-MM-DD) from event["time"].
    job = "report"
    run_date = event.get("time")
    print("running " + job + " for " + str(run_date))
    return {"job": job, "runDate": run_date, "skipped": False}
