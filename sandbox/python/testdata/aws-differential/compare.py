"""Runs the same DynamoDB expressions and values through the real boto3 (the
machine's python3, python3-boto3) and through the sandbox's shim
(boto3shim.py, path in argv[1]); prints every difference."""
import sys
from decimal import Decimal

import boto3.dynamodb.conditions as real_c
import boto3.dynamodb.types as real_t

shim = {"__name__": "boto3shim", "_call": None}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), shim)


def conditions(Key, Attr):
    return [
        ("key eq", Key("pk").eq("a"), True),
        ("key and begins", Key("pk").eq("a") & Key("sk").begins_with("2026-"), True),
        ("key between", Key("pk").eq(1) & Key("sk").between(Decimal("1.5"), 10), True),
        ("key lt/lte/gt/gte", Key("pk").eq("a") & Key("n").lt(1) & Key("n").lte(2) & Key("n").gt(3) & Key("n").gte(4), True),
        ("attr exists", Attr("id").exists(), False),
        ("attr not exists", Attr("id").not_exists(), False),
        ("or/not", (Attr("a").eq(1) | Attr("b").ne("x")) & ~Attr("c").contains("z"), False),
        ("is_in", Attr("status").is_in(["NEW", "PAID", "SHIPPED"]), False),
        ("size", Attr("items").size().gt(3), False),
        ("attribute_type", Attr("x").attribute_type("S"), False),
        ("nested path", Attr("address.city").eq("Paris") & Attr("tags[0]").eq("a"), False),
        ("map in list path", Attr("a.b[1].c").begins_with("p"), False),
    ]


def build(mod_c, cases):
    out = []
    for name, cond, is_key in cases:
        b = mod_c.ConditionExpressionBuilder()
        try:
            e = b.build_expression(cond, is_key_condition=is_key)
            out.append((name, e.condition_expression, e.attribute_name_placeholders, e.attribute_value_placeholders))
        except Exception as ex:
            out.append((name, type(ex).__name__, str(ex)))
    return out


class ShimC:
    pass


for k in ("ConditionExpressionBuilder",):
    setattr(ShimC, k, shim[k])
real = build(real_c, conditions(real_c.Key, real_c.Attr))
ours = build(ShimC, conditions(shim["Key"], shim["Attr"]))
diffs = [f"condition {r[0]}: boto3 {r[1:]} sandbox {o[1:]}" for r, o in zip(real, ours) if r != o]

# A key condition with an Attr is refused by both.
for mod_c, key, attr, label in ((real_c, real_c.Key, real_c.Attr, "boto3"), (ShimC, shim["Key"], shim["Attr"], "sandbox")):
    pass
r = build(real_c, [("attr in key", real_c.Attr("x").eq(1), True)])
o = build(ShimC, [("attr in key", shim["Attr"]("x").eq(1), True)])
if r[0][2] != o[0][2]:
    diffs.append(f"attr in key condition: boto3 {r} sandbox {o}")

values = [None, True, False, 0, -7, 10 ** 37, 10 ** 40, Decimal("19.99"), Decimal("1E+2"), Decimal("NaN"), 1.5, "", "s",
          b"\x00\x01", bytearray(b"ab"), {"a", "b"}, {1, 2}, {Decimal("1.5")}, {b"x"}, set(), [1, "a", [None]],
          {"m": {"n": 1, "l": [True]}}, (1, 2), {1, "a"}, object()]
ser_r, ser_o = real_t.TypeSerializer(), shim["TypeSerializer"]()
des_r, des_o = real_t.TypeDeserializer(), shim["TypeDeserializer"]()


def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return sorted((norm(x) for x in v), key=repr) if False else [norm(x) for x in v]
    return v


def attempt(f, v):
    try:
        return ("ok", f(v))
    except Exception as e:
        msg = str(e)
        if "object at 0x" in msg:
            msg = msg.split(" for value")[0]
        return (type(e).__name__, msg)


for v in values:
    a, b = attempt(ser_r.serialize, v), attempt(ser_o.serialize, v)
    if a[0] == "ok" and b[0] == "ok" and isinstance(v, (set,)):
        a = ("ok", {k: sorted(x, key=repr) for k, x in a[1].items()})
        b = ("ok", {k: sorted(x, key=repr) for k, x in b[1].items()})
    if a != b:
        diffs.append(f"serialize {v!r}: boto3 {a} sandbox {b}")
    if a[0] == "ok":
        x, y = attempt(des_r.deserialize, a[1]), attempt(des_o.deserialize, a[1])
        if repr(x) != repr(y) and x != y:
            diffs.append(f"deserialize {a[1]!r}: boto3 {x} sandbox {y}")
for bad in ({}, {"X": 1}):
    x, y = attempt(des_r.deserialize, bad), attempt(des_o.deserialize, bad)
    if x != y:
        diffs.append(f"deserialize {bad!r}: boto3 {x} sandbox {y}")
print("\n".join(diffs))
