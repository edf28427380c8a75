package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
)

// stateHome is $XDG_STATE_HOME, or ~/.local/state, or "" when neither is
// known (the command then says so).
func stateHome(f *Factory) string {
	if d := f.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return d
	}
	if h := f.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "state")
	}
	return ""
}

// statePath is where the cloud state of a project is kept between runs:
// $XDG_STATE_HOME/lambdatutor/cloud/<hash of the project's path>.json.
func statePath(home, projectPath string) (string, error) {
	if home == "" {
		return "", errors.New("cannot find a place for the cloud state: set XDG_STATE_HOME or HOME")
	}
	abs, err := filepath.Abs(projectPath)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(home, "lambdatutor", "cloud", hex.EncodeToString(sum[:12])+".json"), nil
}

// savedState is the state file: the account's content and the virtual
// time it was saved at (the next run starts there, so that visibility
// timeouts and retention go on).
type savedState struct {
	Project string          `json:"project"`
	Now     time.Time       `json:"now"`
	Account json.RawMessage `json:"account"`
}

// loadState reads a state file; a missing file is no state.
func loadState(path string) (*savedState, error) {
	b, err := readRegular(path, 256<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the cloud state: %w", err)
	}
	var st savedState
	if err := json.Unmarshal(b, &st); err != nil || st.Account == nil {
		return nil, fmt.Errorf("the cloud state %s is damaged; remove it with `lambdatutor cloud reset` (its content is lost)", path)
	}
	return &st, nil
}

// projectFor finds the project of an invoke: --project, or
// lambdatutor.yaml beside the handler file.
func projectFor(opts *InvokeOptions) (string, bool, error) {
	if opts.Project != "" {
		return opts.Project, true, nil
	}
	p := filepath.Join(filepath.Dir(opts.File), project.FileName)
	if _, err := os.Stat(p); err == nil {
		return p, true, nil
	}
	if opts.Function != "" {
		return "", false, &usageError{fmt.Errorf("--function names a function of a project, and there is no %s beside %s; pass --project FILE", project.FileName, opts.File)}
	}
	return "", false, nil
}

// loadProject reads a project file; its mistakes end the command with
// exit status 2, each at its path:line.
func loadProject(path string) (*project.Project, error) {
	p, err := project.Load(path)
	if err != nil {
		return nil, &ExitError{Code: 2, Err: err}
	}
	return p, nil
}

// pickFunction is the function an invoke runs: --function, or the one
// whose handler is the file named.
func pickFunction(p *project.Project, dir string, opts *InvokeOptions, files map[string]string) (project.Function, error) {
	var names []string
	for _, fn := range p.Functions {
		names = append(names, fn.Name)
	}
	if opts.Function != "" {
		fn, ok := p.Function(opts.Function)
		if !ok {
			return fn, &usageError{fmt.Errorf("--function %s: the project declares %s", opts.Function, strings.Join(names, ", "))}
		}
		return fn, nil
	}
	rel, err := filepath.Rel(dir, opts.File)
	if err != nil {
		return project.Function{}, err
	}
	rel = filepath.ToSlash(rel)
	var match []project.Function
	for _, fn := range p.Functions {
		rt := fn.Runtime
		if rt == "" {
			rt = "nodejs24.x"
			if strings.HasSuffix(rel, ".py") {
				rt = "python3.12"
			}
		}
		if handlerFile(fn.Handler, rt, files) == rel {
			match = append(match, fn)
		}
	}
	switch {
	case len(match) == 1:
		return match[0], nil
	case len(match) > 1:
		var ns []string
		for _, fn := range match {
			ns = append(ns, fn.Name)
		}
		return project.Function{}, &usageError{fmt.Errorf("%s is the handler of %s; choose one with --function NAME", rel, strings.Join(ns, " and "))}
	case len(p.Functions) == 1:
		return p.Functions[0], nil
	}
	return project.Function{}, &usageError{fmt.Errorf("no function of the project has %s as its handler; choose one with --function NAME (%s)", rel, strings.Join(names, ", "))}
}

