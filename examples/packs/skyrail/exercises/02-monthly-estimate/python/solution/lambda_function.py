# The monthly estimate for Skyrail's cost review (us-east-1, no free tier).
PRICE_PER_GB_S = {"arm64": 0.0000133334, "x86_64": 0.0000166667}
PRICE_PER_MILLION_REQUESTS = 0.2


def lambda_handler(event, context):
    gb_seconds = (event["invocations"] * event["durationMs"] / 1000) * (event["memoryMb"] / 1024)
    usd = event["invocations"] / 1e6 * PRICE_PER_MILLION_REQUESTS + gb_seconds * PRICE_PER_GB_S[event["arch"]]
    return {"gbSeconds": gb_seconds, "usd": round(usd, 2)}
