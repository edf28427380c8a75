package nodejs

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

func TestHandlerShapes(t *testing.T) {
	cases := []struct {
		name, runtime, file, src, want string
	}{
		{"exports async", "nodejs22.x", "index.js", `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.key1) });`, `{"statusCode":200,"body":"\"value1\""}`},
		{"module.exports", "nodejs24.x", "index.js", `module.exports.handler = async function (event) { return event.key2; };`, `"value2"`},
		{"module.exports object", "nodejs24.x", "index.js", `module.exports = { handler: async () => [1, 2] };`, `[1,2]`},
		{"esm const", "nodejs24.x", "index.mjs", "export const handler = async (event, context) => {\n  return { fn: context.functionName, mem: context.memoryLimitInMB };\n};", `{"fn":"my-function","mem":"128"}`},
		{"esm function in .js", "nodejs22.x", "index.js", "import { randomUUID } from 'crypto';\nexport async function handler(event) {\n  return typeof randomUUID();\n}", `"string"`},
		{"esm default import", "nodejs22.x", "index.mjs", "import util from 'node:util';\nimport * as path from 'path';\nexport const handler = async () => util.format('%s/%d', path.basename('/a/b.txt'), 42);", `"b.txt/42"`},
		{"promise", "nodejs24.x", "index.js", `exports.handler = (event) => new Promise((resolve) => setTimeout(() => resolve('late'), 100));`, `"late"`},
		{"callback", "nodejs22.x", "index.js", `exports.handler = function (event, context, callback) { callback(null, { ok: true }); };`, `{"ok":true}`},
		{"sync without callback is null", "nodejs22.x", "index.js", `exports.handler = function (event) { return { ignored: true }; };`, `null`},
		{"undefined is null", "nodejs24.x", "index.js", `exports.handler = async () => {};`, `null`},
		{"top-level await", "nodejs24.x", "index.mjs", "import { setTimeout as sleep } from 'timers/promises';\nconst config = await sleep(1500, { table: 'orders' });\nexport const handler = async () => config.table;", `"orders"`},
		{"nested handler file", "nodejs22.x", "src/app.js", `exports.main = async () => require('../lib/greet').greet('Ada');`, `"Hello, Ada"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{tc.file: tc.src, "lib/greet.js": "exports.greet = (n) => `Hello, ${n}`;"}
			_, f := deploy(t, tc.runtime, files, func(c *sandbox.Config) {
				if tc.file == "src/app.js" {
					c.Handler = "src/app.main"
				}
			})
			wantResponse(t, run(t, f, `{"key1":"value1","key2":"value2","key3":"value3"}`), tc.want)
		})
	}
}

func TestCallbackRefusedOnNode24(t *testing.T) {
	_, f := deploy(t, "nodejs24.x", map[string]string{"index.js": `exports.handler = function (e, c, cb) { cb(null, 1); };`}, nil)
	r := run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != "Runtime.CallbackHandlerDeprecated" {
		t.Fatalf("got %v", r.Error)
	}
}

func TestWarmStateAndVirtualTime(t *testing.T) {
	f := js(t, `
let count = 0;
const fs = require('fs');
console.log('init at', new Date().toISOString());
exports.handler = async (event, context) => {
  count++;
  fs.appendFileSync('/tmp/visits', 'x');
  const before = Date.now();
  await new Promise((r) => setTimeout(r, 300));
  return { count, tmp: fs.readFileSync('/tmp/visits', 'utf8'), waited: Date.now() - before, left: context.getRemainingTimeInMillis() < 2700 };
};`)
	first := run(t, f, `{}`)
	wantResponse(t, first, `{"count":1,"tmp":"x","waited":300,"left":true}`)
	second := run(t, f, `{}`)
	wantResponse(t, second, `{"count":2,"tmp":"xx","waited":300,"left":true}`)
	if second.Report.DurationMs < 300 || second.Report.DurationMs > 310 {
		t.Errorf("Duration = %.2f, want 300 ms of awaited virtual time plus overhead", second.Report.DurationMs)
	}
	if got := first.Logs[0]; !strings.HasSuffix(got, "\tundefined\tINFO\tinit at 2026-01-15T09:00:00.1") && !regexp.MustCompile(`^2026-01-15T09:00:00\.\d{3}Z\tundefined\tINFO\tinit at 2026-01-15T09:00:00\.\d{3}Z$`).MatchString(got) {
		t.Errorf("INIT log line = %q", got)
	}
}

func TestContextAndEnv(t *testing.T) {
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": `
exports.handler = async (event, context) => ({
  id: context.awsRequestId, name: context.functionName, version: context.functionVersion,
  arn: context.invokedFunctionArn, mem: context.memoryLimitInMB, group: context.logGroupName,
  stream: context.logStreamName, wait: context.callbackWaitsForEmptyEventLoop,
  region: process.env.AWS_REGION, fn: process.env.AWS_LAMBDA_FUNCTION_NAME, init: process.env.AWS_LAMBDA_INITIALIZATION_TYPE,
  handler: process.env._HANDLER, table: process.env.TABLE_NAME, home: process.env.HOME, keys: Object.keys(process.env).length,
});`}, func(c *sandbox.Config) {
		c.Env = map[string]string{"TABLE_NAME": "orders"}
		c.FunctionName = "orders-api"
		c.MemoryMB = 256
	})
	r := run(t, f, `{}`)
	var got map[string]any
	if err := json.Unmarshal(r.Response, &got); err != nil {
		t.Fatalf("%v: %s", err, r.Response)
	}
	want := map[string]any{"id": r.RequestID, "name": "orders-api", "version": "$LATEST",
		"arn": "arn:aws:lambda:us-east-1:123456789012:function:orders-api", "mem": "256",
		"group": "/aws/lambda/orders-api", "stream": r.LogStream, "wait": true, "region": "us-east-1",
		"fn": "orders-api", "init": "on-demand", "handler": "index.handler", "table": "orders"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if _, ok := got["home"]; ok {
		t.Error("the host's HOME leaked into process.env")
	}
}

func TestConsoleFormatting(t *testing.T) {
	f := js(t, `
class Order { constructor() { this.id = 7; this.items = ['a']; } }
exports.handler = async () => {
  console.log('hello', 'world');
  console.log({ a: 1, b: 'two', c: [1, 2, { d: null }], e: undefined });
  console.info('%s has %d items costing %f, %j', 'cart', 3, 1.5, { x: 1 });
  console.warn('careful');
  console.error(new TypeError('bad'));
  console.debug([], {}, 'x', 5n, -0, Symbol('s'));
  console.log(new Map([['k', 1]]), new Set([1]), [undefined, null, function named() {}, () => {}]);
  console.log(new Order());
  console.log({ deep: { er: { est: { gone: 1 } } }, 'a-b': true, q: "it's" });
  console.log('100%', 'done');
  const o = { name: 'loop' }; o.self = o; console.log(o);
  console.log({ long: 'x'.repeat(40), longer: 'y'.repeat(40) });
  return 'ok';
};`)
	r := run(t, f, `{}`)
	wantResponse(t, r, `"ok"`)
	got := appLines(r)
	want := []string{
		"INFO hello world",
		"INFO { a: 1, b: 'two', c: [ 1, 2, { d: null } ], e: undefined }",
		`INFO cart has 3 items costing 1.5, {"x":1}`,
		"WARN careful",
		"ERROR TypeError: bad\n    at exports.handler (/var/task/index.js:8:17)",
		"DEBUG [] {} x 5n -0 Symbol(s)",
		"INFO Map(1) { 'k' => 1 } Set(1) { 1 } [ undefined, null, [Function: named], [Function (anonymous)] ]",
		"INFO Order { id: 7, items: [ 'a' ] }",
		"INFO { deep: { er: { est: [Object] } }, 'a-b': true, q: \"it's\" }",
		"INFO 100% done",
		"INFO <ref *1> { name: 'loop', self: [Circular *1] }",
		"INFO {\n  long: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  longer: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'\n}",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(got), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
	for _, l := range r.Logs {
		if strings.Contains(l, "\tINFO\t") && !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t`+r.RequestID+`\tINFO\t`).MatchString(l) {
			t.Errorf("prefix wrong: %q", l)
		}
	}
}

