# Waiting is billed too: this handler waits 250 ms for a (pretend) downstream
# call. More memory does not make waiting faster, it only costs more.
import time

def lambda_handler(event, context):
    time.sleep(0.25)
    return {"waited": 250, "remainingMs": context.get_remaining_time_in_millis()}
