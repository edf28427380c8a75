package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/progress"
)

// exerciseService is built once per session, on first use.
func exerciseService(c *common) (*exercises.Service, error) {
	if c.exercises != nil {
		return c.exercises, nil
	}
	cat := c.Options.Exercises
	if cat == nil {
		var err error
		if cat, err = exercises.Default(); err != nil {
			return nil, err
		}
	}
	c.exercises = exercises.NewService(cat, c.Store)
	return c.exercises, nil
}

// exerciseItem is an exercise in the list.
type exerciseItem struct{ it exercises.Item }

func (i exerciseItem) FilterValue() string {
	e := i.it.Exercise
	return e.Title + " " + e.ID + " " + strings.Join(e.Tags, " ")
}

type exerciseDelegate struct{ c *common }

func (d exerciseDelegate) Height() int                         { return 2 }
func (d exerciseDelegate) Spacing() int                        { return 1 }
func (d exerciseDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d exerciseDelegate) Render(w io.Writer, m list.Model, index int, it list.Item) {
	i, ok := it.(exerciseItem)
	if !ok {
		return
	}
	st := d.c.styles
	e := i.it.Exercise
	tick := "[ ]"
	switch i.it.Status {
	case exercises.StatusSolved:
		tick = st.ok.Render("[✓]")
	case exercises.StatusStarted:
		tick = "[…]"
	}
	stars := strings.Repeat("★", e.Difficulty) + strings.Repeat("☆", 3-e.Difficulty)
	title := fmt.Sprintf("%2d. %s  %s", e.Order, e.Title, stars)
	cursor := "  "
	if index == m.Index() {
		cursor = st.selected.Render("▸ ")
		title = st.selected.Render(title)
	}
	fmt.Fprint(w, truncate(cursor+tick+" "+title, m.Width())+"\n      "+st.dim.Render(truncate(e.Concept, max(10, m.Width()-7))))
}

// exerciseList lists the handler exercises with the learner's status.
type exerciseList struct {
	c    *common
	svc  *exercises.Service
	err  error
	list list.Model
	open key.Binding
}

func newExerciseList(c *common) *exerciseList {
	el := &exerciseList{c: c}
	el.open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	m := list.New(nil, exerciseDelegate{c}, 60, 10)
	m.SetShowTitle(false)
	m.SetShowHelp(false)
	m.SetStatusBarItemName("exercise", "exercises")
	m.DisableQuitKeybindings()
	steadyCursor(&m.FilterInput)
	if c.NoColor {
		m.Styles = plainListStyles(m.Styles)
	}
	el.list = m
	el.svc, el.err = exerciseService(c)
	el.refresh()
	return el
}

func (el *exerciseList) refresh() {
	if el.svc == nil {
		return
	}
	items, err := el.svc.List(el.c.ctx, el.c.UserID)
	if err != nil {
		el.err = err
		return
	}
	li := make([]list.Item, len(items))
	for i, it := range items {
		li[i] = exerciseItem{it}
	}
	el.list.SetItems(li)
}

func (el *exerciseList) Title() string    { return "Exercises" }
func (el *exerciseList) Capturing() bool  { return el.list.SettingFilter() }
func (el *exerciseList) SetSize(w, h int) { el.list.SetSize(w, max(1, h-1)) }

func (el *exerciseList) handleBack() bool {
	if el.list.IsFiltered() {
		el.list.ResetFilter()
		return true
	}
	return false
}

func (el *exerciseList) Keys() help.KeyMap {
	if el.list.SettingFilter() {
		return filterKeys
	}
	lk := el.list.KeyMap
	nav := []key.Binding{lk.CursorUp, lk.CursorDown, el.open, lk.Filter}
	return keyMap{short: nav, full: [][]key.Binding{nav, {lk.PrevPage, lk.NextPage}}}
}

func (el *exerciseList) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && !el.list.SettingFilter() && key.Matches(k, el.open) {
		if it, ok := el.list.SelectedItem().(exerciseItem); ok {
			return el, el.c.open(newExerciseScreen(el.c, el.svc, it.it.Exercise))
		}
		return el, nil
	}
	var cmd tea.Cmd
	el.list, cmd = el.list.Update(msg)
	return el, cmd
}

