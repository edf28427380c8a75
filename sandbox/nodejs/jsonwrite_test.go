package nodejs

import (
	"strings"
	"testing"
)

// A result the fast serializer can write only in part is finished by
// JSON.stringify member by member: the response is Node's (checked with
// node 22), and a getter on the result runs once, as in Node, not once
// for the fast path and again for JSON.stringify.
func TestResponseGettersRunOnce(t *testing.T) {
	f := js(t, `exports.handler = async () => ({
  get a() { console.log('getter ran'); return 1; },
  d: new Date(0),
  u: { toJSON(k) { return undefined; } },
  arr: [1, { toJSON(k) { return 'k=' + k; } }, { toJSON() {} }, new Map([[1, 2]]), Symbol('x'), () => 1],
  big: { toJSON(k) { return { k, n: [new Date(1)] }; } },
});`)
	r := run(t, f, `{}`)
	wantResponse(t, r, `{"a":1,"d":"1970-01-01T00:00:00.000Z","arr":[1,"k=1",null,{},null,null],"big":{"k":"big","n":["1970-01-01T00:00:00.001Z"]}}`)
	if n := strings.Count(r.LogText(), "getter ran"); n != 1 {
		t.Errorf("the getter ran %d times; want 1\n%s", n, r.LogText())
	}
}
