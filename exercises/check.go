package exercises

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
	"github.com/lambdatutor/lambdatutor/sandbox/python"
)

// Code is what the learner hands in: the function's files and, for an
// exercise with a config.json, that file's text.
type Code struct {
	Runtime Runtime
	// Files maps a path relative to the function's root ("index.js",
	// "lib/util.js") to its content.
	Files map[string]string
	// Config is config.json ("" when the exercise has none, or to use the
	// exercise's defaults).
	Config string
}

// CheckOptions tune a check. The zero value is what the learner gets.
type CheckOptions struct {
	// SandboxRuntime overrides the runtime version, such as "nodejs24.x"
	// or "python3.12"; "" means Runtime.SandboxRuntime().
	SandboxRuntime string
	// WallLimit bounds the real time of one test, whatever the code does;
	// 0 means DefaultWallLimit (three times that for Python).
	WallLimit time.Duration
	// TotalWallLimit bounds the real time of the whole check: tests that
	// would start after it are reported as not run. 0 means
	// DefaultTotalWallLimit.
	TotalWallLimit time.Duration
	// Learner names whose check this is ("" is one shared learner). Each
	// learner runs one check at a time; other learners' checks run beside
	// it, up to one per core.
	Learner string
}

// Real-time bounds of a check. A handler's virtual timeout ends endless
// loops in an invoke quickly, but an endless loop in module code runs
// into the 10 s INIT limit at a full vCPU, which is real time too.
const (
	DefaultWallLimit      = 10 * time.Second
	DefaultTotalWallLimit = 30 * time.Second
)

// CheckResult is the outcome of running an exercise's tests on some code.
type CheckResult struct {
	ExerciseID string  `json:"exercise_id"`
	Runtime    Runtime `json:"runtime"`
	// Tests are the results in the exercise's order.
	Tests []TestResult `json:"tests"`
	// Passed is true when every test passed.
	Passed bool `json:"passed"`
	// PassedCount counts the passing tests.
	PassedCount int `json:"passed_count"`
	// SyntaxError is set when the code does not compile: file, line and
	// column of the first error.
	SyntaxError *CodeError `json:"syntax_error,omitempty"`
	// ConfigError is set when config.json (or a project exercise's
	// lambdatutor.yaml, named in ConfigPath) is broken; no test ran.
	ConfigError string `json:"config_error,omitempty"`
	ConfigPath  string `json:"config_path,omitempty"`
	// Elapsed is the real time the check took.
	Elapsed time.Duration `json:"-"`
}

// CodeError is a syntax error in the learner's code.
type CodeError struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	// Message is the runtime's error message.
	Message string `json:"message"`
	// Context is the runtime's pointer at the error (source line and
	// caret) when it gives one.
	Context []string `json:"context,omitempty"`
}

// pointAt sets Context to the offending source line and a caret under
// the column, when the file and line are known.
func (e *CodeError) pointAt(files map[string]string) {
	src, ok := files[e.File]
	if !ok || e.Line < 1 {
		return
	}
	lines := strings.Split(src, "\n")
	if e.Line > len(lines) {
		return
	}
	l := strings.ReplaceAll(strings.TrimRight(lines[e.Line-1], "\r"), "\t", " ")
	caret := strings.Repeat(" ", max(0, min(e.Column-1, len(l)))) + "^"
	e.Context = []string{fmt.Sprintf("%4d | %s", e.Line, l), "     | " + caret}
}

