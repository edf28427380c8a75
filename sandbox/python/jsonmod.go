package python

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// The json module: dumps and loads with CPython's output and error texts.

// trailingCommaMsg selects the "Illegal trailing comma" errors of Python 3.13.
func newJSONModule(trailingCommaMsg bool) *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "json", Members: starlark.StringDict{
		"dumps": starlark.NewBuiltin("dumps", jsonDumps),
		"loads": starlark.NewBuiltin("loads", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return jsonLoads(args, kwargs, trailingCommaMsg)
		}),
	}}
}

// jsonOptions are json.dumps' keyword arguments.
type jsonOptions struct {
	indent      string
	pretty      bool
	itemSep     string
	keySep      string
	sortKeys    bool
	ensureASCII bool
	allowNaN    bool
	skipKeys    bool
	def         starlark.Callable
	thread      *starlark.Thread
}

func defaultJSONOptions() jsonOptions {
	return jsonOptions{itemSep: ", ", keySep: ": ", ensureASCII: true, allowNaN: true}
}

func jsonDumps(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj, indent, separators, def starlark.Value = nil, starlark.None, starlark.None, starlark.None
	sortKeys, ensureASCII, allowNaN, skipKeys, checkCircular := false, true, true, false, true
	if err := starlark.UnpackArgs("dumps", args, kwargs, "obj", &obj, "skipkeys?", &skipKeys,
		"ensure_ascii?", &ensureASCII, "check_circular?", &checkCircular, "allow_nan?", &allowNaN,
		"cls?", new(starlark.Value), "indent?", &indent, "separators?", &separators,
		"default?", &def, "sort_keys?", &sortKeys); err != nil {
		return nil, err
	}
	o := defaultJSONOptions()
	o.sortKeys, o.ensureASCII, o.allowNaN, o.skipKeys, o.thread = sortKeys, ensureASCII, allowNaN, skipKeys, th
	switch x := indent.(type) {
	case starlark.NoneType:
	case starlark.Int:
		n, _ := x.Int64()
		o.pretty, o.indent, o.itemSep = true, strings.Repeat(" ", int(max(n, 0))), ","
	case starlark.String:
		o.pretty, o.indent, o.itemSep = true, string(x), ","
	default:
		return nil, raise("TypeError", "indent must be None, an int or a str, not %s", typeName(indent))
	}
	if separators != starlark.None {
		seq, ok := separators.(starlark.Indexable)
		if !ok || seq.Len() != 2 {
			return nil, raise("ValueError", "separators must be a (item_separator, key_separator) pair")
		}
		is, ok1 := seq.Index(0).(starlark.String)
		ks, ok2 := seq.Index(1).(starlark.String)
		if !ok1 || !ok2 {
			return nil, raise("TypeError", "separators must be two strings")
		}
		o.itemSep, o.keySep = string(is), string(ks)
	}
	if def != starlark.None {
		c, ok := def.(starlark.Callable)
		if !ok {
			return nil, raise("TypeError", "'%s' object is not callable", typeName(def))
		}
		o.def = c
	}
	var sb bytes.Buffer
	if err := o.encode(&sb, obj, 0); err != nil {
		return nil, err
	}
	return starlark.String(sb.String()), nil
}

// encodeJSON is json.dumps(v) with default options: how the runtime
// serialises a handler's return value.
func encodeJSON(th *starlark.Thread, v starlark.Value) ([]byte, error) {
	o := defaultJSONOptions()
	o.thread = th
	var sb bytes.Buffer
	sb.Grow(64)
	if err := o.encode(&sb, v, 0); err != nil {
		return nil, err
	}
	return sb.Bytes(), nil
}

func (o *jsonOptions) newline(sb *bytes.Buffer, level int) {
	sb.WriteByte('\n')
	for i := 0; i < level; i++ {
		sb.WriteString(o.indent)
	}
}

