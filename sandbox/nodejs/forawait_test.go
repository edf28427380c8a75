package nodejs

import (
	"strings"
	"testing"
)

// for await...of over async iterables, sync iterables of promises, with
// and without braces, nested, and with destructuring; line numbers stay.
// https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Statements/for-await...of
func TestForAwaitOf(t *testing.T) {
	f := js(t, `function pages() {
  let i = 0;
  return { [Symbol.asyncIterator]() { return { next: () => Promise.resolve(i < 3 ? { value: { n: ++i, items: [i, i * 10] }, done: false } : { done: true }) }; } };
}
exports.handler = async () => {
  const out = [];
  for await (const { n, items } of pages()) {
    for await (const x of items) out.push(n + ':' + x);
  }
  for await (let p of [Promise.resolve('a'), 'b'])
    out.push(p);
  const s = 'for await (const q of nothing) {';
  out.push(s.length);
  for await (const page of pages()) { if (page.n === 2) break; out.push('p' + page.n); }
  return out;
};
exports.line = async () => { for await (const x of [1]) { null.f; } };
`)
	r := run(t, f, `{}`)
	wantResponse(t, r, `["1:1","1:10","2:2","2:20","3:3","3:30","a","b",32,"p1"]`)

	_, f2 := deploy(t, "nodejs22.x", map[string]string{"index.js": `exports.handler = async () => {
  for await (const x of [1]) {
    null.f;
  }
};`}, nil)
	r = run(t, f2, `{}`)
	if r.Error == nil || !strings.Contains(strings.Join(r.Error.Trace, "\n"), "index.js:3:") {
		t.Errorf("the error's line moved: %+v", r.Error)
	}
}

func TestRewriteForAwaitKeepsLines(t *testing.T) {
	src := "a();\nfor await (const x of f(\n  1, ')'\n))\n{\n  g(x);\n}\nh();\n"
	out := rewriteForAwait(src)
	if got, want := strings.Count(out[:strings.Index(out, "h();")], "\n"), 7; got != want {
		t.Errorf("h() moved to line %d, want %d:\n%s", got+1, want+1, out)
	}
	if strings.Contains(out, "for await") {
		t.Errorf("not rewritten:\n%s", out)
	}
}
