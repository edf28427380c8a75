from enum import Enum, auto


class Action(Enum):
    CREATE = auto()
    DELETE = auto()
    LIST = auto()


def route(method, path):
    match (method, path.strip("/").split("/")):
        case ("POST", ["items"]):
            return Action.CREATE, None
        case ("DELETE", ["items", item_id]):
            return Action.DELETE, item_id
        case ("GET", ["items"]):
            return Action.LIST, None
        case _:
            return None, None


def lambda_handler(event, context):
    action, arg = route(event["httpMethod"], event["path"])
    if action is None:
        return {"statusCode": 404}
    return {"statusCode": 200, "action": action.name, "value": action.value, "arg": arg}