// runProjectInvoke deploys the project, invokes one of its functions,
// settles what it triggered, prints every invocation, and saves the
// account's content for the next run.
func runProjectInvoke(ctx context.Context, w io.Writer, opts *InvokeOptions, path string) error {
	errOut := opts.ErrOut
	if errOut == nil {
		errOut = w
	}
	switch {
	case opts.Handler != "" || opts.Runtime != "":
		return &usageError{fmt.Errorf("--handler and --runtime come from %s for a project's function; leave them out (choose the function with --function)", path)}
	case opts.Concurrency > 1:
		return &usageError{errors.New("--concurrency sends requests to a function on its own; with a project file invoke runs one request at a time")}
	}
	proj, err := loadProject(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	files, err := readCodeDir(dir, path)
	if err != nil {
		return err
	}
	fn, err := pickFunction(proj, dir, opts, files)
	if err != nil {
		return err
	}
	event, err := invokeEvent(opts)
	if err != nil {
		return err
	}
	sp, err := statePath(opts.StateHome, path)
	if err != nil {
		return err
	}
	saved, err := loadState(sp)
	if err != nil {
		return err
	}
	sbox := sandbox.Options{Deterministic: opts.Deterministic, ConcurrencyLimit: opts.AccountLimit}
	if opts.NewAccount {
		sbox.ConcurrencyLimit = sandbox.NewAccountConcurrencyLimit
	}
	dopts := project.DeployOptions{Sandbox: sbox, ReadCode: func(string) (map[string]string, error) { return files, nil }}
	if saved != nil {
		dopts.State = saved.Account
		start := time.Now()
		if opts.Deterministic {
			start = sandbox.DeterministicStart
		}
		if saved.Now.After(start) {
			start = saved.Now
		}
		dopts.Sandbox.Start = start
	}
	var triggered []project.Invocation
	dopts.OnInvocation = func(inv project.Invocation) { triggered = append(triggered, inv) }
	rt, err := project.Deploy(proj, dir, dopts)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer rt.Close()
	for _, note := range rt.Restored {
		if err := writeString(errOut, "note: "+note+"\n"); err != nil {
			return err
		}
	}
	if opts.TraceAWS {
		rt.Cloud.OnTrace(func(t account.Trace) { _ = writeString(errOut, traceLine(t)) })
	}
	sf, _ := rt.Function(fn.Name)
	cfg := sf.Config()
	failed := false
	n := 0
	printTriggered := func() error {
		for _, inv := range triggered {
			if inv.Result != nil || inv.Err != nil {
				n++
			}
			if err := printTriggeredInvocation(w, errOut, n, inv, opts.JSON); err != nil {
				return err
			}
		}
		triggered = nil
		return nil
	}
	for round := 0; round < opts.Repeat; round++ {
		res, err := rt.Invoke(ctx, fn.Name, event)
		nested := triggered
		triggered = nil
		n++
		a := sandbox.Attempt{Result: res, Err: err}
		if err != nil || res.Error != nil {
			failed = true
		}
		if err := printAttempt(w, errOut, n, a, cfg, opts.JSON); err != nil {
			return err
		}
		triggered = nested
		if err := printTriggered(); err != nil {
			return err
		}
		pending, err := rt.Settle(ctx, opts.Settle)
		if perr := printTriggered(); perr != nil {
			return perr
		}
		if err != nil {
			return err
		}
		if pending && !opts.JSON {
			left := strings.Join(rt.Pending(), "; ")
			if err := writeString(errOut, fmt.Sprintf("note: work is left after %v of virtual time (--settle): %s\n", opts.Settle, left)); err != nil {
				return err
			}
		}
		for _, e := range rt.Errors() {
			if err := writeString(errOut, "note: "+e.Error()+"\n"); err != nil {
				return err
			}
		}
	}
	state, err := rt.Cloud.MarshalState()
	if err != nil {
		return fmt.Errorf("cannot save the cloud state: %w", err)
	}
	abs, _ := filepath.Abs(path)
	doc, err := json.Marshal(savedState{Project: abs, Now: rt.Fleet.Now(), Account: state})
	if err != nil {
		return err
	}
	// 0600 (os.CreateTemp's mode), written through a temporary file and
	// renamed: a crash mid-write leaves the previous state whole.
	if err := os.MkdirAll(filepath.Dir(sp), 0o700); err != nil {
		return fmt.Errorf("cannot save the cloud state: %w", err)
	}
	if err := writeFileAtomic(sp, func(f *os.File) error { _, err := f.Write(doc); return err }); err != nil {
		return fmt.Errorf("cannot save the cloud state: %w", err)
	}
	if failed {
		return &ExitError{Code: 1}
	}
	return nil
}

// traceLine is one SDK call for --trace-aws.
func traceLine(t account.Trace) string {
	result := "ok"
	if t.ErrorCode != "" {
		result = t.ErrorCode + ": " + t.Message
	}
	res := strings.Join(t.Resources, " ")
	if res == "" {
		res = "-"
	}
	return fmt.Sprintf("aws: %s %s:%s %s -> %s\n", t.Function, t.Service, t.Operation, res, result)
}

// triggeredJSON is one invocation made by a trigger, for --json.
type triggeredJSON struct {
	Function string `json:"function"`
	Source   string `json:"source"`
	Attempt  int    `json:"attempt"`
	Note     string `json:"note,omitempty"`
	invocationJSON
}

func printTriggeredInvocation(w, errOut io.Writer, n int, inv project.Invocation, asJSON bool) error {
	a := sandbox.Attempt{Result: inv.Result, Err: inv.Err}
	if inv.Result == nil && inv.Err == nil {
		if asJSON {
			return writeJSONLine(w, map[string]string{"function": inv.Function, "source": inv.Source, "note": inv.Note})
		}
		return writeString(errOut, "note: "+inv.Note+"\n\n")
	}
	if asJSON {
		return writeJSONLine(w, triggeredJSON{Function: inv.Function, Source: inv.Source, Attempt: inv.Attempt, Note: inv.Note, invocationJSON: attemptJSON(a)})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "== invocation %d: %s, triggered by %s", n, inv.Function, sourceName(inv.Source))
	if inv.Attempt > 1 {
		fmt.Fprintf(&b, " (attempt %d)", inv.Attempt)
	}
	b.WriteString(" ==\n")
	switch {
	case inv.Err != nil:
		fmt.Fprintf(&b, "refused: %v\n", inv.Err)
	default:
		r := inv.Result
		if r.Error != nil {
			fmt.Fprintf(&b, "Error: %s: %s\n", r.Error.Type, r.Error.Message)
		}
		fmt.Fprintf(&b, "Response: %s\nFunction log:\n%s", compactJSON(r.Response), r.LogText())
	}
	if inv.Note != "" {
		fmt.Fprintf(&b, "Then: %s\n", inv.Note)
	}
	b.WriteString("\n")
	return writeString(errOut, b.String())
}

func sourceName(s string) string {
	switch s {
	case "s3":
		return "an S3 notification"
	case "sqs":
		return "its SQS queue"
	case "dynamodb":
		return "a DynamoDB stream"
	case "sns":
		return "an SNS topic"
	case "eventbridge":
		return "an EventBridge rule"
	case "lambda":
		return "lambda:Invoke"
	}
	return s
}

func compactJSON(b []byte) string {
	if len(b) > 2048 {
		return string(b[:2048]) + fmt.Sprintf("... (%d more bytes)", len(b)-2048)
	}
	return string(b)
}

// CloudOptions are the options of `lambdatutor cloud show|reset`.
type CloudOptions struct {
	Project   string
	JSON      bool
	StateHome string
}

const cloudLong = `The in-process AWS services of a project: the DynamoDB tables, S3 buckets,
SQS queues, SNS topics, EventBridge rules, secrets and parameters that a
project file declares, and that its handlers reach through the AWS SDK
(@aws-sdk/client-* in Node.js, boto3 in Python). Nothing touches the
network: the services run inside lambdatutor, on its virtual clock.

` + "`lambdatutor invoke HANDLER`" + ` reads lambdatutor.yaml beside the handler (or
--project FILE), deploys every function of the project, invokes the one
whose handler file is named (--function NAME when several share it), then
runs what the invocation triggered (S3 notifications, queue messages,
stream records, SNS deliveries, EventBridge rules, retries) until nothing
is left, and prints every invocation. The content of the services is kept
between runs in $XDG_STATE_HOME/lambdatutor/cloud/; ` + "`cloud show`" + ` prints it
and ` + "`cloud reset`" + ` clears it.

The project file (lambdatutor.yaml):

  functions:
    place-order:
      handler: index.handler       # file.export, beside the project file
      runtime: nodejs22.x          # default: from the handler file
      memory: 256                  # MB, 128 to 10240
      timeout: 10                  # seconds, 1 to 900
      reservedConcurrency: 20      # optional: caps its concurrent invocations
      environment: {TABLE: Orders}
      policy:                      # the execution role's policy (IAM JSON);
        Version: "2012-10-17"      # without one, every SDK call is denied
        Statement:
          - Effect: Allow
            Action: [dynamodb:PutItem, dynamodb:GetItem]
            Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders
          - Effect: Allow          # an sqs event needs these three
            Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]
            Resource: arn:aws:sqs:us-east-1:123456789012:orders
      events:                      # what invokes it
        - sqs: {queue: orders, batchSize: 5, reportBatchItemFailures: true, maximumConcurrency: 10}
      onFailure: {queue: failed}   # where failed asynchronous events go
    thumbnail:
      handler: thumb.handler
      events:
        - s3: {bucket: tutor-uploads, events: ["s3:ObjectCreated:*"], suffix: .jpg}
    audit:
      handler: audit.handler
      events:
        - dynamodb: {table: Orders}          # the table's stream
        - sns: {topic: alerts}
        - eventbridge: {rule: big-orders, pattern: {source: [shop.orders]}}
  tables:
    Orders: {partitionKey: "id:S", sortKey: "createdAt:N", stream: NEW_AND_OLD_IMAGES}
  buckets: [tutor-uploads]
  queues:
    orders: {visibilityTimeout: 60, deadLetterQueue: orders-dlq, maxReceiveCount: 3}
    orders-dlq:
    failed:
  topics: [alerts]
  secrets:
    prod/stripe: '{"key":"sk_test_123"}'
  parameters:
    /shop/currency: EUR
    /shop/api-key: {type: SecureString, value: abc}

The account is 123456789012 in us-east-1. Every SDK call is checked against
the calling function's policy and fails as AWS does (AccessDeniedException)
when an action is missing; ` + "`invoke --trace-aws`" + ` prints every call.`

// NewCmdCloud builds `lambdatutor cloud` and its subcommands.
func NewCmdCloud(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cloud",
		Short: "Show or clear the in-process AWS services of a project (lambdatutor.yaml)",
		Long:  cloudLong,
		Example: `  lambdatutor invoke index.js --trace-aws
  lambdatutor cloud show
  lambdatutor cloud show --project shop/lambdatutor.yaml --json
  lambdatutor cloud reset`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newCmdCloudShow(f), newCmdCloudReset(f))
	return cmd
}

