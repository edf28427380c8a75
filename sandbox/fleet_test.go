package sandbox

import (
	"context"
	"errors"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

func fakeFunc(t *testing.T, acct *Account, mutate func(*Config)) *Function {
	t.Helper()
	cfg := Config{Runtime: "fake1.x", Handler: "index.handler", Files: map[string]string{"init": "log=hello from init"}}
	if mutate != nil {
		mutate(&cfg)
	}
	f, err := acct.NewFunction(cfg)
	if err != nil {
		t.Fatalf("NewFunction: %v", err)
	}
	t.Cleanup(acct.Close)
	return f
}

func invoke(t *testing.T, f *Function, event string) *Result {
	t.Helper()
	res, err := f.Invoke(context.Background(), []byte(event))
	if err != nil {
		t.Fatalf("Invoke(%s): %v", event, err)
	}
	return res
}

var reportRE = regexp.MustCompile(`^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB\tMax Memory Used: \d+ MB\t(Init Duration: \d+\.\d\d ms\t)?$`)

func TestColdThenWarm(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, nil)
	first := invoke(t, f, `{"write":"/tmp/a"}`)
	second := invoke(t, f, `{"write":"/tmp/b"}`)
	if !first.Cold || second.Cold {
		t.Fatalf("cold flags = %v, %v; want true, false", first.Cold, second.Cold)
	}
	if first.Report.InitDurationMs == nil || second.Report.InitDurationMs != nil {
		t.Fatalf("Init Duration must appear on the cold invoke only")
	}
	if !strings.HasPrefix(string(second.Response), `{"count":2,"remaining":299`) || !strings.HasSuffix(string(second.Response), `"tmp":["a","b"]}`) {
		t.Errorf("warm response = %s; globals and /tmp must persist", second.Response)
	}
	if first.LogStream != second.LogStream {
		t.Errorf("log streams differ: %s vs %s", first.LogStream, second.LogStream)
	}
	if !regexp.MustCompile(`^\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}$`).MatchString(first.LogStream) {
		t.Errorf("log stream %q has the wrong shape", first.LogStream)
	}
	lines := first.Logs
	if !strings.HasSuffix(lines[0], "\tundefined\tINFO\thello from init") || !strings.HasPrefix(lines[1], "START RequestId: "+first.RequestID+" Version: $LATEST") {
		t.Errorf("INIT line then START expected, got %q", lines[:2])
	}
	if lines[len(lines)-2] != "END RequestId: "+first.RequestID {
		t.Errorf("END line = %q", lines[len(lines)-2])
	}
	for _, r := range []*Result{first, second} {
		last := r.Logs[len(r.Logs)-1]
		if !reportRE.MatchString(last) {
			t.Errorf("REPORT line %q does not match Lambda's format", last)
		}
	}
	if !strings.Contains(first.Logs[len(first.Logs)-1], "Init Duration") || strings.Contains(second.Logs[len(second.Logs)-1], "Init Duration") {
		t.Error("Init Duration belongs on the cold REPORT only")
	}
	// Billing: cold bills ceil(init + duration) since 2025-08.
	want := int64(first.Report.DurationMs + *first.Report.InitDurationMs + 0.999999)
	if first.Report.BilledDurationMs != want {
		t.Errorf("billed %d ms, want %d", first.Report.BilledDurationMs, want)
	}
	if first.Cost.Total() <= second.Cost.Total() {
		t.Errorf("the cold invoke should cost more: %v vs %v", first.Cost.Total(), second.Cost.Total())
	}
	if !second.Start.Equal(first.End) {
		t.Errorf("sequential invokes: second starts %v, first ended %v", second.Start, first.End)
	}
}

func TestUpdateAndDelete(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true, ConcurrencyLimit: 200})
	f := fakeFunc(t, acct, nil)
	invoke(t, f, `{}`)
	cfg := f.Config()
	cfg.MemoryMB = 1024
	if err := f.Update(cfg); err != nil {
		t.Fatal(err)
	}
	r := invoke(t, f, `{}`)
	if !r.Cold || r.Report.MemorySizeMB != 1024 {
		t.Errorf("after an update the next invoke is cold with the new memory: %+v", r.Report)
	}
	cfg.MemoryMB = 64
	if err := f.Update(cfg); err == nil || f.Config().MemoryMB != 1024 {
		t.Errorf("an invalid update must change nothing: %v", err)
	}
	hundred := 100
	cfg.MemoryMB, cfg.ReservedConcurrency = 1024, &hundred
	if err := f.Update(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := acct.NewFunction(Config{FunctionName: "other", Runtime: "fake1.x", Handler: "i.h", ReservedConcurrency: &hundred}); err == nil {
		t.Fatal("200 - 100 - 100 leaves less than the unreserved minimum of 100")
	}
	f.Delete()
	if g, err := acct.NewFunction(Config{FunctionName: "other", Runtime: "fake1.x", Handler: "i.h", ReservedConcurrency: &hundred}); err != nil || g == nil {
		t.Errorf("deleting frees the reserved concurrency: %v", err)
	}
}

