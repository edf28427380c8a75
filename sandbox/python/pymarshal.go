package python

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"unicode/utf8"
)

// The SDK calls' values cross the channel in the format of Python's marshal
// module (version 4, as CPython 3.12 writes it) when they can: in the
// WebAssembly interpreter, marshal.dumps/loads cost a fraction of the
// json module's work, and bytes and sets need no tags. Values marshal
// cannot carry (Decimal, datetime) travel as JSON instead (aws.go).
//
// Only the types an SDK call holds are read and written: None, bool,
// int, float, str, bytes, tuple, list, dict with str keys, set, frozenset.
// https://github.com/python/cpython/blob/v3.12.0/Python/marshal.c

const marshalFlagRef = 0x80

// unmarshalPy reads one marshalled value.
func unmarshalPy(data []byte) (any, error) {
	r := &pyReader{data: data}
	v, err := r.value()
	if err != nil {
		return nil, err
	}
	if r.pos != len(data) {
		return nil, fmt.Errorf("marshal: %d bytes after the value", len(data)-r.pos)
	}
	return v, nil
}

type pyReader struct {
	data []byte
	pos  int
	refs []any
}

var errShort = errors.New("marshal: data ends early")

func (r *pyReader) byte() (byte, error) {
	if r.pos >= len(r.data) {
		return 0, errShort
	}
	b := r.data[r.pos]
	r.pos++
	return b, nil
}

func (r *pyReader) bytes(n int) ([]byte, error) {
	if n < 0 || r.pos+n > len(r.data) {
		return nil, errShort
	}
	b := r.data[r.pos : r.pos+n]
	r.pos += n
	return b, nil
}

func (r *pyReader) int32() (int, error) {
	b, err := r.bytes(4)
	if err != nil {
		return 0, err
	}
	return int(int32(binary.LittleEndian.Uint32(b))), nil
}

func (r *pyReader) value() (any, error) {
	code, err := r.byte()
	if err != nil {
		return nil, err
	}
	ref := -1
	if code&marshalFlagRef != 0 {
		code &^= marshalFlagRef
		ref = len(r.refs)
		r.refs = append(r.refs, nil)
	}
	v, err := r.object(code)
	if err != nil {
		return nil, err
	}
	if ref >= 0 {
		r.refs[ref] = v
	}
	return v, nil
}

func (r *pyReader) object(code byte) (any, error) {
	switch code {
	case 'N':
		return nil, nil
	case 'F':
		return false, nil
	case 'T':
		return true, nil
	case 'i':
		return r.int32()
	case 'l':
		n, err := r.int32()
		if err != nil {
			return nil, err
		}
		neg := n < 0
		if neg {
			n = -n
		}
		// The digits are base 2**15, least significant first.
		digits, err := r.bytes(2 * n)
		if err != nil {
			return nil, err
		}
		x := new(big.Int)
		for i := n - 1; i >= 0; i-- {
			x.Lsh(x, 15)
			x.Or(x, big.NewInt(int64(binary.LittleEndian.Uint16(digits[2*i:]))))
		}
		if neg {
			x.Neg(x)
		}
		if x.IsInt64() && int64(int(x.Int64())) == x.Int64() {
			return int(x.Int64()), nil
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, nil
	case 'g':
		b, err := r.bytes(8)
		if err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(b)), nil
	case 's':
		n, err := r.int32()
		if err != nil {
			return nil, err
		}
		b, err := r.bytes(n)
		if err != nil {
			return nil, err
		}
		out := make([]byte, len(b))
		copy(out, b)
		return out, nil
	case 'u', 't', 'a', 'A':
		n, err := r.int32()
		if err != nil {
			return nil, err
		}
		b, err := r.bytes(n)
		return string(b), err
	case 'z', 'Z':
		n, err := r.byte()
		if err != nil {
			return nil, err
		}
		b, err := r.bytes(int(n))
		return string(b), err
	case '(', '[', '<', '>', ')':
		var n int
		var err error
		if code == ')' {
			b, err := r.byte()
			if err != nil {
				return nil, err
			}
			n = int(b)
		} else if n, err = r.int32(); err != nil {
			return nil, err
		}
		if n < 0 || n > len(r.data) {
			return nil, errShort
		}
		list := make([]any, n)
		for i := range list {
			if list[i], err = r.value(); err != nil {
				return nil, err
			}
		}
		return list, nil
	case '{':
		m := map[string]any{}
		for {
			if r.pos < len(r.data) && r.data[r.pos] == '0' {
				r.pos++
				return m, nil
			}
			k, err := r.value()
			if err != nil {
				return nil, err
			}
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("marshal: a dict key of type %T (SDK parameters have str keys)", k)
			}
			if m[ks], err = r.value(); err != nil {
				return nil, err
			}
		}
	case 'r':
		i, err := r.int32()
		if err != nil {
			return nil, err
		}
		if i < 0 || i >= len(r.refs) {
			return nil, fmt.Errorf("marshal: reference %d out of range", i)
		}
		return r.refs[i], nil
	}
	return nil, fmt.Errorf("marshal: type code %q is not an SDK value", code)
}

