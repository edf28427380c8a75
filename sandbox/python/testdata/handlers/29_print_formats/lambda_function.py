import json
import sys


def lambda_handler(event, context):
    print("plain", 1, 2.5, None, True, [1, "a"], {"k": (1, 2)})
    print("%-6s|%5.2f|%03d" % ("ab", 3.14159, 7))
    print("{:>8}|{:,}|{:.1%}".format("r", 1234567, 0.256))
    print("multi\nline\noutput")
    print("to stderr", file=sys.stderr)
    sys.stdout.write("no newline at first, ")
    sys.stdout.write("then one\n")
    print(json.dumps(event, indent=2))
    return None
