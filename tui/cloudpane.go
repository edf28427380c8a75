package tui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
)

// The playground's project file and Cloud pane.
//
// Every example has a lambdatutor.yaml tab (p): the Orders example
// declares a table, a queue and a second function the queue invokes; the
// others start with a commented template, and while every line is a
// comment the handler runs on its own. With a project, an invoke deploys
// every function of the file (sandbox/project), runs the one whose handler
// is the editor's file, then settles what it triggered on the virtual
// clock, as `lambdatutor invoke` does.
//
// The cloud state (items, objects, messages) lives in memory, one per
// example, for the session: a session (an SSH learner's included) never
// reads or writes another's, and nothing is written to disk. C clears it.

// cloudSettle is how much virtual time triggered work may take after an
// invoke (the default of `lambdatutor invoke --settle`).
const cloudSettle = 15 * time.Minute

// settleHostLimit bounds the host time one invoke's triggered work may
// take: a consumer that loops until its timeout on a queue without a
// dead-letter queue would otherwise keep the playground busy for up to
// project.MaxSettleInvocations timeouts. What is left runs at the next
// invoke.
const settleHostLimit = 30 * time.Second

// Bounds of the pane: a handler in a loop can write thousands of items.
const (
	paneMaxItems  = 50  // items, objects or messages shown per resource
	paneMaxTraces = 100 // SDK calls shown of the last invoke
)

// cloudState is an example's saved cloud content and the virtual time it
// was saved at (the next deploy starts there, so visibility timeouts go on).
type cloudState struct {
	state []byte
	now   time.Time
}

// cloudLog collects what a deployed project did during one invoke: the
// SDK calls and the invocations its triggers made. Handlers call it from
// their own goroutines.
type cloudLog struct {
	mu        sync.Mutex
	traces    []account.Trace
	dropped   int
	triggered []project.Invocation
}

func (l *cloudLog) trace(t account.Trace) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.traces) == paneMaxTraces {
		l.dropped++
		return
	}
	l.traces = append(l.traces, t)
}

func (l *cloudLog) invocation(inv project.Invocation) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.triggered = append(l.triggered, inv)
}

// take returns what was collected and starts again.
func (l *cloudLog) take() ([]account.Trace, int, []project.Invocation) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, d, inv := l.traces, l.dropped, l.triggered
	l.traces, l.dropped, l.triggered = nil, 0, nil
	return t, d, inv
}

// cloudDone is what an invoke of a project brings back besides its result.
type cloudDone struct {
	rt        *project.Runtime
	key       string // the example the state belongs to
	state     cloudState
	saveErr   error
	snap      *account.Snapshot
	traces    []account.Trace
	dropped   int
	triggered []project.Invocation
	// notes: work left when Settle stopped, failed deliveries.
	notes []string
}

// projectText is the project file in the editor, or "" when every line
// is blank or a comment (no project).
func projectText(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			return s
		}
	}
	return ""
}

// starterProject is the example's project file for the current language:
// its own, or the commented template.
func (p *playground) starterProject() string {
	rt := playRuntimes[p.lang]
	data, err := starterFiles.ReadFile("starters/" + starters[p.starter].name + ".yaml")
	if err != nil {
		data, err = starterFiles.ReadFile("starters/project.yaml")
		if err != nil {
			return ""
		}
	}
	module := strings.TrimSuffix(rt.file, rt.ext)
	s := strings.ReplaceAll(string(data), "HANDLER", rt.handler)
	return strings.ReplaceAll(s, "MODULE.", module+".")
}

// cloudKey names the example's cloud state: both languages of an example
// share it (their project files declare the same resources).
func (p *playground) cloudKey() string { return starters[p.starter].name }

// parseProject reads the project tab: nil without a project, and the
// function the playground invokes (the one whose handler is the editor's).
func (p *playground) parseProject() (*project.Project, project.Function, error) {
	text := projectText(p.proj.Value())
	if text == "" {
		return nil, project.Function{}, nil
	}
	proj, err := project.Parse(project.FileName, []byte(text))
	if err != nil {
		return nil, project.Function{}, err
	}
	rt := playRuntimes[p.lang]
	var handlers []string
	for _, fn := range proj.Functions {
		if fn.Handler == rt.handler {
			return proj, fn, nil
		}
		handlers = append(handlers, fn.Name+" ("+fn.Handler+")")
	}
	return nil, project.Function{}, fmt.Errorf("%s: no function has the handler %s, which the playground invokes (it declares %s); set `handler: %s` on the function to run",
		project.FileName, rt.handler, strings.Join(handlers, ", "), rt.handler)
}