func (o *jsonOptions) encode(sb *bytes.Buffer, v starlark.Value, level int) error {
	if level > maxNesting {
		return raise("RecursionError", "maximum recursion depth exceeded while encoding a JSON object")
	}
	if sb.Len() > maxStringBytes {
		return raise("MemoryError", "json.dumps output exceeds %d bytes", maxStringBytes)
	}
	switch x := v.(type) {
	case starlark.NoneType:
		sb.WriteString("null")
	case starlark.Bool:
		if x {
			sb.WriteString("true")
		} else {
			sb.WriteString("false")
		}
	case starlark.Int:
		if n, ok := x.Int64(); ok {
			var tmp [24]byte
			sb.Write(strconv.AppendInt(tmp[:0], n, 10))
		} else {
			sb.WriteString(x.String())
		}
	case starlark.Float:
		s, err := o.floatText(float64(x))
		if err != nil {
			return err
		}
		sb.WriteString(s)
	case starlark.String:
		writeJSONString(sb, string(x), o.ensureASCII)
	case *starlark.List, starlark.Tuple:
		seq := v.(starlark.Indexable)
		n := seq.Len()
		if n == 0 {
			sb.WriteString("[]")
			return nil
		}
		sb.WriteByte('[')
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteString(o.itemSep)
			}
			if o.pretty {
				o.newline(sb, level+1)
			}
			if err := o.encode(sb, seq.Index(i), level+1); err != nil {
				return err
			}
		}
		if o.pretty {
			o.newline(sb, level)
		}
		sb.WriteByte(']')
	case *starlark.Dict:
		if x.Len() == 0 {
			sb.WriteString("{}")
			return nil
		}
		items := x.Items()
		type kv struct {
			k string
			v starlark.Value
		}
		pairs := make([]kv, 0, len(items))
		for _, it := range items {
			k, ok, err := o.keyText(it[0])
			if err != nil {
				return err
			}
			if ok {
				pairs = append(pairs, kv{k, it[1]})
			}
		}
		if o.sortKeys {
			sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].k < pairs[j].k })
		}
		sb.WriteByte('{')
		for i, p := range pairs {
			if i > 0 {
				sb.WriteString(o.itemSep)
			}
			if o.pretty {
				o.newline(sb, level+1)
			}
			writeJSONString(sb, p.k, o.ensureASCII)
			sb.WriteString(o.keySep)
			if err := o.encode(sb, p.v, level+1); err != nil {
				return err
			}
		}
		if o.pretty {
			o.newline(sb, level)
		}
		sb.WriteByte('}')
	default:
		if o.def != nil {
			r, err := starlark.Call(o.thread, o.def, starlark.Tuple{v}, nil)
			if err != nil {
				return err
			}
			return o.encode(sb, r, level+1)
		}
		return raise("TypeError", "Object of type %s is not JSON serializable", typeName(v))
	}
	return nil
}

func (o *jsonOptions) floatText(f float64) (string, error) {
	switch {
	case math.IsNaN(f), math.IsInf(f, 0):
		if !o.allowNaN {
			return "", raise("ValueError", "Out of range float values are not JSON compliant: %s", floatRepr(f))
		}
		switch {
		case math.IsNaN(f):
			return "NaN", nil
		case f > 0:
			return "Infinity", nil
		}
		return "-Infinity", nil
	}
	return floatRepr(f), nil
}

// keyText converts a dict key as json.dumps does: str as is; int, float,
// bool and None to their JSON text; anything else is a TypeError (or
// skipped with skipkeys=True).
func (o *jsonOptions) keyText(k starlark.Value) (string, bool, error) {
	switch x := k.(type) {
	case starlark.String:
		return string(x), true, nil
	case starlark.Int:
		return x.String(), true, nil
	case starlark.Float:
		s, err := o.floatText(float64(x))
		return s, err == nil, err
	case starlark.Bool:
		if x {
			return "true", true, nil
		}
		return "false", true, nil
	case starlark.NoneType:
		return "null", true, nil
	}
	if o.skipKeys {
		return "", false, nil
	}
	return "", false, raise("TypeError", "keys must be str, int, float, bool or None, not %s", typeName(k))
}

const hexDigits = "0123456789abcdef"