func TestInvokeWithID(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, nil)
	id := "6bc28136-ab9c-4d0c-8a6a-3b5e2f0c9a11"
	r, err := f.InvokeWithID(context.Background(), []byte(`{}`), id)
	if err != nil || r.RequestID != id || !strings.HasPrefix(r.Logs[1], "START RequestId: "+id) || r.Report.RequestID != id {
		t.Fatalf("%v %+v", err, r)
	}
}

func TestDeterministicRunsAreIdentical(t *testing.T) {
	run := func() string {
		acct := NewAccount(Options{Deterministic: true, Seed: 7})
		f := fakeFunc(t, acct, nil)
		var b strings.Builder
		for _, ev := range []string{`{}`, `{"sleep":"250ms"}`, `{"error":"boom"}`, `{}`} {
			r := invoke(t, f, ev)
			b.WriteString(r.LogText())
			b.Write(r.Response)
		}
		return b.String()
	}
	a, b := run(), run()
	if a != b {
		t.Fatalf("deterministic runs differ:\n%s\n---\n%s", a, b)
	}
	if !strings.Contains(a, "2026-01-15T09:00:00") {
		t.Errorf("log should start at the fixed instant:\n%s", a)
	}
}

func TestVirtualSleepAdvancesClock(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, nil)
	invoke(t, f, `{}`)
	r := invoke(t, f, `{"sleep":"2s"}`)
	if r.Report.DurationMs < 2000 || r.Report.DurationMs > 2010 {
		t.Errorf("Duration = %.2f, want 2000 ms plus overhead", r.Report.DurationMs)
	}
	if got := r.End.Sub(r.Start); got < 2*time.Second {
		t.Errorf("virtual time moved %v", got)
	}
}

func TestStepsAreScaledByMemory(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	small := fakeFunc(t, acct, func(c *Config) { c.MemoryMB = 1769; c.FunctionName = "big" })
	invoke(t, small, `{}`)
	r := invoke(t, small, `{"steps":1000000}`) // 1e6 steps × 1000 ns = 1 s at one vCPU
	if r.Report.DurationMs < 1000 || r.Report.DurationMs > 1003 {
		t.Errorf("Duration at 1769 MB = %.2f, want about 1000 ms", r.Report.DurationMs)
	}
	slow := fakeFunc(t, acct, func(c *Config) { c.MemoryMB = 885; c.FunctionName = "half" })
	invoke(t, slow, `{}`)
	r = invoke(t, slow, `{"steps":1000000}`)
	if r.Report.DurationMs < 1990 || r.Report.DurationMs > 2010 {
		t.Errorf("Duration at 885 MB = %.2f, want about 2000 ms (half a vCPU)", r.Report.DurationMs)
	}
}

func TestIdleReclaimAndLifetime(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, nil)
	invoke(t, f, `{}`)
	acct.Advance(5 * time.Minute)
	if r := invoke(t, f, `{}`); r.Cold {
		t.Fatal("an environment idle 5 min (TTL 10 min ±20%) should be warm")
	}
	acct.Advance(13 * time.Minute)
	if r := invoke(t, f, `{}`); !r.Cold {
		t.Fatal("an environment idle 13 min should have been reclaimed")
	}
	// Busy every 5 minutes: recycled anyway after about 2 h.
	colds := 0
	for i := 0; i < 30; i++ {
		acct.Advance(5 * time.Minute)
		if invoke(t, f, `{}`).Cold {
			colds++
		}
	}
	if colds != 1 {
		t.Errorf("over 150 min of steady traffic, got %d cold starts, want 1 (max lifetime)", colds)
	}
}

