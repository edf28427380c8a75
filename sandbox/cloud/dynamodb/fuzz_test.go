package dynamodb

import "testing"

// FuzzExpressions: whatever a handler writes, parsing and evaluating an
// expression answers with a result or a ValidationException, never a panic.
func FuzzExpressions(f *testing.F) {
	for _, seed := range []string{
		"SET a = :v, b = if_not_exists(b, :v) + :n REMOVE c[1], d.e ADD s :ss DELETE s :ss",
		"attribute_exists(a) AND (b BETWEEN :n AND :n OR NOT contains(l, :v)) AND size(m.x[0]) > :n",
		"a.b[1].c, #n, l[0]", "c IN (:v, :n)", "begins_with(#n, :v)", "SET l = list_append(:l, l)",
		"", "(", "SET", "a =", "#", ":", "a[", "a[1", "size(", "NOT", "a BETWEEN :n", "SET a = b - - c",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		names := map[string]string{"#n": "name"}
		values := map[string]*av{":v": {k: kS, s: "x"}, ":n": {k: kN, s: "1"}, ":ss": {k: kSS, set: []string{"a"}}, ":l": {k: kL, l: []*av{{k: kN, s: "2"}}}}
		it := item{"a": {k: kN, s: "3"}, "l": {k: kL, l: []*av{{k: kS, s: "x"}}}, "m": {k: kM, m: map[string]*av{"x": {k: kL, l: []*av{{k: kS, s: "yy"}}}}}, "s": {k: kSS, set: []string{"a", "b"}}}
		x := &exprAttrs{names: names, values: values}
		if c, err := x.condition("ConditionExpression", expr); err == nil && c != nil {
			evalCond(it, c)
		}
		if acts, err := x.update(expr); err == nil {
			_, _ = applyUpdate(it, acts)
		}
		if paths, err := x.projection(expr); err == nil && paths != nil {
			project(it, paths)
		}
	})
}
