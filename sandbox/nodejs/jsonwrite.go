package nodejs

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// maxWriteDepth bounds the fast serializer; deeper (or circular) values go
// to JSON.stringify, which also gives the right TypeError.
const maxWriteDepth = 128

// stringifyResponse serializes the handler's result as JSON.stringify
// would. Plain objects, arrays and primitives take a fast path in Go
// (about twice as fast as goja's JSON.stringify, and no JSON object to
// build in a new VM); anything else — toJSON, Map, Date, boxed values,
// BigInt — is written by JSON.stringify itself, the whole result when it
// is at the top and the one member otherwise (see appendValue); cycles
// and throwing getters send the whole result to JSON.stringify.
// ok is false when the result serializes to undefined.
func (in *instance) stringifyResponse(v goja.Value) (out []byte, ok bool, err error) {
	buf := make([]byte, 0, 128)
	fast := false
	in.jsonTooDeep = false
	_ = in.guard(func() {
		buf, fast = in.appendJSON(buf, v, 0)
	})
	if fast {
		return buf, true, nil
	}
	s, err := in.jsonFunc("stringify")(goja.Undefined(), v)
	if err != nil {
		return nil, false, err
	}
	if goja.IsUndefined(s) {
		return nil, false, nil
	}
	return []byte(s.String()), true, nil
}

// skipped reports values JSON leaves out of objects (null in arrays).
func skipped(v goja.Value) bool {
	if v == nil || goja.IsUndefined(v) {
		return true
	}
	if _, ok := v.(*goja.Symbol); ok {
		return true
	}
	if o, ok := v.(*goja.Object); ok {
		if _, isFn := goja.AssertFunction(o); isFn {
			return true
		}
	}
	return false
}

// appendJSON appends v; false means "use JSON.stringify instead".
func (in *instance) appendJSON(b []byte, v goja.Value, depth int) ([]byte, bool) {
	if depth > maxWriteDepth {
		in.jsonTooDeep = true
		return b, false
	}
	if v == nil || goja.IsUndefined(v) {
		return b, false // only reached at the top: JSON.stringify(undefined)
	}
	if goja.IsNull(v) {
		return append(b, "null"...), true
	}
	if _, isSym := v.(*goja.Symbol); isSym {
		return b, false
	}
	obj, isObj := v.(*goja.Object)
	if !isObj {
		switch x := v.Export().(type) {
		case string:
			return appendJSString(b, x), true
		case int64:
			return strconv.AppendInt(b, x, 10), true
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return append(b, "null"...), true
			}
			return append(b, v.String()...), true
		case bool:
			return strconv.AppendBool(b, x), true
		}
		return b, false // BigInt, symbol: JSON.stringify decides
	}
	if _, isFn := goja.AssertFunction(obj); isFn {
		return b, false
	}
	class := obj.ClassName()
	if class != "Object" && class != "Array" {
		return b, false
	}
	if t := obj.Get("toJSON"); t != nil && !goja.IsUndefined(t) {
		return b, false
	}
	if class == "Array" {
		n := obj.Get("length").ToInteger()
		b = append(b, '[')
		for i := int64(0); i < n; i++ {
			if i > 0 {
				b = append(b, ',')
			}
			k := strconv.FormatInt(i, 10)
			el := obj.Get(k)
			if skipped(el) {
				b = append(b, "null"...)
				continue
			}
			n := len(b)
			var ok bool
			if b, ok = in.appendValue(b, k, el, depth+1); !ok {
				return b, false
			}
			if len(b) == n {
				b = append(b, "null"...) // as JSON.stringify writes a left-out element
			}
		}
		return append(b, ']'), true
	}
	b = append(b, '{')
	first := true
	for _, k := range obj.Keys() {
		val := obj.Get(k)
		if skipped(val) {
			continue
		}
		mark := len(b)
		if !first {
			b = append(b, ',')
		}
		b = appendJSString(b, k)
		b = append(b, ':')
		n := len(b)
		var ok bool
		if b, ok = in.appendValue(b, k, val, depth+1); !ok {
			return b, false
		}
		if len(b) == n {
			b = b[:mark] // JSON.stringify left the member out
			continue
		}
		first = false
	}
	return append(b, '}'), true
}

// appendValue appends v, the member k of an object or array being
// written. A value the fast path cannot write (toJSON, Date, Map, BigInt
// ...) is written by JSON.stringify on its own, as the member of a holder
// with the same key, rather than sending the whole result to
// JSON.stringify: its holder's getters have run already and must not run
// twice. It appends nothing when JSON.stringify leaves the member out.
// Values too deep (or circular) still send the whole result back.
func (in *instance) appendValue(b []byte, k string, v goja.Value, depth int) ([]byte, bool) {
	n := len(b)
	b, ok := in.appendJSON(b, v, depth)
	if ok || in.jsonTooDeep {
		return b, ok
	}
	b = b[:n]
	holder := in.vm.NewObject()
	if err := holder.DefineDataProperty(k, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
		return b, false
	}
	s, err := in.jsonFunc("stringify")(goja.Undefined(), holder)
	if err != nil {
		panic(err)
	}
	text := s.String()
	if text == "{}" {
		return b, true
	}
	prefix := string(appendJSString([]byte{'{'}, k)) + ":"
	if len(text) < len(prefix)+1 || text[:len(prefix)] != prefix || text[len(text)-1] != '}' {
		return b, false
	}
	return append(b, text[len(prefix):len(text)-1]...), true
}

const hexDigits = "0123456789abcdef"

// appendJSString quotes a string as JSON.stringify does: only ", \ and
// control characters are escaped (lower-case \u00XX), everything else is
// written as is.
func appendJSString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
