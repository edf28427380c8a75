package python

import "testing"

// TestCPythonParity runs expressions through the tutor's Python and
// compares json.dumps of the result with what CPython 3.11 printed for the
// same expression (cpython_cases_test.go).
func TestCPythonParity(t *testing.T) {
	for _, c := range cpythonCases {
		got := eval(t, c.imports, c.expr)
		if got != c.want {
			t.Errorf("%s\n  got  %s\n  want %s", c.expr, got, c.want)
		}
	}
}
