package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/events"
	_ "github.com/lambdatutor/lambdatutor/sandbox/nodejs" // registers nodejs22.x and nodejs24.x
	"github.com/lambdatutor/lambdatutor/sandbox/project"
	"github.com/lambdatutor/lambdatutor/sandbox/python" // registers python3.12 to python3.14
)

// Limits on the code `invoke` reads next to the handler file.
const (
	maxCodeBytes = 3 * 1024 * 1024 // the console editor's limit (FACTS §2)
	maxCodeFiles = 500
)

// codeExts are the files read into the deployment package.
var codeExts = map[string]bool{".js": true, ".mjs": true, ".cjs": true, ".json": true, ".py": true}

// InvokeOptions are the options of `lambdatutor invoke`.
type InvokeOptions struct {
	File          string
	Handler       string
	Runtime       string
	Event         string // a file, or "-" for standard input
	Template      string
	MemoryMB      int
	TimeoutSec    int
	Arch          string
	Env           []string
	Repeat        int
	Concurrency   int
	Deterministic bool
	JSON          bool
	// Reserved is the function's reserved concurrency; -1 means none.
	Reserved int
	// AccountLimit is the account's concurrency limit; 0 means 1,000.
	AccountLimit int
	// NewAccount sets the account limit a new account often starts with (10).
	NewAccount bool
	// In is read for --event -.
	In io.Reader
	// ErrOut receives the function log, the cost and the notes (standard
	// error), so that standard output holds only the responses, as with
	// `sam local invoke`. Nil means the writer given for the responses.
	ErrOut io.Writer

	// Project is the project file (--project); empty: lambdatutor.yaml
	// beside the handler, when there is one.
	Project string
	// Function names the project's function to invoke (--function).
	Function string
	// TraceAWS prints every SDK call the handlers make.
	TraceAWS bool
	// Settle is how much virtual time the triggered work may take.
	Settle time.Duration
	// StateHome is $XDG_STATE_HOME (or ~/.local/state) for the saved cloud state.
	StateHome string
}