func (el *exerciseList) View() string {
	st := el.c.styles
	if el.err != nil {
		return "\n" + st.errText.Render("The exercises could not be loaded: "+el.err.Error())
	}
	solved := 0
	for _, it := range el.list.Items() {
		if it.(exerciseItem).it.Status == exercises.StatusSolved {
			solved++
		}
	}
	head := st.dim.Render(fmt.Sprintf("  %d of %d solved · write handlers that pass the tests, in Node.js or Python", solved, len(el.list.Items())))
	return head + "\n" + el.list.View()
}

// The panes of the exercise screen.
const (
	paneTask = iota
	paneCode
	paneResults
)

type exerciseKeys struct {
	task, code, results, edit, stopEdit, run, runEditing, hint, solution, runtime, file, reset, external, scroll key.Binding
}

// exerciseScreen is one exercise: the task, a code editor and the test
// results.
type exerciseScreen struct {
	c       *common
	svc     *exercises.Service
	ex      *exercises.Exercise
	rt      exercises.Runtime
	files   map[string]string // the learner's code, path -> text, plus config.json
	names   []string          // file order: main file first
	current string            // file in the editor
	ed      *editor
	editing bool
	pane    int
	task    viewport.Model
	results viewport.Model
	result  *exercises.CheckResult
	hints   []string
	running bool
	confirm bool // reset asked once
	width   int
	height  int
	keys    exerciseKeys
	saveSeq int
}

type (
	checkDoneMsg struct {
		res *exercises.CheckResult
		rec progress.ExerciseRecord
		err error
	}
	draftTickMsg  struct{ seq int }
	editorDoneMsg struct {
		path string
		err  error
	}
)

func newExerciseScreen(c *common, svc *exercises.Service, ex *exercises.Exercise) *exerciseScreen {
	s := &exerciseScreen{c: c, svc: svc, ex: ex, rt: exercises.Node}
	k := &s.keys
	k.task = key.NewBinding(key.WithKeys("1"), key.WithHelp("1/2/3", "task/code/results"))
	k.code = key.NewBinding(key.WithKeys("2"))
	k.results = key.NewBinding(key.WithKeys("3"))
	k.edit = key.NewBinding(key.WithKeys("enter", "i"), key.WithHelp("enter", "edit the code"))
	k.stopEdit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop editing"))
	k.run = key.NewBinding(key.WithKeys("r", "ctrl+r"), key.WithHelp("r", "run the tests"))
	k.runEditing = key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "run the tests"))
	k.hint = key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "next hint"))
	k.solution = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "solution (after a pass)"))
	k.runtime = key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "Node.js/Python"))
	k.file = key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "next file"))
	k.reset = key.NewBinding(key.WithKeys("x"), key.WithHelp("x x", "reset to the starter"))
	k.external = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "open in $EDITOR"))
	k.scroll = key.NewBinding(key.WithKeys("up", "down", "k", "j", "pgup", "pgdown", "b", "space"), key.WithHelp("↑/↓ pgup/pgdn", "scroll the task or results"))
	s.task = viewport.New()
	s.results = viewport.New()
	s.results.KeyMap = viewport.KeyMap{}
	s.task.KeyMap = viewport.KeyMap{}
	// The language the learner chose last (t), on any exercise; before any
	// choice, the one this exercise was last run in.
	if rt, ok := preferredRuntime(c); ok {
		s.rt = rt
	} else if rec, ok, err := svc.Record(c.ctx, c.UserID, ex); err == nil && ok && rec.Runtime == string(exercises.Python) {
		s.rt = exercises.Python
	}
	if hs, err := svc.ShownHints(c.ctx, c.UserID, ex); err == nil {
		s.hints = hs
	}
	s.load()
	return s
}

// preferredRuntime is the exercise language the learner chose last.
func preferredRuntime(c *common) (exercises.Runtime, bool) {
	v, ok := setting(c, progress.SettingExerciseRuntime)
	if !ok {
		return "", false
	}
	switch exercises.Runtime(v) {
	case exercises.Node, exercises.Python:
		return exercises.Runtime(v), true
	}
	return "", false
}

func (s *exerciseScreen) draftKey() progress.DraftKey {
	return progress.DraftKey{Kind: "exercise", Name: s.ex.ID, Runtime: string(s.rt)}
}

// load fills the editor with the learner's draft for the runtime, or the
// starter.
func (s *exerciseScreen) load() {
	code := s.ex.StarterCode(s.rt)
	files := code.Files
	if s.ex.ConfigFile {
		files["config.json"] = code.Config
	}
	if text, ok := draft(s.c, s.draftKey()); ok {
		var saved map[string]string
		if json.Unmarshal([]byte(text), &saved) == nil && len(saved) > 0 {
			files = saved
		}
	}
	s.setFiles(files)
}