func cloudFlags(cmd *cobra.Command, opts *CloudOptions) {
	cmd.Flags().StringVar(&opts.Project, "project", project.FileName, "project `FILE`")
}

func newCmdCloudShow(f *Factory) *cobra.Command {
	opts := &CloudOptions{}
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Print the tables with their items, the buckets with their keys, the queues with their messages, secrets and parameters",
		Example: `  lambdatutor cloud show
  lambdatutor cloud show --project shop/lambdatutor.yaml --json | jq '.queues[] | {name, inFlight}'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.StateHome = stateHome(f)
			return runCloudShow(f.Out, opts)
		},
	}
	cloudFlags(cmd, opts)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the state as JSON")
	return cmd
}

func newCmdCloudReset(f *Factory) *cobra.Command {
	opts := &CloudOptions{}
	cmd := &cobra.Command{
		Use:   "reset",
		Short: "Clear the saved content of a project's services (items, objects, messages); the next invoke starts from the project file",
		Example: `  lambdatutor cloud reset
  lambdatutor cloud reset --project shop/lambdatutor.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.StateHome = stateHome(f)
			return runCloudReset(f.Out, opts)
		},
	}
	cloudFlags(cmd, opts)
	return cmd
}

// cloudView is the content of a project's services, for show.
type cloudView struct {
	Project   string     `json:"project"`
	StateFile string     `json:"stateFile"`
	Saved     bool       `json:"saved"`
	Time      *time.Time `json:"time,omitempty"`
	account.Snapshot
}

