package exercises

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/iam"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/s3"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sqs"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
)

// ProjectFile is the file of a project exercise that declares its
// functions, their policies and triggers, and the resources they use.
const ProjectFile = project.FileName

// DefaultSettle is the virtual time a project step's triggered work may
// take when the step does not say.
const DefaultSettle = 15 * time.Minute

// parseProject reads the learner's lambdatutor.yaml. Functions that name
// no runtime run in rtName, the runtime of the check.
func parseProject(files map[string]string, rtName string) (*project.Project, error) {
	src, ok := files[ProjectFile]
	if !ok {
		return nil, fmt.Errorf("%s is missing: this exercise declares its functions, their policies and its resources there; restore the starter's file (reset) and edit it", ProjectFile)
	}
	proj, err := project.Parse(ProjectFile, []byte(src))
	if err != nil {
		return nil, err
	}
	fns := append([]project.Function(nil), proj.Functions...)
	for i := range fns {
		if fns[i].Runtime == "" {
			fns[i].Runtime = rtName
		}
	}
	cp := *proj
	cp.Functions = fns
	return &cp, nil
}

// cloudRun is a project test's deployment: the functions, the account and
// what happened in it.
type cloudRun struct {
	rt        *project.Runtime
	traces    []account.Trace
	triggered []project.Invocation
}

// newProjectRunState deploys the project for a test, with the test's seed
// in the account before the triggers are wired.
func newProjectRunState(proj *project.Project, files map[string]string, seed SeedSpec, n uint64) (*runState, error) {
	code := make(map[string]string, len(files))
	for k, v := range files {
		if k != ProjectFile {
			code[k] = v
		}
	}
	opts := project.DeployOptions{
		Sandbox:  sandbox.Options{Deterministic: true, Seed: n},
		ReadCode: func(string) (map[string]string, error) { return code, nil },
	}
	if !seed.empty() {
		state, err := seedState(proj, seed)
		if err != nil {
			return nil, err
		}
		opts.State = state
	}
	cr := &cloudRun{}
	opts.OnInvocation = func(inv project.Invocation) { cr.triggered = append(cr.triggered, inv) }
	rt, err := project.Deploy(proj, "", opts)
	if err != nil {
		return nil, fmt.Errorf("%s could not be deployed: %w", ProjectFile, err)
	}
	cr.rt = rt
	rt.Cloud.OnTrace(func(t account.Trace) { cr.traces = append(cr.traces, t) })
	main, _ := rt.Function(proj.Functions[0].Name)
	return &runState{acct: rt.Fleet, fn: main, cloud: cr}, nil
}

