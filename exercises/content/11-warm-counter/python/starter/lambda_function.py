# How many times has this execution environment run the handler?


def lambda_handler(event, context):
    # TODO: this counter is created again on every invocation. Make it
    # survive between warm invocations of the same environment.
    invocations = 0
    invocations += 1
    return {
        "invocations": invocations,
        "coldStart": invocations == 1,
        "stream": context.log_stream_name,
    }
