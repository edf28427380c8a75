import time

COLD = True
CACHE = {}
START = time.time()


def expensive(n):
    if n not in CACHE:
        CACHE[n] = sum(i * i for i in range(n))
    return CACHE[n]


def lambda_handler(event, context):
    global COLD
    was_cold, COLD = COLD, False
    return {"cold": was_cold, "value": expensive(event["n"]), "cached": sorted(CACHE)}
