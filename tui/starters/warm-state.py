# Module code runs once per execution environment (INIT). A module-level
# dict keeps its contents between invocations while the environment is warm.
import time

state = {"invocations": 0, "started_at": time.time()}

def lambda_handler(event, context):
    state["invocations"] += 1
    print("invocation", state["invocations"], "in this environment")
    return {
        "invocations": state["invocations"],
        "coldStart": state["invocations"] == 1,
        "stream": context.log_stream_name,
    }