// writeJSONString quotes a string as CPython's json does: \" \\ \n \r \t
// \b \f, other control characters as \u00XX, and with ensure_ascii every
// non-ASCII character as \uXXXX (surrogate pairs above U+FFFF).
func writeJSONString(sb *bytes.Buffer, s string, ascii bool) {
	sb.WriteByte('"')
	// fast path: printable ASCII without quotes or backslashes
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			plain = false
			break
		}
	}
	if plain {
		sb.WriteString(s)
		sb.WriteByte('"')
		return
	}
	for _, r := range s {
		switch r {
		case '"':
			sb.WriteString(`\"`)
		case '\\':
			sb.WriteString(`\\`)
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		case '\b':
			sb.WriteString(`\b`)
		case '\f':
			sb.WriteString(`\f`)
		default:
			switch {
			case r < 0x20 || (ascii && r == 0x7f):
				writeU(sb, r)
			case r < 0x80 || !ascii:
				sb.WriteRune(r)
			case r > 0xffff:
				a, b := utf16.EncodeRune(r)
				writeU(sb, a)
				writeU(sb, b)
			default:
				writeU(sb, r)
			}
		}
	}
	sb.WriteByte('"')
}

func writeU(sb *bytes.Buffer, r rune) {
	sb.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		sb.WriteByte(hexDigits[(r>>shift)&0xf])
	}
}

func jsonLoads(args starlark.Tuple, kwargs []starlark.Tuple, trailingCommaMsg bool) (starlark.Value, error) {
	var s starlark.Value
	if err := starlark.UnpackArgs("loads", args, kwargs, "s", &s); err != nil {
		return nil, err
	}
	var text string
	switch x := s.(type) {
	case starlark.String:
		text = string(x)
	case starlark.Bytes:
		text = string(x)
	default:
		return nil, raise("TypeError", "the JSON object must be str, bytes or bytearray, not %s", typeName(s))
	}
	return decodeJSON(text, trailingCommaMsg)
}

// decodeJSON parses JSON as CPython's json.loads does: objects become
// dicts in document order, integers ints, other numbers floats; NaN and
// Infinity are accepted; errors are JSONDecodeError with Python's text.
func decodeJSON(text string, trailingCommaMsg bool) (starlark.Value, error) {
	d := &jsonDecoder{s: text, trailing: trailingCommaMsg}
	d.skipWS()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.skipWS()
	if d.i < len(d.s) {
		return nil, d.fail("Extra data", d.i)
	}
	return v, nil
}

type jsonDecoder struct {
	s        string
	i        int
	trailing bool // Python 3.13+: "Illegal trailing comma before end of ..."
}

// fail is a JSONDecodeError: "msg: line L column C (char N)", with the
// position counted in characters as Python counts them.
func (d *jsonDecoder) fail(msg string, pos int) error {
	prefix := d.s[:pos]
	line := strings.Count(prefix, "\n") + 1
	col := utf8.RuneCountInString(prefix[strings.LastIndexByte(prefix, '\n')+1:]) + 1
	return &pyError{Type: "JSONDecodeError", Msg: fmt.Sprintf("%s: line %d column %d (char %d)", msg, line, col, utf8.RuneCountInString(prefix))}
}

func (d *jsonDecoder) skipWS() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonDecoder) value(depth int) (starlark.Value, error) {
	if depth > maxNesting {
		return nil, raise("RecursionError", "maximum recursion depth exceeded while decoding a JSON document")
	}
	if d.i >= len(d.s) {
		return nil, d.fail("Expecting value", d.i)
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		s, err := d.str()
		return starlark.String(s), err
	case strings.HasPrefix(d.s[d.i:], "null"):
		d.i += 4
		return starlark.None, nil
	case strings.HasPrefix(d.s[d.i:], "true"):
		d.i += 4
		return starlark.True, nil
	case strings.HasPrefix(d.s[d.i:], "false"):
		d.i += 5
		return starlark.False, nil
	case strings.HasPrefix(d.s[d.i:], "NaN"):
		d.i += 3
		return starlark.Float(math.NaN()), nil
	case strings.HasPrefix(d.s[d.i:], "Infinity"):
		d.i += 8
		return starlark.Float(math.Inf(1)), nil
	case strings.HasPrefix(d.s[d.i:], "-Infinity"):
		d.i += 9
		return starlark.Float(math.Inf(-1)), nil
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	}
	return nil, d.fail("Expecting value", d.i)
}

