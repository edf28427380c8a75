package tui

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/events"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
)

//go:embed starters
var starterFiles embed.FS

// starter is a playground example, in both languages.
type starter struct {
	name, title, event string
}

var starters = []starter{
	{"hello-world", "Hello world: the console's first function", "hello-world"},
	{"warm-state", "Warm state: module variables survive between invocations", "hello-world"},
	{"init-once", "Init once: expensive setup belongs in INIT", "hello-world"},
	{"cpu-work", "CPU work: more memory, more CPU, shorter Duration", "hello-world"},
	{"waiting", "Waiting: awaited time is billed too", "hello-world"},
	{"api-echo", "API echo: an API Gateway proxy response", "apigw-rest"},
	{"orders", "Orders: a DynamoDB table, an SQS queue and its consumer", "hello-world"},
}

// playground runtimes: the language and the Lambda runtime it runs on.
var playRuntimes = []struct {
	lang, runtime, file, handler, ext string
}{
	{"node", "nodejs22.x", "index.js", "index.handler", ".js"},
	{"python", "python3.13", "lambda_function.py", "lambda_function.lambda_handler", ".py"},
}

var playMemories = []int{128, 256, 512, 1024, 1769, 3008, 10240}

type playKeys struct {
	edit, stopEdit, run, runEditing, reset, starter, event, lang, memUp, memDown, arch, restore, showEvent, scroll key.Binding
	cloud, file, clearCloud                                                                                        key.Binding
}

// playground runs a handler in the mini-runtime: edit, invoke, read the
// response, the log with its REPORT line, and the cost; invoke again to see
// a warm start.
type playground struct {
	c       *common
	acct    *sandbox.Account
	fn      *sandbox.Function
	starter int
	lang    int
	event   int
	memory  int
	arch    sandbox.Arch
	ed      *editor // the handler's file
	proj    *editor // lambdatutor.yaml
	tab     int     // the file in the editor: tabCode or tabProject
	// projEdited: the project file changed since its draft was saved.
	projEdited bool
	editing    bool
	// pane is what the lower part shows: paneOutput or paneCloud.
	pane int
	out  viewport.Model
	runs []string // one summary line per invoke, newest last
	// invocations numbers them (triggered ones included; a run may add a
	// line saying what became of its event).
	invocations int
	last        *sandbox.Result
	lastErr     error
	note        string
	running     bool
	// showEvent puts the event JSON at the top of the output pane.
	showEvent bool
	width     int
	height    int
	keys      playKeys
	saveSeq   int

	// The deployed project (cloudpane.go): nil without a project file, or
	// after a change (the next invoke deploys again).
	rt    *project.Runtime
	rtLog *cloudLog
	rtFn  string
	// states is the cloud content of each example, for this session
	// (common.cloudStates: it outlives the screen).
	states map[string]cloudState
	// What the Cloud pane shows: the state after the last invoke (or as
	// declared), and that invoke's SDK calls.
	snap          *account.Snapshot
	snapNow       time.Time
	snapErr       error
	traces        []account.Trace
	tracesDropped int
	traced        bool
	cloudNotes    []string
	deployNotes   []string // what the last deploy could not keep as asked
}

const (
	tabCode = iota
	tabProject
)

const (
	paneOutput = iota
	paneCloud
)

type invokeDoneMsg struct {
	res *sandbox.Result
	err error
	// cloud is set for the invoke of a project.
	cloud *cloudDone
}

