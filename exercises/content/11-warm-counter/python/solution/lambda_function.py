# How many times has this execution environment run the handler?
invocations = 0  # module level: runs once per environment, at INIT


def lambda_handler(event, context):
    global invocations
    invocations += 1
    return {
        "invocations": invocations,
        "coldStart": invocations == 1,
        "stream": context.log_stream_name,
    }
