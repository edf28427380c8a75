package python

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// pyError is a Python exception raised by Go code (a module function or a
// rewritten raise statement). It ends the invocation with errorType Type.
type pyError struct {
	Type string
	Msg  string
}

func (e *pyError) Error() string {
	if e.Msg == "" {
		return e.Type
	}
	return e.Type + ": " + e.Msg
}

func raise(typ, format string, args ...any) error {
	return &pyError{Type: typ, Msg: fmt.Sprintf(format, args...)}
}

// typeName is Python's name for the type of a value.
func typeName(v starlark.Value) string {
	switch v.(type) {
	case starlark.NoneType:
		return "NoneType"
	case *starlark.Function:
		return "function"
	case *starlark.Builtin:
		return "builtin_function_or_method"
	case starlark.Bytes:
		return "bytes"
	case starlark.String:
		return "str"
	}
	return v.Type()
}

// pyStr is Python's str(): strings as they are, everything else repr.
func pyStr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	if s, ok := v.(interface{ pyStr() string }); ok {
		return s.pyStr()
	}
	var b strings.Builder
	writeRepr(&b, v, 0)
	return b.String()
}

// pyRepr is Python's repr(): {'a': 1}, not Starlark's {"a": 1}.
func pyRepr(v starlark.Value) string {
	var b strings.Builder
	writeRepr(&b, v, 0)
	return b.String()
}

func writeRepr(b *strings.Builder, v starlark.Value, depth int) {
	if depth > maxNesting {
		b.WriteString("...")
		return
	}
	switch x := v.(type) {
	case starlark.NoneType:
		b.WriteString("None")
	case starlark.Bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case starlark.Int:
		b.WriteString(x.String())
	case starlark.Float:
		b.WriteString(floatRepr(float64(x)))
	case starlark.String:
		b.WriteString(quoteString(string(x)))
	case starlark.Bytes:
		b.WriteString(pyBytesRepr(string(x)))
	case *starlark.List:
		b.WriteByte('[')
		for i := 0; i < x.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, x.Index(i), depth+1)
		}
		b.WriteByte(']')
	case starlark.Tuple:
		b.WriteByte('(')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e, depth+1)
		}
		if len(x) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *starlark.Dict:
		b.WriteByte('{')
		for i, item := range x.Items() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, item[0], depth+1)
			b.WriteString(": ")
			writeRepr(b, item[1], depth+1)
		}
		b.WriteByte('}')
	case *starlark.Set:
		if x.Len() == 0 {
			b.WriteString("set()")
			return
		}
		b.WriteByte('{')
		iter := x.Iterate()
		defer iter.Done()
		var e starlark.Value
		for i := 0; iter.Next(&e); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e, depth+1)
		}
		b.WriteByte('}')
	case interface{ pyRepr() string }:
		b.WriteString(x.pyRepr())
	case *starlark.Function:
		fmt.Fprintf(b, "<function %s>", x.Name())
	case *starlark.Builtin:
		if isTypeBuiltin(x) {
			fmt.Fprintf(b, "<class '%s'>", x.Name())
			return
		}
		fmt.Fprintf(b, "<built-in function %s>", x.Name())
	default:
		b.WriteString(v.String())
	}
}

// quoteString is Python's repr of a str: single quotes unless the text
// holds a single quote and no double quote.
func quoteString(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x80 || unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// floatRepr is Python's repr of a float: the shortest text that reads
// back, fixed notation for exponents from -4 to 15, "1e+16" beyond.
func floatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -1.2345e+06
	neg := strings.HasPrefix(e, "-")
	if neg {
		e = e[1:]
	}
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	var out string
	if exp >= -4 && exp < 16 {
		if exp >= 0 {
			if len(digits) <= exp+1 {
				out = digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
			} else {
				out = digits[:exp+1] + "." + digits[exp+1:]
			}
		} else {
			out = "0." + strings.Repeat("0", -exp-1) + digits
		}
	} else {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		out = fmt.Sprintf("%se%s%02d", m, sign, exp)
	}
	if neg {
		return "-" + out
	}
	return out
}

// maxNesting bounds how deep repr, json.dumps and the JSON decoder go,
// as Python's recursion limit does.
const maxNesting = 900

// toInt64 returns an int (or bool) value as int64, with a Python-style error.
func toInt64(v starlark.Value, what string) (int64, error) {
	i, ok := v.(starlark.Int)
	if !ok {
		if b, isBool := v.(starlark.Bool); isBool {
			if b {
				return 1, nil
			}
			return 0, nil
		}
		return 0, raise("TypeError", "%s must be int, not %s", what, typeName(v))
	}
	n, ok := i.Int64()
	if !ok {
		return 0, raise("OverflowError", "%s is too large", what)
	}
	return n, nil
}

// toFloat converts an int or float, as Python's numeric functions do.
func toFloat(v starlark.Value) (float64, error) {
	switch x := v.(type) {
	case starlark.Float:
		return float64(x), nil
	case starlark.Int:
		f, _ := new(big.Float).SetInt(x.BigInt()).Float64()
		return f, nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, raise("TypeError", "must be real number, not %s", typeName(v))
}
