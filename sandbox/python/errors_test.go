package python

import (
	"strings"
	"testing"
)

// TestUnsupportedConstructs: every construct outside the subset is refused
// with its name, line and column, the reason and an alternative.
func TestUnsupportedConstructs(t *testing.T) {
	cases := []struct {
		src, construct, where, hint string
	}{
		{"def lambda_handler(event, context):\n    try:\n        x = 1\n    except KeyError:\n        pass\n", "try/except", "line 2, column 5", "Check the value first"},
		{"def f():\n    try:\n        pass\n    finally:\n        pass\n", "try/except", "line 2, column 5", "return an error response"},
		{"class Order:\n    pass\n", "class", "line 1, column 1", "Use a dict"},
		{"client = None\ndef f():\n    global client\n", "global", "line 3, column 5", "module-level dict"},
		{"def f():\n    x = 1\n    def g():\n        nonlocal x\n", "nonlocal", "line 4, column 9", "dict or list"},
		{"def f(p):\n    with open(p) as fh:\n        pass\n", "with", "line 2, column 5", "Call the functions directly"},
		{"def f(a, b):\n    return a is b\n", "is (identity) here", "line 2, column 14", "==="[:2]},
		{"@cache\ndef f():\n    pass\n", "decorators", "line 1, column 1", "wrap(handler_impl)"},
		{"def f():\n    yield 1\n", "yield", "line 2, column 5", "return a list"},
		{"async def lambda_handler(event, context):\n    return 1\n", "async/await", "line 1, column 1", "plain def"},
		{"def f(x):\n    await x\n", "async/await", "line 2, column 5", "plain def"},
		{"def f(d):\n    del d['k']\n", "del", "line 2, column 5", "d.pop(key)"},
		{"def f(x):\n    return f'{x=}'\n", "this f-string form", "line 2, column 12", "format(x)"},
		{"def f():\n    raise\n", "bare raise", "line 2, column 5", "raise ValueError"},
		{"def f(e):\n    raise ValueError('x') from e\n", "raise ... from", "line 2, column 27", "message"},
		{"def f(x):\n    return 1 < x < 3\n", "chained comparisons", "line 2, column 19", "a < b and b < c"},
		{"from json import *\n", "from ... import *", "line 1, column 18", "from json import a, b"},
		{"def f(x):\n    x **= 2\n", "**=", "line 2, column 7", "pow(x, y)"},
		{"def f():\n    ...\n", "Ellipsis", "line 2, column 5", "pass"},
		{"def f(a, b):\n    return {**a, **b}\n", "unpacking with ** in a dict display", "line 2, column 13", "dict(a) | b"},
		{"def f(x):\n    match x:\n        case 1:\n            pass\n", "match", "line 2, column 5", "if/elif"},
	}
	for _, c := range cases {
		r := run(t, py(t, c.src), `{}`)
		if r.Error == nil || r.Error.Type != "Runtime.UserCodeSyntaxError" {
			t.Errorf("%q: error %+v, want Runtime.UserCodeSyntaxError", c.src, r.Error)
			continue
		}
		msg := r.Error.Message
		for _, want := range []string{"does not support " + c.construct, "(lambda_function.py, " + c.where + ")", c.hint, "lesson python-subset"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q: message %q lacks %q", c.src, msg, want)
			}
		}
		if !strings.HasPrefix(appLines(r)[0], "[ERROR] Runtime.UserCodeSyntaxError: ") {
			t.Errorf("%q: the error must be logged: %q", c.src, appLines(r))
		}
	}
}