func (e *CodeError) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// TestResult is one test's outcome.
type TestResult struct {
	// Name is the test's name; Index its 1-based number.
	Name  string `json:"name"`
	Index int    `json:"index"`
	// Passed is true when every expectation held.
	Passed bool `json:"passed"`
	// Step and Invocation locate the failing invocation (1-based), both 0
	// when the failure concerns the whole test (counts, durations, cost)
	// or the setup.
	Step       int `json:"step,omitempty"`
	Invocation int `json:"invocation,omitempty"`
	// Mismatches are the failed expectations, expected and actual side by
	// side.
	Mismatches []Mismatch `json:"mismatches,omitempty"`
	// Problem is a failure that is not an expectation: the configuration
	// was refused, or the test ran out of real time.
	Problem string `json:"problem,omitempty"`
	// Report is the REPORT line of the failing invocation ("" if none).
	Report string `json:"report,omitempty"`
	// CostUSD is the cost of the failing invocation, or of the whole test
	// when the failure concerns all of it.
	CostUSD float64 `json:"cost_usd,omitempty"`
	// Log holds the failing invocation's log lines.
	Log []string `json:"log,omitempty"`
	// Response is the failing invocation's response (or error) payload.
	Response string `json:"response,omitempty"`
	// Triggered says, in a project test that failed, what the triggers
	// did, one line per run or move: the function, the source, the
	// outcome and what became of the event.
	Triggered []string `json:"triggered,omitempty"`
	// SyntaxError is set when the test failed because the code does not
	// compile (CheckResult.SyntaxError says where).
	SyntaxError bool `json:"syntax_error,omitempty"`
}

// Mismatch is one failed expectation.
type Mismatch struct {
	// What names the expectation: "ok", "response.statusCode",
	// "body_json.greeting", "log_contains", "cold_starts" ...
	What string `json:"what"`
	// Expected and Actual are short texts (JSON values where it applies).
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
}

// Check runs the exercise's tests on code in the sandbox (deterministic
// mode), each test on a fresh function and account unless the test says
// same_function_as_previous. It never hangs: endless loops end at the
// function's timeout, memory bombs at its memory size, and anything else
// at opts.WallLimit of real time per test. The error is only for a
// cancelled ctx or unusable arguments; everything the code does is in the
// result.
func Check(ctx context.Context, ex *Exercise, code Code, opts CheckOptions) (*CheckResult, error) {
	if ex == nil {
		return nil, errors.New("check: no exercise given")
	}
	if code.Runtime != Node && code.Runtime != Python {
		return nil, fmt.Errorf("check %s: unknown runtime %q; use node or python", ex.ID, code.Runtime)
	}
	release, err := checks.acquire(ctx, opts.Learner)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", ex.ID, err)
	}
	defer release()

	if code.Runtime == Python {
		// Compiling the interpreter (once per machine) or loading it from
		// the cache is the tutor's work, not the learner's code: it does
		// not count against the real-time limits. An error shows in each
		// test's result when its function starts.
		_ = python.Prepare()
	}
	began := time.Now()
	res := &CheckResult{ExerciseID: ex.ID, Runtime: code.Runtime}
	var cf ConfigFile
	if ex.ConfigFile {
		var err error
		if cf, err = ParseConfig(code.Config); err != nil {
			res.ConfigError, res.ConfigPath = err.Error(), "config.json"
		}
	}
	rtName := code.Runtime.SandboxRuntime()
	if opts.SandboxRuntime != "" {
		rtName = opts.SandboxRuntime
	}
	var proj *project.Project
	if ex.Project {
		var err error
		if proj, err = parseProject(code.Files, rtName); err != nil {
			res.ConfigError, res.ConfigPath = err.Error(), ProjectFile
		}
	}
	wall := opts.WallLimit
	if wall <= 0 {
		wall = DefaultWallLimit
	}
	total := opts.TotalWallLimit
	if total <= 0 {
		total = DefaultTotalWallLimit
	}
	var prev *runState
	for i, t := range ex.Tests {
		tr := TestResult{Name: t.Name, Index: i + 1}
		if res.ConfigError != "" {
			tr.Problem = res.ConfigPath + ": " + res.ConfigError
			res.Tests = append(res.Tests, tr)
			continue
		}
		if time.Since(began) > total {
			tr.Problem = fmt.Sprintf("not run: the earlier tests used up the %v of real time a check may take; make the slow code faster first", total)
			res.Tests = append(res.Tests, tr)
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("check %s: %w", ex.ID, err)
		}
		st := prev
		if !t.SameFunctionAsPrevious || st == nil {
			if prev != nil {
				prev.acct.Close()
			}
			var err error
			if proj != nil {
				st, err = newProjectRunState(proj, code.Files, t.Seed, uint64(i+1))
			} else {
				spec := ex.Function.merge(t.Function)
				cfg := testConfig(ex, code.Runtime, spec, cf)
				cfg.Runtime = rtName
				cfg.Files = code.Files
				st, err = newRunState(cfg, spec, uint64(i+1))
			}
			if err != nil {
				tr.Problem = err.Error()
				res.Tests = append(res.Tests, tr)
				prev = nil
				continue
			}
		}
		prev = st
		tctx, cancel := context.WithTimeout(ctx, wall)
		runTest(tctx, ex, i, st, &tr)
		stopped := tctx.Err() != nil
		cancel()
		if ctx.Err() != nil {
			st.acct.Close()
			return nil, fmt.Errorf("check %s: %w", ex.ID, ctx.Err())
		}
		if stopped && !tr.Passed && tr.Problem == "" {
			tr.Problem = fmt.Sprintf("the test took more than %v of real time and was stopped; look for an endless loop", wall)
		}
		if res.SyntaxError == nil && st.syntax != nil {
			res.SyntaxError = st.syntax
			res.SyntaxError.pointAt(code.Files)
		}
		if st.syntax != nil && !tr.Passed && strings.Contains(tr.Response, "Runtime.UserCodeSyntaxError") {
			tr.SyntaxError = true
		}
		if tr.Passed {
			res.PassedCount++
		}
		res.Tests = append(res.Tests, tr)
	}
	if prev != nil {
		prev.acct.Close()
	}
	res.Passed = res.PassedCount == len(ex.Tests) && len(ex.Tests) > 0
	res.Elapsed = time.Since(began)
	return res, nil
}