func newPlayground(c *common) *playground {
	if c.cloudStates == nil {
		c.cloudStates = map[string]cloudState{}
	}
	p := &playground{c: c, memory: 0, arch: sandbox.X86_64, states: c.cloudStates}
	k := &p.keys
	k.edit = key.NewBinding(key.WithKeys("enter", "i"), key.WithHelp("enter", "edit"))
	k.stopEdit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop editing"))
	k.run = key.NewBinding(key.WithKeys("r", "ctrl+r"), key.WithHelp("r", "invoke"))
	k.runEditing = key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "invoke"))
	k.reset = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new environment (next invoke is cold)"))
	k.starter = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "next example"))
	k.event = key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "next event"))
	k.lang = key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "Node.js/Python"))
	k.memUp = key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+/-", "memory"))
	k.memDown = key.NewBinding(key.WithKeys("-"))
	k.arch = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "x86_64/arm64"))
	k.restore = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "restore the example's file"))
	k.showEvent = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "show/hide the event JSON"))
	k.scroll = key.NewBinding(key.WithKeys("up", "down", "k", "j", "pgup", "pgdown", "b", "f", "space"), key.WithHelp("↑/↓ pgup/pgdn", "scroll the output"))
	k.cloud = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "Cloud pane"))
	k.file = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "lambdatutor.yaml"))
	k.clearCloud = key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "clear the cloud state"))
	p.out = viewport.New()
	p.out.KeyMap = viewport.KeyMap{}
	p.acct = sandbox.NewAccount(sandbox.Options{})
	p.loadStarter(false)
	return p
}

func (p *playground) draftKey() progress.DraftKey {
	return progress.DraftKey{Kind: "playground", Name: starters[p.starter].name, Runtime: playRuntimes[p.lang].lang}
}

// projectDraftKey is the draft of the example's lambdatutor.yaml.
func (p *playground) projectDraftKey() progress.DraftKey {
	k := p.draftKey()
	k.Name += "/" + project.FileName
	return k
}

// editor is the editor of the file shown.
func (p *playground) editor() *editor {
	if p.tab == tabProject {
		return p.proj
	}
	return p.ed
}

// fileName is the name of the file shown.
func (p *playground) fileName() string {
	if p.tab == tabProject {
		return project.FileName
	}
	return playRuntimes[p.lang].file
}

func (p *playground) starterCode() string {
	rt := playRuntimes[p.lang]
	data, err := starterFiles.ReadFile("starters/" + starters[p.starter].name + rt.ext)
	if err != nil {
		return ""
	}
	return string(data)
}

// loadStarter shows the current example (the learner's saved version when
// there is one) on a fresh function, with the example's event unless
// keepEvent (a language switch keeps the event the learner chose).
func (p *playground) loadStarter(keepEvent bool) {
	code := p.starterCode()
	if saved, ok := draft(p.c, p.draftKey()); ok {
		code = saved
	}
	for i, n := range events.Names() {
		if n == starters[p.starter].event && !keepEvent {
			p.event = i
		}
	}
	p.ed = newEditor(code, playRuntimes[p.lang].file, p.c.NoColor)
	proj := p.starterProject()
	if saved, ok := draft(p.c, p.projectDraftKey()); ok {
		proj = saved
	}
	p.proj = newEditor(proj, project.FileName, p.c.NoColor)
	p.projEdited = false
	p.dropFunction()
	p.last, p.lastErr, p.runs, p.invocations = nil, nil, nil, 0
	p.note = "Press r to invoke: the first call is a cold start."
	p.refreshCloud()
	p.layout()
}

func (p *playground) Title() string     { return "Playground" }
func (p *playground) Capturing() bool   { return p.editing }
func (p *playground) editingCode() bool { return p.editing }

func (p *playground) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

// heading is the example's title and its settings, wrapped to the width
// (never cut: memory, architecture and event must stay visible).
func (p *playground) heading() []string {
	rt := playRuntimes[p.lang]
	parts := []string{starters[p.starter].title, rt.runtime, fmt.Sprintf("%d MB", p.memoryMB()), string(p.arch), "event " + events.Names()[p.event]}
	if projectText(p.proj.Value()) != "" {
		parts = append(parts, "with "+project.FileName)
	}
	return flowParts(parts, " · ", max(10, p.width))
}