func TestTimeoutResetsEnvironment(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, nil)
	invoke(t, f, `{}`)
	r := invoke(t, f, `{"sleep":"5s"}`)
	if r.Error == nil || r.Error.Type != ErrTypeTimeout {
		t.Fatalf("error = %v, want %s", r.Error, ErrTypeTimeout)
	}
	if r.Report.DurationMs != 3000 || r.Report.BilledDurationMs != 3000 {
		t.Errorf("a timeout bills the full timeout: %+v", r.Report)
	}
	text := r.LogText()
	if !regexp.MustCompile(`\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ` + r.RequestID + ` Task timed out after 3\.00 seconds\n`).MatchString(text) {
		t.Errorf("timeout line missing:\n%s", text)
	}
	if !strings.Contains(string(r.Response), `"errorMessage":"`) || !strings.Contains(string(r.Response), "Task timed out after 3.00 seconds") {
		t.Errorf("payload = %s", r.Response)
	}
	if next := invoke(t, f, `{}`); !next.Cold {
		t.Error("the invoke after a timeout must be cold")
	}
}

func TestInfiniteLoopStoppedAtTimeout(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, func(c *Config) { c.TimeoutSec = 1 })
	r := invoke(t, f, `{"loop":true}`)
	if r.Error == nil || r.Error.Type != ErrTypeTimeout || r.Report.DurationMs != 1000 {
		t.Fatalf("got %v, %+v", r.Error, r.Report)
	}
	if next := invoke(t, f, `{}`); !next.Cold || next.Error != nil {
		t.Errorf("next invoke: cold=%v err=%v", next.Cold, next.Error)
	}
}

func TestHostTimeLimit(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true, HostTimeLimit: 50 * time.Millisecond})
	f := fakeFunc(t, acct, func(c *Config) { c.TimeoutSec, c.MemoryMB = 900, 10240 })
	r := invoke(t, f, `{"loop":true}`)
	if r.Error == nil || r.Error.Type != ErrTypeTimeout || r.Report.DurationMs != 900000 {
		t.Fatalf("a 15-minute loop must stop at the host limit and read as a timeout: %v %+v", r.Error, r.Report)
	}
}

func TestMemoryBombStopped(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, func(c *Config) { c.TimeoutSec = 60 })
	r := invoke(t, f, `{"alloc":true}`)
	if r.Error == nil || r.Error.Type != ErrTypeOutOfMemory {
		t.Fatalf("error = %v, want %s", r.Error, ErrTypeOutOfMemory)
	}
	if r.Report.MaxMemoryUsedMB != 128 {
		t.Errorf("Max Memory Used = %d, want the memory size", r.Report.MaxMemoryUsedMB)
	}
	if !strings.Contains(r.LogText(), "Error: Runtime exited with error: signal: killed") {
		t.Errorf("log:\n%s", r.LogText())
	}
	if next := invoke(t, f, `{}`); !next.Cold || next.Error != nil {
		t.Errorf("next invoke: cold=%v err=%v", next.Cold, next.Error)
	}
}

// With the heap profile off, nothing is measured per environment, and the
// process heap still stops a bomb.
func TestMemoryBombStoppedWithHeapProfileOff(t *testing.T) {
	defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	runtime.MemProfileRate = 0
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, func(c *Config) { c.TimeoutSec = 60 })
	if _, _, ok := tagLive(1); ok {
		t.Fatal("tagLive measured with the heap profile off")
	}
	if r := invoke(t, f, `{"alloc":true}`); r.Error == nil || r.Error.Type != ErrTypeOutOfMemory {
		t.Fatalf("error = %v, want %s", r.Error, ErrTypeOutOfMemory)
	}
}

func TestSlowInitRetriedInsideInvoke(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, func(c *Config) { c.TimeoutSec = 30; c.Files = map[string]string{"init": "sleep=12s"} })
	r := invoke(t, f, `{}`)
	if r.Error != nil || !r.Cold || r.Report.InitDurationMs != nil {
		t.Fatalf("err=%v cold=%v init=%v; want a cold invoke without Init Duration", r.Error, r.Cold, r.Report.InitDurationMs)
	}
	if r.Report.DurationMs < 12000 || r.Report.DurationMs > 12200 {
		t.Errorf("Duration = %.2f, want the retried INIT inside it (about 12000 ms)", r.Report.DurationMs)
	}
	if got := r.Start.Add(10 * time.Second); r.End.Before(got.Add(12 * time.Second)) {
		t.Errorf("the abandoned 10 s INIT must come first on the timeline")
	}
}