// runState is a test's account and function, kept for a following
// same_function_as_previous test.
type runState struct {
	acct   *sandbox.Account
	fn     *sandbox.Function
	syntax *CodeError
	// cloud is set for a project exercise: fn is the project's first
	// function, acct the fleet of all of them.
	cloud *cloudRun
}

// newRunState starts a test's account. seed is the test's number, so that
// each test's invocations have request ids of their own (a shared seed
// would give every test the same first RequestId).
func newRunState(cfg sandbox.Config, spec FunctionSpec, seed uint64) (*runState, error) {
	opts := sandbox.Options{Deterministic: true, Seed: seed}
	if spec.AccountConcurrency != nil {
		opts.ConcurrencyLimit = *spec.AccountConcurrency
	}
	acct := sandbox.NewAccount(opts)
	fn, err := acct.NewFunction(cfg)
	if err != nil {
		acct.Close()
		return nil, fmt.Errorf("Lambda refused the function's configuration: %w", err)
	}
	return &runState{acct: acct, fn: fn}, nil
}

// outcome is one invocation as a test sees it.
type outcome struct {
	res      *sandbox.Result   // the (last) run; nil when refused
	attempts []*sandbox.Result // every run: one, or an async event's attempts
	err      error             // throttle or request error when nothing ran
	dropped  string            // async: why the event was discarded
}

func (o outcome) ok() bool { return o.err == nil && o.res != nil && o.res.Error == nil }

func (o outcome) errorType() string {
	var thr *sandbox.ThrottleError
	var re *sandbox.RequestError
	switch {
	case errors.As(o.err, &thr):
		return "TooManyRequestsException"
	case errors.As(o.err, &re):
		return re.Type
	case o.err != nil:
		return "Error"
	case o.res != nil && o.res.Error != nil:
		return o.res.Error.Type
	}
	return ""
}

func (o outcome) errorMessage() string {
	switch {
	case o.err != nil:
		return o.err.Error()
	case o.res != nil && o.res.Error != nil:
		return o.res.Error.Message
	}
	return ""
}

func (o outcome) logText() string {
	var b strings.Builder
	for _, a := range o.attempts {
		b.WriteString(a.LogText())
	}
	return b.String()
}

func (o outcome) logLines() []string {
	var out []string
	for _, a := range o.attempts {
		out = append(out, a.Logs...)
	}
	return out
}

func (o outcome) cost() float64 {
	c := 0.0
	for _, a := range o.attempts {
		c += a.Cost.Total()
	}
	return c
}

