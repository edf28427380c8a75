# A CPU-bound thumbnail function. Do not change the code: this exercise is
# solved by choosing memory_mb in config.json.
import time


def cpu_work(ms, context):
    # Stands in for CPU-bound work: `ms` milliseconds at a full vCPU
    # (1,769 MB), longer in proportion below that (Lambda's CPU share
    # follows memory).
    share = min(1.0, int(context.memory_limit_in_mb) / 1769.0)
    time.sleep(ms / share / 1000.0)


def lambda_handler(event, context):
    cpu_work(200, context)
    return {"imageId": event["imageId"], "width": event["width"]}