func TestInitErrorAndPanic(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, func(c *Config) { c.Files = map[string]string{"init": "error=Cannot find module 'x'"} })
	r := invoke(t, f, `{}`)
	if r.Error == nil || r.Error.Type != "Runtime.ImportModuleError" || r.Report.InitDurationMs == nil {
		t.Fatalf("got %v / %+v", r.Error, r.Report)
	}
	if !invoke(t, f, `{}`).Cold {
		t.Error("after a failed INIT the next invoke is cold again")
	}
	g := fakeFunc(t, acct, func(c *Config) { c.FunctionName = "panicky" })
	r = invoke(t, g, `{"panic":true}`)
	if r.Error == nil || r.Error.Type != ErrTypeExit {
		t.Fatalf("a panicking engine must end as %s, got %v", ErrTypeExit, r.Error)
	}
	if !invoke(t, g, `{}`).Cold {
		t.Error("a crashed runtime resets the environment")
	}
	r = invoke(t, g, `{"error":"boom"}`)
	if r.Error == nil || string(r.Response) != `{"errorType":"Error","errorMessage":"boom","trace":["Error: boom"]}` {
		t.Errorf("error payload = %s", r.Response)
	}
	if invoke(t, g, `{}`).Cold {
		t.Error("a handled function error keeps the environment warm")
	}
}

func TestPayloadLimitsAndLogFlood(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true, MaxLogBytes: 4096})
	f := fakeFunc(t, acct, nil)
	_, err := f.Invoke(context.Background(), []byte(`"`+strings.Repeat("x", MaxSyncPayload)+`"`))
	var re *RequestError
	if !errors.As(err, &re) || re.StatusCode != 413 {
		t.Fatalf("event over 6 MB: err = %v", err)
	}
	r := invoke(t, f, `{"size":6291556}`)
	if r.Error == nil || r.Error.Type != ErrTypeResponseTooLarge {
		t.Fatalf("response over 6 MB: %v", r.Error)
	}
	r = invoke(t, f, `{"logs":10000}`)
	if !r.LogTruncated || !strings.Contains(r.LogText(), "log output truncated") {
		t.Fatal("flooded output must be capped and marked")
	}
	if !strings.HasPrefix(r.Logs[len(r.Logs)-1], "REPORT ") {
		t.Errorf("END and REPORT must survive the cap: %q", r.Logs[len(r.Logs)-1])
	}
}

func TestConcurrencyAndThrottles(t *testing.T) {
	ctx := context.Background()
	events := func(n int) [][]byte {
		out := make([][]byte, n)
		for i := range out {
			out[i] = []byte(`{}`)
		}
		return out
	}
	acct := NewAccount(Options{Deterministic: true, ConcurrencyLimit: NewAccountConcurrencyLimit})
	f := fakeFunc(t, acct, nil)
	got := f.InvokeConcurrent(ctx, events(11))
	streams := map[string]bool{}
	for i, a := range got[:10] {
		if a.Err != nil || !a.Result.Cold {
			t.Fatalf("request %d: %v", i, a.Err)
		}
		streams[a.Result.LogStream] = true
	}
	if len(streams) != 10 {
		t.Errorf("10 concurrent requests need 10 environments, got %d", len(streams))
	}
	var thr *ThrottleError
	if !errors.As(got[10].Err, &thr) || thr.Reason != ReasonConcurrentLimit || thr.StatusCode() != 429 {
		t.Fatalf("11th request: %v", got[10].Err)
	}
	for _, a := range f.InvokeConcurrent(ctx, events(10)) {
		if a.Err != nil || a.Result.Cold {
			t.Fatal("the second wave should reuse the 10 warm environments")
		}
	}

	acct2 := NewAccount(Options{Deterministic: true})
	zero := 0
	z := fakeFunc(t, acct2, func(c *Config) { c.ReservedConcurrency = &zero })
	if _, err := z.Invoke(ctx, []byte(`{}`)); !errors.As(err, &thr) || thr.Reason != ReasonReservedConcurrentLimit {
		t.Fatalf("reserved 0: %v", err)
	}
	two := 2
	r2 := fakeFunc(t, acct2, func(c *Config) { c.ReservedConcurrency = &two; c.FunctionName = "two" })
	res := r2.InvokeConcurrent(ctx, events(3))
	if res[0].Err != nil || res[1].Err != nil || !errors.As(res[2].Err, &thr) || thr.Reason != ReasonReservedConcurrentLimit {
		t.Fatalf("reserved 2: %v %v %v", res[0].Err, res[1].Err, res[2].Err)
	}
	if st := r2.Stats(); st.Throttles != 1 || st.Invocations != 2 {
		t.Errorf("stats = %+v", st)
	}

	acct3 := NewAccount(Options{Deterministic: true, ConcurrencyLimit: 10})
	one := 1
	if _, err := acct3.NewFunction(Config{Runtime: "fake1.x", Handler: "i.h", ReservedConcurrency: &one}); err == nil ||
		!strings.Contains(err.Error(), "below its minimum value of [10]") {
		t.Errorf("reserving on a 10-limit account: %v", err)
	}
}