// flowParts joins parts with sep into lines of at most width cells, breaking
// only between parts (a part wider than the line ends in "…").
func flowParts(parts []string, sep string, width int) []string {
	var lines []string
	line := ""
	for _, part := range parts {
		switch {
		case line == "":
			line = truncate(part, width)
		case ansi.StringWidth(line+sep+part) <= width:
			line += sep + part
		default:
			lines = append(lines, line)
			line = truncate(part, width)
		}
	}
	return append(lines, line)
}

// codeHeight splits the body: the heading, code, a rule, and the output.
func (p *playground) codeHeight() int {
	h := p.height - 2 - len(p.heading())
	return max(3, h*2/5)
}

func (p *playground) layout() {
	if p.width == 0 {
		return
	}
	p.ed.SetSize(p.width, p.codeHeight())
	p.proj.SetSize(p.width, p.codeHeight())
	p.out.SetWidth(p.width)
	p.out.SetHeight(max(1, p.height-2-len(p.heading())-p.codeHeight()))
	text := p.output()
	if p.pane == paneCloud {
		text = p.cloudView()
	}
	p.out.SetContent(ansi.Wrap(text, max(10, p.width-1), ""))
}

func (p *playground) Keys() help.KeyMap {
	k := p.keys
	if p.editing {
		b := []key.Binding{k.stopEdit, k.runEditing, keyUndo, keyTab}
		return keyMap{short: b, full: [][]key.Binding{b}, noGlobal: true}
	}
	return keyMap{
		short: []key.Binding{k.run, k.edit, k.cloud, k.file, k.reset, k.memUp, k.starter, k.lang},
		full: [][]key.Binding{{k.run, k.reset, k.edit, k.restore}, {k.memUp, k.arch, k.event, k.showEvent},
			{k.starter, k.lang, k.scroll}, {k.cloud, k.file, k.clearCloud}},
	}
}

func (p *playground) memoryMB() int { return playMemories[p.memory] }

// function returns the function to invoke, creating it (new environments:
// a cold start) when the code or the configuration changed.
func (p *playground) function() (*sandbox.Function, error) {
	if p.fn != nil {
		return p.fn, nil
	}
	rt := playRuntimes[p.lang]
	fn, err := p.acct.NewFunction(sandbox.Config{
		FunctionName: "playground",
		Runtime:      rt.runtime,
		Handler:      rt.handler,
		MemoryMB:     p.memoryMB(),
		TimeoutSec:   3,
		Arch:         p.arch,
		Files:        map[string]string{rt.file: p.ed.Value()},
	})
	if err != nil {
		return nil, err
	}
	p.fn = fn
	return fn, nil
}

// changed drops the function: Lambda starts new environments after a
// code or configuration change.
func (p *playground) changed(why string) {
	if p.fn != nil || p.rt != nil {
		p.note = why + ": the next invoke starts a new environment (cold)."
	}
	p.dropFunction()
	p.layout()
}

// dropFunction forgets the current function and, unless an invoke is still
// running on it, deletes it in the background, so that its environments
// (a Python interpreter holds a thread and several MB) are freed now rather
// than when the garbage collector finds them.
func (p *playground) dropFunction() {
	if fn := p.fn; fn != nil && !p.running {
		go fn.Delete()
	}
	p.fn = nil
	p.dropRuntime()
}

func (p *playground) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case invokeDoneMsg:
		p.running = false
		p.record(msg.res, msg.err)
		if msg.cloud != nil {
			p.recordCloud(msg.cloud)
		}
		p.layout()
		p.out.GotoTop()
		return p, nil
	case draftTickMsg:
		if msg.seq == p.saveSeq {
			return p, p.saveDraft()
		}
		return p, nil
	case tea.KeyPressMsg:
		if p.editing {
			switch {
			case key.Matches(msg, p.keys.stopEdit):
				p.editing = false
				p.editor().Blur()
				return p, p.saveDraft()
			case msg.String() == "ctrl+r":
				p.editing = false
				p.editor().Blur()
				return p, tea.Batch(p.saveDraft(), p.invoke())
			}
			cmd, changed := p.editor().Update(msg)
			if changed {
				p.edited()
				p.saveSeq++
				seq := p.saveSeq
				return p, tea.Batch(cmd, tea.Tick(saveDelay*2, func(time.Time) tea.Msg { return draftTickMsg{seq} }))
			}
			return p, cmd
		}
		return p, p.updateKeys(msg)
	}
	if p.editing {
		cmd, changed := p.editor().Update(msg)
		if changed {
			p.edited()
		}
		return p, cmd
	}
	return p, nil
}

