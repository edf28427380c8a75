package python

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// urllib.parse: quoting and query strings as CPython does them (S3 keys
// arrive URL-encoded with + for spaces: unquote_plus).

const upperHex = "0123456789ABCDEF"

// quote percent-encodes every byte except letters, digits, "_.-~" and
// the characters in safe.
func quote(s, safe string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-~", c) >= 0 ||
			c < 0x80 && strings.IndexByte(safe, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

func quotePlus(s, safe string) string {
	if !strings.Contains(s, " ") {
		return quote(s, safe)
	}
	return strings.ReplaceAll(quote(s, safe+" "), " ", "+")
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// unquote decodes %XX escapes; the bytes are read as UTF-8, invalid
// sequences replaced by U+FFFD (errors='replace'), as CPython does.
func unquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				b.WriteByte(h<<4 | l)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return strings.ToValidUTF8(b.String(), "\ufffd")
}

func parseQSL(qs string, keepBlank bool) [][2]string {
	var out [][2]string
	for _, part := range strings.Split(qs, "&") {
		if part == "" {
			continue
		}
		name, value, found := strings.Cut(part, "=")
		if !found && !keepBlank {
			continue
		}
		if value == "" && !keepBlank {
			continue
		}
		out = append(out, [2]string{unquote(strings.ReplaceAll(name, "+", " ")), unquote(strings.ReplaceAll(value, "+", " "))})
	}
	return out
}

func newURLParseModule() *starlarkstruct.Module {
	strFn := func(name string, f func(s, safe string) string, defSafe string) builtinFn {
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s starlark.Value
			safe := defSafe
			var enc, errs starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "string", &s, "safe?", &safe, "encoding?", &enc, "errors?", &errs); err != nil {
				return nil, err
			}
			var text string
			switch x := s.(type) {
			case starlark.String:
				text = string(x)
			case starlark.Bytes:
				text = string(x)
			default:
				return nil, raise("TypeError", "quote() doesn't support '%s' objects", typeName(s))
			}
			return starlark.String(f(text, safe)), nil
		}
	}
	unq := func(name string, plus bool) builtinFn {
		return func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			var enc, errs starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "string", &s, "encoding?", &enc, "errors?", &errs); err != nil {
				return nil, err
			}
			if plus {
				s = strings.ReplaceAll(s, "+", " ")
			}
			return starlark.String(unquote(s)), nil
		}
	}
	qsArgs := func(name string, args starlark.Tuple, kwargs []starlark.Tuple) (string, bool, error) {
		var qs string
		keep := false
		var strict, maxn, sep, enc, errs starlark.Value
		err := starlark.UnpackArgs(name, args, kwargs, "qs", &qs, "keep_blank_values?", &keep, "strict_parsing?", &strict,
			"encoding?", &enc, "errors?", &errs, "max_num_fields?", &maxn, "separator?", &sep)
		return qs, keep, err
	}
	return module("urllib.parse", map[string]any{
		"quote":        strFn("quote", quote, "/"),
		"quote_plus":   strFn("quote_plus", quotePlus, ""),
		"unquote":      unq("unquote", false),
		"unquote_plus": unq("unquote_plus", true),
		"parse_qs": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			qs, keep, err := qsArgs("parse_qs", args, kwargs)
			if err != nil {
				return nil, err
			}
			d := starlark.NewDict(4)
			for _, kv := range parseQSL(qs, keep) {
				v, found, _ := d.Get(starlark.String(kv[0]))
				if !found {
					v = starlark.NewList(nil)
					_ = d.SetKey(starlark.String(kv[0]), v)
				}
				_ = v.(*starlark.List).Append(starlark.String(kv[1]))
			}
			return d, nil
		}),
		"parse_qsl": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			qs, keep, err := qsArgs("parse_qsl", args, kwargs)
			if err != nil {
				return nil, err
			}
			var out []starlark.Value
			for _, kv := range parseQSL(qs, keep) {
				out = append(out, starlark.Tuple{starlark.String(kv[0]), starlark.String(kv[1])})
			}
			return starlark.NewList(out), nil
		}),
		"urlencode": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var query starlark.Value
			doseq := false
			safe := ""
			var enc, errs, via starlark.Value
			if err := starlark.UnpackArgs("urlencode", args, kwargs, "query", &query, "doseq?", &doseq, "safe?", &safe,
				"encoding?", &enc, "errors?", &errs, "quote_via?", &via); err != nil {
				return nil, err
			}
			var pairs [][2]starlark.Value
			switch q := query.(type) {
			case *starlark.Dict:
				for _, it := range q.Items() {
					pairs = append(pairs, [2]starlark.Value{it[0], it[1]})
				}
			case starlark.Iterable:
				iter := q.Iterate()
				defer iter.Done()
				var e starlark.Value
				for iter.Next(&e) {
					t, ok := e.(starlark.Indexable)
					if !ok || t.Len() != 2 {
						return nil, raise("TypeError", "not a valid non-string sequence or mapping object")
					}
					pairs = append(pairs, [2]starlark.Value{t.Index(0), t.Index(1)})
				}
			default:
				return nil, raise("TypeError", "not a valid non-string sequence or mapping object")
			}
			text := func(v starlark.Value) string {
				if b, ok := v.(starlark.Bytes); ok {
					return quotePlus(string(b), safe)
				}
				return quotePlus(pyStr(v), safe)
			}
			var parts []string
			for _, p := range pairs {
				k := text(p[0])
				if seq, ok := p[1].(starlark.Indexable); ok && doseq {
					if _, isStr := p[1].(starlark.String); !isStr {
						for i := 0; i < seq.Len(); i++ {
							parts = append(parts, k+"="+text(seq.Index(i)))
						}
						continue
					}
				}
				parts = append(parts, k+"="+text(p[1]))
			}
			return starlark.String(strings.Join(parts, "&")), nil
		}),
	})
}
