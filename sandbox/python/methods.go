package python

import (
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// pyMethods are the method names whose calls go through __meth__, so
// that the str, bytes, list and dict methods Starlark lacks (or has with
// other behaviour, like str.format) work as in Python.
var pyMethods = map[string]bool{"format": true, "encode": true, "decode": true, "hex": true, "zfill": true,
	"ljust": true, "rjust": true, "center": true, "casefold": true, "swapcase": true, "isnumeric": true,
	"isdecimal": true, "copy": true, "sort": true, "reverse": true, "count": true}

func builtinMethod(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	recv, name := args[0], string(args[1].(starlark.String))
	rest := args[2:]
	if fn := lookupMethod(recv, name); fn != nil {
		return fn(th, recv, rest, kwargs)
	}
	ha, ok := recv.(starlark.HasAttrs)
	if ok {
		m, err := ha.Attr(name)
		if err != nil {
			return nil, err
		}
		if m != nil {
			return starlark.Call(th, m, rest, kwargs)
		}
	}
	return nil, raise("AttributeError", "'%s' object has no attribute '%s'", typeName(recv), name)
}

type methodFn func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

func lookupMethod(recv starlark.Value, name string) methodFn {
	switch recv.(type) {
	case starlark.String:
		return strMethods[name]
	case starlark.Bytes:
		return bytesMethods[name]
	case *starlark.List:
		return listMethods[name]
	case *starlark.Dict:
		if name == "copy" {
			return dictCopy
		}
	}
	return nil
}

var strMethods map[string]methodFn

func init() {
	justify := func(name string, where byte) methodFn {
		return func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var width int
			fill := " "
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &width, &fill); err != nil {
				return nil, err
			}
			if utf8.RuneCountInString(fill) != 1 {
				return nil, raise("TypeError", "The fill character must be exactly one character long")
			}
			if width > maxStringBytes {
				return nil, raise("MemoryError", "%s width too large", name)
			}
			r, _ := utf8.DecodeRuneInString(fill)
			return starlark.String(pad("", string(recv.(starlark.String)), fspec{fill: r, width: width, align: where}, where)), nil
		}
	}
	strMethods = map[string]methodFn{
		"format": func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return strFormat(th, string(recv.(starlark.String)), args, kwargs)
		},
		"encode": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			enc, errs := "utf-8", "strict"
			if err := starlark.UnpackArgs("encode", args, kwargs, "encoding?", &enc, "errors?", &errs); err != nil {
				return nil, err
			}
			if !isUTF8Name(enc) {
				return nil, raise("LookupError", "the tutor's Python only has the utf-8 codec, not '%s'", enc)
			}
			return starlark.Bytes(string(recv.(starlark.String))), nil
		},
		"zfill": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var width int
			if err := starlark.UnpackPositionalArgs("zfill", args, kwargs, 1, &width); err != nil {
				return nil, err
			}
			s := string(recv.(starlark.String))
			sign := ""
			if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
				sign, s = s[:1], s[1:]
			}
			return starlark.String(pad(sign, s, fspec{fill: '0', width: min(width, maxStringBytes), align: '='}, '=')), nil
		},
		"ljust":  justify("ljust", '<'),
		"rjust":  justify("rjust", '>'),
		"center": justify("center", '^'),
		"casefold": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(strings.ToLower(string(recv.(starlark.String)))), nil
		},
		"swapcase": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(strings.Map(func(r rune) rune {
				if unicode.IsUpper(r) {
					return unicode.ToLower(r)
				}
				return unicode.ToUpper(r)
			}, string(recv.(starlark.String)))), nil
		},
		"isnumeric": isAll(unicode.IsNumber),
		"isdecimal": isAll(unicode.IsDigit),
	}
}

func isAll(f func(rune) bool) methodFn {
	return func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		s := string(recv.(starlark.String))
		if s == "" {
			return starlark.False, nil
		}
		for _, r := range s {
			if !f(r) {
				return starlark.False, nil
			}
		}
		return starlark.True, nil
	}
}

func isUTF8Name(s string) bool {
	switch strings.ToLower(strings.ReplaceAll(s, "_", "-")) {
	case "utf-8", "utf8", "ascii", "us-ascii":
		return true
	}
	return false
}

var bytesMethods = map[string]methodFn{
	"decode": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		enc, errs := "utf-8", "strict"
		if err := starlark.UnpackArgs("decode", args, kwargs, "encoding?", &enc, "errors?", &errs); err != nil {
			return nil, err
		}
		if !isUTF8Name(enc) {
			return nil, raise("LookupError", "the tutor's Python only has the utf-8 codec, not '%s'", enc)
		}
		b := string(recv.(starlark.Bytes))
		if !utf8.ValidString(b) {
			if errs == "strict" {
				for i := 0; i < len(b); {
					r, n := utf8.DecodeRuneInString(b[i:])
					if r == utf8.RuneError && n == 1 {
						return nil, raise("UnicodeDecodeError", "'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", b[i], i)
					}
					i += n
				}
			}
			b = strings.ToValidUTF8(b, "\ufffd")
		}
		return starlark.String(b), nil
	},
	"hex": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return starlark.String(hex.EncodeToString([]byte(recv.(starlark.Bytes)))), nil
	},
}

var listMethods = map[string]methodFn{
	"copy": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		l := recv.(*starlark.List)
		out := make([]starlark.Value, l.Len())
		for i := range out {
			out[i] = l.Index(i)
		}
		return starlark.NewList(out), nil
	},
	"reverse": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		l := recv.(*starlark.List)
		for i, j := 0, l.Len()-1; i < j; i, j = i+1, j-1 {
			a, b := l.Index(i), l.Index(j)
			if err := l.SetIndex(i, b); err != nil {
				return nil, err
			}
			_ = l.SetIndex(j, a)
		}
		return starlark.None, nil
	},
	"count": func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		if err := starlark.UnpackPositionalArgs("count", args, kwargs, 1, &x); err != nil {
			return nil, err
		}
		l := recv.(*starlark.List)
		n := 0
		for i := 0; i < l.Len(); i++ {
			if eq, err := starlark.Equal(l.Index(i), x); err == nil && eq {
				n++
			}
		}
		return starlark.MakeInt(n), nil
	},
	"sort": func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) > 0 {
			return nil, raise("TypeError", "sort() takes no positional arguments")
		}
		l := recv.(*starlark.List)
		sorted, ok := starlark.Universe["sorted"].(*starlark.Builtin)
		if !ok {
			return nil, raise("RuntimeError", "sorted is missing")
		}
		r, err := starlark.Call(th, sorted, starlark.Tuple{l}, kwargs)
		if err != nil {
			return nil, err
		}
		s := r.(*starlark.List)
		for i := 0; i < s.Len(); i++ {
			if err := l.SetIndex(i, s.Index(i)); err != nil {
				return nil, err
			}
		}
		return starlark.None, nil
	},
}

func dictCopy(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	d := recv.(*starlark.Dict)
	out := starlark.NewDict(d.Len())
	for _, it := range d.Items() {
		_ = out.SetKey(it[0], it[1])
	}
	return out, nil
}