// NewCmdInvoke builds `lambdatutor invoke FILE`.
func NewCmdInvoke(f *Factory, runF func(context.Context, io.Writer, *InvokeOptions) error) *cobra.Command {
	opts := &InvokeOptions{}
	cmd := &cobra.Command{
		Use:   "invoke FILE",
		Short: "Run a handler in the mini-runtime, as Lambda would",
		Long: `Run a handler file in lambdatutor's mini-runtime, which behaves like AWS
Lambda: INIT on a cold start, warm re-use, the timeout, the memory size, the
function log with START, END and REPORT lines, and the cost of each invocation
(us-east-1 on-demand prices, no free tier).

The runtime follows the file's extension (.js, .mjs: nodejs24.x; .py: python)
unless --runtime says otherwise. Files next to the handler (.js, .mjs, .cjs,
.json, .py) are deployed with it, so require('./lib') works. The file named
runs: when index.js sits beside index.mjs, Lambda's handler index.handler
would load index.js, so it is left out of the package (with a note).

The response goes to standard output, and the function log and the cost to
standard error, so that ` + "`lambdatutor invoke f.js | jq`" + ` works; --json prints one
object per invocation on standard output instead. With --concurrency above 1
a summary line follows on standard error: ok, throttled (by reason), errors,
and the total cost.`,
		Example: `  lambdatutor invoke index.mjs
  lambdatutor invoke index.js --template s3-put --repeat 2
  echo '{"name":"Ada"}' | lambdatutor invoke app.js --handler app.main --event -
  lambdatutor invoke index.js --memory 1024 --concurrency 3 --json
  lambdatutor invoke index.js --concurrency 15 --new-account     # 429s beyond 10`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("reserved") && opts.Reserved < 0 {
				return reservedError(opts.Reserved)
			}
			opts.File = args[0]
			opts.In = f.In
			opts.ErrOut = f.ErrOut
			opts.StateHome = stateHome(f)
			if runF != nil {
				return runF(cmd.Context(), f.Out, opts)
			}
			return runInvoke(cmd.Context(), f.Out, opts)
		},
	}
	fl := cmd.Flags()
	handlerFlags(fl, &opts.Handler, &opts.Runtime)
	eventFlags(fl, &opts.Event, &opts.Template)
	fl.IntVar(&opts.MemoryMB, "memory", sandbox.DefaultMemoryMB, "memory size in MB, 128 to 10240")
	fl.IntVar(&opts.TimeoutSec, "timeout", sandbox.DefaultTimeoutSec, "timeout in seconds, 1 to 900")
	fl.StringVar(&opts.Arch, "arch", string(sandbox.X86_64), "architecture: x86_64 or arm64")
	fl.StringArrayVar(&opts.Env, "env", nil, "environment variable K=V (repeatable)")
	fl.IntVar(&opts.Repeat, "repeat", 1, "invoke this many times, one after the other (2 shows the cold then the warm invoke)")
	fl.IntVar(&opts.Concurrency, "concurrency", 1, "send this many requests at the same moment each time")
	fl.BoolVar(&opts.Deterministic, "deterministic", false, "model host measurements, so every figure and line is the same on every run")
	fl.BoolVar(&opts.JSON, "json", false, "print one JSON object per invocation")
	fl.IntVar(&opts.Reserved, "reserved", -1, "reserved concurrency of the function (0 throttles every call)")
	fl.Lookup("reserved").DefValue = "none" // -1 stands for none
	fl.IntVar(&opts.AccountLimit, "account-limit", 0, "the account's concurrency limit (default 1000)")
	fl.BoolVar(&opts.NewAccount, "new-account", false, "a new account's concurrency limit of 10, as many new accounts get")
	fl.StringVar(&opts.Project, "project", "", "project `FILE` declaring functions, tables, buckets, queues and triggers (default: "+project.FileName+" beside the handler; see lambdatutor cloud --help)")
	fl.StringVar(&opts.Function, "function", "", "the project's function to invoke, when several use the handler file")
	fl.BoolVar(&opts.TraceAWS, "trace-aws", false, "print every AWS SDK call the handlers make (function, service:Operation, resources, result)")
	fl.DurationVar(&opts.Settle, "settle", 15*time.Minute, "virtual time the triggered work (retries, visibility timeouts) may take after the invoke")
	return cmd
}

func runInvoke(ctx context.Context, w io.Writer, opts *InvokeOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := checkInvokeFlags(opts); err != nil {
		return err
	}
	if path, ok, err := projectFor(opts); err != nil {
		return err
	} else if ok {
		return runProjectInvoke(ctx, w, opts, path)
	}
	errOut := opts.ErrOut
	if errOut == nil {
		errOut = w
	}
	cfg, notes, err := invokeConfig(opts)
	if err != nil {
		return err
	}
	for _, n := range notes {
		if err := writeString(errOut, "note: "+n+"\n"); err != nil {
			return err
		}
	}
	event, err := invokeEvent(opts)
	if err != nil {
		return err
	}
	if strings.HasPrefix(cfg.Runtime, "python") && python.NeedsPreparing() {
		// Compiling CPython takes seconds, once per machine: say so.
		if !opts.JSON {
			if err := writeString(w, "preparing Python, once per machine…\n"); err != nil {
				return err
			}
		}
		if err := python.Prepare(); err != nil {
			return err
		}
	}
	if opts.Reserved >= 0 {
		r := opts.Reserved
		cfg.ReservedConcurrency = &r
	}
	limit := opts.AccountLimit
	switch {
	case opts.NewAccount && limit != 0:
		return errors.New("--new-account sets the account limit to 10; leave out --account-limit, or --new-account")
	case opts.NewAccount:
		limit = sandbox.NewAccountConcurrencyLimit
	}
	acct := sandbox.NewAccount(sandbox.Options{Deterministic: opts.Deterministic, ConcurrencyLimit: limit})
	defer acct.Close()
	fn, err := acct.NewFunction(cfg)
	if err != nil {
		return err
	}
	ctx = withStreamPrinter(ctx, errOut, opts.JSON)
	failed := false
	n := 0
	var sum invokeSummary
	for round := 0; round < opts.Repeat; round++ {
		var attempts []sandbox.Attempt
		if opts.Concurrency == 1 {
			res, err := fn.Invoke(ctx, event)
			attempts = []sandbox.Attempt{{Result: res, Err: err}}
		} else {
			events := make([][]byte, opts.Concurrency)
			for i := range events {
				events[i] = event
			}
			attempts = fn.InvokeConcurrent(ctx, events)
		}
		for _, a := range attempts {
			n++
			if a.Err != nil || a.Result.Error != nil {
				failed = true
			}
			sum.add(a)
			if err := printAttempt(w, errOut, n, a, cfg, opts.JSON); err != nil {
				return err
			}
			if err := printStreamSummary(errOut, a, opts.JSON); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("invoke interrupted: %w", ctx.Err())
		}
	}
	if opts.Concurrency > 1 {
		if err := writeString(errOut, sum.String()+"\n"); err != nil {
			return err
		}
	}
	if failed {
		return &ExitError{Code: 1}
	}
	return nil
}