func TestBurstTokenBucket(t *testing.T) {
	ctx := context.Background()
	acct := NewAccount(Options{Deterministic: true, Burst: 5})
	f := fakeFunc(t, acct, func(c *Config) { c.TimeoutSec = 30 })
	evs := make([][]byte, 7)
	for i := range evs {
		evs[i] = []byte(`{"sleep":"20s"}`)
	}
	got := f.InvokeConcurrent(ctx, evs)
	var thr *ThrottleError
	if got[4].Err != nil || !errors.As(got[5].Err, &thr) || thr.Reason != ReasonFunctionRateLimit {
		t.Fatalf("5 then throttled: %v / %v", got[4].Err, got[5].Err)
	}
	// The clock now stands 20 s later: the bucket (5 per 10 s) is full
	// again, and the 5 environments are free.
	evs = append(evs, evs[:4]...)
	got = f.InvokeConcurrent(ctx, evs)
	cold := 0
	for _, a := range got[:10] {
		if a.Err != nil {
			t.Fatalf("after refilling: %v", a.Err)
		}
		if a.Result.Cold {
			cold++
		}
	}
	if cold != 5 || !errors.As(got[10].Err, &thr) {
		t.Errorf("second wave: %d cold (want 5), 11th: %v", cold, got[10].Err)
	}
}

func TestProvisionedConcurrency(t *testing.T) {
	acct := NewAccount(Options{Deterministic: true})
	f := fakeFunc(t, acct, func(c *Config) { c.ProvisionedConcurrency = 2 })
	if n := len(f.Environments()); n != 2 {
		t.Fatalf("%d environments before any request, want 2", n)
	}
	got := f.InvokeConcurrent(context.Background(), [][]byte{[]byte(`{}`), []byte(`{}`), []byte(`{}`)})
	for i := 0; i < 2; i++ {
		r := got[i].Result
		if r.Cold || !r.Provisioned || r.Report.InitDurationMs != nil {
			t.Errorf("request %d should use a provisioned environment: %+v", i, r.Report)
		}
		if !strings.HasPrefix(r.Logs[0], "START RequestId: "+r.RequestID+" Version: 1") {
			t.Errorf("provisioned concurrency runs a published version: %q", r.Logs[0])
		}
	}
	spill := got[2].Result
	if !spill.Cold || spill.Provisioned || spill.Report.InitDurationMs == nil {
		t.Errorf("the third request spills over to on-demand with a cold start")
	}
	acct.Advance(3 * time.Hour)
	if r := invoke(t, f, `{}`); r.Cold {
		t.Error("provisioned environments are not reclaimed when idle")
	}
}