// loadCloud builds the project's account with its saved content.
func loadCloud(opts *CloudOptions) (*cloudView, *savedState, string, error) {
	proj, err := loadProject(opts.Project)
	if err != nil {
		return nil, nil, "", err
	}
	sp, err := statePath(opts.StateHome, opts.Project)
	if err != nil {
		return nil, nil, "", err
	}
	saved, err := loadState(sp)
	if err != nil {
		return nil, nil, "", err
	}
	clock := &cloud.VirtualClock{}
	if saved != nil {
		clock.Set(saved.Now)
	}
	acct, err := proj.Build(clock, sandbox.DefaultRegion, sandbox.DefaultAccountID)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s: %w", opts.Project, err)
	}
	if saved != nil {
		if _, err := project.RestoreState(acct, saved.Account); err != nil {
			return nil, nil, "", fmt.Errorf("the cloud state %s does not fit the project (%w); clear it with `lambdatutor cloud reset`", sp, err)
		}
	}
	v, err := viewOf(acct, clock.Now())
	if err != nil {
		return nil, nil, "", err
	}
	v.Project, v.StateFile, v.Saved = opts.Project, sp, saved != nil
	if saved != nil {
		t := saved.Now.UTC()
		v.Time = &t
	}
	return v, saved, sp, nil
}