// invokeSummary counts the invocations of a --concurrency run.
type invokeSummary struct {
	total, ok, errors int
	throttled         map[string]int // by Reason
	reasons           []string       // in order of first appearance
	costUSD           float64
}

func (s *invokeSummary) add(a sandbox.Attempt) {
	s.total++
	var thr *sandbox.ThrottleError
	switch {
	case errors.As(a.Err, &thr):
		if s.throttled == nil {
			s.throttled = map[string]int{}
		}
		if s.throttled[thr.Reason] == 0 {
			s.reasons = append(s.reasons, thr.Reason)
		}
		s.throttled[thr.Reason]++
	case a.Err != nil || a.Result == nil || a.Result.Error != nil:
		s.errors++
	default:
		s.ok++
	}
	if a.Err == nil && a.Result != nil {
		s.costUSD += a.Result.Cost.Total()
	}
}

// String is the summary line: "Summary: 12 invocations: 10 ok, 2 throttled
// (ConcurrentInvocationLimitExceeded), 0 errors; total cost $0.0000021".
func (s *invokeSummary) String() string {
	throttled := 0
	var by []string
	for _, r := range s.reasons {
		throttled += s.throttled[r]
		by = append(by, fmt.Sprintf("%d %s", s.throttled[r], r))
	}
	thr := fmt.Sprintf("%d throttled", throttled)
	if len(by) > 0 {
		thr += " (" + strings.Join(by, ", ") + ")"
	}
	return fmt.Sprintf("Summary: %d invocations: %d ok, %s, %s; total cost %s (us-east-1, no free tier)",
		s.total, s.ok, thr, countOf(s.errors, "error", "errors"), billing.FormatUSD(s.costUSD))
}

