package python

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// re on Go's regexp (RE2 syntax): no lookaround, no backreferences,
// \d \w \s \b are ASCII-only, and $ without MULTILINE matches only at the
// very end (Python's also matches before a final newline).

const (
	flagIgnoreCase = 2
	flagMultiline  = 8
	flagDotAll     = 16
	flagVerbose    = 64
)

// pattern is a compiled re.Pattern: the search form and the anchored
// forms match() and fullmatch() need.
type pattern struct {
	src          string
	flags        int
	search       *regexp.Regexp
	anchored     *regexp.Regexp
	fullAnchored *regexp.Regexp
}

var patternCache sync.Map // "flags/src" -> *pattern

func compilePattern(src string, flags int) (*pattern, error) {
	key := strconv.Itoa(flags) + "/" + src
	if p, ok := patternCache.Load(key); ok {
		return p.(*pattern), nil
	}
	if flags&flagVerbose != 0 {
		return nil, raise("error", "re.VERBOSE is not supported by the tutor's re (Go's RE2): write the pattern on one line")
	}
	prefix := ""
	if flags&flagIgnoreCase != 0 {
		prefix += "i"
	}
	if flags&flagMultiline != 0 {
		prefix += "m"
	}
	if flags&flagDotAll != 0 {
		prefix += "s"
	}
	if prefix != "" {
		prefix = "(?" + prefix + ")"
	}
	search, err := regexp.Compile(prefix + src)
	if err != nil {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "invalid or unsupported Perl syntax: `(?="), strings.Contains(msg, "`(?!"), strings.Contains(msg, "`(?<"):
			return nil, raise("error", "lookahead and lookbehind ((?=...), (?!...), (?<=...)) are not supported by the tutor's re (Go's RE2): match more and check the groups in code")
		case strings.Contains(msg, "escape sequence: `\\1") || strings.Contains(msg, "invalid escape sequence: `\\"):
			return nil, raise("error", "%s: the tutor's re is Go's RE2, which has no backreferences (\\1); compare the groups in code", strings.TrimPrefix(msg, "error parsing regexp: "))
		}
		return nil, raise("error", "%s (the tutor's re uses Go's RE2 syntax)", strings.TrimPrefix(msg, "error parsing regexp: "))
	}
	p := &pattern{src: src, flags: flags, search: search,
		anchored:     regexp.MustCompile(prefix + `\A(?:` + src + `)`),
		fullAnchored: regexp.MustCompile(prefix + `\A(?:` + src + `)\z`)}
	patternCache.Store(key, p)
	return p, nil
}

func (p *pattern) String() string        { return "re.compile(" + quoteString(p.src) + ")" }
func (p *pattern) pyRepr() string        { return p.String() }
func (p *pattern) Type() string          { return "Pattern" }
func (p *pattern) Freeze()               {}
func (p *pattern) Truth() starlark.Bool  { return true }
func (p *pattern) Hash() (uint32, error) { return starlark.String(p.src).Hash() }
func (p *pattern) AttrNames() []string {
	return []string{"findall", "finditer", "flags", "fullmatch", "groups", "match", "pattern", "search", "split", "sub", "subn"}
}

func (p *pattern) Attr(name string) (starlark.Value, error) {
	switch name {
	case "pattern":
		return starlark.String(p.src), nil
	case "flags":
		return starlark.MakeInt(p.flags), nil
	case "groups":
		return starlark.MakeInt(p.search.NumSubexp()), nil
	}
	if _, ok := reFuncs[name]; !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return reFuncs[name](th, p, args, kwargs)
	}), nil
}

type reFunc func(th *starlark.Thread, p *pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var reFuncs map[string]reFunc

func matchWith(name string, pick func(p *pattern) *regexp.Regexp) reFunc {
	return func(_ *starlark.Thread, p *pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var s string
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &s); err != nil {
			return nil, err
		}
		loc := pick(p).FindStringSubmatchIndex(s)
		if loc == nil {
			return starlark.None, nil
		}
		return &match{p: p, s: s, loc: loc}, nil
	}
}