func TestImportsOfModulesNotOffered(t *testing.T) {
	for _, mod := range []string{"boto3", "botocore", "requests"} {
		r := run(t, py(t, "import json\nimport "+mod+"\n\ndef lambda_handler(event, context):\n    return 1\n"), `{}`)
		if r.Error == nil || r.Error.Type != "Runtime.ImportModuleError" {
			t.Fatalf("%s: error %+v", mod, r.Error)
		}
		for _, want := range []string{"No module named '" + mod + "'", "line 2, column 8", "AWS SDK and HTTP calls are not available in the tutor", "Lesson python-subset"} {
			if !strings.Contains(r.Error.Message, want) {
				t.Errorf("%s: %q lacks %q", mod, r.Error.Message, want)
			}
		}
	}
	r := run(t, py(t, "from pandas import DataFrame\n"), `{}`)
	if r.Error == nil || !strings.Contains(r.Error.Message, "No module named 'pandas'") || !strings.Contains(r.Error.Message, "offers json, os, time") {
		t.Errorf("pandas: %+v", r.Error)
	}
	r = run(t, py(t, "import os.path\n"), `{}`)
	if r.Error == nil || !strings.Contains(r.Error.Message, "has no submodule os.path") {
		t.Errorf("os.path: %+v", r.Error)
	}
}

// TestRuntimeErrors: Python's exception names and messages, the error
// object and the runtime's [ERROR] record with a traceback.
func TestRuntimeErrors(t *testing.T) {
	cases := []struct{ body, typ, msg string }{
		{"return event['missing']", "KeyError", "'missing'"},
		{"return [1][3]", "IndexError", "list index out of range"},
		{"return 1 // 0", "ZeroDivisionError", "division by zero"},
		{"return event.nope", "AttributeError", "'dict' object has no attribute 'nope'"},
		{"return 1 + 'a'", "TypeError", "unsupported operand type(s) for +: 'int' and 'str'"},
		{"raise ValueError('bad input: %s' % event)", "ValueError", "bad input: {}"},
		{"raise KeyError('k')", "KeyError", "'k'"},
		{"raise RuntimeError", "RuntimeError", ""},
		{"assert event.get('a'), 'need a'", "AssertionError", "need a"},
		{"return json.loads('{\"a\": 1,}')", "JSONDecodeError", "Illegal trailing comma before end of object: line 1 column 8 (char 7)"},
		{"return json.loads('[1, 2')", "JSONDecodeError", "Expecting ',' delimiter: line 1 column 6 (char 5)"},
		{"return json.loads('{a: 1}')", "JSONDecodeError", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"return json.dumps({'s': set()})", "TypeError", "Object of type set is not JSON serializable"},
		{"return hashlib.md5('text').hexdigest()", "TypeError", "Strings must be encoded before hashing"},
		{"return math.sqrt(-1)", "ValueError", "math domain error"},
		{"return re.search('(?=a)', 'a')", "error", "lookahead and lookbehind ((?=...), (?!...), (?<=...)) are not supported by the tutor's re (Go's RE2): match more and check the groups in code"},
	}
	for _, c := range cases {
		src := "import json, hashlib, math, re\n\ndef lambda_handler(event, context):\n    " + c.body + "\n"
		r := run(t, py(t, src), `{}`)
		if r.Error == nil || r.Error.Type != c.typ || r.Error.Message != c.msg {
			t.Errorf("%s: error %+v, want %s: %q\n%s", c.body, r.Error, c.typ, c.msg, r.LogText())
			continue
		}
		lines := appLines(r)
		head := "[ERROR] " + c.typ
		if c.msg != "" {
			head += ": " + c.msg
		}
		if len(lines) < 4 || lines[0] != head || lines[1] != "Traceback (most recent call last):" ||
			lines[2] != `  File "/var/task/lambda_function.py", line 4, in lambda_handler` || lines[3] != "    "+c.body {
			t.Errorf("%s: log %q", c.body, lines)
		}
	}
	// json.loads on python3.12 predates the trailing-comma message.
	_, f := deploy(t, "python3.12", map[string]string{"lambda_function.py": "import json\ndef lambda_handler(event, context):\n    return json.loads('{\"a\": 1,}')\n"}, nil)
	if r := run(t, f, `{}`); r.Error == nil || r.Error.Message != "Expecting property name enclosed in double quotes: line 1 column 9 (char 8)" {
		t.Errorf("python3.12 trailing comma: %+v", r.Error)
	}
	// An exception while importing the module is an ImportModuleError.
	r := run(t, py(t, "X = {}['k']\ndef lambda_handler(event, context):\n    return 1\n"), `{}`)
	if r.Error == nil || r.Error.Type != "Runtime.ImportModuleError" || r.Error.Message != "Unable to import module 'lambda_function': 'k'" {
		t.Errorf("init error %+v", r.Error)
	}
	// A response json.dumps cannot write.
	r = run(t, py(t, "def lambda_handler(event, context):\n    return {'a': set([1])}\n"), `{}`)
	if r.Error == nil || r.Error.Type != "Runtime.MarshalError" || !strings.Contains(r.Error.Message, "Object of type set is not JSON serializable") {
		t.Errorf("marshal error %+v", r.Error)
	}
}