// countOf is "1 error", "2 errors".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// invokeConfig builds the function configuration from the flags and the
// code next to the handler file. notes say what the learner may not expect:
// a file left out so that the named one runs, or a --handler that names
// another file.
func invokeConfig(opts *InvokeOptions) (sandbox.Config, []string, error) {
	ext := strings.ToLower(filepath.Ext(opts.File))
	base := strings.TrimSuffix(filepath.Base(opts.File), filepath.Ext(opts.File))
	runtime := opts.Runtime
	if runtime == "" {
		switch ext {
		case ".js", ".mjs", ".cjs":
			runtime = "nodejs24.x"
		case ".py":
			runtime = newestRuntime("python")
		default:
			return sandbox.Config{}, nil, fmt.Errorf("cannot tell the runtime of %q from its extension; pass --runtime (one of %s)", opts.File, strings.Join(sandbox.Runtimes(), ", "))
		}
	}
	handler := opts.Handler
	if handler == "" {
		export := "handler"
		if strings.HasPrefix(runtime, "python") {
			export = "lambda_handler"
		}
		handler = base + "." + export
	}
	files, err := readCode(opts.File)
	if err != nil {
		return sandbox.Config{}, nil, err
	}
	var notes []string
	named := filepath.Base(opts.File)
	if loads := handlerFile(handler, runtime, files); loads != named {
		if opts.Handler != "" {
			what := loads
			if loads == "" {
				what = "a file that is not in the folder"
			}
			notes = append(notes, fmt.Sprintf("--handler %s loads %s, not %s, the file named on the command line", handler, what, named))
		} else {
			// A same-named file that Lambda's lookup (.js, .mjs, .cjs)
			// finds first would run instead of the named one.
			for loads != named && loads != "" {
				delete(files, loads)
				notes = append(notes, fmt.Sprintf("%s is beside %s and Lambda would load it first for the handler %s; it is left out of the package, so %s runs", loads, named, handler, named))
				loads = handlerFile(handler, runtime, files)
			}
		}
	}
	env := map[string]string{}
	for _, kv := range opts.Env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return sandbox.Config{}, nil, fmt.Errorf("--env %q: write it as NAME=value", kv)
		}
		env[k] = v
	}
	return sandbox.Config{Runtime: runtime, Handler: handler, MemoryMB: opts.MemoryMB, TimeoutSec: opts.TimeoutSec,
		Arch: sandbox.Arch(opts.Arch), Env: env, Files: files}, notes, nil
}

// handlerFile is the file of the package that the handler setting loads, as
// Lambda looks it up ("" when there is none): for Node.js the module name
// with .js, then .mjs, then .cjs; for Python the module path with .py.
func handlerFile(handler, runtime string, files map[string]string) string {
	slash := strings.LastIndex(handler, "/")
	dot := strings.LastIndex(handler, ".")
	if dot <= slash {
		return ""
	}
	mod := handler[:dot]
	exts := []string{".js", ".mjs", ".cjs"}
	if strings.HasPrefix(runtime, "python") {
		mod = handler[:slash+1] + strings.ReplaceAll(handler[slash+1:dot], ".", "/")
		exts = []string{".py"}
	} else if d := strings.Index(handler[slash+1:], "."); d >= 0 {
		mod = handler[:slash+1+d] // index.handler.deep: the module is index
	}
	for _, ext := range exts {
		if _, ok := files[mod+ext]; ok {
			return mod + ext
		}
	}
	return ""
}

// newestRuntime is the last registered runtime of a language, or a name
// that Config.Validate will refuse with the list of available runtimes.
func newestRuntime(lang string) string {
	best := ""
	for _, r := range sandbox.Runtimes() {
		if info, ok := sandbox.LookupRuntime(r); ok && info.Language == lang && r > best {
			best = r
		}
	}
	if best == "" {
		return lang + " (no " + lang + " engine in this build)"
	}
	return best
}

// readCode reads the handler file and the code files beside it (and in
// folders below it, node_modules included), as a deployment package.
func readCode(file string) (map[string]string, error) {
	if fi, err := os.Stat(file); err != nil {
		return nil, fmt.Errorf("cannot read the handler file: %w", err)
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("cannot read the handler file: %w", notRegular(file, fi.Mode()))
	}
	return readCodeDir(filepath.Dir(file), file)
}