// runTest runs one test's steps and checks its expectations into tr.
func runTest(ctx context.Context, ex *Exercise, ti int, st *runState, tr *TestResult) {
	t := ex.Tests[ti]
	before := st.stats()
	var all []*sandbox.Result
	traceMark, trigMark := 0, 0
	if st.cloud != nil {
		traceMark, trigMark = len(st.cloud.traces), len(st.cloud.triggered)
	}
	for si, step := range t.Steps {
		st.acct.Advance(time.Duration(step.Advance))
		ev := ex.events[ti][si]
		if st.cloud != nil {
			mark := len(st.cloud.triggered)
			outs, ms := projectStep(ctx, st, step, ev)
			for _, inv := range st.cloud.triggered[mark:] {
				noteSyntax(st, outcome{res: inv.Result})
			}
			for n, o := range outs {
				all = append(all, o.attempts...)
				noteSyntax(st, o)
				if ms := checkStep(step.Expect, o); len(ms) > 0 {
					tr.Step, tr.Invocation, tr.Mismatches = si+1, n+1, ms
					failAt(tr, o)
					return
				}
			}
			if len(ms) > 0 {
				tr.Step, tr.Mismatches = si+1, ms
				st.cloud.showFailure(tr, trigMark)
				return
			}
			continue
		}
		repeat := max(step.Repeat, 1)
		n := 0
		for range repeat {
			if ctx.Err() != nil {
				return
			}
			for _, o := range invokeStep(ctx, st.fn, step, ev) {
				n++
				all = append(all, o.attempts...)
				noteSyntax(st, o)
				if ms := checkStep(step.Expect, o); len(ms) > 0 {
					tr.Step, tr.Invocation, tr.Mismatches = si+1, n, ms
					failAt(tr, o)
					return
				}
			}
		}
	}
	if st.cloud != nil {
		all = append(all, st.cloud.triggeredResults(trigMark)...)
		if ms := checkCloud(t.Expect, st.cloud, traceMark); len(ms) > 0 {
			tr.Mismatches = ms
			st.cloud.showFailure(tr, trigMark)
			return
		}
	}
	after := st.stats()
	if ms := checkTotals(t.Expect, before, after, all); len(ms) > 0 {
		tr.Mismatches = ms
		total := 0.0
		for _, r := range all {
			total += r.Cost.Total()
		}
		tr.CostUSD = total
		if len(all) > 0 {
			last := all[len(all)-1]
			tr.Report = strings.TrimRight(last.Report.Line(), "\t")
		}
		return
	}
	if ctx.Err() != nil {
		return
	}
	tr.Passed = true
}

// Caps on what a TestResult keeps of a failing invocation: a handler may
// return megabytes or log a line per loop turn.
const (
	maxResponseBytes = 8 << 10
	maxLogLineBytes  = 1 << 10
	maxLogLines      = 200
)

func failAt(tr *TestResult, o outcome) {
	tr.CostUSD = o.cost()
	lines := o.logLines()
	if len(lines) > maxLogLines {
		lines = append([]string{fmt.Sprintf("[lambdatutor] %d earlier log lines not shown", len(lines)-maxLogLines)}, lines[len(lines)-maxLogLines:]...)
	}
	for _, l := range lines {
		tr.Log = append(tr.Log, clipBytes(l, maxLogLineBytes))
	}
	if o.res != nil {
		tr.Report = strings.TrimRight(o.res.Report.Line(), "\t")
		tr.Response = clipBytes(string(o.res.Response), maxResponseBytes)
	} else if o.err != nil {
		tr.Response = o.err.Error()
	}
}

// clipBytes cuts s to about n bytes on a rune boundary, saying so.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}

