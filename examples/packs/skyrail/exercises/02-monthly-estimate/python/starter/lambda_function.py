# The monthly estimate for Skyrail's cost review (us-east-1, no free tier).


def lambda_handler(event, context):
    gb_seconds = (event["invocations"] * event["durationMs"] / 1000) * (event["memoryMb"] / 1024)
    # TODO: add the request charge and use the price of the event's architecture.
    usd = gb_seconds * 0.0000166667
    return {"gbSeconds": gb_seconds, "usd": round(usd, 2)}
