package eventbridge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strings"
)

// Pattern is a parsed event pattern.
//
// Source: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
// and https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
type Pattern struct {
	fields map[string]*node // keys in the event
	or     []*Pattern       // "$or": any of these, each combined with fields
}

// node is either a nested pattern or a list of matchers for a leaf.
type node struct {
	nested   *Pattern
	matchers []matcher
}

type matcher struct {
	kind string // exact, prefix, suffix, eqic, anything-but, numeric, exists, cidr, wildcard
	// exact: the JSON value (string, float64, bool or nil)
	value any
	str   string
	ic    bool // prefix/suffix/anything-but with equals-ignore-case
	// anything-but: the excluded values, or a nested prefix/suffix/... matcher
	but    []any
	butSub *matcher
	// numeric: comparisons
	cmps   []numCmp
	exists bool
	prefix netip.Prefix
}

type numCmp struct {
	op string
	v  float64
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("Event pattern is not valid. Reason: "+format, args...)
}

// ParsePattern reads an event pattern (JSON) and checks it as EventBridge
// does when a rule is created.
func ParsePattern(doc string) (*Pattern, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, invalid("the pattern is not valid JSON: %v", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalid("Filter is not an object")
	}
	if len(m) == 0 {
		return nil, invalid("Empty objects are not allowed")
	}
	return parseObject(m, "")
}

func parseObject(m map[string]any, path string) (*Pattern, error) {
	p := &Pattern{fields: map[string]*node{}}
	for k, v := range m {
		if k == "$or" {
			list, ok := v.([]any)
			if !ok || len(list) < 2 {
				return nil, invalid("$or must be a list of at least two patterns")
			}
			for _, x := range list {
				sub, ok := x.(map[string]any)
				if !ok || len(sub) == 0 {
					return nil, invalid("each $or entry must be a non-empty object")
				}
				sp, err := parseObject(sub, path)
				if err != nil {
					return nil, err
				}
				p.or = append(p.or, sp)
			}
			continue
		}
		switch x := v.(type) {
		case map[string]any:
			if len(x) == 0 {
				return nil, invalid("Empty objects are not allowed")
			}
			sub, err := parseObject(x, path+k+".")
			if err != nil {
				return nil, err
			}
			p.fields[k] = &node{nested: sub}
		case []any:
			if len(x) == 0 {
				return nil, invalid("Empty arrays are not allowed")
			}
			var ms []matcher
			for _, y := range x {
				mm, err := parseMatcher(y, path+k)
				if err != nil {
					return nil, err
				}
				ms = append(ms, mm)
			}
			p.fields[k] = &node{matchers: ms}
		default:
			return nil, invalid("\"%s%s\" must be an object or an array", path, k)
		}
	}
	return p, nil
}

