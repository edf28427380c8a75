package nodejs

import (
	"testing"
)

// Node 22's JSON.parse messages: the position in UTF-16 units, then its
// line and column (a line ends at \n, \r\n or \r). The differential test
// checks the words against the local node; this checks the line and
// column, which node before 22 does not print.
func TestV8JSONErrorPositions(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "Unexpected end of JSON input"},
		{"{", "Expected property name or '}' in JSON at position 1 (line 1 column 2)"},
		{`{"a":1,}`, "Expected double-quoted property name in JSON at position 7 (line 1 column 8)"},
		{`{"a" 1}`, "Expected ':' after property name in JSON at position 5 (line 1 column 6)"},
		{`{"a":1`, "Expected ',' or '}' after property value in JSON at position 6 (line 1 column 7)"},
		{"[1 2]", "Expected ',' or ']' after array element in JSON at position 3 (line 1 column 4)"},
		{"[1,\n\n2 3]", "Expected ',' or ']' after array element in JSON at position 7 (line 3 column 3)"},
		{"[1,\r\n2 3]", "Expected ',' or ']' after array element in JSON at position 7 (line 2 column 3)"},
		{"[1,\r\r2 3]", "Expected ',' or ']' after array element in JSON at position 7 (line 3 column 3)"},
		{`{"a":1}x`, "Unexpected non-whitespace character after JSON at position 7 (line 1 column 8)"},
		{"-", "No number after minus sign in JSON at position 1 (line 1 column 2)"},
		{"01", "Unexpected number in JSON at position 1 (line 1 column 2)"},
		{"1.", "Unterminated fractional number in JSON at position 2 (line 1 column 3)"},
		{"1e+", "Exponent part is missing a number in JSON at position 3 (line 1 column 4)"},
		{`"abc`, "Unterminated string in JSON at position 4 (line 1 column 5)"},
		{`"\x"`, "Bad escaped character in JSON at position 2 (line 1 column 3)"},
		{`"\u12G4"`, "Bad Unicode escape in JSON at position 5 (line 1 column 6)"},
		{"\"a\nb\"", "Bad control character in string literal in JSON at position 2 (line 1 column 3)"},
		{`"\`, "Unexpected end of JSON input"},
		{"nul", "Unexpected end of JSON input"},
		{"nulL", `Unexpected token 'L', "nulL" is not valid JSON`},
		{"undefined", `"undefined" is not valid JSON`},
		{"[object Object]", `"[object Object]" is not valid JSON`},
		{"xaaaaaaaaaaaaaaaaaaa", `Unexpected token 'x', "xaaaaaaaaaaaaaaaaaaa" is not valid JSON`},
		{"xaaaaaaaaaaaaaaaaaaaa", `Unexpected token 'x', "xaaaaaaaaa"... is not valid JSON`},
		{"[1,1,1,1,1,},1,1,1,1,1,1,1,1,1", `Unexpected token '}', ..."1,1,1,1,1,},1,1,1,1,"... is not valid JSON`},
		{"[1,1,1,1,1,1,1,1,1,1,1,1,1,1,}", `Unexpected token '}', ..."1,1,1,1,1,}" is not valid JSON`},
		{"[\n1\n,\r\n\"é😀\u0001\"]", "Bad control character in string literal in JSON at position 11 (line 4 column 5)"},
	} {
		if got := v8JSONError(tc.in); got != tc.want {
			t.Errorf("JSON.parse(%q):\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}
