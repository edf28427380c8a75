class AppError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def parse(value):
    try:
        return int(value)
    except ValueError as e:
        raise AppError("E_PARSE", f"cannot parse {value!r}") from e


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


def lambda_handler(event, context):
    try:
        return {"value": parse(event["v"]), "depth": depth(200)}
    except AppError as e:
        print(f"{e.code}: {e} (caused by {type(e.__cause__).__name__})")
        raise