// TestJSONDecodeErrorsMatchCPython: json.loads errors as CPython 3.11/3.12
// prints them (checked against python3 -c 'json.loads(...)').
func TestJSONDecodeErrorsMatchCPython(t *testing.T) {
	cases := map[string]string{
		`[1, 2`:     "Expecting ',' delimiter: line 1 column 6 (char 5)",
		`{a: 1}`:    "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
		`{"a": 1,}`: "Expecting property name enclosed in double quotes: line 1 column 9 (char 8)",
		``:          "Expecting value: line 1 column 1 (char 0)",
		`[1,]`:      "Expecting value: line 1 column 4 (char 3)",
		`{"a" 1}`:   "Expecting ':' delimiter: line 1 column 6 (char 5)",
		`"abc`:      "Unterminated string starting at: line 1 column 1 (char 0)",
		`[1] x`:     "Extra data: line 1 column 5 (char 4)",
		`"\q"`:      "Invalid \\escape: line 1 column 2 (char 1)",
		"\"a\nb\"":  "Invalid control character at: line 1 column 3 (char 2)",
	}
	for in, want := range cases {
		_, err := decodeJSON(in, false)
		if err == nil || err.Error() != "JSONDecodeError: "+want {
			t.Errorf("json.loads(%q): %v, want %s", in, err, want)
		}
	}
}

// TestStarlarkErrorsInPythonTerms: the interpreter's own errors are
// reported with CPython's exception names and (where it has them)
// CPython's messages.
func TestStarlarkErrorsInPythonTerms(t *testing.T) {
	cases := []struct{ body, typ, msg string }{
		{"return int('x')", "ValueError", "invalid literal for int() with base 10: 'x'"},
		{"return len(5)", "TypeError", "object of type 'int' has no len()"},
		{"return None()", "TypeError", "'NoneType' object is not callable"},
		{"return 'a' - 1", "TypeError", "unsupported operand type(s) for -: 'str' and 'int'"},
		{"return float('abc')", "ValueError", "could not convert string to float: 'abc'"},
		{"return 'abc'.nosuch()", "AttributeError", "'str' object has no attribute 'nosuch'"},
		{"return sorted([1, 'a'])", "TypeError", "'<' not supported between instances of 'str' and 'int'"},
		{"return {[1]: 2}", "TypeError", "unhashable type: 'list'"},
		{"x = (1, 2)\n    x[0] = 5", "TypeError", "'tuple' object does not support item assignment"},
		{"return event['a']['b']", "TypeError", "'int' object is not subscriptable"},
		{"return '%d' % 'a'", "TypeError", "%d format: a real number is required, not str"},
		{"return enumerate('ab')", "TypeError", "this function cannot take a str in the tutor's Python: pass list(s) (see lesson python-subset)"},
	}
	for _, c := range cases {
		r := run(t, py(t, "def lambda_handler(event, context):\n    "+c.body+"\n"), `{"a": 1}`)
		if r.Error == nil || r.Error.Type != c.typ || r.Error.Message != c.msg {
			t.Errorf("%s: %+v, want %s: %s", c.body, r.Error, c.typ, c.msg)
		}
	}
}