// seedState builds the project's resources in a scratch account, puts the
// seed in, and returns the account's content for Deploy to restore.
func seedState(proj *project.Project, seed SeedSpec) ([]byte, error) {
	clk := &cloud.VirtualClock{}
	clk.Set(sandbox.DeterministicStart)
	acct, err := proj.Build(clk, sandbox.DefaultRegion, sandbox.DefaultAccountID)
	if err != nil {
		return nil, err
	}
	for _, table := range sortedKeys(seed.Items) {
		for _, doc := range seed.Items[table] {
			native, _ := normalize(doc)
			m, _ := native.(map[string]any)
			item, err := dynamodb.Marshal(m, dynamodb.MarshalOptions{})
			if err == nil {
				_, err = acct.DynamoDB.Call("PutItem", map[string]any{"TableName": table, "Item": item})
			}
			if err != nil {
				return nil, fmt.Errorf("the test starts with content in table %s, and %s must declare it: %w", table, ProjectFile, err)
			}
		}
	}
	for _, bucket := range sortedKeys(seed.Objects) {
		for _, key := range sortedKeys(seed.Objects[bucket]) {
			if _, err := acct.S3.Call("PutObject", map[string]any{"Bucket": bucket, "Key": key, "Body": seed.Objects[bucket][key]}); err != nil {
				return nil, fmt.Errorf("the test starts with content in bucket %s, and %s must declare it: %w", bucket, ProjectFile, err)
			}
		}
	}
	for _, q := range sortedKeys(seed.Messages) {
		for _, body := range seed.Messages[q] {
			if _, err := acct.SQS.Call("SendMessage", map[string]any{"QueueUrl": acct.SQS.URL(q), "MessageBody": body}); err != nil {
				return nil, fmt.Errorf("the test starts with content in queue %s, and %s must declare it: %w", q, ProjectFile, err)
			}
		}
	}
	for _, name := range sortedKeys(seed.Secrets) {
		if _, err := acct.Secrets.Call("PutSecretValue", map[string]any{"SecretId": name, "SecretString": seed.Secrets[name]}); err != nil {
			return nil, fmt.Errorf("the test starts with content in secret %s, and %s must declare it: %w", name, ProjectFile, err)
		}
	}
	return acct.MarshalState()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// stats sums the invocation counters of every function of the test.
func (st *runState) stats() sandbox.Stats {
	if st.cloud == nil {
		return st.fn.Stats()
	}
	var sum sandbox.Stats
	for _, fn := range st.cloud.rt.Project.Functions {
		f, _ := st.cloud.rt.Function(fn.Name)
		s := f.Stats()
		sum.Invocations += s.Invocations
		sum.ColdStarts += s.ColdStarts
		sum.Throttles += s.Throttles
		sum.Errors += s.Errors
	}
	return sum
}

// projectStep runs one step of a project test: its event sent to a
// function (each repetition), or its upload or messages; then the
// triggered work settles. It returns the outcomes of the events sent and
// what went wrong outside them (an upload refused, an event not
// delivered).
func projectStep(ctx context.Context, st *runState, step StepSpec, ev []byte) ([]outcome, []Mismatch) {
	cr := st.cloud
	rt := cr.rt
	rt.Clock.Set(rt.Fleet.Now())
	var outs []outcome
	var ms []Mismatch
	switch {
	case step.PutObject != nil:
		p := step.PutObject
		in := map[string]any{"Bucket": p.Bucket, "Key": p.Key, "Body": p.Body}
		if p.ContentType != "" {
			in["ContentType"] = p.ContentType
		}
		if len(p.Metadata) > 0 {
			in["Metadata"] = p.Metadata
		}
		if _, err := rt.Cloud.S3.Call("PutObject", in); err != nil {
			ms = append(ms, Mismatch{What: "put_object", Expected: "the object uploaded to bucket " + p.Bucket, Actual: err.Error()})
		}
	case step.SendMessages != nil:
		q := step.SendMessages
		for _, body := range q.Bodies {
			if _, err := rt.Cloud.SQS.Call("SendMessage", map[string]any{"QueueUrl": rt.Cloud.SQS.URL(q.Queue), "MessageBody": body}); err != nil {
				ms = append(ms, Mismatch{What: "send_messages", Expected: "the message sent to queue " + q.Queue, Actual: err.Error()})
				break
			}
		}
	default:
		name := step.Function
		if name == "" {
			name = rt.Project.Functions[0].Name
		}
		for range max(step.Repeat, 1) {
			if ctx.Err() != nil {
				return outs, ms
			}
			res, err := rt.Invoke(ctx, name, ev)
			o := outcome{res: res, err: err}
			if res != nil {
				o.attempts = []*sandbox.Result{res}
			}
			outs = append(outs, o)
		}
	}
	if len(ms) > 0 {
		return outs, ms
	}
	within := DefaultSettle
	if step.Settle != nil {
		within = time.Duration(*step.Settle)
	}
	if _, err := rt.Settle(ctx, within); err != nil {
		return outs, ms
	}
	for _, err := range rt.Errors() {
		ms = append(ms, Mismatch{What: "triggered work", Expected: "every event delivered", Actual: err.Error()})
	}
	return outs, ms
}

// triggeredResults are the runs the triggers made since index from.
func (cr *cloudRun) triggeredResults(from int) []*sandbox.Result {
	var out []*sandbox.Result
	for _, inv := range cr.triggered[from:] {
		if inv.Result != nil {
			out = append(out, inv.Result)
		}
	}
	return out
}

// maxTrail bounds the lines of TestResult.Triggered.
const maxTrail = 30

// showFailure puts what the triggers did since from into a failing test's
// result, and the first triggered run that failed: its log and error say
// what went wrong.
func (cr *cloudRun) showFailure(tr *TestResult, from int) {
	for _, inv := range cr.triggered[from:] {
		if len(tr.Triggered) == maxTrail {
			tr.Triggered = append(tr.Triggered, fmt.Sprintf("… and %d more", len(cr.triggered)-from-maxTrail))
			break
		}
		line := inv.Function + " (" + inv.Source + ")"
		switch {
		case inv.Err != nil:
			line += ": refused: " + inv.Err.Error()
		case inv.Result != nil && inv.Result.Error != nil:
			line += ": failed with " + inv.Result.Error.Type
		case inv.Result != nil:
			line += ": succeeded"
		}
		if inv.Note != "" {
			line += "; " + inv.Note
		}
		tr.Triggered = append(tr.Triggered, line)
	}
	for _, inv := range cr.triggered[from:] {
		if inv.Err != nil || (inv.Result != nil && inv.Result.Error != nil) {
			o := outcome{res: inv.Result, err: inv.Err}
			if inv.Result != nil {
				o.attempts = []*sandbox.Result{inv.Result}
			}
			failAt(tr, o)
			tr.Report, tr.CostUSD = "", 0
			tr.Log = append([]string{fmt.Sprintf("[lambdatutor] the first failed run the triggers made: %s, from %s", inv.Function, inv.Source)}, tr.Log...)
			return
		}
	}
}

// checkCloud compares the account's content and the SDK calls made since
// trace index from with the test's expectations.
func checkCloud(e TestExpect, cr *cloudRun, from int) []Mismatch {
	var ms []Mismatch
	add := func(what, exp, act string) { ms = append(ms, Mismatch{What: what, Expected: exp, Actual: act}) }
	rt := cr.rt
	for _, table := range sortedKeys(e.Items) {
		raw, err := rt.Cloud.DynamoDB.Items(table)
		if err != nil {
			add("items."+table, "the table", err.Error())
			continue
		}
		var got []any
		for _, it := range raw {
			doc, err := dynamodb.Unmarshal(it, dynamodb.UnmarshalOptions{})
			if err != nil {
				add("items."+table, "items", err.Error())
				continue
			}
			v, err := normalize(doc)
			if err != nil {
				add("items."+table, "items", err.Error())
				continue
			}
			got = append(got, v)
		}
		var want []any
		for _, w := range e.Items[table] {
			v, _ := normalize(w)
			want = append(want, v)
		}
		if !matchAll(want, got) {
			add("items."+table, itemList(want), itemList(got))
			ms = append(ms, nearestItemDiff(table+" item", want, got)...)
		}
	}
	if len(e.Objects) > 0 {
		var st s3.State
		if b, err := rt.Cloud.S3.MarshalState(); err == nil {
			_ = json.Unmarshal(b, &st)
		}
		for _, bucket := range sortedKeys(e.Objects) {
			keys := []string{}
			for _, b := range st.Buckets {
				if b.Name == bucket {
					for _, o := range b.Objects {
						keys = append(keys, o.Key)
					}
				}
			}
			want := append([]string(nil), e.Objects[bucket]...)
			sort.Strings(want)
			if strings.Join(want, "\x00") != strings.Join(keys, "\x00") {
				add("objects."+bucket, quoteList(want), quoteList(keys))
			}
		}
	}
	if len(e.Messages) > 0 {
		var st sqs.State
		if b, err := rt.Cloud.SQS.MarshalState(); err == nil {
			_ = json.Unmarshal(b, &st)
		}
		for _, q := range sortedKeys(e.Messages) {
			bodies := []string{}
			for _, qs := range st.Queues {
				if qs.Name == q {
					for _, m := range qs.Messages {
						bodies = append(bodies, m.Body)
					}
				}
			}
			if strings.Join(e.Messages[q], "\x00") != strings.Join(bodies, "\x00") || len(e.Messages[q]) != len(bodies) {
				add("messages."+q, quoteList(e.Messages[q]), quoteList(bodies))
			}
		}
	}
	listed := false // the calls made are listed once, at the first mismatch
	for _, c := range e.Calls {
		n := 0
		for _, t := range cr.traces[from:] {
			if t.Service+":"+t.Operation == c.Call && (c.Error == "" || t.ErrorCode == c.Error) {
				n++
			}
		}
		if c.Count != nil && n != *c.Count {
			what := "calls " + c.Call
			if c.Error != "" {
				what += " failing with " + c.Error
			}
			act := strconv.Itoa(n)
			if !listed {
				act += traceSummary(cr.traces[from:])
				listed = true
			}
			add(what, strconv.Itoa(*c.Count), act)
		}
	}
	if p := e.Policy; p != nil {
		name := p.Function
		if name == "" {
			name = rt.Project.Functions[0].Name
		}
		fn, _ := rt.Project.Function(name)
		for _, entry := range p.Allows {
			action, resource, _ := strings.Cut(entry, " ")
			if d := fn.Policy.Evaluate(action, resource); d != iam.Allow {
				add("policy of "+name, "allows "+action+" on "+resource, d.String()+": the function needs it")
			}
		}
		for _, entry := range p.Denies {
			action, resource, _ := strings.Cut(entry, " ")
			if d := fn.Policy.Evaluate(action, resource); d == iam.Allow {
				add("policy of "+name, "denies "+action+" on "+resource, "allowed: grant only what the function uses (least privilege)")
			}
		}
	}
	return ms
}

// matchAll reports whether got has exactly one item matching (as a
// subset) each of want, in any order.
func matchAll(want, got []any) bool {
	if len(want) != len(got) {
		return false
	}
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && len(subset("", w, g)) == 0 {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// itemList renders the items of a table for a mismatch: their number,
// then the items, or "none".
func itemList(l []any) string {
	if len(l) == 0 {
		return "0 items: none"
	}
	return fmt.Sprintf("%d item(s): %s", len(l), short(l))
}

// nearestItemDiff says field by field (path.field) how the first expected
// item that no actual item matches differs from the nearest actual item
// that matches no expected one (the fewest differences, at least one field
// in common), so that a learner reads "key: expected "a b.jpg", got
// "a+b.jpg"" rather than compares two lists by eye.
func nearestItemDiff(path string, want, got []any) []Mismatch {
	var spare []any // the actual items that match no expected one
	for _, g := range got {
		matched := false
		for _, w := range want {
			if len(subset("", w, g)) == 0 {
				matched = true
				break
			}
		}
		if !matched {
			spare = append(spare, g)
		}
	}
	for _, w := range want {
		fields := 1
		if m, ok := w.(map[string]any); ok {
			fields = len(m)
		}
		found := false
		for _, g := range got {
			if len(subset("", w, g)) == 0 {
				found = true
				break
			}
		}
		if found {
			continue
		}
		var best []Mismatch
		for _, g := range spare {
			d := subset(path, w, g)
			if len(d) < fields && (best == nil || len(d) < len(best)) {
				best = d
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

func quoteList(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = strconv.Quote(clip(s, 80))
	}
	return strings.Join(q, ", ")
}

// traceSummary lists the calls made, for a count that did not match.
func traceSummary(ts []account.Trace) string {
	if len(ts) == 0 {
		return " (no SDK call was made)"
	}
	counts := map[string]int{}
	for _, t := range ts {
		k := t.Service + ":" + t.Operation
		if t.ErrorCode != "" {
			k += " → " + t.ErrorCode
		}
		counts[k]++
	}
	var parts []string
	for _, k := range sortedKeys(counts) {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, counts[k]))
	}
	return " (calls made: " + strings.Join(parts, ", ") + ")"
}

// checkProjectTest returns what is wrong with a test's project fields:
// used in an exercise that is not a project, or naming a function, table,
// bucket, queue or secret that a runtime's solution project does not
// declare.
func checkProjectTest(ex *Exercise, t TestSpec, projects map[Runtime]*project.Project) []string {
	var out []string
	cloudSteps := false
	for _, st := range t.Steps {
		if st.PutObject != nil || st.SendMessages != nil || st.Function != "" || st.Settle != nil {
			cloudSteps = true
		}
	}
	if !ex.Project {
		if !t.Seed.empty() || cloudSteps || t.Expect.cloud() {
			out = append(out, "seed, put_object, send_messages, settle, a step's function and the expectations items, objects, messages, calls and policy need a project exercise: add project: true and a "+ProjectFile+" beside each starter and solution")
		}
		return out
	}
	f := t.Function
	if f.MemoryMB != nil || f.TimeoutS != nil || len(f.Env) > 0 || f.EphemeralMB != nil || f.ReservedConcurrency != nil || f.AccountConcurrency != nil {
		out = append(out, "a project test configures its functions in "+ProjectFile+", not with function:")
	}
	if t.SameFunctionAsPrevious && !t.Seed.empty() {
		out = append(out, "a test that shares the previous test's account cannot seed it; seed the first test of the two")
	}
	for j, st := range t.Steps {
		sw := fmt.Sprintf("step %d", j+1)
		ev := st.Event.Template != "" || st.Event.JSON != nil || st.Event.File != ""
		n := 0
		for _, set := range []bool{ev, st.PutObject != nil, st.SendMessages != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			out = append(out, sw+": a project step does exactly one of event (to a function), put_object or send_messages")
		}
		if st.Async || st.Concurrent > 1 {
			out = append(out, sw+": a project step sends one synchronous event at a time (async and concurrent are not offered); the triggers invoke asynchronously by themselves")
		}
		if !ev && (st.Repeat > 1 || !emptyStepExpect(st.Expect)) {
			out = append(out, sw+": put_object and send_messages have no response to expect or repeat; check their effect in the test's expect (items, objects, messages, invocations, errors)")
		}
		if st.PutObject != nil && (st.PutObject.Bucket == "" || st.PutObject.Key == "") {
			out = append(out, sw+": put_object needs a bucket and a key")
		}
		if st.SendMessages != nil && (st.SendMessages.Queue == "" || len(st.SendMessages.Bodies) == 0) {
			out = append(out, sw+": send_messages needs a queue and at least one body")
		}
	}
	for _, c := range t.Expect.Calls {
		if svc, op, ok := strings.Cut(c.Call, ":"); !ok || svc == "" || op == "" {
			out = append(out, fmt.Sprintf("calls: %q must be written as service:Operation, like dynamodb:PutItem or lambda:Invoke", c.Call))
		}
		if c.Count == nil {
			out = append(out, fmt.Sprintf("calls: %s needs a count", c.Call))
		}
	}
	if p := t.Expect.Policy; p != nil {
		for _, e := range append(append([]string(nil), p.Allows...), p.Denies...) {
			if a, r, ok := strings.Cut(e, " "); !ok || !strings.Contains(a, ":") || !strings.HasPrefix(r, "arn:") {
				out = append(out, fmt.Sprintf("policy: %q must be \"action resource-ARN\", like \"s3:PutObject arn:aws:s3:::bucket/key\"", e))
			}
		}
	}
	for _, rt := range Runtimes {
		proj := projects[rt]
		if proj == nil {
			continue
		}
		out = append(out, missingNames(proj, t, rt)...)
	}
	return out
}

func emptyStepExpect(e StepExpect) bool {
	return e.OK == nil && e.Response == nil && e.BodyJSON == nil && e.Body == nil && e.ErrorType == "" &&
		e.ErrorMessageContains == "" && len(e.LogContains) == 0 && len(e.LogNotContains) == 0 && e.Cold == nil
}

// missingNames lists the names a test uses that the runtime's solution
// project does not declare.
func missingNames(proj *project.Project, t TestSpec, rt Runtime) []string {
	set := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	var fns, tables, buckets, queues, secrets []string
	for _, f := range proj.Functions {
		fns = append(fns, f.Name)
	}
	for _, x := range proj.Tables {
		tables = append(tables, x.Name)
	}
	for _, x := range proj.Buckets {
		buckets = append(buckets, x.Name)
	}
	for _, x := range proj.Queues {
		queues = append(queues, x.Name)
	}
	for _, x := range proj.Secrets {
		secrets = append(secrets, x.Name)
	}
	kinds := []struct {
		kind     string
		declared []string
		used     []string
	}{
		{"function", fns, nil}, {"table", tables, append(sortedKeys(t.Seed.Items), sortedKeys(t.Expect.Items)...)},
		{"bucket", buckets, append(sortedKeys(t.Seed.Objects), sortedKeys(t.Expect.Objects)...)},
		{"queue", queues, append(sortedKeys(t.Seed.Messages), sortedKeys(t.Expect.Messages)...)},
		{"secret", secrets, sortedKeys(t.Seed.Secrets)},
	}
	for _, st := range t.Steps {
		if st.Function != "" {
			kinds[0].used = append(kinds[0].used, st.Function)
		}
		if st.PutObject != nil {
			kinds[2].used = append(kinds[2].used, st.PutObject.Bucket)
		}
		if st.SendMessages != nil {
			kinds[3].used = append(kinds[3].used, st.SendMessages.Queue)
		}
	}
	if p := t.Expect.Policy; p != nil && p.Function != "" {
		kinds[0].used = append(kinds[0].used, p.Function)
	}
	var out []string
	for _, k := range kinds {
		have := set(k.declared...)
		for _, u := range k.used {
			if !have[u] {
				out = append(out, fmt.Sprintf("%s %q is not declared in the %s solution's %s (it declares: %s)", k.kind, u, rt.Title(), ProjectFile, strings.Join(k.declared, ", ")))
			}
		}
	}
	return out
}
