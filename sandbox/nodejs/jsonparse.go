package nodejs

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// errJSONFallback makes parseEvent hand over to JSON.parse.
var errJSONFallback = errors.New("fall back to JSON.parse")

// maxJSONDepth bounds the recursion of the fast parser.
const maxJSONDepth = 512

// parseEvent turns the event's JSON into JavaScript values as JSON.parse
// would, three to four times faster than goja's JSON.parse (which goes
// through encoding/json's tokenizer). An event of a shape the environment
// has seen before is built by the shape's compiled function (jsonshape.go).
// Anything unusual falls back to JSON.parse, which also gives the right
// SyntaxError.
func (in *instance) parseEvent(data []byte) (goja.Value, error) {
	if in.jsonStrings == nil {
		in.jsonStrings = make(map[string]cachedString)
	}
	if v, ok := in.parseByShape(data); ok {
		return v, nil
	}
	p := jsonParser{vm: in.vm, data: data, strs: in.jsonStrings}
	v, err := p.value(0)
	if err == nil {
		p.space()
		if p.pos != len(p.data) {
			err = errJSONFallback
		}
	}
	if err != nil {
		return in.jsonFunc("parse")(goja.Undefined(), in.vm.ToValue(string(data)))
	}
	return v, nil
}

type jsonParser struct {
	vm   *goja.Runtime
	data []byte
	pos  int
	strs map[string]cachedString // short strings seen before (keys, header values), nil for none
}

// Events of one function repeat their keys and many short values from one
// invoke to the next; reusing their strings and JavaScript values saves
// about a third of the conversion's allocations. JavaScript strings are
// immutable, so sharing one value is invisible to the handler.
const (
	maxCachedString  = 64
	maxCachedStrings = 2048
)

type cachedString struct {
	s string
	v goja.Value
}

// cached returns the value of the string raw (unescaped, valid UTF-8).
func (p *jsonParser) cached(raw []byte) (string, goja.Value) {
	if p.strs == nil || len(raw) > maxCachedString {
		s := string(raw)
		return s, p.vm.ToValue(s)
	}
	if c, ok := p.strs[string(raw)]; ok {
		return c.s, c.v
	}
	s := string(raw)
	v := p.vm.ToValue(s)
	if len(p.strs) < maxCachedStrings {
		p.strs[s] = cachedString{s, v}
	}
	return s, v
}

func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (goja.Value, error) {
	if depth > maxJSONDepth {
		return nil, errJSONFallback
	}
	p.space()
	if p.pos >= len(p.data) {
		return nil, errJSONFallback
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		_, v, err := p.str()
		return v, err
	case c == 't':
		return p.literal("true", p.vm.ToValue(true))
	case c == 'f':
		return p.literal("false", p.vm.ToValue(false))
	case c == 'n':
		return p.literal("null", goja.Null())
	default:
		return p.number()
	}
}

func (p *jsonParser) literal(word string, v goja.Value) (goja.Value, error) {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return nil, errJSONFallback
	}
	p.pos += len(word)
	return v, nil
}

func (p *jsonParser) number() (goja.Value, error) {
	start := p.pos
	isInt := true
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c >= '0' && c <= '9' || c == '-' {
			p.pos++
			continue
		}
		if c == '.' || c == 'e' || c == 'E' || c == '+' {
			isInt = false
			p.pos++
			continue
		}
		break
	}
	lit := string(p.data[start:p.pos])
	if lit == "" || !json.Valid(p.data[start:p.pos]) {
		return nil, errJSONFallback
	}
	if isInt && lit != "-0" {
		if n, err := strconv.ParseInt(lit, 10, 64); err == nil && n > -(1<<53) && n < 1<<53 {
			return p.vm.ToValue(n), nil
		}
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil && !math.IsInf(f, 0) {
		return nil, errJSONFallback
	}
	return p.vm.ToValue(f), nil
}

// str reads a string; escapes are decoded by encoding/json.
func (p *jsonParser) str() (string, goja.Value, error) {
	start := p.pos
	p.pos++
	escaped := false
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			if !escaped {
				raw := p.data[start+1 : p.pos-1]
				if !utf8.Valid(raw) {
					return "", nil, errJSONFallback
				}
				s, v := p.cached(raw)
				return s, v, nil
			}
			var s string
			if err := json.Unmarshal(p.data[start:p.pos], &s); err != nil {
				return "", nil, errJSONFallback
			}
			return s, p.vm.ToValue(s), nil
		case c == '\\':
			escaped = true
			p.pos += 2
		case c < 0x20:
			return "", nil, errJSONFallback
		default:
			p.pos++
		}
	}
	return "", nil, errJSONFallback
}

func (p *jsonParser) object(depth int) (goja.Value, error) {
	p.pos++ // {
	obj := p.vm.NewObject()
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return obj, nil
	}
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, errJSONFallback
		}
		key, _, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, errJSONFallback
		}
		p.pos++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if key == "__proto__" {
			// JSON.parse makes an own property; Set would change the prototype.
			if obj.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE) != nil {
				return nil, errJSONFallback
			}
		} else if obj.Set(key, v) != nil {
			return nil, errJSONFallback
		}
		p.space()
		if p.pos >= len(p.data) {
			return nil, errJSONFallback
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return obj, nil
		default:
			return nil, errJSONFallback
		}
	}
}

func (p *jsonParser) array(depth int) (goja.Value, error) {
	p.pos++ // [
	var items []interface{}
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return p.vm.NewArray(), nil
	}
	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		p.space()
		if p.pos >= len(p.data) {
			return nil, errJSONFallback
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return p.vm.NewArray(items...), nil
		default:
			return nil, errJSONFallback
		}
	}
}