func TestConfigValidation(t *testing.T) {
	base := Config{Runtime: "fake1.x", Handler: "index.handler"}
	cases := []struct {
		mutate func(*Config)
		want   string
	}{
		{func(c *Config) { c.MemoryMB = 100 }, "Value '100' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"},
		{func(c *Config) { c.MemoryMB = 10241 }, "less than or equal to 10240"},
		{func(c *Config) { c.TimeoutSec = 901 }, "Value '901' at 'timeout'"},
		{func(c *Config) { c.TimeoutSec = -1 }, "greater than or equal to 1"},
		{func(c *Config) { c.Runtime = "nodejs18.x" }, "at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ["},
		{func(c *Config) { c.Arch = "x86" }, "Value '[x86]' at 'architectures'"},
		{func(c *Config) { c.EphemeralMB = 256 }, "at 'ephemeralStorage.size'"},
		{func(c *Config) { c.Handler = "index handler" }, "at 'handler'"},
		{func(c *Config) { c.Env = map[string]string{"AWS_REGION": "x", "PATH_X": "y"} }, "Reserved keys used in this request: AWS_REGION"},
		{func(c *Config) { c.Env = map[string]string{"BIG": strings.Repeat("v", 4090)} }, "exceeded the 4KB limit"},
		{func(c *Config) { c.Env = map[string]string{"1BAD": "v"} }, "at 'environment.variables'"},
	}
	for _, tc := range cases {
		c := base
		tc.mutate(&c)
		err := c.WithDefaults().Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	ok := base
	ok.MemoryMB, ok.TimeoutSec, ok.Arch, ok.EphemeralMB = 1769, 900, ARM64, 10240
	ok.Env = map[string]string{"TABLE_NAME": "orders"}
	if err := ok.WithDefaults().Validate(); err != nil {
		t.Errorf("valid config refused: %v", err)
	}
	if d := base.WithDefaults(); d.MemoryMB != 128 || d.TimeoutSec != 3 || d.Arch != X86_64 || d.EphemeralMB != 512 {
		t.Errorf("defaults = %+v", d)
	}
}

func TestTmpFS(t *testing.T) {
	fs := NewTmpFS(10, map[string]string{"index.js": "code"})
	if err := fs.WriteFile("/tmp/a", []byte("12345")); err != nil {
		t.Fatal(err)
	}
	err := fs.WriteFile("/tmp/b", []byte("123456"))
	var fe *FSError
	if !errors.As(err, &fe) || fe.Code != "ENOSPC" {
		t.Fatalf("over the size: %v", err)
	}
	if err := fs.WriteFile("/var/task/x", []byte("1")); !errors.As(err, &fe) || fe.Code != "EROFS" {
		t.Errorf("writing the task root: %v", err)
	}
	if _, err := fs.ReadFile("/etc/passwd"); err == nil || err.Error() != "ENOENT: no such file or directory, open '/etc/passwd'" {
		t.Errorf("host files must not be reachable: %v", err)
	}
	if b, err := fs.ReadFile("index.js"); err != nil || string(b) != "code" {
		t.Errorf("task files readable relative to /var/task: %q %v", b, err)
	}
	if err := fs.Mkdir("/tmp/d/e", true); err != nil {
		t.Fatal(err)
	}
	if names, _ := fs.ReadDir("/tmp"); strings.Join(names, ",") != "a,d" {
		t.Errorf("ReadDir = %v", names)
	}
	if err := fs.Remove("/tmp/d"); !errors.As(err, &fe) || fe.Code != "ENOTEMPTY" {
		t.Errorf("removing a full dir: %v", err)
	}
	if err := fs.Remove("/tmp/a"); err != nil || fs.Used() != 0 {
		t.Errorf("remove: %v, used %d", err, fs.Used())
	}
}

func TestInvokeRateLimit(t *testing.T) {
	// The invoke rate is limited to 10 × the concurrency: a new account of
	// 10 takes 100 requests per second (one second's worth at once), even
	// when every request finds a warm environment.
	ctx := context.Background()
	acct := NewAccount(Options{Deterministic: true, ConcurrencyLimit: NewAccountConcurrencyLimit})
	f := fakeFunc(t, acct, nil)
	evs := make([][]byte, 10)
	for i := range evs {
		evs[i] = []byte(`{}`)
	}
	ok, refused := 0, 0
	var thr *ThrottleError
	for range 15 {
		for _, a := range f.InvokeConcurrent(ctx, evs) {
			switch {
			case a.Err == nil:
				ok++
			case errors.As(a.Err, &thr) && thr.Reason == ReasonFunctionRateLimit:
				refused++
			default:
				t.Fatalf("unexpected: %v", a.Err)
			}
		}
	}
	elapsed := acct.Now().Sub(DeterministicStart).Seconds()
	if elapsed > 0.5 {
		t.Fatalf("the fake handler should be quick; the waves took %.2f s of virtual time", elapsed)
	}
	// 100 at once, plus whatever 100 per second refills in the elapsed time.
	if refused == 0 || ok > 100+int(elapsed*100)+1 {
		t.Errorf("%d served, %d refused in %.3f s: want at most 100 + 100/s served", ok, refused, elapsed)
	}
	if thr == nil || !strings.Contains(thr.Error(), "10 requests per second") {
		t.Errorf("the message should explain the rate limit: %v", thr)
	}
}
