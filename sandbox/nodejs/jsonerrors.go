package nodejs

import (
	"strconv"
	"unicode/utf16"

	"github.com/dop251/goja"
)

// JSON.parse's errors in V8's words (Node 22's, as on nodejs22.x and
// nodejs24.x): goja's JSON.parse reports encoding/json's messages
// ("invalid character '}' looking for beginning of value"). In a module
// that names JSON.parse, JSON.parse is replaced by parseJSON: the fast
// parser of events (jsonparse.go) first, goja's JSON.parse for anything
// unusual and for a reviver, and on a syntax error V8's message.

// patchJSONParse replaces JSON.parse, once per VM, when a module names it.
func (in *instance) patchJSONParse() {
	in.jsonParsePatched = true
	vm := in.vm
	json := vm.Get("JSON").ToObject(vm)
	native, ok := goja.AssertFunction(json.Get("parse"))
	if !ok {
		return
	}
	if in.jsonStrings == nil {
		in.jsonStrings = make(map[string]cachedString)
	}
	fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		text := call.Argument(0)
		plain := len(call.Arguments) < 2 || goja.IsUndefined(call.Arguments[1])
		if s, isStr := text.Export().(string); isStr && plain {
			p := jsonParser{vm: vm, data: []byte(s), strs: in.jsonStrings}
			if v, err := p.value(0); err == nil {
				p.space()
				if p.pos == len(p.data) {
					return v
				}
			}
		}
		v, err := native(goja.Undefined(), call.Arguments...)
		if err == nil {
			return v
		}
		if ex, isEx := err.(*goja.Exception); isEx {
			if o, isObj := ex.Value().(*goja.Object); isObj && o.Get("name") != nil && o.Get("name").String() == "SyntaxError" {
				panic(in.newError("SyntaxError", v8JSONError(text.String()), ""))
			}
			panic(ex)
		}
		panic(err)
	}).ToObject(vm)
	_ = fn.DefineDataProperty("name", vm.ToValue("parse"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	_ = fn.DefineDataProperty("length", vm.ToValue(2), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	_ = json.DefineDataProperty("parse", fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// v8JSONError is V8's message for JSON.parse of an invalid text, in
// Node 22's words: positions count UTF-16 units, and messages with a
// position end with its line and column.
func v8JSONError(text string) string {
	s := utf16.Encode([]rune(text))
	p := &jsonScan{s: s}
	p.skipSpace()
	if msg := p.value(); msg != "" {
		return msg
	}
	p.skipSpace()
	if p.pos < len(s) {
		return p.at("Unexpected non-whitespace character after")
	}
	return "Unexpected end of JSON input" // not reached for an invalid text
}

type jsonScan struct {
	s   []uint16
	pos int
}

const jsonEOS = "Unexpected end of JSON input"

func (p *jsonScan) eos() bool { return p.pos >= len(p.s) }

func (p *jsonScan) skipSpace() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// at words a message with the position, and its line and column.
func (p *jsonScan) at(msg string) string {
	line, start := 1, 0
	for i := 0; i < p.pos && i < len(p.s); i++ {
		switch p.s[i] {
		case '\n':
			line, start = line+1, i+1
		case '\r':
			if i+1 < len(p.s) && p.s[i+1] == '\n' {
				i++
			}
			line, start = line+1, i+1
		}
	}
	return msg + " JSON at position " + strconv.Itoa(p.pos) + " (line " + strconv.Itoa(line) + " column " + strconv.Itoa(p.pos-start+1) + ")"
}

// token is V8's message for an unexpected character where a value or a
// literal's next letter should be.
func (p *jsonScan) token() string {
	if p.eos() {
		return jsonEOS
	}
	src := string(utf16.Decode(p.s))
	switch src {
	case "undefined", "NaN", "Infinity", "[object Object]":
		return `"` + src + `" is not valid JSON`
	}
	c := string(utf16.Decode(p.s[p.pos : p.pos+1]))
	const ctx = 10
	n := len(p.s)
	if n <= 2*ctx {
		return "Unexpected token '" + c + "', \"" + src + "\" is not valid JSON"
	}
	if p.pos < ctx {
		return "Unexpected token '" + c + "', \"" + string(utf16.Decode(p.s[:p.pos+ctx])) + "\"... is not valid JSON"
	}
	if p.pos+ctx >= n {
		return "Unexpected token '" + c + "', ...\"" + string(utf16.Decode(p.s[p.pos-ctx:])) + "\" is not valid JSON"
	}
	return "Unexpected token '" + c + "', ...\"" + string(utf16.Decode(p.s[p.pos-ctx:p.pos+ctx])) + "\"... is not valid JSON"
}

// value scans one value and returns V8's message for its first error, or "".
func (p *jsonScan) value() string {
	if p.eos() {
		return jsonEOS
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return p.token()
}

func (p *jsonScan) literal(word string) string {
	for i := 0; i < len(word); i++ {
		if p.eos() || p.s[p.pos] != uint16(word[i]) {
			return p.token()
		}
		p.pos++
	}
	return ""
}

func (p *jsonScan) digits() int {
	n := 0
	for !p.eos() && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
		n++
	}
	return n
}

func (p *jsonScan) number() string {
	if p.s[p.pos] == '-' {
		p.pos++
		if p.eos() || p.s[p.pos] < '0' || p.s[p.pos] > '9' {
			return p.at("No number after minus sign in")
		}
	}
	if p.s[p.pos] == '0' {
		p.pos++
		if !p.eos() && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			return p.at("Unexpected number in")
		}
	} else {
		p.digits()
	}
	if !p.eos() && p.s[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return p.at("Unterminated fractional number in")
		}
	}
	if !p.eos() && (p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
		p.pos++
		if !p.eos() && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return p.at("Exponent part is missing a number in")
		}
	}
	return ""
}

func isHex(c uint16) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (p *jsonScan) str() string {
	p.pos++ // "
	for {
		if p.eos() {
			return p.at("Unterminated string in")
		}
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			return ""
		case c < 0x20:
			return p.at("Bad control character in string literal in")
		case c == '\\':
			p.pos++
			if p.eos() {
				return jsonEOS
			}
			switch p.s[p.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.pos++
			case 'u':
				p.pos++
				for i := 0; i < 4; i++ {
					if p.eos() || !isHex(p.s[p.pos]) {
						return p.at("Bad Unicode escape in")
					}
					p.pos++
				}
			default:
				return p.at("Bad escaped character in")
			}
		default:
			p.pos++
		}
	}
}