func (s *exerciseScreen) setFiles(files map[string]string) {
	s.files = files
	main := s.rt.MainFile()
	s.names = s.names[:0]
	for n := range files {
		if n != main {
			s.names = append(s.names, n)
		}
	}
	sort.Strings(s.names)
	s.names = append([]string{main}, s.names...)
	s.current = main
	s.ed = newEditor(files[main], main, s.c.NoColor)
	s.layout()
}

func (s *exerciseScreen) Title() string     { return s.ex.Title }
func (s *exerciseScreen) Capturing() bool   { return s.editing }
func (s *exerciseScreen) editingCode() bool { return s.editing && s.pane == paneCode }

func (s *exerciseScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.layout()
}

func (s *exerciseScreen) layout() {
	if s.width == 0 {
		return
	}
	h := max(1, s.height-2)
	s.task.SetWidth(s.width)
	s.task.SetHeight(h)
	setContent(&s.task, s.taskText())
	s.results.SetWidth(s.width)
	s.results.SetHeight(h)
	setContent(&s.results, s.resultsText())
	s.ed.SetSize(s.width, h)
}

func (s *exerciseScreen) taskText() string {
	md := s.ex.README
	if len(s.hints) > 0 {
		md += "\n\n## Hints\n\n"
		for i, h := range s.hints {
			md += fmt.Sprintf("%d. %s\n", i+1, h)
		}
	}
	wrap := max(20, readingWidth(s.width)-4)
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(LessonStyle(s.c.NoColor)), glamour.WithWordWrap(wrap))
	if err != nil {
		return md
	}
	out, err := r.Render(wrapCode(joinListItems(md), wrap-6))
	if err != nil {
		return md
	}
	return strings.Trim(out, "\n")
}

func (s *exerciseScreen) resultsText() string {
	switch {
	case s.running:
		return "\n  Running the tests…"
	case s.result == nil:
		return "\n  No run yet. Press r to run the tests on your code."
	}
	return s.result.Panel(max(40, s.width-2))
}

func (s *exerciseScreen) Keys() help.KeyMap {
	k := s.keys
	if s.editing {
		b := []key.Binding{k.stopEdit, k.runEditing, keyUndo, keyTab}
		return keyMap{short: b, full: [][]key.Binding{b}, noGlobal: true}
	}
	short := []key.Binding{k.task, k.run, k.hint, k.runtime}
	if s.pane == paneCode {
		short = []key.Binding{k.edit, k.run, k.runtime}
		if len(s.names) > 1 {
			short = append(short, k.file)
		}
	}
	more := []key.Binding{k.hint, k.solution, k.reset}
	if s.c.Local {
		more = append(more, k.external)
	}
	return keyMap{short: short, full: [][]key.Binding{{k.task, k.edit, k.run, k.scroll}, {k.runtime, k.file}, more}}
}

func (s *exerciseScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case checkDoneMsg:
		s.running = false
		if msg.err != nil {
			s.layout()
			return s, status("could not run the tests: "+msg.err.Error(), true)
		}
		s.result = msg.res
		s.pane = paneResults
		s.layout()
		if msg.res.Passed {
			return s, status(fmt.Sprintf("All %d tests pass. Press s to compare with the reference solution.", len(msg.res.Tests)), false)
		}
		return s, status(msg.res.Summary(), true)
	case draftTickMsg:
		if msg.seq == s.saveSeq {
			return s, s.saveDraft()
		}
		return s, nil
	case editorDoneMsg:
		return s, s.afterExternalEditor(msg)
	case tea.KeyPressMsg:
		if s.editing {
			return s, s.updateEditing(msg)
		}
		return s, s.updateViewing(msg)
	}
	if s.editing {
		cmd, changed := s.ed.Update(msg)
		if changed {
			return s, tea.Batch(cmd, s.changed())
		}
		return s, cmd
	}
	return s, nil
}

func (s *exerciseScreen) updateEditing(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, s.keys.stopEdit):
		s.editing = false
		s.ed.Blur()
		return s.saveDraft()
	case k.String() == "ctrl+r":
		s.editing = false
		s.ed.Blur()
		return tea.Batch(s.saveDraft(), s.run())
	}
	cmd, changed := s.ed.Update(k)
	if changed {
		return tea.Batch(cmd, s.changed())
	}
	return cmd
}