func num(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// literal normalises a JSON scalar: numbers become float64.
func literal(v any) (any, bool) {
	switch x := v.(type) {
	case string, bool, nil:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return nil, false
}

func parseMatcher(v any, field string) (matcher, error) {
	if l, ok := literal(v); ok {
		return matcher{kind: "exact", value: l}, nil
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return matcher{}, invalid("Match value for %s must be a string, a number, a boolean, null or an object with one operator", field)
	}
	for op, arg := range m {
		switch op {
		case "prefix", "suffix":
			if s, ok := arg.(string); ok {
				return matcher{kind: op, str: s}, nil
			}
			if sub, ok := arg.(map[string]any); ok && len(sub) == 1 {
				if s, ok := sub["equals-ignore-case"].(string); ok {
					return matcher{kind: op, str: s, ic: true}, nil
				}
			}
			return matcher{}, invalid("%s match pattern must be a string", op)
		case "equals-ignore-case":
			s, ok := arg.(string)
			if !ok {
				return matcher{}, invalid("equals-ignore-case match pattern must be a string")
			}
			return matcher{kind: "eqic", str: s}, nil
		case "wildcard":
			s, ok := arg.(string)
			if !ok {
				return matcher{}, invalid("wildcard match pattern must be a string")
			}
			if strings.Contains(s, "**") {
				return matcher{}, invalid("Consecutive wildcard characters at pos %d", strings.Index(s, "**")+1)
			}
			return matcher{kind: "wildcard", str: s}, nil
		case "exists":
			b, ok := arg.(bool)
			if !ok {
				return matcher{}, invalid("exists match pattern must be either true or false.")
			}
			return matcher{kind: "exists", exists: b}, nil
		case "cidr":
			s, ok := arg.(string)
			pfx, err := netip.ParsePrefix(s)
			if !ok || err != nil {
				return matcher{}, invalid("Malformed CIDR, one '/' required")
			}
			return matcher{kind: "cidr", prefix: pfx.Masked()}, nil
		case "numeric":
			return parseNumeric(arg)
		case "anything-but":
			return parseAnythingBut(arg)
		default:
			return matcher{}, invalid("Unrecognized match type %s", op)
		}
	}
	panic("unreachable")
}

func parseNumeric(arg any) (matcher, error) {
	list, ok := arg.([]any)
	if !ok || len(list) == 0 || len(list)%2 != 0 || len(list) > 4 {
		return matcher{}, invalid("Value of numeric must be an array of one or two comparisons")
	}
	var cmps []numCmp
	for i := 0; i < len(list); i += 2 {
		op, _ := list[i].(string)
		switch op {
		case "=", "<", "<=", ">", ">=":
		default:
			return matcher{}, invalid("Unrecognized numeric range operator: %v", list[i])
		}
		f, ok := num(list[i+1])
		if !ok {
			return matcher{}, invalid("Value of %s must be numeric", op)
		}
		if f < -5e9 || f > 5e9 {
			return matcher{}, invalid("Value of %s must be between -5.0E9 and 5.0E9 inclusive", op)
		}
		cmps = append(cmps, numCmp{op, f})
	}
	if len(cmps) == 2 && (cmps[0].op == "=" || cmps[1].op == "=") {
		return matcher{}, invalid("= cannot be combined with another comparison")
	}
	return matcher{kind: "numeric", cmps: cmps}, nil
}

func parseAnythingBut(arg any) (matcher, error) {
	if l, ok := literal(arg); ok {
		return matcher{kind: "anything-but", but: []any{l}}, nil
	}
	switch x := arg.(type) {
	case []any:
		var but []any
		for _, y := range x {
			l, ok := literal(y)
			if !ok || l == nil {
				return matcher{}, invalid("Inside anything but list, start|null|boolean is not supported.")
			}
			but = append(but, l)
		}
		return matcher{kind: "anything-but", but: but}, nil
	case map[string]any:
		if len(x) != 1 {
			return matcher{}, invalid("anything-but takes one operator")
		}
		for op := range x {
			switch op {
			case "prefix", "suffix", "equals-ignore-case", "wildcard":
			default:
				return matcher{}, invalid("Unsupported anything-but pattern: %s", op)
			}
		}
		if ic, ok := x["equals-ignore-case"].([]any); ok {
			var but []any
			for _, y := range ic {
				s, ok := y.(string)
				if !ok {
					return matcher{}, invalid("Inside anything-but/equals-ignore-case list, only strings are supported")
				}
				but = append(but, s)
			}
			return matcher{kind: "anything-but", but: but, ic: true}, nil
		}
		sub, err := parseMatcher(x, "anything-but")
		if err != nil {
			return matcher{}, err
		}
		if sub.kind == "eqic" {
			return matcher{kind: "anything-but", but: []any{sub.str}, ic: true}, nil
		}
		return matcher{kind: "anything-but", butSub: &sub}, nil
	}
	return matcher{}, invalid("Value of anything-but must be an array or single string/number value.")
}

// Match reports whether the event (a JSON document) matches the pattern.
func (p *Pattern) Match(event []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return false
	}
	return p.match(v)
}

func (p *Pattern) match(obj map[string]any) bool {
	keys := make([]string, 0, len(p.fields))
	for k := range p.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n := p.fields[k]
		v, present := obj[k]
		if n.nested != nil {
			sub, ok := v.(map[string]any)
			if !ok {
				// A nested pattern made only of exists:false matches a
				// missing object.
				if !present && n.nested.onlyAbsent() {
					continue
				}
				return false
			}
			if !n.nested.match(sub) {
				return false
			}
			continue
		}
		if !leafMatches(n.matchers, v, present) {
			return false
		}
	}
	if len(p.or) == 0 {
		return true
	}
	for _, o := range p.or {
		if o.match(obj) {
			return true
		}
	}
	return false
}

