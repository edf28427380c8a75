package python

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Python's string formatting, which Starlark only partly has: format()
// with the format-spec mini-language, str.format with specs, and printf
// style % with flags, widths and precisions.

// fspec is a parsed format spec: [[fill]align][sign][#][0][width][,|_][.precision][type].
type fspec struct {
	fill     rune
	align    byte // '<', '>', '^', '=' or 0
	sign     byte // '+', '-', ' ' or 0
	alt      bool
	width    int
	grouping byte // ',', '_' or 0
	prec     int  // -1 when absent
	typ      byte // 0 when absent
}

func parseSpec(s string) (fspec, error) {
	sp := fspec{fill: ' ', prec: -1}
	bad := func() (fspec, error) { return sp, raise("ValueError", "Invalid format specifier '%s'", s) }
	i := 0
	isAlign := func(c byte) bool { return c == '<' || c == '>' || c == '^' || c == '=' }
	if r, n := utf8.DecodeRuneInString(s); n > 0 && n < len(s) && isAlign(s[n]) {
		sp.fill, sp.align, i = r, s[n], n+1
	} else if len(s) > 0 && isAlign(s[0]) {
		sp.align, i = s[0], 1
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-' || s[i] == ' ') {
		sp.sign = s[i]
		i++
	}
	if i < len(s) && s[i] == '#' {
		sp.alt = true
		i++
	}
	if i < len(s) && s[i] == '0' {
		if sp.align == 0 {
			sp.fill, sp.align = '0', '='
		}
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j > i {
		sp.width, _ = strconv.Atoi(s[i:j])
		if sp.width > 1<<20 {
			return bad()
		}
		i = j
	}
	if i < len(s) && (s[i] == ',' || s[i] == '_') {
		sp.grouping = s[i]
		i++
	}
	if i < len(s) && s[i] == '.' {
		j = i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i+1 {
			return sp, raise("ValueError", "Format specifier missing precision")
		}
		sp.prec, _ = strconv.Atoi(s[i+1 : j])
		if sp.prec > 1<<10 {
			return bad()
		}
		i = j
	}
	if i < len(s) {
		sp.typ = s[i]
		i++
	}
	if i != len(s) {
		return bad()
	}
	return sp, nil
}

// formatValue is Python's format(v, spec).
func formatValue(v starlark.Value, spec string) (string, error) {
	if spec == "" {
		return pyStr(v), nil
	}
	sp, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	switch x := v.(type) {
	case starlark.String:
		if sp.typ != 0 && sp.typ != 's' {
			return "", raise("ValueError", "Unknown format code '%c' for object of type 'str'", sp.typ)
		}
		if sp.sign != 0 {
			return "", raise("ValueError", "Sign not allowed in string format specifier")
		}
		if sp.align == '=' {
			return "", raise("ValueError", "'=' alignment not allowed in string format specifier")
		}
		s := string(x)
		if sp.prec >= 0 && utf8.RuneCountInString(s) > sp.prec {
			s = string([]rune(s)[:sp.prec])
		}
		return pad("", s, sp, '<'), nil
	case starlark.Bool:
		if x {
			return formatInt(big.NewInt(1), sp)
		}
		return formatInt(big.NewInt(0), sp)
	case starlark.Int:
		switch sp.typ {
		case 'e', 'E', 'f', 'F', 'g', 'G', '%':
			f, _ := toFloat(x)
			return formatFloat(f, sp)
		}
		return formatInt(x.BigInt(), sp)
	case starlark.Float:
		return formatFloat(float64(x), sp)
	}
	return "", raise("TypeError", "unsupported format string passed to %s.__format__", typeName(v))
}

func formatInt(n *big.Int, sp fspec) (string, error) {
	if sp.prec >= 0 {
		return "", raise("ValueError", "Precision not allowed in integer format specifier")
	}
	neg := n.Sign() < 0
	a := new(big.Int).Abs(n)
	var digits, prefix string
	switch sp.typ {
	case 0, 'd', 'n':
		digits = a.String()
	case 'x':
		digits, prefix = a.Text(16), "0x"
	case 'X':
		digits, prefix = strings.ToUpper(a.Text(16)), "0X"
	case 'o':
		digits, prefix = a.Text(8), "0o"
	case 'b':
		digits, prefix = a.Text(2), "0b"
	case 'c':
		return pad("", string(rune(n.Int64())), sp, '<'), nil
	default:
		return "", raise("ValueError", "Unknown format code '%c' for object of type 'int'", sp.typ)
	}
	if !sp.alt {
		prefix = ""
	}
	if sp.grouping != 0 {
		digits = group(digits, sp.grouping, 3)
	}
	return pad(signOf(neg, sp)+prefix, digits, sp, '>'), nil
}

func signOf(neg bool, sp fspec) string {
	switch {
	case neg:
		return "-"
	case sp.sign == '+':
		return "+"
	case sp.sign == ' ':
		return " "
	}
	return ""
}

func formatFloat(f float64, sp fspec) (string, error) {
	neg := math.Signbit(f) && !math.IsNaN(f)
	a := math.Abs(f)
	prec := sp.prec
	var body string
	switch {
	case math.IsInf(a, 0):
		body = "inf"
	case math.IsNaN(a):
		body = "nan"
	}
	suffix := ""
	if body == "" {
		switch sp.typ {
		case 'f', 'F':
			if prec < 0 {
				prec = 6
			}
			body = strconv.FormatFloat(a, 'f', prec, 64)
		case '%':
			if prec < 0 {
				prec = 6
			}
			body = strconv.FormatFloat(a*100, 'f', prec, 64)
			suffix = "%"
		case 'e', 'E':
			if prec < 0 {
				prec = 6
			}
			body = strconv.FormatFloat(a, 'e', prec, 64)
		case 'g', 'G', 'n':
			if prec < 0 {
				prec = 6
			}
			if prec == 0 {
				prec = 1
			}
			body = strconv.FormatFloat(a, 'g', prec, 64)
		case 0:
			if prec < 0 {
				body = floatRepr(a)
			} else {
				body = strconv.FormatFloat(a, 'g', max(prec, 1), 64)
				if !strings.ContainsAny(body, ".e") {
					body += ".0"
				}
			}
		default:
			return "", raise("ValueError", "Unknown format code '%c' for object of type 'float'", sp.typ)
		}
		if sp.alt && !strings.Contains(body, ".") {
			if i := strings.IndexByte(body, 'e'); i >= 0 {
				body = body[:i] + "." + body[i:]
			} else {
				body += "."
			}
		}
	}
	if sp.typ == 'E' || sp.typ == 'F' || sp.typ == 'G' {
		body = strings.ToUpper(body)
	}
	if sp.grouping != 0 {
		intPart, rest := body, ""
		if i := strings.IndexAny(body, ".e"); i >= 0 {
			intPart, rest = body[:i], body[i:]
		}
		if intPart != "inf" && intPart != "nan" {
			body = group(intPart, sp.grouping, 3) + rest
		}
	}
	return pad(signOf(neg, sp), body+suffix, sp, '>'), nil
}

func group(digits string, sep byte, n int) string {
	if len(digits) <= n {
		return digits
	}
	var b strings.Builder
	first := len(digits) % n
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += n {
		if b.Len() > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(digits[i : i+n])
	}
	return b.String()
}

// pad applies fill, alignment and width; sign is the sign and prefix that
// '=' alignment keeps in front of the fill.
func pad(sign, body string, sp fspec, defAlign byte) string {
	n := utf8.RuneCountInString(sign) + utf8.RuneCountInString(body)
	if n >= sp.width {
		return sign + body
	}
	fill := strings.Repeat(string(sp.fill), sp.width-n)
	align := sp.align
	if align == 0 {
		align = defAlign
	}
	switch align {
	case '<':
		return sign + body + fill
	case '^':
		left := (sp.width - n) / 2
		fr := []rune(fill)
		return string(fr[:left]) + sign + body + string(fr[left:])
	case '=':
		return sign + fill + body
	}
	return fill + sign + body
}

// strFormat is Python's str.format: {} {0} {name} {x[key]} {x.attr}
// fields with !r/!s conversions and format specs.
func strFormat(th *starlark.Thread, format string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var b strings.Builder
	auto := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '}' {
			if i+1 < len(format) && format[i+1] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return nil, raise("ValueError", "Single '}' encountered in format string")
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		j := strings.IndexByte(format[i:], '}')
		if j < 0 {
			return nil, raise("ValueError", "expected '}' before end of string")
		}
		field := format[i+1 : i+j]
		i += j
		spec, conv := "", ""
		if k := strings.IndexByte(field, ':'); k >= 0 {
			field, spec = field[:k], field[k+1:]
		}
		if k := strings.IndexByte(field, '!'); k >= 0 {
			field, conv = field[:k], field[k+1:]
		}
		// the argument name: digits, an identifier, or empty (automatic)
		k := strings.IndexAny(field, ".[")
		if k < 0 {
			k = len(field)
		}
		name, rest := field[:k], field[k:]
		var v starlark.Value
		switch {
		case name == "":
			if auto >= len(args) {
				return nil, raise("IndexError", "Replacement index %d out of range for positional args tuple", auto)
			}
			v = args[auto]
			auto++
		case name[0] >= '0' && name[0] <= '9':
			n, err := strconv.Atoi(name)
			if err != nil || n >= len(args) {
				return nil, raise("IndexError", "Replacement index %s out of range for positional args tuple", name)
			}
			v = args[n]
		default:
			found := false
			for _, kv := range kwargs {
				if string(kv[0].(starlark.String)) == name {
					v, found = kv[1], true
				}
			}
			if !found {
				return nil, raise("KeyError", "%s", quoteString(name))
			}
		}
		for rest != "" {
			if rest[0] == '.' {
				e := strings.IndexAny(rest[1:], ".[")
				if e < 0 {
					e = len(rest) - 1
				}
				attr := rest[1 : 1+e]
				rest = rest[1+e:]
				ha, ok := v.(starlark.HasAttrs)
				if !ok {
					return nil, raise("AttributeError", "'%s' object has no attribute '%s'", typeName(v), attr)
				}
				nv, err := ha.Attr(attr)
				if err != nil || nv == nil {
					return nil, raise("AttributeError", "'%s' object has no attribute '%s'", typeName(v), attr)
				}
				v = nv
				continue
			}
			e := strings.IndexByte(rest, ']')
			if e < 0 {
				return nil, raise("ValueError", "Missing ']' in format string")
			}
			key := rest[1:e]
			rest = rest[e+1:]
			var kv starlark.Value = starlark.String(key)
			if n, err := strconv.Atoi(key); err == nil {
				kv = starlark.MakeInt(n)
			}
			nv, err := getItem(v, kv)
			if err != nil {
				return nil, err
			}
			v = nv
		}
		switch conv {
		case "":
		case "r":
			v = starlark.String(pyRepr(v))
		case "s":
			v = starlark.String(pyStr(v))
		default:
			return nil, raise("ValueError", "Unknown conversion specifier %s", conv)
		}
		s, err := formatValue(v, spec)
		if err != nil {
			return nil, err
		}
		b.WriteString(s)
		if b.Len() > maxStringBytes {
			return nil, raise("MemoryError", "formatted string exceeds %d bytes", maxStringBytes)
		}
	}
	return starlark.String(b.String()), nil
}

func getItem(v, k starlark.Value) (starlark.Value, error) {
	switch x := v.(type) {
	case starlark.Mapping:
		r, found, err := x.Get(k)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, raise("KeyError", "%s", pyRepr(k))
		}
		return r, nil
	case starlark.Indexable:
		n, ok := k.(starlark.Int)
		if !ok {
			return nil, raise("TypeError", "%s indices must be integers, not %s", typeName(v), typeName(k))
		}
		i, _ := n.Int64()
		if i < 0 {
			i += int64(x.Len())
		}
		if i < 0 || i >= int64(x.Len()) {
			return nil, raise("IndexError", "%s index out of range", typeName(v))
		}
		return x.Index(int(i)), nil
	}
	return nil, raise("TypeError", "'%s' object is not subscriptable", typeName(v))
}