// invokeStep runs one repetition of a step: one invocation, N concurrent
// ones, or one async event.
func invokeStep(ctx context.Context, fn *sandbox.Function, step StepSpec, ev []byte) []outcome {
	switch {
	case step.Async:
		inv, err := fn.InvokeAsync(ctx, ev, sandbox.AsyncOptions{})
		o := outcome{err: err}
		if inv != nil {
			o.attempts, o.res, o.dropped = inv.Attempts, inv.Last(), inv.DropReason
			if o.res == nil && err == nil && inv.Throttles > 0 {
				o.err = &sandbox.ThrottleError{Reason: sandbox.ReasonReservedConcurrentLimit}
			}
		}
		return []outcome{o}
	case step.Concurrent > 1:
		evs := make([][]byte, step.Concurrent)
		for i := range evs {
			evs[i] = ev
		}
		var out []outcome
		for _, a := range fn.InvokeConcurrent(ctx, evs) {
			o := outcome{res: a.Result, err: a.Err}
			if a.Result != nil {
				o.attempts = []*sandbox.Result{a.Result}
			}
			out = append(out, o)
		}
		return out
	default:
		res, err := fn.Invoke(ctx, ev)
		o := outcome{res: res, err: err}
		if res != nil {
			o.attempts = []*sandbox.Result{res}
		}
		return []outcome{o}
	}
}

var (
	nodePosRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\((?:/var/task/)?([^():\s]+):(\d+):(\d+)\)\s*$`) })
	// Python's runtime names the file and line, not the column:
	// "Syntax error in module 'lambda_function': invalid syntax (lambda_function.py, line 3)".
	pyPosRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\(([^(),\s]+), line (\d+)(?:, column (\d+))?\)`) })
)

// noteSyntax records the first syntax error an invocation reports.
func noteSyntax(st *runState, o outcome) {
	if st.syntax != nil || o.res == nil || o.res.Error == nil || o.res.Error.Type != "Runtime.UserCodeSyntaxError" {
		return
	}
	st.syntax = parseSyntaxError(o.res.Error)
}

func parseSyntaxError(fe *sandbox.FunctionError) *CodeError {
	ce := &CodeError{Message: fe.Message}
	m := nodePosRE().FindStringSubmatch(fe.Message)
	if m == nil {
		m = pyPosRE().FindStringSubmatch(fe.Message)
	}
	if m != nil {
		ce.File = m[1]
		ce.Line, _ = strconv.Atoi(m[2])
		ce.Column, _ = strconv.Atoi(m[3])
	}
	for _, l := range fe.Trace {
		if strings.HasPrefix(l, "    ") {
			ce.Context = append(ce.Context, l)
		}
	}
	return ce
}

// checkStep compares one invocation with the step's expectations.
func checkStep(e StepExpect, o outcome) []Mismatch {
	var ms []Mismatch
	add := func(what, exp, act string) { ms = append(ms, Mismatch{What: what, Expected: exp, Actual: act}) }
	describe := func() string {
		if o.ok() {
			return "succeeded"
		}
		msg := o.errorMessage()
		if len(msg) > 200 {
			msg = msg[:200] + "..."
		}
		return "failed: " + o.errorType() + ": " + msg
	}
	if e.OK != nil && *e.OK != o.ok() {
		want := "succeeds"
		if !*e.OK {
			want = "fails with an error"
		}
		add("ok", want, describe())
	}
	needResponse := e.Response != nil || e.BodyJSON != nil || e.Body != nil
	if needResponse && !o.ok() && (e.OK == nil || *e.OK) {
		if e.OK == nil {
			add("ok", "succeeds", describe())
		}
		return ms
	}
	var resp any
	if o.res != nil && len(o.res.Response) > 0 {
		if err := json.Unmarshal(o.res.Response, &resp); err != nil {
			resp = string(o.res.Response)
		}
	}
	if e.Response != nil {
		want, _ := normalize(e.Response)
		ms = append(ms, subset("response", want, resp)...)
	}
	if e.BodyJSON != nil || e.Body != nil {
		obj, _ := resp.(map[string]any)
		body, isStr := obj["body"].(string)
		switch {
		case obj == nil || obj["body"] == nil:
			add("response.body", "a string body", "no body in "+short(resp))
		case !isStr:
			add("response.body", "a string (JSON.stringify / json.dumps the object)", "a "+jsonKind(obj["body"])+": "+short(obj["body"]))
		default:
			if e.Body != nil && body != *e.Body {
				add("body", strconv.Quote(*e.Body), strconv.Quote(body))
			}
			if e.BodyJSON != nil {
				var got any
				if err := json.Unmarshal([]byte(body), &got); err != nil {
					add("body_json", "the body to be JSON", "not JSON: "+strconv.Quote(clip(body, 120)))
				} else {
					want, _ := normalize(e.BodyJSON)
					ms = append(ms, subset("body_json", want, got)...)
				}
			}
		}
	}
	if e.ErrorType != "" && o.errorType() != e.ErrorType {
		act := o.errorType()
		if act == "" {
			act = "no error"
		}
		add("error_type", e.ErrorType, act)
	}
	if e.ErrorMessageContains != "" && !strings.Contains(o.errorMessage(), e.ErrorMessageContains) {
		act := o.errorMessage()
		if act == "" {
			act = "no error"
		}
		add("error_message", "contains "+strconv.Quote(e.ErrorMessageContains), strconv.Quote(clip(act, 200)))
	}
	log := o.logText()
	for _, s := range e.LogContains {
		if !strings.Contains(log, s) {
			add("log_contains", strconv.Quote(s), "not in the log")
		}
	}
	for _, s := range e.LogNotContains {
		if strings.Contains(log, s) {
			add("log_not_contains", "no "+strconv.Quote(s), "found in the log")
		}
	}
	if e.Cold != nil {
		cold := len(o.attempts) > 0 && o.attempts[0].Cold
		if len(o.attempts) == 0 {
			add("cold", coldWord(*e.Cold), "nothing ran ("+o.errorType()+")")
		} else if cold != *e.Cold {
			add("cold", coldWord(*e.Cold), coldWord(cold))
		}
	}
	return ms
}

