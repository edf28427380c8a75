package nodejs

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Each hostile handler must end in a Lambda-style error, leave the process
// alone, and leave other environments working.

func TestHostileCode(t *testing.T) {
	healthy := js(t, `let n = 0; exports.handler = async () => ++n;`)
	run(t, healthy, `{}`)
	cases := []struct {
		name, src string
		typ       string
		text      string // in the log
		memory    int    // MB; 0 means 128 with a 1 s timeout
	}{
		{"infinite loop", `exports.handler = async () => { while (true) {} };`, sandbox.ErrTypeTimeout, "Task timed out after 1.00 seconds", 0},
		{"infinite loop in init", `while (true) {}\nexports.handler = async () => 1;`, sandbox.ErrTypeTimeout, "Task timed out after 1.00 seconds", 0},
		// Nothing left on the event loop: the runtime client fails an async
		// handler at once (Runtime.NodeJsExit), it does not time out.
		{"promise never resolves", `exports.handler = async () => new Promise(() => {});`, "Runtime.NodeJsExit", "a Promise that was never settled", 0},
		{"sleep past the timeout", `exports.handler = async () => { await new Promise((r) => setTimeout(r, 5000)); return 1; };`, sandbox.ErrTypeTimeout, "Task timed out after 1.00 seconds", 0},
		{"interval keeps loop busy", `exports.handler = (e, c, cb) => { setInterval(() => {}, 100); cb(null, 'done'); };`, sandbox.ErrTypeTimeout, "Task timed out after 1.00 seconds", 0},
		{"memory bomb", `exports.handler = async () => { const a = []; let i = 0; while (true) a.push('x'.repeat(1 << 20) + i++); };`, sandbox.ErrTypeOutOfMemory, "Error: Runtime exited with error: signal: killed", 256},
		{"memory bomb in init", `const a = []; let i = 0; while (true) a.push('x'.repeat(1 << 20) + i++);\nexports.handler = async () => 1;`, sandbox.ErrTypeOutOfMemory, "Error: Runtime exited with error: signal: killed", 256},
		{"deep recursion", `const f = (n) => f(n + 1) + 1; exports.handler = async () => f(0);`, "RangeError", "Maximum call stack size exceeded", 1024},
		{"huge response", `exports.handler = async () => 'x'.repeat(7 * 1024 * 1024);`, sandbox.ErrTypeResponseTooLarge, "exceeded maximum allowed payload size (6291556 bytes)", 1024},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := sandbox.Options{Deterministic: true}
			if strings.Contains(tc.name, "loop in init") {
				// INIT may run 10 s at a full vCPU: count host time 20-fold
				// so the test waits 0.5 s, not 10.
				opts.HostTimeScale = 20
			}
			_, f := deployWith(t, opts, "nodejs22.x", map[string]string{"index.js": strings.ReplaceAll(tc.src, `\n`, "\n")}, func(c *sandbox.Config) {
				c.TimeoutSec = 1
				if tc.memory > 0 {
					c.MemoryMB, c.TimeoutSec = tc.memory, 60
				}
			})
			r := run(t, f, `{}`)
			if r.Error == nil || r.Error.Type != tc.typ {
				t.Fatalf("error = %v, want %s\n%s", r.Error, tc.typ, r.LogText())
			}
			if !strings.Contains(r.LogText()+string(r.Response), tc.text) {
				t.Errorf("log and response lack %q:\n%s\n%s", tc.text, r.LogText(), r.Response)
			}
			if !strings.HasPrefix(r.Logs[len(r.Logs)-1], "REPORT RequestId: ") {
				t.Errorf("no REPORT line")
			}
			if (tc.typ == sandbox.ErrTypeTimeout || tc.typ == sandbox.ErrTypeOutOfMemory) && strings.Contains(r.LogText(), "\tERROR\t") {
				t.Errorf("a stopped runtime logs no handler error:\n%s", r.LogText())
			}
			if tc.typ == sandbox.ErrTypeTimeout && r.Report.DurationMs != 1000 {
				t.Errorf("a timeout lasts the timeout: %.2f", r.Report.DurationMs)
			}
			if n := run(t, healthy, `{}`); n.Error != nil || n.Cold {
				t.Errorf("another environment was harmed: %v cold=%v", n.Error, n.Cold)
			}
		})
	}
}