// runtime deploys the project (with the example's cloud state) when there
// is none, and returns it with the name of the function to invoke.
func (p *playground) runtime(proj *project.Project, fn project.Function) (*project.Runtime, error) {
	if p.rt != nil {
		return p.rt, nil
	}
	rt := playRuntimes[p.lang]
	files := map[string]string{rt.file: p.ed.Value()}
	log := &cloudLog{}
	opts := project.DeployOptions{
		ReadCode:     func(string) (map[string]string, error) { return files, nil },
		OnInvocation: log.invocation,
	}
	if saved, ok := p.states[p.cloudKey()]; ok {
		opts.State = saved.state
		if saved.now.After(time.Now()) {
			opts.Sandbox.Start = saved.now
		}
	}
	r, err := project.Deploy(proj, ".", opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", project.FileName, err)
	}
	r.Cloud.OnTrace(log.trace)
	// The playground's memory and architecture settings (+/-, a) apply to
	// the function it invokes, as they do without a project file.
	sf, _ := r.Function(fn.Name)
	cfg := sf.Config()
	cfg.MemoryMB, cfg.Arch = p.memoryMB(), p.arch
	if err := sf.Update(cfg); err != nil {
		r.Close()
		return nil, err
	}
	p.rt, p.rtLog, p.rtFn = r, log, fn.Name
	var notes []string
	if fn.MemoryMB != 0 && fn.MemoryMB != p.memoryMB() {
		notes = append(notes, fmt.Sprintf("%s's memory: %d is replaced by the playground's %d MB (+/-)", project.FileName, fn.MemoryMB, p.memoryMB()))
	}
	if len(r.Restored) > 0 {
		notes = append(notes, "cloud state: "+strings.Join(r.Restored, "; "))
	}
	p.deployNotes = notes
	return r, nil
}

// dropRuntime closes the deployed project unless an invoke still runs on
// it (invokeDoneMsg closes it then).
func (p *playground) dropRuntime() {
	if r := p.rt; r != nil && !p.running {
		go r.Close()
	}
	p.rt, p.rtLog = nil, nil
}

// invokeProject invokes the project's function, settles its triggered
// work and reads back the cloud state, in the background.
func (p *playground) invokeProject(proj *project.Project, fn project.Function, ev []byte) tea.Cmd {
	r, err := p.runtime(proj, fn)
	if err != nil {
		p.record(nil, err)
		p.layout()
		return nil
	}
	log, name, key := p.rtLog, p.rtFn, p.cloudKey()
	p.running = true
	p.note = "Invoking…"
	p.layout()
	ctx := p.c.ctx
	return func() tea.Msg {
		log.take()
		res, err := r.Invoke(ctx, name, ev)
		done := settleProject(ctx, r, key)
		done.traces, done.dropped, done.triggered = log.take()
		return invokeDoneMsg{res: res, err: err, cloud: done}
	}
}

// settleProject runs what an invoke triggered and reads the state back.
func settleProject(ctx context.Context, r *project.Runtime, key string) *cloudDone {
	done := &cloudDone{rt: r, key: key}
	sctx, cancel := context.WithTimeout(ctx, settleHostLimit)
	defer cancel()
	pending, err := r.Settle(sctx, cloudSettle)
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		done.notes = append(done.notes, fmt.Sprintf("the triggered work took over %v of host time, and the playground stopped it there; the next invoke runs what is left (%s)",
			settleHostLimit, strings.Join(r.Pending(), "; ")))
		pending = false
	case err != nil:
		done.notes = append(done.notes, "settling the triggered work stopped: "+err.Error())
	}
	if pending {
		done.notes = append(done.notes, fmt.Sprintf("work is left after %v of virtual time: %s", cloudSettle, strings.Join(r.Pending(), "; ")))
	}
	for _, e := range r.Errors() {
		done.notes = append(done.notes, e.Error())
	}
	now := r.Fleet.Now()
	state, err := r.Cloud.MarshalState()
	if err != nil {
		done.saveErr = err
	}
	done.state = cloudState{state: state, now: now}
	done.snap, err = r.Cloud.Snapshot(now)
	if err != nil {
		done.saveErr = errors.Join(done.saveErr, err)
	}
	return done
}