func viewOf(acct *account.Account, now time.Time) (*cloudView, error) {
	snap, err := acct.Snapshot(now)
	if err != nil {
		return nil, err
	}
	return &cloudView{Snapshot: *snap}, nil
}

func runCloudShow(w io.Writer, opts *CloudOptions) error {
	v, _, _, err := loadCloud(opts)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSONLine(w, v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Project %s\n", v.Project)
	if v.Saved {
		fmt.Fprintf(&b, "State saved at virtual time %s\n", v.Time.Format(time.DateTime))
	} else {
		b.WriteString("No saved state: the resources as the project file declares them\n")
	}
	fmt.Fprintf(&b, "\nTables (%d)\n", len(v.Tables))
	for _, t := range v.Tables {
		fmt.Fprintf(&b, "  %s (%s): %s\n", t.Name, t.Keys, countOf(len(t.Items), "item", "items"))
		for _, it := range t.Items {
			j, _ := json.Marshal(it)
			fmt.Fprintf(&b, "    %s\n", j)
		}
	}
	fmt.Fprintf(&b, "\nBuckets (%d)\n", len(v.Buckets))
	for _, bk := range v.Buckets {
		fmt.Fprintf(&b, "  %s: %s\n", bk.Name, countOf(len(bk.Objects), "object", "objects"))
		for _, o := range bk.Objects {
			fmt.Fprintf(&b, "    %-40s %s\n", o.Key, countOf(o.Size, "byte", "bytes"))
		}
	}
	fmt.Fprintf(&b, "\nQueues (%d)\n", len(v.Queues))
	for _, q := range v.Queues {
		fmt.Fprintf(&b, "  %s: %d visible, %d in flight, %d delayed\n", q.Name, q.Visible, q.InFlight, q.Delayed)
		for _, m := range q.Messages {
			line := fmt.Sprintf("    %s %s (%s, received %s)", m.ID, strconvQuote(m.Body), m.State, countOf(m.Receives, "time", "times"))
			if m.State != "visible" {
				line += " until " + m.VisibleAt.Format(time.DateTime)
			}
			b.WriteString(line + "\n")
		}
	}
	fmt.Fprintf(&b, "\nSecrets (%d)\n", len(v.Secrets))
	for _, s := range v.Secrets {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	fmt.Fprintf(&b, "\nParameters (%d)\n", len(v.Parameters))
	for _, p := range v.Parameters {
		fmt.Fprintf(&b, "  %s = %s (%s)\n", p.Name, p.Value, p.Type)
	}
	return writeString(w, b.String())
}

// strconvQuote quotes a message body, cut at 80 characters.
func strconvQuote(s string) string {
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func runCloudReset(w io.Writer, opts *CloudOptions) error {
	v, saved, sp, err := loadCloud(opts)
	if err != nil {
		return err
	}
	if saved == nil {
		return writeString(w, fmt.Sprintf("Nothing to remove: no saved state for %s\n", opts.Project))
	}
	items, objects, messages := 0, 0, 0
	for _, t := range v.Tables {
		items += len(t.Items)
	}
	for _, bk := range v.Buckets {
		objects += len(bk.Objects)
	}
	for _, q := range v.Queues {
		messages += len(q.Messages)
	}
	if err := os.Remove(sp); err != nil {
		return fmt.Errorf("cannot remove the cloud state: %w", err)
	}
	return writeString(w, fmt.Sprintf("Removed the saved state of %s: %s, %s, %s; the next invoke starts from the project file\n",
		opts.Project, countOf(items, "item", "items"), countOf(objects, "object", "objects"), countOf(messages, "message", "messages")))
}