// readCodeDir reads the code files under root (the folder of the file
// named in errors), as a deployment package.
func readCodeDir(root, file string) (map[string]string, error) {
	files := map[string]string{}
	total := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !codeExts[strings.ToLower(filepath.Ext(path))] {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		read := readRegular
		if d.Type().IsRegular() { // the listing says so: no stat needed
			read = readKnownRegular
		}
		b, err := read(path, maxCodeBytes+1)
		if err != nil {
			return err
		}
		total += len(b)
		if total > maxCodeBytes || len(files) >= maxCodeFiles {
			return fmt.Errorf("the folder of %s holds more than %d files or 3 MB of code; put the handler in a folder of its own", file, maxCodeFiles)
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read the code: %w", err)
	}
	return files, nil
}

// invokeEvent reads the event: --event FILE or -, --template NAME, or the
// hello-world template.
func invokeEvent(opts *InvokeOptions) ([]byte, error) {
	switch {
	case opts.Event != "" && opts.Template != "":
		return nil, errors.New("use either --event or --template, not both")
	case opts.Event == "-":
		b, err := io.ReadAll(opts.In)
		if err != nil {
			return nil, fmt.Errorf("cannot read the event from standard input: %w", err)
		}
		return checkEvent(b, "standard input")
	case opts.Event != "":
		b, err := readRegular(opts.Event, maxEventFileBytes)
		if err != nil {
			return nil, fmt.Errorf("cannot read the event file: %w", err)
		}
		return checkEvent(b, opts.Event)
	}
	name := opts.Template
	if name == "" {
		name = "hello-world"
	}
	b, err := events.Get(name)
	if err != nil {
		return nil, fmt.Errorf("%w (see `lambdatutor events`)", err)
	}
	return bytes.TrimSpace(b), nil
}

func checkEvent(b []byte, from string) ([]byte, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return []byte("{}"), nil
	}
	if !json.Valid(b) && len(b) <= sandbox.MaxSyncPayload {
		if d := sandbox.JSONDepth(b); d > sandbox.MaxJSONDepth {
			return nil, fmt.Errorf("the event from %s nests %d levels deep; lambdatutor reads JSON nested at most %d levels (Go's JSON reader stops there), so flatten the event", from, d, sandbox.MaxJSONDepth)
		}
		return nil, fmt.Errorf("the event from %s is not valid JSON; check it with `jq . %s`", from, from)
	}
	return b, nil
}

// invocationJSON is one line of --json output.
type invocationJSON struct {
	RequestID string          `json:"requestId"`
	Cold      bool            `json:"cold"`
	Response  json.RawMessage `json:"response"`
	Error     *errorJSON      `json:"error"`
	Logs      []string        `json:"logs"`
	Report    *reportJSON     `json:"report"`
	CostUSD   float64         `json:"costUSD"`
	Throttle  *throttleJSON   `json:"throttle,omitempty"`
}

type errorJSON struct {
	ErrorType    string `json:"errorType"`
	ErrorMessage string `json:"errorMessage"`
}

type reportJSON struct {
	DurationMs       float64  `json:"durationMs"`
	BilledDurationMs int64    `json:"billedDurationMs"`
	MemorySizeMB     int      `json:"memorySizeMB"`
	MaxMemoryUsedMB  int      `json:"maxMemoryUsedMB"`
	InitDurationMs   *float64 `json:"initDurationMs"`
}

type throttleJSON struct {
	StatusCode int    `json:"statusCode"`
	Type       string `json:"type"`
	Reason     string `json:"reason,omitempty"`
	Message    string `json:"message"`
}

// printAttempt writes one invocation: with asJSON one object on w;
// otherwise the response on w and the rest (heading, function log, cost)
// on errOut, in the order a reader expects on a terminal.
func printAttempt(w, errOut io.Writer, n int, a sandbox.Attempt, cfg sandbox.Config, asJSON bool) error {
	if asJSON {
		return writeJSONLine(w, attemptJSON(a))
	}
	var b strings.Builder
	if a.Err != nil {
		fmt.Fprintf(&b, "== invocation %d: refused ==\n%v\n\n", n, a.Err)
		return writeString(errOut, b.String())
	}
	r := a.Result
	kind := "warm"
	switch {
	case r.Cold:
		kind = "cold"
	case r.Provisioned:
		kind = "provisioned"
	}
	fmt.Fprintf(&b, "== invocation %d (%s, environment %d) ==\n", n, kind, r.EnvID)
	if r.Error != nil {
		fmt.Fprintf(&b, "Error: %s\n", r.Error.Type)
	}
	b.WriteString("Response (standard output):\n")
	if err := writeString(errOut, b.String()); err != nil {
		return err
	}
	if err := writeString(w, indentJSON(r.Response)+"\n"); err != nil {
		return err
	}
	b.Reset()
	fmt.Fprintf(&b, "\nFunction log:\n%s", r.LogText())
	c := r.Cost
	fmt.Fprintf(&b, "\nCost: %s = request %s + %d ms at %d MB %s", billing.FormatUSD(c.Total()),
		billing.FormatUSD(c.RequestUSD), r.Report.BilledDurationMs, cfg.WithDefaults().MemoryMB, billing.FormatUSD(c.DurationUSD))
	if c.StorageUSD > 0 {
		fmt.Fprintf(&b, " + storage %s", billing.FormatUSD(c.StorageUSD))
	}
	b.WriteString(" (us-east-1, no free tier)\n\n")
	return writeString(errOut, b.String())
}

