package python

import (
	"strings"
	"testing"
)

// TestExactRewrites: Python constructs the dialect lacks but that map
// exactly onto it run as in CPython (expected values from CPython 3.11).
func TestExactRewrites(t *testing.T) {
	src := `from __future__ import annotations
from typing import Any, Dict, Optional
from json import (
    dumps,
    loads as parse,
)
import urllib.parse
import datetime as dt

LIMIT: int = 1_000_000

def area(w: float, h: float = 2.0) -> float:
    return w * h

def opts(*args: Any, **kwargs: Any) -> Dict[str, Any]:
    return {"n": len(args), "k": sorted(kwargs.keys())}

def lambda_handler(event: Dict[str, Any], context) -> dict:
    name: Optional[str] = event.get("name")
    x = 3
    price = 2.5
    # keywords in comments and strings are left alone: try class global
    note = "try: class is global"
    return {
        "f": f"hi {name}, {x + 1} items at {price:.2f} = {x * price:>8.3f}|{name!r}|{{literal}}",
        "nested": f"{'a' + 'b'}-{ {'k': 1}['k'] }",
        "none": [name is None, name is not None, event.get("missing") is None, not x is None, x is True],
        "pow": [2 ** 10, -2 ** 2, 2 ** -1, 2 ** 3 ** 2, (x + 1) ** 2, 2.0 ** 0.5, event["n"][0] ** 2],
        "hint": [LIMIT, area(3), opts(1, 2, a=1)],
        "imports": [dumps(parse("[1]")), urllib.parse.quote("a b"), dt.timedelta(hours=1).total_seconds()],
        "u": u"unicode",
        "note": note,
    }
`
	r := run(t, py(t, src), `{"name": "Ann", "n": [7]}`)
	wantResponse(t, r, `{"f": "hi Ann, 4 items at 2.50 =    7.500|'Ann'|{literal}", "nested": "ab-1", "none": [false, true, true, true, false], "pow": [1024, -4, 0.5, 512, 16, 1.4142135623730951, 49], "hint": [1000000, 6.0, {"n": 2, "k": ["a"]}], "imports": ["[1]", "a%20b", 3600.0], "u": "unicode", "note": "try: class is global"}`)
}

// TestRewritesKeepLineNumbers: errors after a rewritten multi-line
// statement still point at the learner's own line.
func TestRewritesKeepLineNumbers(t *testing.T) {
	src := "from json import (\n    dumps,\n    loads,\n)\nx = f'{1}'\n\ndef lambda_handler(event, context):\n    return event['nope']\n"
	r := run(t, py(t, src), `{}`)
	if r.Error == nil || r.Error.Type != "KeyError" {
		t.Fatalf("error %+v", r.Error)
	}
	if len(r.Error.Trace) != 1 || !strings.Contains(r.Error.Trace[0], "line 8, in lambda_handler\n    return event['nope']") {
		t.Errorf("trace %q", r.Error.Trace)
	}
}

func TestRaiseAndAssert(t *testing.T) {
	f := py(t, `def check(order):
    if order.get("qty", 0) <= 0: raise ValueError("qty must be positive, got %s" % order.get("qty"))
    assert "id" in order, "order needs an id"
    assert order["id"]
    return "ok"

def lambda_handler(event, context):
    return check(event)
`)
	cases := map[string][2]string{
		`{"qty": 0}`:            {"ValueError", "qty must be positive, got 0"},
		`{"qty": 1}`:            {"AssertionError", "order needs an id"},
		`{"qty": 1, "id": ""}`:  {"AssertionError", ""},
		`{"qty": 1, "id": "a"}`: {"", ""},
	}
	for ev, want := range cases {
		r := run(t, f, ev)
		if want[0] == "" {
			wantResponse(t, r, `"ok"`)
			continue
		}
		if r.Error == nil || r.Error.Type != want[0] || r.Error.Message != want[1] {
			t.Errorf("%s: %+v, want %v", ev, r.Error, want)
		}
	}
}

func TestTokenizerAndRewriteUnits(t *testing.T) {
	cases := map[string]string{
		"x = a ** b\n":              "x = pow(a, b)\n",
		"x = f(a)[0].b ** -c.d\n":   "x = pow(f(a)[0].b, -c.d)\n",
		"f(**kw)\n":                 "f(**kw)\n",
		"x = {**a, 'b': 1}\n":       "x = {**a, 'b': 1}\n",
		"if x is not None: pass\n":  "if x != None: pass\n",
		"import os, json as j\n":    `os = __import__("os"); j = __import__("json")` + "\n",
		"s = '''a\nb''' + f'{x}'\n": "s = '''a\nb''' + '{}'.format((x))\n",
		"n = 0x_ff + 1_0\n":         "n = 0xff + 10\n",
	}
	for in, want := range cases {
		got, err := rewrite("t.py", in, nil)
		if err != nil || got != want {
			t.Errorf("rewrite(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
