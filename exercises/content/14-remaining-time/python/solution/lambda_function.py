# Do as many jobs as fit before the timeout, and hand back the rest.
import time

JOB_MS = 400  # the longest a job takes
SPARE_MS = 800  # time kept to return the result


def process_job(name):
    # Does one job (about 400 ms). Do not change this function.
    time.sleep(0.4)


def lambda_handler(event, context):
    jobs = event["jobs"]
    processed = []
    remaining = []
    for i in range(len(jobs)):
        if context.get_remaining_time_in_millis() < JOB_MS + SPARE_MS:
            remaining = jobs[i:]
            print("stopping early with %d jobs left" % len(remaining))
            break
        process_job(jobs[i])
        processed.append(jobs[i])
    return {"complete": len(remaining) == 0, "processed": processed, "remaining": remaining}