// recordCloud keeps what a project's invoke brought back.
func (p *playground) recordCloud(d *cloudDone) {
	if d.rt != p.rt {
		// The code or the project changed while it ran.
		go d.rt.Close()
	}
	if d.saveErr == nil {
		p.states[d.key] = d.state
	}
	if d.key != p.cloudKey() {
		return
	}
	p.snap, p.snapNow, p.snapErr = d.snap, d.state.now, d.saveErr
	p.traces, p.tracesDropped, p.traced = d.traces, d.dropped, true
	for _, inv := range d.triggered {
		if inv.Result != nil || inv.Err != nil {
			p.invocations++
		}
		p.runs = append(p.runs, triggeredLine(p.invocations, inv)...)
	}
	p.cloudNotes = d.notes
	if p.pane == paneOutput {
		p.note = fmt.Sprintf("%s: c shows them in the Cloud pane, with the tables and queues.", plural(len(d.traces)+d.dropped, "SDK call"))
	}
}

// triggeredLine is a run made by a trigger, for the invocation list.
func triggeredLine(n int, inv project.Invocation) []string {
	var lines []string
	switch {
	case inv.Result == nil && inv.Err == nil:
		return []string{"    " + inv.Note}
	case inv.Err != nil:
		lines = append(lines, fmt.Sprintf("#%d  %s via %s  refused: %s", n, inv.Function, inv.Source, firstLine(inv.Err.Error())))
	default:
		r := inv.Result
		kind, outcome := "warm", "ok"
		if r.Cold {
			kind = "cold"
		}
		if r.Error != nil {
			outcome = r.Error.Type
		}
		attempt := ""
		if inv.Attempt > 1 {
			attempt = fmt.Sprintf(" (attempt %d)", inv.Attempt)
		}
		lines = append(lines, fmt.Sprintf("#%d  %s via %s%s  %s  %s  billed %d ms", n, inv.Function, inv.Source, attempt, kind, outcome, r.Report.BilledDurationMs))
	}
	if inv.Note != "" {
		lines = append(lines, "    then: "+inv.Note)
	}
	return lines
}

// refreshCloud shows the resources the project file declares, with the
// example's state, before anything is invoked (and after a reset or an
// edit of the file).
func (p *playground) refreshCloud() {
	p.snap, p.snapErr, p.traces, p.traced, p.cloudNotes, p.deployNotes = nil, nil, nil, false, nil, nil
	proj, _, err := p.parseProject()
	if err != nil || proj == nil {
		p.snapErr = err
		return
	}
	clock := &cloud.VirtualClock{}
	now := time.Now()
	saved, ok := p.states[p.cloudKey()]
	if ok && saved.now.After(now) {
		now = saved.now
	}
	clock.Set(now)
	acct, err := proj.Build(clock, sandbox.DefaultRegion, sandbox.DefaultAccountID)
	if err == nil && ok {
		_, err = project.RestoreState(acct, saved.state)
	}
	if err == nil {
		p.snap, err = acct.Snapshot(now)
	}
	p.snapNow, p.snapErr = now, err
}

// clearCloud forgets the example's cloud state: the resources are as the
// file declares them, empty.
func (p *playground) clearCloud() {
	delete(p.states, p.cloudKey())
	p.dropRuntime()
	p.refreshCloud()
}