// edited follows a change in the editor: new environments, and for the
// project file the resources it now declares.
func (p *playground) edited() {
	if p.tab == tabProject {
		p.projEdited = true
		p.refreshCloud()
		p.changed("Project file changed")
		return
	}
	p.changed("Code changed")
}

func (p *playground) updateKeys(k tea.KeyPressMsg) tea.Cmd {
	keys := p.keys
	switch {
	case key.Matches(k, keys.edit):
		p.editing = true
		return p.editor().Focus()
	case key.Matches(k, keys.file):
		p.tab = 1 - p.tab
		if p.tab == tabProject && projectText(p.proj.Value()) == "" {
			p.note = project.FileName + " is all comments: the example runs without AWS resources. Enter edits it."
		} else {
			p.note = ""
		}
		p.layout()
	case key.Matches(k, keys.cloud):
		p.pane = 1 - p.pane
		p.note = ""
		p.layout()
		p.out.GotoTop()
	case key.Matches(k, keys.clearCloud):
		p.clearCloud()
		p.note = "Cloud state cleared: the resources are empty."
		if projectText(p.proj.Value()) == "" {
			p.note = "No cloud state to clear: " + project.FileName + " declares nothing (p shows it)."
		}
		p.pane = paneCloud
		p.layout()
		p.out.GotoTop()
	case key.Matches(k, keys.run):
		return p.invoke()
	case key.Matches(k, keys.reset):
		if p.fn != nil {
			if err := p.fn.Reset(); err != nil {
				return status(err.Error(), true)
			}
		}
		if p.rt != nil {
			for _, fn := range p.rt.Project.Functions {
				if f, ok := p.rt.Function(fn.Name); ok {
					if err := f.Reset(); err != nil {
						return status(err.Error(), true)
					}
				}
			}
		}
		p.note = "Environments shut down: the next invoke is cold."
		p.layout()
	case key.Matches(k, keys.memUp), key.Matches(k, keys.memDown):
		if key.Matches(k, keys.memUp) && p.memory < len(playMemories)-1 {
			p.memory++
		} else if key.Matches(k, keys.memDown) && p.memory > 0 {
			p.memory--
		}
		p.changed(fmt.Sprintf("Memory set to %d MB", p.memoryMB()))
	case key.Matches(k, keys.arch):
		if p.arch == sandbox.X86_64 {
			p.arch = sandbox.ARM64
		} else {
			p.arch = sandbox.X86_64
		}
		p.changed("Architecture set to " + string(p.arch))
	case key.Matches(k, keys.event):
		p.event = (p.event + 1) % len(events.Names())
		p.note = "Event: " + events.Describe(events.Names()[p.event]) + " (e shows it)"
		p.layout()
	case key.Matches(k, keys.showEvent):
		p.showEvent = !p.showEvent
		p.layout()
		p.out.GotoTop()
	case key.Matches(k, keys.starter), key.Matches(k, keys.lang):
		cmd := p.saveDraft()
		if key.Matches(k, keys.starter) {
			p.starter = (p.starter + 1) % len(starters)
			p.tab = tabCode
		} else {
			p.lang = (p.lang + 1) % len(playRuntimes)
		}
		p.loadStarter(key.Matches(k, keys.lang))
		return cmd
	case key.Matches(k, keys.restore):
		if p.tab == tabProject {
			deleteDraft(p.c, p.projectDraftKey())
			p.proj.SetValue(p.starterProject())
			p.projEdited = false
			p.refreshCloud()
			p.changed("Example project file restored")
			break
		}
		deleteDraft(p.c, p.draftKey())
		p.ed.SetValue(p.starterCode())
		p.changed("Example code restored")
	default:
		switch k.String() {
		case "up", "k":
			p.out.ScrollUp(1)
		case "down", "j":
			p.out.ScrollDown(1)
		case "pgup", "b":
			p.out.PageUp()
		case "pgdown", "space", "f":
			p.out.PageDown()
		}
	}
	return nil
}