func init() {
	reFuncs = map[string]reFunc{
		"match":     matchWith("match", func(p *pattern) *regexp.Regexp { return p.anchored }),
		"search":    matchWith("search", func(p *pattern) *regexp.Regexp { return p.search }),
		"fullmatch": matchWith("fullmatch", func(p *pattern) *regexp.Regexp { return p.fullAnchored }),
		"findall": func(_ *starlark.Thread, p *pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs("findall", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			var out []starlark.Value
			n := p.search.NumSubexp()
			for _, loc := range p.search.FindAllStringSubmatchIndex(s, -1) {
				m := &match{p: p, s: s, loc: loc}
				switch n {
				case 0:
					out = append(out, starlark.String(s[loc[0]:loc[1]]))
				case 1:
					out = append(out, m.groupOr(1, starlark.String("")))
				default:
					t := make(starlark.Tuple, n)
					for i := range t {
						t[i] = m.groupOr(i+1, starlark.String(""))
					}
					out = append(out, t)
				}
			}
			return starlark.NewList(out), nil
		},
		"finditer": func(_ *starlark.Thread, p *pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs("finditer", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			var out []starlark.Value
			for _, loc := range p.search.FindAllStringSubmatchIndex(s, -1) {
				out = append(out, &match{p: p, s: s, loc: loc})
			}
			return starlark.NewList(out), nil
		},
		"sub": func(th *starlark.Thread, p *pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			r, _, err := reSub(th, p, "sub", args, kwargs)
			return r, err
		},
		"subn": func(th *starlark.Thread, p *pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			r, n, err := reSub(th, p, "subn", args, kwargs)
			if err != nil {
				return nil, err
			}
			return starlark.Tuple{r, starlark.MakeInt(n)}, nil
		},
		"split": func(_ *starlark.Thread, p *pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			maxsplit := 0
			if err := starlark.UnpackArgs("split", args, kwargs, "string", &s, "maxsplit?", &maxsplit); err != nil {
				return nil, err
			}
			var out []starlark.Value
			last := 0
			for i, loc := range p.search.FindAllStringSubmatchIndex(s, -1) {
				if maxsplit > 0 && i >= maxsplit {
					break
				}
				out = append(out, starlark.String(s[last:loc[0]]))
				m := &match{p: p, s: s, loc: loc}
				for g := 1; g <= p.search.NumSubexp(); g++ {
					out = append(out, m.groupOr(g, starlark.None))
				}
				last = loc[1]
			}
			out = append(out, starlark.String(s[last:]))
			return starlark.NewList(out), nil
		},
	}
}

// reSub is sub/subn: repl is a string with \1, \g<1>, \g<name> and
// escapes, or a function of the match.
func reSub(th *starlark.Thread, p *pattern, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, int, error) {
	var repl starlark.Value
	var s string
	count := 0
	if err := starlark.UnpackArgs(name, args, kwargs, "repl", &repl, "string", &s, "count?", &count); err != nil {
		return nil, 0, err
	}
	var b strings.Builder
	last, n := 0, 0
	for _, loc := range p.search.FindAllStringSubmatchIndex(s, -1) {
		if count > 0 && n >= count {
			break
		}
		b.WriteString(s[last:loc[0]])
		m := &match{p: p, s: s, loc: loc}
		switch r := repl.(type) {
		case starlark.String:
			text, err := expandRepl(m, string(r))
			if err != nil {
				return nil, 0, err
			}
			b.WriteString(text)
		case starlark.Callable:
			v, err := starlark.Call(th, r, starlark.Tuple{m}, nil)
			if err != nil {
				return nil, 0, err
			}
			vs, ok := v.(starlark.String)
			if !ok {
				return nil, 0, raise("TypeError", "expected str instance, %s found", typeName(v))
			}
			b.WriteString(string(vs))
		default:
			return nil, 0, raise("TypeError", "expected str or function as repl, not %s", typeName(repl))
		}
		if b.Len() > maxStringBytes {
			return nil, 0, raise("MemoryError", "re.sub result exceeds %d bytes", maxStringBytes)
		}
		last = loc[1]
		n++
	}
	b.WriteString(s[last:])
	return starlark.String(b.String()), n, nil
}

func expandRepl(m *match, repl string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '\\' || i+1 >= len(repl) {
			b.WriteByte(c)
			continue
		}
		i++
		switch d := repl[i]; {
		case d >= '0' && d <= '9':
			j := i + 1
			if j < len(repl) && repl[j] >= '0' && repl[j] <= '9' {
				j++
			}
			g, _ := strconv.Atoi(repl[i:j])
			v, err := m.group(starlark.MakeInt(g))
			if err != nil {
				return "", err
			}
			if v != starlark.None {
				b.WriteString(string(v.(starlark.String)))
			}
			i = j - 1
		case d == 'g':
			e := strings.IndexByte(repl[i:], '>')
			if i+1 >= len(repl) || repl[i+1] != '<' || e < 0 {
				return "", raise("error", "missing < or > in \\g<name>")
			}
			ref := repl[i+2 : i+e]
			var key starlark.Value = starlark.String(ref)
			if n, err := strconv.Atoi(ref); err == nil {
				key = starlark.MakeInt(n)
			}
			v, err := m.group(key)
			if err != nil {
				return "", err
			}
			if v != starlark.None {
				b.WriteString(string(v.(starlark.String)))
			}
			i += e
		case d == 'n':
			b.WriteByte('\n')
		case d == 't':
			b.WriteByte('\t')
		case d == 'r':
			b.WriteByte('\r')
		case d == '\\':
			b.WriteByte('\\')
		default:
			b.WriteByte('\\')
			b.WriteByte(d)
		}
	}
	return b.String(), nil
}

// match is a re.Match.
type match struct {
	p   *pattern
	s   string
	loc []int
}

func (m *match) pyRepr() string {
	return "<re.Match object; span=(" + strconv.Itoa(m.loc[0]) + ", " + strconv.Itoa(m.loc[1]) + "), match=" + quoteString(m.s[m.loc[0]:m.loc[1]]) + ">"
}
func (m *match) String() string        { return m.pyRepr() }
func (m *match) Type() string          { return "Match" }
func (m *match) Freeze()               {}
func (m *match) Truth() starlark.Bool  { return true }
func (m *match) Hash() (uint32, error) { return 0, raise("TypeError", "unhashable type: 'Match'") }
func (m *match) AttrNames() []string {
	return []string{"end", "group", "groupdict", "groups", "re", "span", "start", "string"}
}

func (m *match) index(g starlark.Value) (int, error) {
	switch x := g.(type) {
	case starlark.Int:
		n, _ := x.Int64()
		if n < 0 || int(n) > m.p.search.NumSubexp() {
			return 0, raise("IndexError", "no such group")
		}
		return int(n), nil
	case starlark.String:
		i := m.p.search.SubexpIndex(string(x))
		if i < 0 {
			return 0, raise("IndexError", "no such group")
		}
		return i, nil
	}
	return 0, raise("IndexError", "no such group")
}

func (m *match) groupOr(i int, def starlark.Value) starlark.Value {
	if m.loc[2*i] < 0 {
		return def
	}
	return starlark.String(m.s[m.loc[2*i]:m.loc[2*i+1]])
}

func (m *match) group(g starlark.Value) (starlark.Value, error) {
	i, err := m.index(g)
	if err != nil {
		return nil, err
	}
	return m.groupOr(i, starlark.None), nil
}

func (m *match) Attr(name string) (starlark.Value, error) {
	fn := func(f builtinFn) (starlark.Value, error) { return starlark.NewBuiltin(name, f), nil }
	oneGroup := func(args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
		var g starlark.Value = starlark.MakeInt(0)
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0, &g); err != nil {
			return 0, err
		}
		return m.index(g)
	}
	switch name {
	case "string":
		return starlark.String(m.s), nil
	case "re":
		return m.p, nil
	case "group":
		return fn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) == 0 {
				return m.groupOr(0, starlark.None), nil
			}
			if len(args) == 1 {
				return m.group(args[0])
			}
			t := make(starlark.Tuple, len(args))
			for i, a := range args {
				v, err := m.group(a)
				if err != nil {
					return nil, err
				}
				t[i] = v
			}
			return t, nil
		})
	case "groups":
		return fn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var def starlark.Value = starlark.None
			if err := starlark.UnpackArgs("groups", args, kwargs, "default?", &def); err != nil {
				return nil, err
			}
			t := make(starlark.Tuple, m.p.search.NumSubexp())
			for i := range t {
				t[i] = m.groupOr(i+1, def)
			}
			return t, nil
		})
	case "groupdict":
		return fn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var def starlark.Value = starlark.None
			if err := starlark.UnpackArgs("groupdict", args, kwargs, "default?", &def); err != nil {
				return nil, err
			}
			d := starlark.NewDict(2)
			for i, n := range m.p.search.SubexpNames() {
				if n != "" {
					_ = d.SetKey(starlark.String(n), m.groupOr(i, def))
				}
			}
			return d, nil
		})
	case "start", "end", "span":
		return fn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			i, err := oneGroup(args, kwargs)
			if err != nil {
				return nil, err
			}
			s, e := starlark.MakeInt(m.loc[2*i]), starlark.MakeInt(m.loc[2*i+1])
			switch name {
			case "start":
				return s, nil
			case "end":
				return e, nil
			}
			return starlark.Tuple{s, e}, nil
		})
	}
	return nil, nil
}