var errNotMarshal = errors.New("marshal: value has no marshal form")

// marshalPy appends v in marshal's format; errNotMarshal when v holds what
// marshal cannot carry (a time, a string that is not UTF-8).
func marshalPy(buf []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(buf, 'N'), nil
	case bool:
		if v {
			return append(buf, 'T'), nil
		}
		return append(buf, 'F'), nil
	case int:
		return marshalInt(buf, int64(v)), nil
	case int64:
		return marshalInt(buf, v), nil
	case float64:
		buf = append(buf, 'g')
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(v)), nil
	case string:
		return marshalStr(buf, v)
	case []byte:
		buf = append(buf, 's')
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(v)))
		return append(buf, v...), nil
	case map[string]any:
		buf = append(buf, '{')
		var err error
		for k, x := range v {
			if buf, err = marshalStr(buf, k); err != nil {
				return nil, err
			}
			if buf, err = marshalPy(buf, x); err != nil {
				return nil, err
			}
		}
		return append(buf, '0'), nil
	case []any:
		buf = append(buf, '[')
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(v)))
		var err error
		for _, x := range v {
			if buf, err = marshalPy(buf, x); err != nil {
				return nil, err
			}
		}
		return buf, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return marshalStr(buf, rv.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return marshalInt(buf, rv.Int()), nil
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return marshalInt(buf, int64(rv.Uint())), nil
	case reflect.Float32:
		return marshalPy(buf, rv.Float())
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return append(buf, 'N'), nil
		}
		buf = append(buf, '[')
		buf = binary.LittleEndian.AppendUint32(buf, uint32(rv.Len()))
		var err error
		for i := 0; i < rv.Len(); i++ {
			if buf, err = marshalPy(buf, rv.Index(i).Interface()); err != nil {
				return nil, err
			}
		}
		return buf, nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, errNotMarshal
		}
		buf = append(buf, '{')
		var err error
		it := rv.MapRange()
		for it.Next() {
			if buf, err = marshalStr(buf, it.Key().String()); err != nil {
				return nil, err
			}
			if buf, err = marshalPy(buf, it.Value().Interface()); err != nil {
				return nil, err
			}
		}
		return append(buf, '0'), nil
	case reflect.Pointer:
		if rv.IsNil() {
			return append(buf, 'N'), nil
		}
		return marshalPy(buf, rv.Elem().Interface())
	}
	return nil, errNotMarshal
}

func marshalInt(buf []byte, n int64) []byte {
	if n >= math.MinInt32 && n <= math.MaxInt32 {
		buf = append(buf, 'i')
		return binary.LittleEndian.AppendUint32(buf, uint32(int32(n)))
	}
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	var digits []uint16
	for u > 0 {
		digits = append(digits, uint16(u&0x7fff))
		u >>= 15
	}
	size := int32(len(digits))
	if neg {
		size = -size
	}
	buf = append(buf, 'l')
	buf = binary.LittleEndian.AppendUint32(buf, uint32(size))
	for _, d := range digits {
		buf = binary.LittleEndian.AppendUint16(buf, d)
	}
	return buf
}

func marshalStr(buf []byte, s string) ([]byte, error) {
	if !utf8.ValidString(s) {
		return nil, errNotMarshal
	}
	buf = append(buf, 'u')
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(s)))
	return append(buf, s...), nil
}