func (p *playground) saveDraft() tea.Cmd {
	if p.c.Store == nil {
		return nil
	}
	code := p.ed.Value()
	if code == p.starterCode() {
		deleteDraft(p.c, p.draftKey())
	} else {
		saveDraft(p.c, p.draftKey(), code)
	}
	// The project file is written only when it was edited: most
	// learners never open it.
	if !p.projEdited {
		return nil
	}
	p.projEdited = false
	if proj := p.proj.Value(); proj == p.starterProject() {
		deleteDraft(p.c, p.projectDraftKey())
	} else {
		saveDraft(p.c, p.projectDraftKey(), proj)
	}
	return nil
}

// leave saves the code when the screen closes, and shuts the function's
// environments down (the cloud state stays for the session).
func (p *playground) leave() {
	_ = p.saveDraft()
	p.dropFunction()
}

// invoke runs the handler in the background; invokeDoneMsg brings the result.
func (p *playground) invoke() tea.Cmd {
	if p.running {
		return nil
	}
	proj, pfn, err := p.parseProject()
	if err != nil {
		p.record(nil, err)
		p.layout()
		return nil
	}
	if proj != nil {
		ev, err := events.Get(events.Names()[p.event])
		if err != nil {
			p.record(nil, err)
			return nil
		}
		return p.invokeProject(proj, pfn, ev)
	}
	fn, err := p.function()
	if err != nil {
		p.record(nil, err)
		p.layout()
		return nil
	}
	ev, err := events.Get(events.Names()[p.event])
	if err != nil {
		p.record(nil, err)
		return nil
	}
	p.running = true
	p.note = "Invoking…"
	p.layout()
	ctx := p.c.ctx
	return func() tea.Msg {
		res, err := fn.Invoke(ctx, ev)
		return invokeDoneMsg{res: res, err: err}
	}
}

func (p *playground) record(res *sandbox.Result, err error) {
	p.last, p.lastErr = res, err
	p.invocations++
	n := p.invocations
	switch {
	case err != nil:
		p.runs = append(p.runs, fmt.Sprintf("#%d  %s", n, firstLine(err.Error())))
		p.note = ""
	case res != nil:
		kind := "warm"
		if res.Cold {
			kind = "cold"
		}
		outcome := "ok"
		if res.Error != nil {
			outcome = res.Error.Type
		}
		p.runs = append(p.runs, fmt.Sprintf("#%d  %s  env %d  %s  billed %d ms at %d MB  %s",
			n, kind, res.EnvID, outcome, res.Report.BilledDurationMs, res.Report.MemorySizeMB,
			billing.FormatUSD(res.Cost.Total())))
		p.note = ""
	}
}