func TestOutputFloodIsCapped(t *testing.T) {
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": `exports.handler = async () => { for (let i = 0; i < 100000; i++) console.log('spam', i); return 'done'; };`},
		func(c *sandbox.Config) { c.MemoryMB, c.TimeoutSec = 1769, 60 })
	r := run(t, f, `{}`)
	wantResponse(t, r, `"done"`)
	if !r.LogTruncated || !strings.Contains(r.LogText(), "log output truncated") {
		t.Fatal("output should be capped and marked truncated")
	}
	if len(r.LogText()) > sandbox.DefaultMaxLogBytes+1024 {
		t.Errorf("log is %d bytes", len(r.LogText()))
	}
}

func TestOversizedEventRefused(t *testing.T) {
	f := js(t, `exports.handler = async () => 1;`)
	_, err := f.Invoke(context.Background(), []byte(`{"b":"`+strings.Repeat("x", 6*1024*1024)+`"}`))
	var re *sandbox.RequestError
	if !errors.As(err, &re) || re.Type != "RequestEntityTooLargeException" {
		t.Fatalf("err = %v", err)
	}
}

func TestNoHostAccess(t *testing.T) {
	f := js(t, `
const fs = require('fs');
exports.handler = async () => {
  const out = {};
  for (const p of ['/etc/passwd', '/proc/self/environ', '../../../etc/hosts']) {
    try { fs.readFileSync(p); out[p] = 'read'; } catch (e) { out[p] = e.code; }
  }
  try { fs.writeFileSync('/var/task/x', '1'); } catch (e) { out.task = e.message; }
  for (const m of ['child_process', 'net', 'http', 'os', 'worker_threads']) {
    try { require(m); out[m] = 'loaded'; } catch (e) { out[m] = e.code + ': ' + e.message.split(/[:\n]/)[0]; }
  }
  // os is offered, with the tutor's Lambda-like values: none of the host's.
  const os = require('os');
  out.osHost = [os.hostname(), os.homedir(), os.userInfo().username, Object.keys(os.networkInterfaces()).join()].join();
  out.fetch = await fetch('https://example.com').then(() => 'ok', (e) => e.name);
  out.env = Object.keys(process.env).filter((k) => k === 'HOME' || k === 'USER' || k.startsWith('GO')).length;
  return out;
};`)
	r := run(t, f, `{}`)
	want := `{"/etc/passwd":"ENOENT","/proc/self/environ":"ENOENT","../../../etc/hosts":"ENOENT","task":"EROFS: read-only file system, open '/var/task/x'","child_process":"MODULE_NOT_FOUND: Cannot load module 'child_process' in the tutor","net":"MODULE_NOT_FOUND: Cannot load module 'net' in the tutor","http":"MODULE_NOT_FOUND: Cannot load module 'http' in the tutor","os":"loaded","worker_threads":"MODULE_NOT_FOUND: Cannot load module 'worker_threads' in the tutor","osHost":"HOST","fetch":"TypeError","env":0}`
	host := regexp.MustCompile(`"osHost":"169\.254\.\d+\.\d+,/home/sbx_user1051,sbx_user1051,lo"`)
	if !host.Match(r.Response) {
		t.Errorf("os shows more than the tutor's values: %s", r.Response)
	}
	r.Response = host.ReplaceAll(r.Response, []byte(`"osHost":"HOST"`))
	wantResponse(t, r, want)
}

func TestTmpIsSizedByEphemeralStorage(t *testing.T) {
	_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": `
const fs = require('fs');
exports.handler = async () => {
  const mb = Buffer.alloc(1024 * 1024);
  let n = 0;
  try { for (;;) { fs.appendFileSync('/tmp/big', mb); n++; } } catch (e) { return { n, code: e.code }; }
};`}, func(c *sandbox.Config) { c.TimeoutSec = 30; c.MemoryMB = 1024 })
	wantResponse(t, run(t, f, `{}`), `{"n":512,"code":"ENOSPC"}`)
}
