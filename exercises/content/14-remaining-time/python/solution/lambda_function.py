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
    for i, job in enumerate(jobs):
        if context.get_remaining_time_in_millis() < JOB_MS + SPARE_MS:
            remaining = jobs[i:]
            print(f"stopping early with {len(remaining)} jobs left")
            break
        process_job(job)
        processed.append(job)
    return {"complete": len(remaining) == 0, "processed": processed, "remaining": remaining}
