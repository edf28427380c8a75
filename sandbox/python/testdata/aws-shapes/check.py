"""Checks boto3 responses (JSON on stdin, from lambda_function.py) against
botocore's service models: every member is in the operation's output shape,
with the shape's type; error responses have Error.Code and Error.Message."""
import json
import sys

import botocore.session

session = botocore.session.get_session()
problems = []


def check(value, shape, path):
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: {type(value).__name__}, want a structure")
            return
        for k, v in value.items():
            if k == "ResponseMetadata" and path.count(".") == 1:
                continue
            m = shape.members.get(k)
            if m is None:
                problems.append(f"{path}.{k}: not a member of {shape.name}")
                continue
            check(v, m, f"{path}.{k}")
    elif t == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: {type(value).__name__}, want a list")
            return
        for i, v in enumerate(value):
            check(v, shape.member, f"{path}[{i}]")
    elif t == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: {type(value).__name__}, want a map")
            return
        for k, v in value.items():
            check(v, shape.value, f"{path}[{k}]")
    elif t in ("string",):
        if not isinstance(value, str):
            problems.append(f"{path}: {value!r}, want a string")
    elif t in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: {value!r}, want an integer")
    elif t == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: {value!r}, want a boolean")
    elif t in ("blob",):
        if value != "<blob>":
            problems.append(f"{path}: {value!r}, want bytes")
    elif t == "timestamp":
        if value != "<timestamp>":
            problems.append(f"{path}: {value!r}, want a datetime")


for c in json.load(sys.stdin):
    model = session.get_service_model(c["service"])
    op = model.operation_model(session.get_service_model(c["service"]).operation_names[
        [n.lower() for n in model.operation_names].index(c["op"].replace("_", ""))])
    path = f'{c["service"]}.{op.name}'
    if "error" in c:
        err = c["error"].get("Error", {})
        if not err.get("Code") or "Message" not in err:
            problems.append(f"{path}: error without Code and Message: {c['error']}")
        md = c["error"].get("ResponseMetadata", {})
        if not isinstance(md.get("HTTPStatusCode"), int):
            problems.append(f"{path}: error without ResponseMetadata.HTTPStatusCode")
        continue
    md = c["response"].get("ResponseMetadata", {})
    if not isinstance(md.get("HTTPStatusCode"), int) or not md.get("RequestId"):
        problems.append(f"{path}: no ResponseMetadata with HTTPStatusCode and RequestId")
    check(c["response"], op.output_shape, path) if op.output_shape else None
print("\n".join(problems))