// percentFormat is Python's printf-style str % args.
func percentFormat(format string, x starlark.Value) (starlark.Value, error) {
	var b strings.Builder
	args, isTuple := x.(starlark.Tuple)
	if !isTuple {
		args = starlark.Tuple{x}
	}
	mapping, _ := x.(starlark.Mapping)
	idx := 0
	next := func() (starlark.Value, error) {
		if idx >= len(args) {
			return nil, raise("TypeError", "not enough arguments for format string")
		}
		idx++
		return args[idx-1], nil
	}
	usedMapping := false
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return nil, raise("ValueError", "incomplete format")
		}
		var v starlark.Value
		if format[i] == '(' {
			e := strings.IndexByte(format[i:], ')')
			if e < 0 {
				return nil, raise("ValueError", "incomplete format key")
			}
			if mapping == nil {
				return nil, raise("TypeError", "format requires a mapping")
			}
			key := format[i+1 : i+e]
			r, found, err := mapping.Get(starlark.String(key))
			if err != nil {
				return nil, err
			}
			if !found {
				return nil, raise("KeyError", "%s", quoteString(key))
			}
			v, usedMapping = r, true
			i += e + 1
		}
		sp := fspec{fill: ' ', prec: -1, align: '>'}
		zero := false
	flags:
		for ; i < len(format); i++ {
			switch format[i] {
			case '-':
				sp.align = '<'
			case '+':
				sp.sign = '+'
			case ' ':
				if sp.sign == 0 {
					sp.sign = ' '
				}
			case '#':
				sp.alt = true
			case '0':
				zero = true
			default:
				break flags
			}
		}
		if i < len(format) && format[i] == '*' {
			w, err := next()
			if err != nil {
				return nil, err
			}
			n, err := toInt64(w, "* wants int")
			if err != nil {
				return nil, err
			}
			if n < 0 {
				sp.align, n = '<', -n
			}
			sp.width = int(min(n, 1<<20))
			i++
		} else {
			j := i
			for j < len(format) && format[j] >= '0' && format[j] <= '9' {
				j++
			}
			if j > i {
				sp.width, _ = strconv.Atoi(format[i:j])
				sp.width = min(sp.width, 1<<20)
				i = j
			}
		}
		if i < len(format) && format[i] == '.' {
			j := i + 1
			for j < len(format) && format[j] >= '0' && format[j] <= '9' {
				j++
			}
			sp.prec, _ = strconv.Atoi(format[i+1 : j])
			sp.prec = min(sp.prec, 1<<10)
			i = j
		}
		for i < len(format) && (format[i] == 'l' || format[i] == 'h' || format[i] == 'L') {
			i++
		}
		if i >= len(format) {
			return nil, raise("ValueError", "incomplete format")
		}
		conv := format[i]
		if conv == '%' {
			b.WriteByte('%')
			continue
		}
		if v == nil {
			var err error
			if v, err = next(); err != nil {
				return nil, err
			}
		}
		if zero && sp.align != '<' && conv != 's' && conv != 'r' && conv != 'a' && conv != 'c' {
			sp.fill, sp.align = '0', '='
		}
		var s string
		var err error
		switch conv {
		case 's', 'r', 'a':
			if conv == 's' {
				s = pyStr(v)
			} else {
				s = pyRepr(v)
			}
			if sp.prec >= 0 && utf8.RuneCountInString(s) > sp.prec {
				s = string([]rune(s)[:sp.prec])
			}
			s = pad("", s, sp, '>')
		case 'd', 'i', 'u', 'x', 'X', 'o':
			var n *big.Int
			switch t := v.(type) {
			case starlark.Int:
				n = t.BigInt()
			case starlark.Bool:
				n = big.NewInt(0)
				if t {
					n = big.NewInt(1)
				}
			case starlark.Float:
				if math.IsNaN(float64(t)) || math.IsInf(float64(t), 0) {
					return nil, raise("ValueError", "cannot convert float %s to integer", floatRepr(float64(t)))
				}
				n, _ = big.NewFloat(math.Trunc(float64(t))).Int(nil)
			default:
				return nil, raise("TypeError", "%%%c format: a real number is required, not %s", conv, typeName(v))
			}
			t := conv
			if t == 'i' || t == 'u' {
				t = 'd'
			}
			p := sp.prec
			sp.prec = -1
			sp.typ = t
			s, err = formatInt(n, sp)
			if err == nil && p > 0 {
				// precision pads the digits with zeros
				sign := ""
				body := s
				if strings.HasPrefix(strings.TrimLeft(body, " "), "-") {
					sign = "-"
				}
				digits := new(big.Int).Abs(n).Text(map[byte]int{'d': 10, 'x': 16, 'X': 16, 'o': 8}[t])
				if t == 'X' {
					digits = strings.ToUpper(digits)
				}
				if len(digits) < p {
					digits = strings.Repeat("0", p-len(digits)) + digits
				}
				sp.prec = -1
				s = pad(sign, digits, sp, '>')
			}
		case 'e', 'E', 'f', 'F', 'g', 'G':
			f, ferr := toFloat(v)
			if ferr != nil {
				return nil, raise("TypeError", "must be real number, not %s", typeName(v))
			}
			sp.typ = conv
			s, err = formatFloat(f, sp)
		case 'c':
			switch t := v.(type) {
			case starlark.Int:
				n, _ := t.Int64()
				s = pad("", string(rune(n)), sp, '>')
			case starlark.String:
				s = pad("", string(t), sp, '>')
			default:
				return nil, raise("TypeError", "%%c requires int or char")
			}
		default:
			return nil, raise("ValueError", "unsupported format character '%c' (0x%x) at index %d", conv, conv, i)
		}
		if err != nil {
			return nil, err
		}
		b.WriteString(s)
		if b.Len() > maxStringBytes {
			return nil, raise("MemoryError", "formatted string exceeds %d bytes", maxStringBytes)
		}
	}
	if isTuple && idx < len(args) && !usedMapping {
		return nil, raise("TypeError", "not all arguments converted during string formatting")
	}
	if !isTuple && mapping == nil && idx == 0 && !usedMapping {
		return nil, raise("TypeError", "not all arguments converted during string formatting")
	}
	return starlark.String(b.String()), nil
}

// modOp is Python's a % b: formatting for a str, modulo otherwise.
func modOp(a, b starlark.Value) (starlark.Value, error) {
	if s, ok := a.(starlark.String); ok {
		return percentFormat(string(s), b)
	}
	return starlark.Binary(syntax.PERCENT, a, b)
}