// cloudView is the Cloud pane's text.
func (p *playground) cloudView() string {
	st := p.c.styles
	var b strings.Builder
	line := func(s string) { b.WriteString(p.wrapLine(s) + "\n") }
	if p.note != "" {
		b.WriteString(st.accent.Render(p.note) + "\n")
	}
	if projectText(p.proj.Value()) == "" {
		b.WriteString(st.accent.Render("No project file") + "\n")
		line("This example runs on its own: lambdatutor.yaml has only comments.")
		line("p opens it: declare tables, buckets and queues there, and what each function may do with them. s leads to the Orders example, which has a table and a queue.")
		return b.String()
	}
	if p.snapErr != nil {
		b.WriteString(st.errText.Render("The project file has a mistake") + "\n")
		for _, l := range strings.Split(p.snapErr.Error(), "\n") {
			line(l)
		}
		line("p opens lambdatutor.yaml to fix it.")
		return b.String()
	}
	s := p.snap
	if s == nil {
		return b.String()
	}
	b.WriteString(st.accent.Render("Cloud") + st.dim.Render("  virtual time "+p.snapNow.UTC().Format(time.DateTime)) + "\n")
	line("State: in memory for this session, one per example; C clears it.")
	for _, n := range append(p.deployNotes, p.cloudNotes...) {
		line("note: " + n)
	}
	if p.note == "" && p.rt == nil && !p.traced {
		line("The resources as lambdatutor.yaml declares them; r invokes.")
	}

	b.WriteString("\n" + st.accent.Render(fmt.Sprintf("Tables (%d)", len(s.Tables))) + "\n")
	for _, t := range s.Tables {
		line(fmt.Sprintf("%s (%s) · %s", t.Name, t.Keys, plural(len(t.Items), "item")))
		for i, it := range t.Items {
			if i == paneMaxItems {
				line(fmt.Sprintf("  … %d more", len(t.Items)-i))
				break
			}
			j, _ := json.Marshal(it)
			line("  " + string(j))
		}
	}
	b.WriteString("\n" + st.accent.Render(fmt.Sprintf("Buckets (%d)", len(s.Buckets))) + "\n")
	for _, bk := range s.Buckets {
		line(fmt.Sprintf("%s · %s", bk.Name, plural(len(bk.Objects), "object")))
		for i, o := range bk.Objects {
			if i == paneMaxItems {
				line(fmt.Sprintf("  … %d more", len(bk.Objects)-i))
				break
			}
			ct := o.ContentType
			if ct == "" {
				ct = "no content type"
			}
			line(fmt.Sprintf("  %s  %s  %s", o.Key, plural(o.Size, "byte"), ct))
		}
	}
	b.WriteString("\n" + st.accent.Render(fmt.Sprintf("Queues (%d)", len(s.Queues))) + "\n")
	for _, q := range s.Queues {
		head := fmt.Sprintf("%s · %d visible, %d in flight", q.Name, q.Visible, q.InFlight)
		if q.Delayed > 0 {
			head += fmt.Sprintf(", %d delayed", q.Delayed)
		}
		if q.DeadLetterQueue != "" {
			head += fmt.Sprintf(" · to %s after %s", q.DeadLetterQueue, plural(q.MaxReceiveCount, "receive"))
		}
		if len(q.DeadLetterFor) > 0 {
			head += " · dead-letter queue of " + strings.Join(q.DeadLetterFor, ", ")
		}
		line(head)
		for i, m := range q.Messages {
			if i == paneMaxItems {
				line(fmt.Sprintf("  … %d more", len(q.Messages)-i))
				break
			}
			body := m.Body
			if r := []rune(body); len(r) > 200 {
				body = string(r[:200]) + "…"
			}
			msg := fmt.Sprintf("  %s  %s  received %s", m.State, body, plural(m.Receives, "time"))
			if m.State != "visible" {
				msg += fmt.Sprintf(", visible again at %s (in %v)", m.VisibleAt.UTC().Format(time.TimeOnly), m.VisibleAt.Sub(p.snapNow).Round(time.Second))
			}
			line(msg)
		}
	}
	if len(s.Secrets) > 0 {
		b.WriteString("\n" + st.accent.Render(fmt.Sprintf("Secrets (%d)", len(s.Secrets))) + "\n")
		for _, n := range s.Secrets {
			line(n)
		}
	}
	if len(s.Parameters) > 0 {
		b.WriteString("\n" + st.accent.Render(fmt.Sprintf("Parameters (%d)", len(s.Parameters))) + "\n")
		for _, par := range s.Parameters {
			line(fmt.Sprintf("%s = %s (%s)", par.Name, par.Value, par.Type))
		}
	}
	b.WriteString("\n" + st.accent.Render(fmt.Sprintf("SDK calls of the last invoke (%d)", len(p.traces)+p.tracesDropped)) + "\n")
	if !p.traced {
		line("None yet: r invokes.")
	}
	for _, t := range p.traces {
		line(traceText(t))
	}
	if p.tracesDropped > 0 {
		line(fmt.Sprintf("… %d more calls", p.tracesDropped))
	}
	return b.String()
}

// traceText is one SDK call: who, what, on which resource, and whether
// the role's policy allowed it.
func traceText(t account.Trace) string {
	var res []string
	for _, arn := range t.Resources {
		res = append(res, shortARN(arn))
	}
	r := strings.Join(res, " ")
	if r == "" {
		r = "-"
	}
	outcome := "allowed"
	switch {
	case t.Denied:
		outcome = "denied: " + t.ErrorCode
	case t.ErrorCode != "":
		outcome = "allowed, failed: " + t.ErrorCode
	}
	return fmt.Sprintf("%s  %s:%s  %s  %s", t.Function, t.Service, t.Operation, r, outcome)
}

// shortARN drops an ARN's partition, service, Region and account:
// "table/Orders", "orders", "uploads/a.txt".
func shortARN(arn string) string {
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[0] == "arn" {
		return parts[5]
	}
	return arn
}