// changed records the editor text and schedules a draft save.
func (s *exerciseScreen) changed() tea.Cmd {
	// The text is copied to files when it is saved or run (saveDraft),
	// not on every key: copying is as slow as the file is long.
	s.saveSeq++
	seq := s.saveSeq
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return draftTickMsg{seq} })
}

func (s *exerciseScreen) saveDraft() tea.Cmd {
	s.files[s.current] = s.ed.Value()
	if s.c.Store == nil {
		return nil
	}
	data, err := json.Marshal(s.files)
	if err != nil {
		return status("could not save your code: "+err.Error(), true)
	}
	saveDraft(s.c, s.draftKey(), string(data))
	return nil
}

// leave saves the code when the screen closes.
func (s *exerciseScreen) leave() { _ = s.saveDraft() }

func (s *exerciseScreen) updateViewing(k tea.KeyPressMsg) tea.Cmd {
	keys := s.keys
	if !key.Matches(k, keys.reset) {
		s.confirm = false
	}
	switch {
	case key.Matches(k, keys.task):
		s.pane = paneTask
	case key.Matches(k, keys.code):
		s.pane = paneCode
	case key.Matches(k, keys.results):
		s.pane = paneResults
	case key.Matches(k, keys.edit):
		s.pane = paneCode
		s.editing = true
		return s.ed.Focus()
	case key.Matches(k, keys.run):
		return tea.Batch(s.saveDraft(), s.run())
	case key.Matches(k, keys.hint):
		// Shown at once; the count of hints used is recorded by the
		// saver (a locked database must not freeze the screen).
		if len(s.ex.Hints) == 0 {
			return status(fmt.Sprintf("exercise %s has no hints", s.ex.ID), false)
		}
		n := min(len(s.hints)+1, len(s.ex.Hints))
		if n > len(s.hints) {
			s.hints = append(s.hints, s.ex.Hints[n-1])
		}
		if s.c.saver != nil {
			s.c.saver.put(&pendingWrite{Kind: writeHint, Name: s.ex.ID, Offset: len(s.ex.Hints)})
		}
		s.pane = paneTask
		s.layout()
		s.task.GotoBottom()
		return status(fmt.Sprintf("Hint %d of %d is at the end of the task.", n, len(s.ex.Hints)), false)
	case key.Matches(k, keys.solution):
		return s.showSolution()
	case key.Matches(k, keys.runtime):
		if err := errors.Join(s.saveDraftErr()); err != nil {
			return status(err.Error(), true)
		}
		if s.rt == exercises.Node {
			s.rt = exercises.Python
		} else {
			s.rt = exercises.Node
		}
		s.result = nil
		s.load()
		setSetting(s.c, progress.SettingExerciseRuntime, string(s.rt))
		return status("Now in "+s.rt.Title()+"; the next exercises open in it too.", false)
	case key.Matches(k, keys.file):
		s.files[s.current] = s.ed.Value()
		i := (indexOf(s.names, s.current) + 1) % len(s.names)
		s.current = s.names[i]
		s.ed = newEditor(s.files[s.current], s.current, s.c.NoColor)
		s.pane = paneCode
		s.layout()
	case key.Matches(k, keys.reset):
		if !s.confirm {
			s.confirm = true
			return status("Press x again to throw away your code and start from the starter.", true)
		}
		s.confirm = false
		deleteDraft(s.c, s.draftKey())
		s.load()
		s.pane = paneCode
		return status("Back to the starter code.", false)
	case key.Matches(k, keys.external) && s.c.Local:
		return s.openExternal()
	default:
		vp := &s.task
		if s.pane == paneResults {
			vp = &s.results
		}
		switch k.String() {
		case "up", "k":
			vp.ScrollUp(1)
		case "down", "j":
			vp.ScrollDown(1)
		case "pgup", "b":
			vp.PageUp()
		case "pgdown", "space", "f":
			vp.PageDown()
		}
	}
	return nil
}

func (s *exerciseScreen) saveDraftErr() error {
	if cmd := s.saveDraft(); cmd != nil {
		if m, ok := cmd().(statusMsg); ok && m.isErr {
			return errors.New(m.text)
		}
	}
	return nil
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}

