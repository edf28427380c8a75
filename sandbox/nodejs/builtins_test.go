package nodejs

import (
	"context"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

func TestRealSampleEvents(t *testing.T) {
	cases := []struct {
		event, src, want string
	}{
		{"s3-event.json", `exports.handler = async (event) => {
  const r = event.Records[0];
  return { bucket: r.s3.bucket.name, key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')), size: r.s3.object.size };
};`, `{"bucket":"sourcebucket","key":"Happy Face.jpg","size":1024}`},
		{"sqs-event.json", `exports.handler = async (event) => ({ batchItemFailures: event.Records.filter((r) => r.body.includes('fail')).map((r) => ({ itemIdentifier: r.messageId })), n: event.Records.length });`, `{"batchItemFailures":[],"n":1}`},
		{"apigw-request.json", `exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: event.httpMethod, path: event.path }) });`, `{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"method\":\"POST\",\"path\":\"/hello/world\"}"}`},
		{"apigw-v2-request-no-authorizer.json", `exports.handler = async (event) => ({ route: event.routeKey, method: event.requestContext.http.method });`, ``},
		{"sns-event.json", `exports.handler = async (event) => event.Records.map((r) => r.Sns.Subject);`, ``},
		{"dynamodb-event.json", `exports.handler = async (event) => event.Records.map((r) => r.eventName);`, ``},
		{"kinesis-event.json", `exports.handler = async (event) => event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'));`, ``},
	}
	for _, tc := range cases {
		t.Run(tc.event, func(t *testing.T) {
			r := run(t, js(t, tc.src), sampleEvent(t, tc.event))
			if r.Error != nil {
				t.Fatalf("%s: %s\n%s", r.Error.Type, r.Error.Message, r.LogText())
			}
			if tc.want != "" && string(r.Response) != tc.want {
				t.Errorf("response %s\nwant     %s", r.Response, tc.want)
			}
			if tc.want == "" && (len(r.Response) < 5 || strings.Contains(string(r.Response), "null")) {
				t.Errorf("response %s", r.Response)
			}
		})
	}
}

func TestBuiltinModules(t *testing.T) {
	files := map[string]string{
		"index.js": `
const crypto = require('crypto');
const { Buffer } = require('buffer');
const EventEmitter = require('events');
const util = require('node:util');
const path = require('path');
const fs = require('fs');
const { setTimeout: sleep } = require('timers/promises');
const config = require('./config.json');
const { double } = require('./lib/math');
exports.handler = async () => {
  const em = new EventEmitter();
  let got = 0;
  em.on('x', (n) => { got += n; });
  em.once('x', (n) => { got += 10 * n; });
  em.emit('x', 1); em.emit('x', 2);
  await sleep(50);
  await fs.promises.writeFile('/tmp/a.txt', 'hi');
  return {
    md5: crypto.createHash('md5').update('hello').digest('hex'),
    sha1: crypto.createHash('sha1').update('hello').digest('base64'),
    sha256: crypto.createHash('sha256').update(Buffer.from('hello')).digest('hex'),
    hmac: crypto.createHmac('sha256', 'key').update('hello').digest('hex'),
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
    b64: Buffer.from('héllo').toString('base64'), hex: Buffer.from('ff00', 'hex').length,
    back: Buffer.from('aMOpbGxv', 'base64').toString(), concat: Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(),
    inspect: util.inspect({ a: [1, { b: 2 }] }), fmt: util.format('%s=%i', 'n', 4.7),
    path: path.join('/tmp', 'x', '..', 'y.txt'), ext: path.extname('a/b.json'),
    events: got, config: config.stage, double: double(21),
    file: fs.readFileSync('/tmp/a.txt', 'utf8'), exists: fs.existsSync('/tmp/nope'),
    enc: new TextEncoder().encode('é').length, types: util.types.isPromise(sleep(1)),
  };
};`,
		"config.json":  `{"stage": "dev"}`,
		"lib/math.mjs": `export const double = (n) => n * 2;`,
	}
	_, f := deploy(t, "nodejs24.x", files, nil)
	want := `{"md5":"5d41402abc4b2a76b9719d911017c592","sha1":"qvTGHdzF6KLavt4PO0gs2a6pQ00=","sha256":"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824","hmac":"9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b","uuid":true,"b64":"aMOpbGxv","hex":2,"back":"héllo","concat":"ab","inspect":"{ a: [ 1, { b: 2 } ] }","fmt":"n=4","path":"/tmp/y.txt","ext":".json","events":13,"config":"dev","double":42,"file":"hi","exists":false,"enc":2,"types":true}`
	wantResponse(t, run(t, f, `{}`), want)
}

func TestESMRewrite(t *testing.T) {
	src := "import crypto from 'crypto';\nimport { join as j, basename } from 'path';\nimport * as util from 'util';\nimport './side.js';\nconst local = 1;\nexport { local, local as alias };\nexport default function main() {}\nexport class Greeter {}\nexport function* gen() {}\nexport const handler = async () => ({ a: typeof crypto.createHash, b: j('a', basename('/x/y')), c: typeof util.format, side: globalThis.sideLoaded });"
	out := rewriteESM(src)
	if strings.Count(out, "\n") < strings.Count(src, "\n") {
		t.Fatalf("line numbers must stay:\n%s", out)
	}
	for _, want := range []string{"const crypto = __esmDefault(require('crypto'));", "const { join: j, basename } = require('path');",
		"const util = require('util');", "require('./side.js');", "module.exports.default = function main() {}",
		`module.exports["alias"] = local;`, `module.exports["Greeter"] = Greeter;`, `module.exports["handler"] = handler;`} {
		if !strings.Contains(out, want) {
			t.Errorf("rewrite lacks %q:\n%s", want, out)
		}
	}
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.mjs": src, "side.js": "globalThis.sideLoaded = true;"}, nil)
	wantResponse(t, run(t, f, `{}`), `{"a":"function","b":"a/y","c":"function","side":true}`)
}

func TestDeterministicNodeOutput(t *testing.T) {
	src := `let n = 0;
exports.handler = async (event, context) => {
  n++;
  console.log('event', event, 'id', context.awsRequestId, Math.random(), require('crypto').randomUUID());
  await new Promise((r) => setTimeout(r, 120));
  return { n, at: new Date().toISOString() };
};`
	runAll := func() string {
		_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": src}, nil)
		var b strings.Builder
		for i := 0; i < 3; i++ {
			r := run(t, f, `{"key1":"value1"}`)
			b.WriteString(r.LogText())
			b.Write(r.Response)
			b.WriteByte('\n')
		}
		return b.String()
	}
	a, b := runAll(), runAll()
	if a != b {
		t.Fatalf("two deterministic runs differ:\n%s\n----\n%s", a, b)
	}
	if !strings.Contains(a, "Init Duration: ") || strings.Count(a, "Init Duration") != 1 {
		t.Errorf("one cold start expected:\n%s", a)
	}
}

func TestMeasuredMode(t *testing.T) {
	_, f := deployWith(t, sandbox.Options{}, "nodejs22.x", map[string]string{"index.js": `
exports.handler = async (event) => { let s = 0; for (let i = 0; i < event.n; i++) s += i; const keep = new Array(event.n).fill('x'); return keep.length + s * 0; };`},
		func(c *sandbox.Config) { c.MemoryMB = 1769 })
	small := run(t, f, `{"n":10}`)
	big := run(t, f, `{"n":100000}`)
	if big.Error != nil || small.Error != nil {
		t.Fatalf("%v %v", small.Error, big.Error)
	}
	if big.Report.DurationMs <= small.Report.DurationMs {
		t.Errorf("measured compute: %.2f ms for 100k iterations vs %.2f ms for 10", big.Report.DurationMs, small.Report.DurationMs)
	}
	if big.Report.MaxMemoryUsedMB < small.Report.MaxMemoryUsedMB {
		t.Errorf("Max Memory Used must not shrink: %d then %d", small.Report.MaxMemoryUsedMB, big.Report.MaxMemoryUsedMB)
	}
	if small.Start.Year() < 2026 {
		t.Errorf("measured mode starts at the host's time: %v", small.Start)
	}
}

func TestCancelledContext(t *testing.T) {
	f := js(t, `exports.handler = async () => { while (true) {} };`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Invoke(ctx, []byte(`{}`)); err == nil {
		t.Fatal("a cancelled context must refuse the invoke")
	}
}

func TestProvisionedNodeEnvironment(t *testing.T) {
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": `
console.log('init', process.env.AWS_LAMBDA_INITIALIZATION_TYPE);
exports.handler = async (event, context) => ({ type: process.env.AWS_LAMBDA_INITIALIZATION_TYPE, version: context.functionVersion, arn: context.invokedFunctionArn });`},
		func(c *sandbox.Config) { c.ProvisionedConcurrency = 1 })
	r := run(t, f, `{}`)
	wantResponse(t, r, `{"type":"provisioned-concurrency","version":"1","arn":"arn:aws:lambda:us-east-1:123456789012:function:my-function:1"}`)
	if r.Cold || r.Report.InitDurationMs != nil || strings.Contains(r.LogText(), "init provisioned") {
		t.Errorf("a provisioned invoke shows no INIT:\n%s", r.LogText())
	}
}