func newReModule() *starlarkstruct.Module {
	m := module("re", map[string]any{
		"IGNORECASE": starlark.MakeInt(flagIgnoreCase), "I": starlark.MakeInt(flagIgnoreCase),
		"MULTILINE": starlark.MakeInt(flagMultiline), "M": starlark.MakeInt(flagMultiline),
		"DOTALL": starlark.MakeInt(flagDotAll), "S": starlark.MakeInt(flagDotAll),
		"VERBOSE": starlark.MakeInt(flagVerbose), "X": starlark.MakeInt(flagVerbose),
		"compile": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var src string
			flags := 0
			if err := starlark.UnpackArgs("compile", args, kwargs, "pattern", &src, "flags?", &flags); err != nil {
				return nil, err
			}
			return compilePattern(src, flags)
		}),
		"escape": builtinFn(func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs("escape", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			// Python escapes every character that is not alphanumeric or _.
			var b strings.Builder
			for _, r := range s {
				if r < 0x80 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
			return starlark.String(b.String()), nil
		}),
	})
	for name, f := range reFuncs {
		name, f := name, f
		m.Members[name] = starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			// re.f(pattern, ..., flags=0)
			if len(args) < 1 {
				return nil, raise("TypeError", "%s() missing required argument 'pattern'", name)
			}
			flags := 0
			var rest []starlark.Tuple
			for _, kv := range kwargs {
				if string(kv[0].(starlark.String)) == "flags" {
					n, err := toInt64(kv[1], "flags")
					if err != nil {
						return nil, err
					}
					flags = int(n)
					continue
				}
				rest = append(rest, kv)
			}
			if len(args) == 3 && (name == "match" || name == "search" || name == "fullmatch" || name == "findall" || name == "finditer") {
				n, err := toInt64(args[2], "flags")
				if err != nil {
					return nil, err
				}
				flags, args = int(n), args[:2]
			}
			var p *pattern
			switch x := args[0].(type) {
			case *pattern:
				p = x
			case starlark.String:
				var err error
				if p, err = compilePattern(string(x), flags); err != nil {
					return nil, err
				}
			default:
				return nil, raise("TypeError", "first argument must be string or compiled pattern")
			}
			return f(th, p, args[1:], rest)
		})
	}
	return m
}
