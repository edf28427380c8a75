import statistics
from collections import Counter, OrderedDict, namedtuple
from functools import lru_cache, reduce
from itertools import groupby

Point = namedtuple("Point", "x y")


@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def lambda_handler(event, context):
    words = event["text"].lower().split()
    counts = Counter(words)
    scores = event["scores"]
    groups = {k: len(list(g)) for k, g in groupby(sorted(words), key=lambda w: w[0])}
    return {
        "top": counts.most_common(2),
        "mean": statistics.mean(scores),
        "median": statistics.median(scores),
        "stdev": round(statistics.stdev(scores), 4),
        "product": reduce(lambda a, b: a * b, scores),
        "groups": OrderedDict(sorted(groups.items())),
        "fib": fib(40),
        "point": Point(1, 2)._asdict(),
    }
