package nodejs

import (
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Behaviour the differential corpus cannot show against local node:
// nodejs24.x's runtime client, and the tutor's own teaching errors.

func TestNode24ThreeParameterHandlerIsRefusedEvenWhenAsync(t *testing.T) {
	_, f := deploy(t, "nodejs24.x", map[string]string{"index.mjs": "export const handler = async (event, context, callback) => 'ok';"}, nil)
	r := run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != "Runtime.CallbackHandlerDeprecated" ||
		!strings.Contains(r.Error.Message, "removed support for callback-based function handlers starting with Node.js 24") {
		t.Fatalf("got %v", r.Error)
	}
	if !strings.Contains(r.LogText(), "\tERROR\tInit Error \t{\"errorType\":\"Runtime.CallbackHandlerDeprecated\"") {
		t.Errorf("the init error should be logged:\n%s", r.LogText())
	}
}

func TestNode24ContextHasNoCallbacks(t *testing.T) {
	_, f := deploy(t, "nodejs24.x", map[string]string{"index.js": `exports.handler = async (event, context) => ({
  succeed: typeof context.succeed, done: typeof context.done, waits: typeof context.callbackWaitsForEmptyEventLoop,
  keys: Object.keys(context).includes('succeed'),
});`}, nil)
	wantResponse(t, run(t, f, `{}`), `{"succeed":"undefined","done":"undefined","waits":"undefined","keys":false}`)
	_, f = deploy(t, "nodejs24.x", map[string]string{"index.js": `exports.handler = async (event, context) => { context.succeed('x'); };`}, nil)
	r := run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != "TypeError" || r.Error.Message != "context.succeed is not a function" {
		t.Fatalf("got %v", r.Error)
	}
}

func TestNode22ContextMethodsRespondAtOnceAndOnlyOnce(t *testing.T) {
	f := js(t, `exports.handler = (event, context, callback) => {
  setTimeout(() => console.log('never waited for'), 500);
  context.succeed('first');
  callback(null, 'second');
  context.fail(new Error('third'));
};`)
	r := run(t, f, `{}`)
	wantResponse(t, r, `"first"`)
	if strings.Contains(r.LogText(), "never waited for") {
		t.Errorf("context.succeed must not wait for the event loop:\n%s", r.LogText())
	}
	f = js(t, `exports.handler = (event, context) => { context.fail(); };`)
	r = run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != "string" || r.Error.Message != "handled" {
		t.Fatalf("context.fail() without an error: got %v", r.Error)
	}
}

func TestAWSSDKv2HasTheRealErrorAndTheReason(t *testing.T) {
	f := js(t, "const AWS = require('aws-sdk');\nexports.handler = async () => 1;")
	r := run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != "Runtime.ImportModuleError" {
		t.Fatalf("got %v", r.Error)
	}
	real := "Error: Cannot find module 'aws-sdk'\nRequire stack:\n- /var/task/index.js\n- /var/runtime/index.mjs\n"
	if !strings.HasPrefix(r.Error.Message, real) || !strings.Contains(r.Error.Message, "since nodejs18.x") {
		t.Fatalf("message = %q", r.Error.Message)
	}
	_, f = deploy(t, "nodejs22.x", map[string]string{"index.mjs": "import AWS from 'aws-sdk';\nexport const handler = async () => 1;"}, nil)
	r = run(t, f, `{}`)
	if r.Error == nil || !strings.HasPrefix(r.Error.Message, "Cannot find package 'aws-sdk' imported from /var/task/index.mjs") {
		t.Fatalf("esm: got %v", r.Error)
	}
}

func TestBundledAWSSDKIsLoaded(t *testing.T) {
	_, f := deploy(t, "nodejs22.x", map[string]string{
		"index.js": "const { S3Client } = require('@aws-sdk/client-s3');\nexports.handler = async () => new S3Client().name;",
		"node_modules/@aws-sdk/client-s3/index.js": "exports.S3Client = class { constructor() { this.name = 'bundled'; } };",
	}, nil)
	wantResponse(t, run(t, f, `{}`), `"bundled"`)
}

func TestUnavailableModulesSayWhy(t *testing.T) {
	for _, m := range []string{"child_process", "net", "http", "https", "dns", "tls", "worker_threads"} {
		f := js(t, "exports.handler = async () => { try { require('node:"+m+"'); } catch (e) { return [e.code, e.message]; } };")
		r := run(t, f, `{}`)
		if !strings.Contains(string(r.Response), "MODULE_NOT_FOUND") || !strings.Contains(string(r.Response), "offline, in-process") ||
			!strings.Contains(string(r.Response), "lambdatutor lessons show how-it-works") {
			t.Errorf("%s: %s", m, r.Response)
		}
	}
}

func TestDeprecationWarningOnce(t *testing.T) {
	f := js(t, "exports.handler = async () => [new Buffer('a').length, Buffer(2).length, new Buffer(3).length];")
	r := run(t, f, `{}`)
	wantResponse(t, r, `[1,2,3]`)
	if n := strings.Count(r.LogText(), "[DEP0005]"); n != 1 {
		t.Errorf("DEP0005 logged %d times:\n%s", n, r.LogText())
	}
	if r = run(t, f, `{}`); strings.Contains(r.LogText(), "DEP0005") {
		t.Errorf("the warning is once per process:\n%s", r.LogText())
	}
}

func TestNoDeprecationWarningForBufferInPackages(t *testing.T) {
	_, f := deploy(t, "nodejs22.x", map[string]string{
		"index.js":                     "const legacy = require('legacy');\nexports.handler = async () => legacy.bytes('hi');",
		"node_modules/legacy/index.js": "exports.bytes = (s) => new Buffer(s).length;",
	}, nil)
	r := run(t, f, `{}`)
	wantResponse(t, r, `2`)
	if strings.Contains(r.LogText(), "DEP0005") {
		t.Errorf("Node warns only for Buffer() outside node_modules:\n%s", r.LogText())
	}
}

// Columns on a module's first line do not count the CommonJS wrapper, and
// ES modules keep their columns (values from node v20, same code).
func TestStackColumnsOnTheFirstLine(t *testing.T) {
	cases := []struct{ file, src, want string }{
		{"index.js", "exports.handler = async (event) => { const x = event.a.b; return x; };",
			"at exports.handler (/var/task/index.js:1:56)"},
		{"index.mjs", "export const handler = async (event) => { const x = event.a.b; return x; };",
			"at Runtime.handler (file:///var/task/index.mjs:1:61)"},
	}
	for _, tc := range cases {
		_, f := deploy(t, "nodejs22.x", map[string]string{tc.file: tc.src}, nil)
		r := run(t, f, `{}`)
		if r.Error == nil || len(r.Error.Trace) < 2 || strings.TrimSpace(r.Error.Trace[1]) != tc.want {
			t.Errorf("%s: trace %q, want %q", tc.file, r.Error.Trace, tc.want)
		}
	}
}

// Code after a catch clause on the same line keeps its columns (node v20
// gives 1:90 here).
func TestStackColumnAfterCatch(t *testing.T) {
	f := js(t, "exports.handler = async (event) => { try { JSON.parse('{'); } catch (e) { return event.a.b; } };")
	r := run(t, f, `{}`)
	if r.Error == nil || len(r.Error.Trace) < 2 || strings.TrimSpace(r.Error.Trace[1]) != "at exports.handler (/var/task/index.js:1:90)" {
		t.Errorf("trace %q", r.Error.Trace)
	}
}

func TestNeverSettlingAsyncHandlerFailsWithNodeJsExitAndStaysWarm(t *testing.T) {
	f := js(t, "exports.handler = async () => { await new Promise(() => {}); return 'unreachable'; };")
	r := run(t, f, `{}`)
	if r.Error == nil || r.Error.Type != "Runtime.NodeJsExit" || !strings.Contains(r.Error.Message, "a Promise that was never settled") {
		t.Fatalf("got %v", r.Error)
	}
	if !strings.Contains(r.LogText(), "\tERROR\tInvoke Error \t{\"errorType\":\"Runtime.NodeJsExit\"") {
		t.Errorf("the error should be logged as the runtime client logs it:\n%s", r.LogText())
	}
	if next := run(t, f, `{}`); next.Cold || next.Error == nil || next.Error.Type != "Runtime.NodeJsExit" {
		t.Errorf("the environment should stay warm: cold=%v error=%v", next.Cold, next.Error)
	}
	// A pending timer keeps the loop alive: that handler waits as before.
	f = js(t, "exports.handler = async () => { await new Promise((r) => setTimeout(r, 60000)); };")
	if r := run(t, f, `{}`); r.Error == nil || r.Error.Type != sandbox.ErrTypeTimeout {
		t.Fatalf("a handler waiting on a timer past its deadline should time out; got %v", r.Error)
	}
}

func TestOSModuleShowsTheLambdaEnvironment(t *testing.T) {
	src := `const os = require('os');
exports.handler = async () => ({ platform: os.platform(), arch: os.arch(), machine: os.machine(), tmpdir: os.tmpdir(),
  homedir: os.homedir(), cpus: os.cpus().length, par: os.availableParallelism(), total: os.totalmem(), free: os.freemem() < os.totalmem(),
  user: os.userInfo().username, uid: os.userInfo().uid, host: /^169\.254\.\d+\.\d+$/.test(os.hostname()), eol: os.EOL, endian: os.endianness() });`
	for _, tc := range []struct {
		mem  int
		arch sandbox.Arch
		want string
	}{
		{128, sandbox.X86_64, `{"platform":"linux","arch":"x64","machine":"x86_64","tmpdir":"/tmp","homedir":"/home/sbx_user1051","cpus":2,"par":2,"total":134217728,"free":true,"user":"sbx_user1051","uid":993,"host":true,"eol":"\n","endian":"LE"}`},
		{3009, sandbox.ARM64, `{"platform":"linux","arch":"arm64","machine":"aarch64","tmpdir":"/tmp","homedir":"/home/sbx_user1051","cpus":3,"par":3,"total":3155165184,"free":true,"user":"sbx_user1051","uid":993,"host":true,"eol":"\n","endian":"LE"}`},
		{10240, sandbox.X86_64, `{"platform":"linux","arch":"x64","machine":"x86_64","tmpdir":"/tmp","homedir":"/home/sbx_user1051","cpus":6,"par":6,"total":10737418240,"free":true,"user":"sbx_user1051","uid":993,"host":true,"eol":"\n","endian":"LE"}`},
	} {
		_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": src}, func(c *sandbox.Config) { c.MemoryMB, c.Arch = tc.mem, tc.arch })
		wantResponse(t, run(t, f, `{}`), tc.want)
	}
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.mjs": "import os from 'node:os';\nimport { hostname } from 'os';\nexport const handler = async () => os.hostname() === hostname();"}, nil)
	wantResponse(t, run(t, f, `{}`), `true`)
}

func TestIntlSaysTheTutorLacksIt(t *testing.T) {
	r := run(t, js(t, "exports.handler = async () => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(5);"), `{}`)
	if r.Error == nil || r.Error.Type != "ReferenceError" || !strings.HasPrefix(r.Error.Message, "Intl is not defined in the tutor: Node.js on Lambda has Intl") {
		t.Fatalf("got %v", r.Error)
	}
}

func TestMissingNodeGlobalsSayTheTutorLacksThem(t *testing.T) {
	r := run(t, js(t, "exports.handler = async () => new Response('hi').text();"), `{}`)
	if r.Error == nil || r.Error.Type != "ReferenceError" || !strings.HasPrefix(r.Error.Message, "Response is not defined in the tutor: Node.js 22 on Lambda has the global Response") {
		t.Fatalf("got %v", r.Error)
	}
}

func TestGlobalCryptoOffersWhatItHasAndNamesWhatItLacks(t *testing.T) {
	r := run(t, js(t, "exports.handler = async () => [typeof crypto.randomUUID(), crypto.getRandomValues(new Uint8Array(3)).length];"), `{}`)
	wantResponse(t, r, `["string",3]`)
	r = run(t, js(t, "exports.handler = async () => crypto.subtle.digest('SHA-256', new Uint8Array(1));"), `{}`)
	if r.Error == nil || !strings.HasPrefix(r.Error.Message, "crypto.subtle (Web Crypto) is not in the tutor") {
		t.Fatalf("got %v", r.Error)
	}
}
