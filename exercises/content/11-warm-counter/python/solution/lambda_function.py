# How many times has this execution environment run the handler?
state = {"invocations": 0}  # module level: runs once per environment, at INIT


def lambda_handler(event, context):
    state["invocations"] += 1
    return {
        "invocations": state["invocations"],
        "coldStart": state["invocations"] == 1,
        "stream": context.log_stream_name,
    }
