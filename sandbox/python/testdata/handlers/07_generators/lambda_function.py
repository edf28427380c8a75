import itertools


def chunks(items, size):
    it = iter(items)
    while True:
        batch = list(itertools.islice(it, size))
        if not batch:
            return
        yield batch


def evens(limit):
    n = 0
    while n < limit:
        yield n
        n += 2


def lambda_handler(event, context):
    batches = [b for b in chunks(event["ids"], 3)]
    total = sum(x * x for x in evens(20))
    return {"batches": batches, "sumOfEvenSquares": total, "pairs": list(zip("abc", range(3)))}
