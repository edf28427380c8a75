package exercises

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// subset reports where got does not match want: objects must have the
// listed keys (recursively), arrays the same length with each element
// matching, scalars the same value.
func subset(path string, want, got any) []Mismatch {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []Mismatch{{What: path, Expected: short(want), Actual: describeValue(got)}}
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var ms []Mismatch
		for _, k := range keys {
			gv, present := g[k]
			if !present {
				ms = append(ms, Mismatch{What: path + "." + k, Expected: short(w[k]), Actual: "(missing)"})
				continue
			}
			ms = append(ms, subset(path+"."+k, w[k], gv)...)
		}
		return ms
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []Mismatch{{What: path, Expected: short(want), Actual: describeValue(got)}}
		}
		if len(g) != len(w) {
			return []Mismatch{{What: path, Expected: fmt.Sprintf("%d item(s): %s", len(w), short(want)),
				Actual: fmt.Sprintf("%d item(s): %s", len(g), short(got))}}
		}
		var ms []Mismatch
		for i := range w {
			ms = append(ms, subset(path+"["+strconv.Itoa(i)+"]", w[i], g[i])...)
		}
		return ms
	default:
		if !scalarEqual(want, got) {
			return []Mismatch{{What: path, Expected: short(want), Actual: describeValue(got)}}
		}
		return nil
	}
}

func scalarEqual(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	}
	return false
}

// describeValue is short(v), saying when a string holds JSON (a body
// returned as an object where a string was expected, or the reverse).
func describeValue(v any) string {
	if v == nil {
		return "null"
	}
	return short(v)
}

// short renders a JSON value on one line, clipped.
func short(v any) string { return clip(string(sandbox.MarshalJSON(v)), 160) }

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case string:
		return "string"
	}
	return "null"
}
