package nodejs

import (
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

func TestLambdaErrors(t *testing.T) {
	cases := []struct {
		name    string
		files   map[string]string
		handler string
		typ     string
		msg     string
		cold    bool // the next invoke is cold again
	}{
		{"thrown error", map[string]string{"index.js": "exports.handler = async () => {\n  throw new Error('boom');\n};"}, "", "Error", "boom", false},
		{"custom error", map[string]string{"index.js": "class OrderNotFound extends Error { constructor(m) { super(m); this.name = 'OrderNotFound'; } }\nexports.handler = async () => { throw new OrderNotFound('no order 42'); };"}, "", "OrderNotFound", "no order 42", false},
		{"rejected promise", map[string]string{"index.js": "exports.handler = () => Promise.reject(new TypeError('nope'));"}, "", "TypeError", "nope", false},
		{"callback error", map[string]string{"index.js": "exports.handler = (e, c, cb) => cb(new Error('cb failed'));"}, "", "Error", "cb failed", false},
		{"type error", map[string]string{"index.js": "exports.handler = async (event) => event.missing.field;"}, "", "TypeError", "Cannot read properties of undefined (reading 'field')", false},
		{"handler not found", map[string]string{"index.js": "exports.main = async () => 1;"}, "", "Runtime.HandlerNotFound", "index.handler is undefined or not exported", true},
		{"not a function", map[string]string{"index.js": "exports.handler = 42;"}, "", "Runtime.HandlerNotFound", "index.handler is not a function", true},
		{"missing file", map[string]string{"app.js": "exports.handler = 1;"}, "", "Runtime.ImportModuleError", "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs", true},
		{"bad handler", map[string]string{"index.js": ""}, "index", "Runtime.MalformedHandlerName", "Bad handler index", true},
		{"child_process", map[string]string{"index.js": "const cp = require('child_process');\nexports.handler = async () => 1;"}, "", "Runtime.ImportModuleError", "Error: Cannot load module 'child_process' in the tutor: it would start processes on the host, and the tutor runs your handler offline, in-process", true},
		{"aws sdk", map[string]string{"index.js": "import { KinesisClient } from '@aws-sdk/client-kinesis';\nexport const handler = async () => 1;"}, "", "Runtime.ImportModuleError", "Error: Cannot load module '@aws-sdk/client-kinesis' in the tutor: the real nodejs18.x and later runtimes include the AWS SDK for JavaScript v3", true},
		{"syntax error", map[string]string{"index.js": "exports.handler = async () => {\n  return { a: 1 ;\n};"}, "", "Runtime.UserCodeSyntaxError", "SyntaxError: Unexpected token ; (/var/task/index.js:2:17)", true},
		{"not javascript", map[string]string{"index.js": "def handler(event, context):\n    return 1\n"}, "", "Runtime.UserCodeSyntaxError", "SyntaxError: ", true},
		{"init throws", map[string]string{"index.js": "throw new Error('config missing');"}, "", "Error", "config missing", true},
		{"process.exit", map[string]string{"index.js": "exports.handler = async () => { process.exit(1); };"}, "", "Runtime.ExitError", "Error: Runtime exited with error: exit status 1", true},
		{"stack overflow", map[string]string{"index.js": "function down(n) { return down(n + 1) + 1; }\nexports.handler = async () => down(0);"}, "", "RangeError", "Maximum call stack size exceeded", false},
		{"unhandled rejection", map[string]string{"index.js": "exports.handler = async () => { Promise.reject(new Error('forgotten')); await null; return 'ok'; };"}, "", "Runtime.UnhandledPromiseRejection", "Error: forgotten", true},
		{"await in a required module", map[string]string{"index.mjs": "import { x } from './lib.mjs';\nexport const handler = async () => x;", "lib.mjs": "export const x = await Promise.resolve(1);"}, "", "Runtime.UserCodeSyntaxError", "top-level await works only in the handler's own module", true},
		{"top-level await rejects", map[string]string{"index.mjs": "await Promise.reject(new Error('no config'));\nexport const handler = async () => 1;"}, "", "Error", "no config", true},
		{"circular response", map[string]string{"index.js": "exports.handler = async () => { const o = {}; o.o = o; return o; };"}, "", "TypeError", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, f := deploy(t, "nodejs22.x", tc.files, func(c *sandbox.Config) {
				if tc.handler != "" {
					c.Handler = tc.handler
				}
			})
			r := run(t, f, `{}`)
			if r.Error == nil {
				t.Fatalf("no error; response %s", r.Response)
			}
			if r.Error.Type != tc.typ || !strings.Contains(r.Error.Message, tc.msg) {
				t.Fatalf("got %s: %q\nwant %s: %q\n%s", r.Error.Type, r.Error.Message, tc.typ, tc.msg, r.LogText())
			}
			if !strings.HasPrefix(string(r.Response), `{"errorType":"`+tc.typ+`","errorMessage":`) {
				t.Errorf("payload = %s", r.Response)
			}
			if !strings.Contains(r.LogText(), "\tERROR\t") && r.Error.Type != sandbox.ErrTypeExit {
				t.Errorf("the error should be logged:\n%s", r.LogText())
			}
			if next := run(t, f, `{}`); next.Cold != tc.cold {
				t.Errorf("next invoke cold = %v, want %v", next.Cold, tc.cold)
			}
		})
	}
}

func TestErrorPayloadAndLogShape(t *testing.T) {
	f := js(t, "exports.handler = async () => {\n  throw new Error('boom');\n};")
	r := run(t, f, `{}`)
	want := `{"errorType":"Error","errorMessage":"boom","trace":["Error: boom","    at exports.handler (/var/task/index.js:2:9)"]}`
	if string(r.Response) != want {
		t.Errorf("payload:\n got %s\nwant %s", r.Response, want)
	}
	line := r.Logs[1]
	wantLine := "\t" + r.RequestID + "\tERROR\tInvoke Error \t" + `{"errorType":"Error","errorMessage":"boom","stack":["Error: boom","    at exports.handler (/var/task/index.js:2:9)"]}`
	if !strings.HasSuffix(line, wantLine) {
		t.Errorf("log line:\n got %q\nwant suffix %q", line, wantLine)
	}
}