func (p *jsonScan) object() string {
	p.pos++ // {
	p.skipSpace()
	if !p.eos() && p.s[p.pos] == '}' {
		p.pos++
		return ""
	}
	first := true
	for {
		p.skipSpace()
		if p.eos() || p.s[p.pos] != '"' {
			if first {
				return p.at("Expected property name or '}' in")
			}
			return p.at("Expected double-quoted property name in")
		}
		first = false
		if msg := p.str(); msg != "" {
			return msg
		}
		p.skipSpace()
		if p.eos() || p.s[p.pos] != ':' {
			return p.at("Expected ':' after property name in")
		}
		p.pos++
		p.skipSpace()
		if msg := p.value(); msg != "" {
			return msg
		}
		if end, msg := p.afterItem('}', "Expected ',' or '}' after property value in"); end {
			return msg
		}
	}
}

func (p *jsonScan) array() string {
	p.pos++ // [
	p.skipSpace()
	if !p.eos() && p.s[p.pos] == ']' {
		p.pos++
		return ""
	}
	for {
		p.skipSpace()
		if msg := p.value(); msg != "" {
			return msg
		}
		if end, msg := p.afterItem(']', "Expected ',' or ']' after array element in"); end {
			return msg
		}
	}
}

// afterItem reads the "," or the closing bracket after a member of an
// object or array: end reports the closing bracket or an error (msg).
func (p *jsonScan) afterItem(closing uint16, expected string) (end bool, msg string) {
	p.skipSpace()
	switch {
	case !p.eos() && p.s[p.pos] == ',':
		p.pos++
		return false, ""
	case !p.eos() && p.s[p.pos] == closing:
		p.pos++
		return true, ""
	}
	return true, p.at(expected)
}