func TestResponseSerialization(t *testing.T) {
	cases := map[string]string{
		`({ a: 1, b: undefined, c: () => 1, d: [undefined, () => 1, NaN, -0, 1e21, 0.1], e: 'q"\\\n\u0001é€😀', f: null, g: true })`: `{"a":1,"d":[null,null,null,0,1e+21,0.1],"e":"q\"\\\n\u0001é€😀","f":null,"g":true}`,
		`({ when: new Date(0), m: new Map([[1, 2]]), o: { toJSON() { return 'custom'; } } })`:                                       `{"when":"1970-01-01T00:00:00.000Z","m":{},"o":"custom"}`,
		`new (class Point { constructor() { this.x = 1; this.y = [2]; } })()`:                                                       `{"x":1,"y":[2]}`,
		`[1, , 3]`:    `[1,null,3]`,
		`'text'`:      `"text"`,
		`Symbol('s')`: `null`,
		`(() => 1)`:   `null`,
		`Object.assign(Object.create(null), { k: 'v' })`: `{"k":"v"}`,
		`({ get g() { return 5; } })`:                    `{"g":5}`,
	}
	for expr, want := range cases {
		r := run(t, js(t, "exports.handler = async () => "+expr+";"), `{}`)
		if string(r.Response) != want {
			t.Errorf("%s\n got %s\nwant %s", expr, r.Response, want)
		}
	}
	r := run(t, js(t, "exports.handler = async () => 10n;"), `{}`)
	if r.Error == nil || r.Error.Type != "TypeError" {
		t.Errorf("a BigInt response is a TypeError, as JSON.stringify says: %v", r.Error)
	}
}
