import json


class Repository:
    def __init__(self):
        self._rows = {}

    def put(self, key, value):
        self._rows[key] = value

    def get(self, key):
        return self._rows.get(key)

    def __len__(self):
        return len(self._rows)


class TodoService:
    def __init__(self, repo: Repository):
        self.repo = repo

    def add(self, title):
        key = f"t{len(self.repo) + 1}"
        self.repo.put(key, {"id": key, "title": title, "done": False})
        return self.repo.get(key)

    def __repr__(self):
        return f"TodoService(items={len(self.repo)})"


service = TodoService(Repository())


def lambda_handler(event, context):
    todo = service.add(event["title"])
    print(repr(service))
    return {"statusCode": 201, "body": json.dumps(todo)}