func (p *Pattern) onlyAbsent() bool {
	for _, n := range p.fields {
		if n.nested != nil {
			if !n.nested.onlyAbsent() {
				return false
			}
			continue
		}
		for _, m := range n.matchers {
			if m.kind != "exists" || m.exists {
				return false
			}
		}
	}
	return len(p.or) == 0
}

// leafMatches: any matcher matching any of the values (an array in the
// event matches when one of its elements does).
func leafMatches(ms []matcher, v any, present bool) bool {
	for _, m := range ms {
		if m.kind == "exists" {
			isLeaf := present
			if _, obj := v.(map[string]any); obj {
				isLeaf = false
			}
			if arr, ok := v.([]any); ok && len(arr) == 0 {
				isLeaf = false
			}
			if isLeaf == m.exists {
				return true
			}
			continue
		}
		if !present {
			continue
		}
		if arr, ok := v.([]any); ok {
			// The general array rule: a match when any element matches.
			// AWS documents no exception for anything-but, so it is
			// applied to anything-but too.
			for _, e := range arr {
				if m.matchValue(e) {
					return true
				}
			}
			continue
		}
		if m.matchValue(v) {
			return true
		}
	}
	return false
}

func (m matcher) matchValue(v any) bool {
	lv, ok := literal(v)
	if !ok {
		return false
	}
	s, isStr := lv.(string)
	switch m.kind {
	case "exact":
		return equal(m.value, lv)
	case "prefix":
		if !isStr {
			return false
		}
		if m.ic {
			return len(s) >= len(m.str) && strings.EqualFold(s[:len(m.str)], m.str)
		}
		return strings.HasPrefix(s, m.str)
	case "suffix":
		if !isStr {
			return false
		}
		if m.ic {
			return len(s) >= len(m.str) && strings.EqualFold(s[len(s)-len(m.str):], m.str)
		}
		return strings.HasSuffix(s, m.str)
	case "eqic":
		return isStr && strings.EqualFold(s, m.str)
	case "wildcard":
		return isStr && wildcard(m.str, s)
	case "cidr":
		if !isStr {
			return false
		}
		a, err := netip.ParseAddr(s)
		return err == nil && m.prefix.Contains(a)
	case "numeric":
		f, ok := lv.(float64)
		if !ok {
			return false
		}
		for _, c := range m.cmps {
			if !compare(f, c) {
				return false
			}
		}
		return true
	case "anything-but":
		if m.butSub != nil {
			return !m.butSub.matchValue(v)
		}
		for _, b := range m.but {
			if m.ic {
				if bs, ok := b.(string); ok && isStr && strings.EqualFold(bs, s) {
					return false
				}
				continue
			}
			if equal(b, lv) {
				return false
			}
		}
		return true
	}
	return false
}

func equal(a, b any) bool {
	fa, na := a.(float64)
	fb, nb := b.(float64)
	if na && nb {
		return math.Abs(fa-fb) < 1e-9
	}
	return a == b
}

func compare(f float64, c numCmp) bool {
	switch c.op {
	case "=":
		return f == c.v
	case "<":
		return f < c.v
	case "<=":
		return f <= c.v
	case ">":
		return f > c.v
	case ">=":
		return f >= c.v
	}
	return false
}

// wildcard: "*" matches any run of characters; "\*" and "\\" are a
// literal star and backslash. A dynamic programme: no backtracking.
func wildcard(p, s string) bool {
	type tok struct {
		star bool
		c    byte
	}
	var toks []tok
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '\\' && i+1 < len(p):
			i++
			toks = append(toks, tok{c: p[i]})
		case p[i] == '*':
			toks = append(toks, tok{star: true})
		default:
			toks = append(toks, tok{c: p[i]})
		}
	}
	cur := make([]bool, len(s)+1)
	next := make([]bool, len(s)+1)
	cur[0] = true
	for _, t := range toks {
		for j := range next {
			next[j] = false
		}
		for j := 0; j <= len(s); j++ {
			if t.star {
				next[j] = cur[j] || (j > 0 && next[j-1])
			} else if j > 0 {
				next[j] = cur[j-1] && s[j-1] == t.c
			}
		}
		cur, next = next, cur
	}
	return cur[len(s)]
}