func attemptJSON(a sandbox.Attempt) invocationJSON {
	if a.Err != nil {
		out := invocationJSON{Response: json.RawMessage("null"), Logs: []string{}}
		var thr *sandbox.ThrottleError
		var re *sandbox.RequestError
		switch {
		case errors.As(a.Err, &thr):
			out.Throttle = &throttleJSON{StatusCode: 429, Type: "TooManyRequestsException", Reason: thr.Reason, Message: "Rate Exceeded."}
			out.Error = &errorJSON{ErrorType: "TooManyRequestsException", ErrorMessage: "Rate Exceeded."}
		case errors.As(a.Err, &re):
			out.Throttle = &throttleJSON{StatusCode: re.StatusCode, Type: re.Type, Message: re.Message}
			out.Error = &errorJSON{ErrorType: re.Type, ErrorMessage: re.Message}
		default:
			out.Error = &errorJSON{ErrorType: "Error", ErrorMessage: a.Err.Error()}
		}
		return out
	}
	r := a.Result
	out := invocationJSON{RequestID: r.RequestID, Cold: r.Cold, Response: json.RawMessage(r.Response), Logs: r.Logs,
		CostUSD: r.Cost.Total(),
		Report: &reportJSON{DurationMs: round2(r.Report.DurationMs), BilledDurationMs: r.Report.BilledDurationMs,
			MemorySizeMB: r.Report.MemorySizeMB, MaxMemoryUsedMB: r.Report.MaxMemoryUsedMB}}
	if r.Report.InitDurationMs != nil {
		v := round2(*r.Report.InitDurationMs)
		out.Report.InitDurationMs = &v
	}
	if r.Error != nil {
		out.Error = &errorJSON{ErrorType: r.Error.Type, ErrorMessage: r.Error.Message}
	}
	if !json.Valid(out.Response) {
		out.Response = json.RawMessage("null")
	}
	return out
}

// round2 keeps the two decimals the REPORT line shows.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// writeJSONLine writes one compact JSON object and a newline.
func writeJSONLine(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// indentJSON pretty-prints a small response; large ones stay as they are.
func indentJSON(b []byte) string {
	if len(b) > 64*1024 {
		return string(b[:64*1024]) + fmt.Sprintf("... (%d more bytes)", len(b)-64*1024)
	}
	var buf bytes.Buffer
	if json.Indent(&buf, b, "", "  ") != nil {
		return string(b)
	}
	return buf.String()
}

// handlerFlags are the flags that say which handler of the file runs, on
// which runtime (invoke and tune build the function with invokeConfig).
func handlerFlags(fl *pflag.FlagSet, handler, runtime *string) {
	fl.StringVar(handler, "handler", "", "handler as file.export (default: the file's name, then .handler, or .lambda_handler for Python)")
	fl.StringVar(runtime, "runtime", "", "runtime, such as nodejs22.x (default: from the file's extension)")
}

// eventFlags are the flags that give the event (read by invokeEvent).
func eventFlags(fl *pflag.FlagSet, event, template *string) {
	fl.StringVar(event, "event", "", "event JSON file, or - for standard input")
	fl.StringVar(template, "template", "", "event template `NAME`, listed by lambdatutor events (default hello-world)")
}