// run checks the code in the background; checkDoneMsg brings the result.
func (s *exerciseScreen) run() tea.Cmd {
	if s.running {
		return nil
	}
	s.running = true
	s.pane = paneResults
	s.layout()
	s.files[s.current] = s.ed.Value()
	code := exercises.Code{Runtime: s.rt, Files: map[string]string{}}
	for n, text := range s.files {
		if n == "config.json" && s.ex.ConfigFile {
			code.Config = text
			continue
		}
		code.Files[n] = text
	}
	ctx, svc, uid, ex := s.c.ctx, s.svc, s.c.UserID, s.ex
	return func() tea.Msg {
		res, rec, err := svc.Check(ctx, uid, ex, code)
		return checkDoneMsg{res, rec, err}
	}
}

func (s *exerciseScreen) showSolution() tea.Cmd {
	sol, err := s.svc.Solution(s.c.ctx, s.c.UserID, s.ex, s.rt)
	if errors.Is(err, exercises.ErrNotSolved) {
		// The service's message names shell commands; here, keys.
		return status("The solution opens once your code passes every test: r runs them, h gives a hint.", true)
	}
	if err != nil {
		return status(err.Error(), true)
	}
	var b strings.Builder
	b.WriteString("\n  Reference solution (" + s.rt.Title() + "). Yours passed too; compare the two.\n\n")
	names := make([]string, 0, len(sol.Files))
	for n := range sol.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b.WriteString("  ── " + n + "\n")
		for _, l := range strings.Split(strings.TrimRight(sol.Files[n], "\n"), "\n") {
			b.WriteString("  " + l + "\n")
		}
		b.WriteString("\n")
	}
	if sol.Config != "" {
		b.WriteString("  ── config.json\n  " + strings.ReplaceAll(strings.TrimSpace(sol.Config), "\n", "\n  ") + "\n")
	}
	setContent(&s.results, b.String())
	s.results.GotoTop()
	s.pane = paneResults
	return nil
}

// openExternal writes the current file to a temporary folder and opens
// $EDITOR on it (local sessions only); the text comes back when it exits.
func (s *exerciseScreen) openExternal() tea.Cmd {
	ed := os.Getenv("VISUAL")
	if ed == "" {
		ed = os.Getenv("EDITOR")
	}
	if ed == "" {
		return status("set $EDITOR (or $VISUAL) to use your own editor; the built-in one is on enter", true)
	}
	dir, err := os.MkdirTemp("", "lambdatutor-"+s.ex.ID+"-")
	if err != nil {
		return status("could not prepare the file: "+err.Error(), true)
	}
	path := filepath.Join(dir, filepath.Base(s.current))
	s.files[s.current] = s.ed.Value()
	if err := os.WriteFile(path, []byte(s.files[s.current]), 0o600); err != nil {
		return status("could not prepare the file: "+err.Error(), true)
	}
	parts := strings.Fields(ed)
	cmd := exec.Command(parts[0], append(parts[1:], path)...)
	return tea.ExecProcess(cmd, func(err error) tea.Msg { return editorDoneMsg{path, err} })
}

func (s *exerciseScreen) afterExternalEditor(m editorDoneMsg) tea.Cmd {
	defer os.RemoveAll(filepath.Dir(m.path))
	if m.err != nil {
		return status("the editor failed: "+m.err.Error()+"; your code is unchanged", true)
	}
	data, err := os.ReadFile(m.path)
	if err != nil {
		return status("could not read the edited file back: "+err.Error(), true)
	}
	s.ed.SetValue(string(data))
	s.files[s.current] = string(data)
	s.pane = paneCode
	return tea.Batch(s.saveDraft(), status("Code updated from your editor. Press r to run the tests.", false))
}

func (s *exerciseScreen) View() string {
	st := s.c.styles
	tab := func(i int, name string) string {
		if i == s.pane {
			return st.selected.Render("[" + name + "]")
		}
		return st.dim.Render(" " + name + " ")
	}
	file := s.current
	if s.editing {
		file += " (editing)"
	}
	head := tab(paneTask, "1 Task") + " " + tab(paneCode, "2 Code: "+file) + " " + tab(paneResults, "3 Results")
	head = truncate(head, s.width)
	info := fmt.Sprintf("%s · %s", s.rt.Title(), s.ex.Concept)
	if s.running {
		info = "running the tests… · " + info
	}
	var body string
	switch s.pane {
	case paneTask:
		body = s.task.View()
	case paneCode:
		body = s.ed.View()
	default:
		body = s.results.View()
	}
	return head + "\n" + fitHeight(body, max(1, s.height-2)) + "\n" + st.dim.Render(truncate(info, s.width))
}