func (p *playground) output() string {
	st := p.c.styles
	var b strings.Builder
	if p.note != "" {
		b.WriteString(st.accent.Render(p.note) + "\n")
	}
	if p.showEvent {
		name := events.Names()[p.event]
		b.WriteString(st.accent.Render("Event "+name) + st.dim.Render("  "+events.Describe(name)+" (e hides it)") + "\n")
		ev, err := events.Get(name)
		var pretty bytes.Buffer
		if err == nil && json.Indent(&pretty, ev, "", "  ") == nil {
			ev = pretty.Bytes()
		}
		for _, l := range strings.Split(strings.TrimRight(string(ev), "\n"), "\n") {
			b.WriteString(p.wrapLine(l) + "\n")
		}
		b.WriteString("\n")
	}
	if len(p.runs) > 0 {
		b.WriteString(st.dim.Render("Invocations (newest last):") + "\n")
		from := max(0, len(p.runs)-8)
		for _, r := range p.runs[from:] {
			b.WriteString(p.wrapLine(r) + "\n")
		}
	}
	if p.lastErr != nil {
		b.WriteString("\n" + st.errText.Render("Invoke failed: ") + p.lastErr.Error() + "\n")
		var te *sandbox.ThrottleError
		if errors.As(p.lastErr, &te) {
			b.WriteString(st.dim.Render("HTTP 429: Lambda refused the request before running it.") + "\n")
		}
	}
	if r := p.last; r != nil {
		label, resp := "Response", r.Response
		if r.Error != nil {
			label = "Error (" + r.Error.Type + ")"
		}
		b.WriteString("\n" + st.accent.Render(label) + "\n")
		var pretty bytes.Buffer
		if json.Indent(&pretty, resp, "", "  ") == nil {
			resp = pretty.Bytes()
		}
		for _, l := range strings.Split(string(resp), "\n") {
			b.WriteString(p.wrapLine(l) + "\n")
		}
		b.WriteString("\n" + st.accent.Render("Log") + st.dim.Render("  (stream "+r.LogStream+")") + "\n")
		for _, l := range r.Logs {
			l = strings.ReplaceAll(l, "\t", "  ")
			b.WriteString(p.wrapLine(l) + "\n")
		}
		if r.LogTruncated {
			b.WriteString(st.dim.Render("  … output over the log cap was dropped") + "\n")
		}
		c := r.Cost
		b.WriteString("\n" + st.accent.Render("Cost of this invocation") + fmt.Sprintf("  %s = request %s + duration %s",
			billing.FormatUSD(c.Total()), billing.FormatUSD(c.RequestUSD), billing.FormatUSD(c.DurationUSD)))
		if c.StorageUSD > 0 {
			b.WriteString(" + storage " + billing.FormatUSD(c.StorageUSD))
		}
		b.WriteString("\n" + st.dim.Render(fmt.Sprintf("  %d ms billed × %d MB, %s, no free tier", r.Report.BilledDurationMs, r.Report.MemorySizeMB, p.arch)) + "\n")
	}
	return b.String()
}

// wrapLine breaks a long log line at spaces with a hanging indent.
func (p *playground) wrapLine(l string) string {
	w := max(20, p.width-4)
	var out []string
	for len(l) > w {
		cut := strings.LastIndex(l[:w], " ")
		if cut <= 4 {
			// No space after the hanging indent (a long ARN or JSON):
			// cut at the width, on a character boundary. Cutting at the
			// indent's own spaces would loop for ever.
			cut = w
			for cut > 5 && !utf8.RuneStart(l[cut]) {
				cut--
			}
		}
		out = append(out, l[:cut])
		l = "    " + strings.TrimLeft(l[cut:], " ")
	}
	out = append(out, l)
	return "  " + strings.Join(out, "\n  ")
}

func (p *playground) View() string {
	st := p.c.styles
	rt := playRuntimes[p.lang]
	editing := ""
	if p.editing {
		editing = " (editing)"
	}
	other := project.FileName
	if p.tab == tabProject {
		other = rt.file
	}
	tab := "── " + p.fileName() + editing + " "
	if !p.editing {
		tab += " (p: " + other + ") "
	}
	top := st.accent.Render(strings.Join(p.heading(), "\n")) + "\n" + st.dim.Render(truncate(tab, p.width-1))
	code := fitHeight(p.editor().View(), p.codeHeight())
	pane := "── Output  (c: Cloud pane) "
	if p.pane == paneCloud {
		pane = "── Cloud  (c: output) "
	}
	pane = truncate(pane, p.width-1)
	rule := pane + strings.Repeat("─", max(0, p.width-1-ansi.StringWidth(pane)))
	return top + "\n" + code + "\n" + st.dim.Render(rule) + "\n" + p.out.View()
}
