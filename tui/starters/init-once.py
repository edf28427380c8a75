# Expensive setup at module level is paid once, at INIT (Init Duration);
# warm invocations reuse it. Move the table into the handler and run twice
# to see the difference.
table = [(i * 2654435761) % 1000003 for i in range(100000)]

def lambda_handler(event, context):
    n = int(event.get("n", 42))
    return {"n": n, "value": table[n % len(table)]}