func (d *jsonDecoder) number() (starlark.Value, error) {
	start := d.i
	if d.s[d.i] == '-' {
		d.i++
	}
	digits := func() int {
		n := 0
		for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.i < len(d.s) && d.s[d.i] == '0' {
		d.i++
	} else if digits() == 0 {
		return nil, d.fail("Expecting value", start)
	}
	isFloat := false
	if d.i+1 < len(d.s) && d.s[d.i] == '.' && d.s[d.i+1] >= '0' && d.s[d.i+1] <= '9' {
		d.i++
		digits()
		isFloat = true
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		save := d.i
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			d.i = save
		} else {
			isFloat = true
		}
	}
	text := d.s[start:d.i]
	if isFloat {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !strings.Contains(err.Error(), "range") {
			return nil, d.fail("Expecting value", start)
		}
		return starlark.Float(f), nil
	}
	if len(text) > 4300 {
		return nil, raise("ValueError", "Exceeds the limit (4300 digits) for integer string conversion: value has %d digits", len(text))
	}
	n, ok := new(big.Int).SetString(text, 10)
	if !ok {
		return nil, d.fail("Expecting value", start)
	}
	return starlark.MakeBigInt(n), nil
}

func (d *jsonDecoder) str() (string, error) {
	start := d.i
	d.i++ // opening quote
	// fast path: no escapes before the closing quote
	for j := d.i; j < len(d.s); j++ {
		c := d.s[j]
		if c == '"' {
			out := d.s[d.i:j]
			d.i = j + 1
			return out, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	var b strings.Builder
	for {
		if d.i >= len(d.s) {
			return "", d.fail("Unterminated string starting at", start)
		}
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return b.String(), nil
		case c < 0x20:
			return "", d.fail("Invalid control character at", d.i)
		case c == '\\':
			if d.i+1 >= len(d.s) {
				return "", d.fail("Unterminated string starting at", start)
			}
			esc := d.s[d.i+1]
			switch esc {
			case '"', '\\', '/':
				b.WriteByte(esc)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := d.hex4(d.i + 2)
				if !ok {
					return "", d.fail("Invalid \\uXXXX escape", d.i+1)
				}
				d.i += 6
				if utf16.IsSurrogate(r) && r < 0xdc00 && strings.HasPrefix(d.s[d.i:], `\u`) {
					if r2, ok := d.hex4(d.i + 2); ok && r2 >= 0xdc00 && r2 <= 0xdfff {
						r = utf16.DecodeRune(r, r2)
						d.i += 6
					}
				}
				b.WriteRune(r)
				continue
			default:
				return "", d.fail("Invalid \\escape", d.i)
			}
			d.i += 2
		default:
			b.WriteByte(c)
			d.i++
		}
	}
}

func (d *jsonDecoder) hex4(at int) (rune, bool) {
	if at+4 > len(d.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(d.s[at:at+4], 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}

func (d *jsonDecoder) object(depth int) (starlark.Value, error) {
	d.i++ // {
	dict := starlark.NewDict(4)
	d.skipWS()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		return dict, nil
	}
	for {
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return nil, d.fail("Expecting property name enclosed in double quotes", d.i)
		}
		k, err := d.str()
		if err != nil {
			return nil, err
		}
		d.skipWS()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return nil, d.fail("Expecting ':' delimiter", d.i)
		}
		d.i++
		d.skipWS()
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if err := dict.SetKey(starlark.String(k), v); err != nil {
			return nil, err
		}
		d.skipWS()
		if d.i < len(d.s) && d.s[d.i] == '}' {
			d.i++
			return dict, nil
		}
		if d.i >= len(d.s) || d.s[d.i] != ',' {
			return nil, d.fail("Expecting ',' delimiter", d.i)
		}
		comma := d.i
		d.i++
		d.skipWS()
		if d.trailing && d.i < len(d.s) && d.s[d.i] == '}' {
			return nil, d.fail("Illegal trailing comma before end of object", comma)
		}
	}
}

func (d *jsonDecoder) array(depth int) (starlark.Value, error) {
	d.i++ // [
	var elems []starlark.Value
	d.skipWS()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return starlark.NewList(elems), nil
	}
	for {
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		elems = append(elems, v)
		d.skipWS()
		if d.i < len(d.s) && d.s[d.i] == ']' {
			d.i++
			return starlark.NewList(elems), nil
		}
		if d.i >= len(d.s) || d.s[d.i] != ',' {
			return nil, d.fail("Expecting ',' delimiter", d.i)
		}
		comma := d.i
		d.i++
		d.skipWS()
		if d.trailing && d.i < len(d.s) && d.s[d.i] == ']' {
			return nil, d.fail("Illegal trailing comma before end of array", comma)
		}
	}
}