func coldWord(cold bool) string {
	if cold {
		return "a cold start (new environment, INIT ran)"
	}
	return "a warm start (an environment re-used)"
}

// checkTotals compares the whole test with its expectations.
func checkTotals(e TestExpect, before, after sandbox.Stats, all []*sandbox.Result) []Mismatch {
	var ms []Mismatch
	count := func(what string, want *int, got int) {
		if want != nil && *want != got {
			ms = append(ms, Mismatch{What: what, Expected: strconv.Itoa(*want), Actual: strconv.Itoa(got)})
		}
	}
	count("cold_starts", e.ColdStarts, after.ColdStarts-before.ColdStarts)
	count("invocations", e.Invocations, after.Invocations-before.Invocations)
	count("throttles", e.Throttles, after.Throttles-before.Throttles)
	count("errors", e.Errors, after.Errors-before.Errors)
	var maxDur, maxWarm, cost float64
	var billed int64
	var slowest, slowestWarm string
	for _, r := range all {
		if r.Report.DurationMs > maxDur {
			maxDur, slowest = r.Report.DurationMs, r.RequestID
		}
		if !r.Cold && r.Report.DurationMs > maxWarm {
			maxWarm, slowestWarm = r.Report.DurationMs, r.RequestID
		}
		billed += r.Report.BilledDurationMs
		cost += r.Cost.Total()
	}
	if e.MaxDurationMs != nil && maxDur > *e.MaxDurationMs {
		ms = append(ms, Mismatch{What: "max_duration_ms", Expected: fmt.Sprintf("every Duration <= %s ms", fmtFloat(*e.MaxDurationMs)),
			Actual: fmt.Sprintf("%.2f ms (request %s)", maxDur, slowest)})
	}
	if e.MaxWarmDurationMs != nil && maxWarm > *e.MaxWarmDurationMs {
		ms = append(ms, Mismatch{What: "max_warm_duration_ms", Expected: fmt.Sprintf("every warm Duration <= %s ms", fmtFloat(*e.MaxWarmDurationMs)),
			Actual: fmt.Sprintf("%.2f ms (request %s)", maxWarm, slowestWarm)})
	}
	if e.MaxBilledMsTotal != nil && billed > *e.MaxBilledMsTotal {
		ms = append(ms, Mismatch{What: "max_billed_ms_total", Expected: fmt.Sprintf("<= %d ms billed in all", *e.MaxBilledMsTotal),
			Actual: fmt.Sprintf("%d ms", billed)})
	}
	if e.MaxCostUSD != nil && cost > *e.MaxCostUSD {
		ms = append(ms, Mismatch{What: "max_cost_usd", Expected: "<= $" + fmtFloat(*e.MaxCostUSD),
			Actual: "$" + fmtFloat(cost)})
	}
	return ms
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
