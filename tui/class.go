package tui

import (
	"fmt"
	"image/color"
	"sort"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/class"
	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
	"github.com/lambdatutor/lambdatutor/report"
)

// ClassRefresh is how often the Class screen checks the database for
// changes while it is open (one cheap query; the class is read again only
// when something changed, or every classRebuild for what time alone
// changes: late items, overdue reviews). Nothing runs once it is closed.
var ClassRefresh = time.Second

const classRebuild = 30 * time.Second

// classContents caches the class report's catalogs by lesson catalog.
var classContents sync.Map // *lessons.Catalog -> *class.Content

// classContent is the catalogs the class report names things from: the
// session's lessons, the question bank and the exercises, built once.
func classContent(c *common) (*class.Content, error) {
	if v, ok := classContents.Load(c.Catalog); ok {
		return v.(*class.Content), nil
	}
	bank, ex := c.Bank, c.Options.Exercises // with content packs
	var err error
	if bank == nil {
		if bank, err = quiz.Default(); err != nil {
			return nil, err
		}
	}
	if ex == nil {
		if ex, err = exercises.Default(); err != nil {
			return nil, err
		}
	}
	v, _ := classContents.LoadOrStore(c.Catalog, class.NewContent(c.Catalog, bank, ex))
	return v.(*class.Content), nil
}

// classView is one of the Class screen's views.
type classView int

const (
	viewRoster classView = iota
	viewTopics
	viewExercises
	viewPlan
	classViews
)

func (v classView) String() string {
	return [...]string{"Roster", "Topics", "Exercises", "Plan"}[v]
}

// Roster sort orders.
var rosterSorts = []struct {
	name string
	less func(a, b *class.Learner) bool
}{
	{"name", func(a, b *class.Learner) bool { return strings.ToLower(a.Name) < strings.ToLower(b.Name) }},
	{"last seen", func(a, b *class.Learner) bool { return a.LastSeen.After(b.LastSeen) }},
	{"lessons", func(a, b *class.Learner) bool { return a.LessonsRead > b.LessonsRead }},
	{"exercises", func(a, b *class.Learner) bool { return a.ExercisesSolved > b.ExercisesSolved }},
	{"quiz accuracy", func(a, b *class.Learner) bool { return a.Accuracy() < b.Accuracy() }},
	{"overdue", func(a, b *class.Learner) bool { return a.ReviewsOverdue > b.ReviewsOverdue }},
	{"plan", func(a, b *class.Learner) bool {
		if a.PlanLate != b.PlanLate {
			return a.PlanLate > b.PlanLate
		}
		return a.PlanDone < b.PlanDone
	}},
}

// classScreen is the instructors' view of the class: the roster, quiz
// accuracy by topic (a heat map), the exercise table and the course plan.
// Only sessions with Options.Instructor reach it (the home entry exists
// only for them). While it is open it checks the database every
// ClassRefresh.
type classScreen struct {
	c       *common
	content *class.Content
	width   int
	height  int
	view    classView

	rep     *class.Report
	err     error
	version string
	built   time.Time
	// loading is true while a read runs; ticks then skip theirs.
	loading bool

	// rows are the roster's learners after filter and sort.
	rows    []*class.Learner
	cursor  int
	offset  int
	sortBy  int
	reverse bool
	filter  string
	// topicCol is the first learner column of the heat map.
	topicCol int
	planCur  int

	// input is the filter or the new plan item being typed; inputFor says
	// which ("" when closed).
	input    textinput.Model
	inputFor string

	keys struct {
		tab, backTab, up, down, pgUp, pgDown, open, sort, reverse, filter, left, right, add, remove key.Binding
	}
}

// Messages of the Class screen, tagged with the screen they belong to so a
// reopened screen ignores an old screen's timer.
type (
	classTickMsg struct{ s *classScreen }
	classDataMsg struct {
		s       *classScreen
		rep     *class.Report
		version string
		err     error
	}
)

func newClassScreen(c *common) *classScreen {
	s := &classScreen{c: c}
	s.content, s.err = classContent(c)
	k := &s.keys
	k.tab = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next view"))
	k.backTab = key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous view"))
	k.up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	k.down = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	k.pgUp = key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up"))
	k.pgDown = key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down"))
	k.open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open learner"))
	k.sort = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort"))
	k.reverse = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reverse"))
	k.filter = key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter"))
	k.left = key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "more learners"))
	k.right = key.NewBinding(key.WithKeys("right", "l"))
	k.add = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "assign"))
	k.remove = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "remove"))
	s.input = textinput.New()
	s.input.Prompt = "> "
	s.input.CharLimit = 200
	steadyCursor(&s.input)
	return s
}

// Init reads the class at once; the timer starts when the read is done.
func (s *classScreen) Init() tea.Cmd {
	s.loading = true
	return s.load(true)
}

// load reads the class in the background: when force is false, only if
// ClassVersion changed since the last read.
func (s *classScreen) load(force bool) tea.Cmd {
	if s.content == nil || s.c.Store == nil {
		return nil
	}
	store, ctx, content, old := s.c.Store, s.c.ctx, s.content, s.version
	return func() tea.Msg {
		v, err := store.ClassVersion(ctx)
		if err != nil {
			return classDataMsg{s: s, err: err}
		}
		if !force && v == old {
			return classDataMsg{s: s, version: v}
		}
		rep, err := class.Build(ctx, store, content, time.Now())
		return classDataMsg{s: s, rep: rep, version: v, err: err}
	}
}

func (s *classScreen) tick() tea.Cmd {
	return tea.Tick(ClassRefresh, func(time.Time) tea.Msg { return classTickMsg{s} })
}

func (s *classScreen) Title() string   { return "Class" }
func (s *classScreen) Capturing() bool { return s.inputFor != "" }

func (s *classScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.input.SetWidth(max(10, w-4))
	s.clamp()
}

func (s *classScreen) Keys() help.KeyMap {
	k := s.keys
	if s.inputFor != "" {
		enter := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done"))
		esc := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
		return keyMap{short: []key.Binding{enter, esc}, full: [][]key.Binding{{enter, esc}}, noGlobal: true}
	}
	var short []key.Binding
	switch s.view {
	case viewRoster:
		short = []key.Binding{k.tab, k.up, k.down, k.open, k.sort, k.reverse, k.filter}
	case viewTopics:
		short = []key.Binding{k.tab, k.left, k.sort, k.filter}
	case viewExercises:
		short = []key.Binding{k.tab, k.backTab}
	case viewPlan:
		short = []key.Binding{k.tab, k.up, k.down, k.add, k.remove}
	}
	return keyMap{short: short, full: [][]key.Binding{short, {k.backTab, k.pgUp, k.pgDown}}}
}

// handleBack clears the filter before leaving the screen.
func (s *classScreen) handleBack() bool {
	if s.filter != "" {
		s.filter = ""
		s.arrange()
		return true
	}
	return false
}

func (s *classScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case classTickMsg:
		if msg.s != s {
			return s, nil
		}
		if s.loading {
			return s, s.tick()
		}
		s.loading = true
		return s, s.load(time.Since(s.built) >= classRebuild)
	case classDataMsg:
		if msg.s != s {
			return s, nil
		}
		s.loading = false
		s.err = msg.err
		if msg.err == nil {
			s.version = msg.version
			if msg.rep != nil {
				s.rep, s.built = msg.rep, time.Now()
				s.arrange()
			}
		}
		return s, s.tick()
	case tea.KeyPressMsg:
		if s.inputFor != "" {
			return s, s.typing(msg)
		}
		return s, s.key(msg)
	}
	return s, nil
}

func (s *classScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	page := max(1, s.listHeight())
	switch {
	case key.Matches(msg, k.tab):
		s.view = (s.view + 1) % classViews
	case key.Matches(msg, k.backTab):
		s.view = (s.view + classViews - 1) % classViews
	case key.Matches(msg, k.up):
		s.move(-1)
	case key.Matches(msg, k.down):
		s.move(1)
	case key.Matches(msg, k.pgUp):
		s.move(-page)
	case key.Matches(msg, k.pgDown):
		s.move(page)
	case key.Matches(msg, k.left) && s.view == viewTopics:
		s.topicCol = max(0, s.topicCol-max(1, s.heatColumns()))
	case key.Matches(msg, k.right) && s.view == viewTopics:
		if next := s.topicCol + max(1, s.heatColumns()); next < len(s.rows) {
			s.topicCol = next
		}
	case key.Matches(msg, k.sort) && (s.view == viewRoster || s.view == viewTopics):
		s.sortBy = (s.sortBy + 1) % len(rosterSorts)
		s.arrange()
		return status("sorted by "+rosterSorts[s.sortBy].name, false)
	case key.Matches(msg, k.reverse) && s.view == viewRoster:
		s.reverse = !s.reverse
		s.arrange()
	case key.Matches(msg, k.filter) && (s.view == viewRoster || s.view == viewTopics):
		s.openInput("filter", s.filter, "name or key")
	case key.Matches(msg, k.open) && s.view == viewRoster:
		if s.cursor < len(s.rows) {
			l := s.rows[s.cursor]
			return s.c.open(newClassLearner(s, l))
		}
	case key.Matches(msg, k.add) && s.view == viewPlan:
		s.openInput("add", "", "lesson|exercise|topic ID YYYY-MM-DD")
	case key.Matches(msg, k.remove) && s.view == viewPlan:
		return s.removeItem()
	}
	return nil
}

func (s *classScreen) openInput(what, value, placeholder string) {
	s.inputFor = what
	s.input.SetValue(value)
	s.input.Placeholder = placeholder
	s.input.CursorEnd()
	s.input.Focus()
}

func (s *classScreen) typing(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		s.inputFor = ""
		s.input.Blur()
		return nil
	case "enter":
		what, v := s.inputFor, strings.TrimSpace(s.input.Value())
		s.inputFor = ""
		s.input.Blur()
		if what == "filter" {
			s.filter = v
			s.arrange()
			return nil
		}
		return s.addItem(v)
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.inputFor == "filter" {
		s.filter = strings.TrimSpace(s.input.Value())
		s.arrange()
	}
	return cmd
}

// addItem puts "KIND ID DATE" on the plan.
func (s *classScreen) addItem(v string) tea.Cmd {
	if s.content == nil || s.c.Store == nil {
		return status("the course plan cannot be changed: the class could not be read", true)
	}
	f := strings.Fields(v)
	if len(f) != 3 {
		return status("type the kind (lesson, exercise or topic), the id and the due date, e.g. lesson cold-starts 2026-12-10", true)
	}
	if err := s.content.CheckItem(f[0], f[1]); err != nil {
		return status(err.Error(), true)
	}
	if _, err := time.Parse(time.DateOnly, f[2]); err != nil {
		return status(fmt.Sprintf("due date %q is not a date; write it as YYYY-MM-DD", f[2]), true)
	}
	item := progress.PlanItem{Kind: f[0], Item: f[1], Due: f[2], Source: progress.PlanFromScreen, AddedBy: s.c.UserName}
	if err := s.c.Store.SetPlanItem(s.c.ctx, item); err != nil {
		return status("could not save the assignment: "+err.Error(), true)
	}
	s.loading = true
	return tea.Batch(status(fmt.Sprintf("assigned %s %s, due %s", item.Kind, item.Item, item.Due), false), s.load(true))
}

func (s *classScreen) removeItem() tea.Cmd {
	if s.rep == nil || s.c.Store == nil || s.planCur >= len(s.rep.Plan) {
		return nil
	}
	p := s.rep.Plan[s.planCur]
	if err := s.c.Store.RemovePlanItem(s.c.ctx, p.Kind, p.Item); err != nil {
		return status("could not remove the assignment: "+err.Error(), true)
	}
	msg := fmt.Sprintf("removed %s %s from the plan", p.Kind, p.Item)
	if p.Source == progress.PlanFromFile {
		msg += " (it came from the plan file: it returns when the server restarts with that file)"
	}
	s.loading = true
	return tea.Batch(status(msg, false), s.load(true))
}

func (s *classScreen) move(d int) {
	if s.view == viewPlan {
		if s.rep != nil && len(s.rep.Plan) > 0 {
			s.planCur = min(max(0, s.planCur+d), len(s.rep.Plan)-1)
		}
		return
	}
	if len(s.rows) > 0 {
		s.cursor = min(max(0, s.cursor+d), len(s.rows)-1)
	}
	s.clamp()
}

// arrange filters and sorts the roster, keeping the selected learner.
func (s *classScreen) arrange() {
	var sel int64 = -1
	if s.cursor < len(s.rows) {
		sel = s.rows[s.cursor].ID
	}
	s.rows = s.rows[:0]
	if s.rep == nil {
		return
	}
	f := strings.ToLower(s.filter)
	for i := range s.rep.Learners {
		l := &s.rep.Learners[i]
		if f == "" || strings.Contains(strings.ToLower(l.Name), f) || strings.Contains(strings.ToLower(l.Key), f) {
			s.rows = append(s.rows, l)
		}
	}
	less := rosterSorts[s.sortBy].less
	sort.SliceStable(s.rows, func(i, j int) bool {
		a, b := s.rows[i], s.rows[j]
		if s.reverse {
			a, b = b, a
		}
		if less(a, b) != less(b, a) {
			return less(a, b)
		}
		return s.rows[i].ID < s.rows[j].ID
	})
	s.cursor = 0
	for i, l := range s.rows {
		if l.ID == sel {
			s.cursor = i
		}
	}
	if s.rep != nil && s.planCur >= len(s.rep.Plan) {
		s.planCur = max(0, len(s.rep.Plan)-1)
	}
	if s.topicCol >= len(s.rows) {
		s.topicCol = 0
	}
	s.clamp()
}

// listHeight is the number of roster rows that fit.
func (s *classScreen) listHeight() int { return max(1, s.height-6) }

func (s *classScreen) clamp() {
	h := s.listHeight()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
	s.offset = max(0, min(s.offset, max(0, len(s.rows)-h)))
}

func (s *classScreen) View() string {
	st := s.c.styles
	var b strings.Builder
	var tabs []string
	for v := range classViews {
		name := fmt.Sprintf(" %s ", v)
		if v == s.view {
			tabs = append(tabs, st.selected.Render("["+strings.TrimSpace(name)+"]"))
		} else {
			tabs = append(tabs, st.dim.Render(name))
		}
	}
	b.WriteString(strings.Join(tabs, " "))
	if s.rep != nil {
		b.WriteString(st.dim.Render(fmt.Sprintf("   %d learners · updated %s", len(s.rep.Learners), s.rep.GeneratedAt.Local().Format("15:04:05"))))
	}
	b.WriteString("\n")
	switch {
	case s.err != nil && s.rep == nil:
		b.WriteString("\n" + st.errText.Render("Could not read the class: "+s.err.Error()))
		return b.String()
	case s.rep == nil:
		b.WriteString("\nReading the class…")
		return b.String()
	}
	switch s.view {
	case viewRoster:
		b.WriteString(s.rosterView())
	case viewTopics:
		b.WriteString(s.topicsView())
	case viewExercises:
		b.WriteString(s.exercisesView())
	case viewPlan:
		b.WriteString(s.planView())
	}
	if s.inputFor != "" {
		label := "Filter the learners by name or key:"
		if s.inputFor == "add" {
			label = "Assign (kind id due date, e.g. lesson cold-starts 2026-12-10):"
		}
		lines := strings.Split(b.String(), "\n")
		if keep := s.height - 2; len(lines) > keep {
			lines = lines[:max(1, keep)]
		}
		return strings.Join(lines, "\n") + "\n" + label + "\n" + s.input.View()
	}
	return b.String()
}

func (s *classScreen) filterLine() string {
	line := fmt.Sprintf("sorted by %s", rosterSorts[s.sortBy].name)
	if s.reverse {
		line += " (reversed)"
	}
	if s.filter != "" {
		line += fmt.Sprintf(" · filter %q: %d of %d (esc clears)", s.filter, len(s.rows), len(s.rep.Learners))
	}
	return s.c.styles.dim.Render(line)
}

// Roster column widths.
const (
	colName = 14
	colKey  = 15
	colTime = 11
	colPlan = 12
)

func cell(s string, w int) string {
	s = truncate(s, w)
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

func rcell(s string, w int) string {
	return strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) + s
}

func shortTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("01-02 15:04")
}

func (s *classScreen) rosterView() string {
	st := s.c.styles
	var b strings.Builder
	b.WriteString(s.filterLine() + "\n")
	head := "  " + cell("NAME", colName) + " " + cell("KEY", colKey) + " " + cell("FIRST SEEN", colTime) + " " + cell("LAST SEEN", colTime) +
		" " + rcell("LESSONS", 7) + " " + rcell("EXERC.", 6) + " " + rcell("QUIZ", 5) + " " + rcell("OVERDUE", 7) + "  " + cell("PLAN", colPlan)
	b.WriteString(st.title.Render(head) + "\n")
	if len(s.rows) == 0 {
		if s.filter != "" {
			b.WriteString("  No learner matches the filter.\n")
		} else {
			b.WriteString("  No learner has connected yet.\n")
		}
		return b.String()
	}
	end := min(len(s.rows), s.offset+s.listHeight())
	for i := s.offset; i < end; i++ {
		l := s.rows[i]
		line := cell(report.Plain(l.Name), colName) + " " + cell(l.Fingerprint, colKey) + " " + cell(shortTime(l.FirstSeen), colTime) + " " +
			cell(shortTime(l.LastSeen), colTime) + " " + rcell(fmt.Sprintf("%d/%d", l.LessonsRead, s.rep.Lessons), 7) + " " +
			rcell(fmt.Sprintf("%d/%d", l.ExercisesSolved, s.rep.Exercises), 6) + " " + rcell(class.Percent(l.Accuracy()), 5) + " " +
			rcell(fmt.Sprint(l.ReviewsOverdue), 7) + "  " + cell(l.PlanCell(), colPlan)
		if i == s.cursor {
			b.WriteString(st.selected.Render("▸ "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	if len(s.rows) > end-s.offset {
		b.WriteString(st.dim.Render(fmt.Sprintf("  %d–%d of %d", s.offset+1, end, len(s.rows))) + "\n")
	}
	return b.String()
}

// Heat map layout: the topic title, the class cell, then one cell a
// learner.
const (
	heatTitle = 26
	heatCell  = 5
)

func (s *classScreen) heatColumns() int {
	return max(1, (s.width-heatTitle-2-heatCell-2)/heatCell)
}

// heat renders an accuracy cell: the percentage, on a red to green
// background (plain text without colours; "·" when nothing was answered).
func (s *classScreen) heat(t class.Tally, w int) string {
	a := t.Accuracy()
	text := "·"
	if a >= 0 {
		text = fmt.Sprint(a)
	}
	text = rcell(text, w-1) + " "
	if s.c.NoColor || a < 0 {
		return text
	}
	return lipgloss.NewStyle().Background(heatColour(a)).Foreground(lipgloss.Color("#000000")).Render(text)
}

// heatColour goes from red (0%) through amber to green (100%).
func heatColour(pct int) color.Color {
	switch {
	case pct < 40:
		return lipgloss.Color("#FF5F5F")
	case pct < 60:
		return lipgloss.Color("#FF9F5F")
	case pct < 80:
		return lipgloss.Color("#FFD75F")
	case pct < 90:
		return lipgloss.Color("#AFD75F")
	}
	return lipgloss.Color("#5FD787")
}

func (s *classScreen) topicsView() string {
	st := s.c.styles
	var b strings.Builder
	b.WriteString(st.dim.Render("Quiz accuracy by topic (% right), weakest first; a column a learner, in roster order.") + "\n")
	if len(s.rep.Topics) == 0 {
		b.WriteString("\n  No quiz answers yet.\n")
		return b.String()
	}
	cols := s.rows[min(s.topicCol, len(s.rows)):]
	cols = cols[:min(len(cols), s.heatColumns())]
	head := "  " + cell("TOPIC", heatTitle) + " " + rcell("CLASS", heatCell) + "  "
	for _, l := range cols {
		head += rcell(truncate(report.Plain(l.Name), heatCell-1), heatCell-1) + " "
	}
	b.WriteString(st.title.Render(head) + "\n")
	rows := max(1, s.height-5)
	for i, t := range s.rep.Topics {
		if i >= rows {
			b.WriteString(st.dim.Render(fmt.Sprintf("  … %d more topics (class report lists them all)", len(s.rep.Topics)-rows)) + "\n")
			break
		}
		line := "  " + cell(t.Title, heatTitle) + " " + s.heat(t.Tally, heatCell) + "  "
		for _, l := range cols {
			line += s.heat(l.Topics[t.ID], heatCell)
		}
		b.WriteString(line + "\n")
	}
	legend := fmt.Sprintf("learners %d–%d of %d (←/→ for more) · · = no answers", min(s.topicCol+1, len(s.rows)), s.topicCol+len(cols), len(s.rows))
	if s.filter != "" {
		legend += fmt.Sprintf(" · filter %q", s.filter)
	}
	if !s.c.NoColor {
		legend += " · red < 40%, amber < 80%, green ≥ 90%"
	}
	b.WriteString(st.dim.Render(legend) + "\n")
	return b.String()
}

func (s *classScreen) exercisesView() string {
	st := s.c.styles
	var b strings.Builder
	b.WriteString(st.dim.Render(fmt.Sprintf("Per exercise, of %d learners: who tried, who passed, the median number of check runs, hints shown.", len(s.rep.Learners))) + "\n")
	b.WriteString(st.title.Render("  "+cell("EXERCISE", 34)+" "+rcell("TRIED", 6)+" "+rcell("PASSED", 7)+" "+rcell("MEDIAN RUNS", 12)+" "+rcell("HINTS", 6)) + "\n")
	for _, e := range s.rep.ExerciseStats {
		b.WriteString("  " + cell(e.Title, 34) + " " + rcell(fmt.Sprint(e.Tried), 6) + " " + rcell(fmt.Sprint(e.Passed), 7) + " " +
			rcell(strings.TrimSuffix(fmt.Sprintf("%.1f", e.MedianAttempts), ".0"), 12) + " " + rcell(fmt.Sprint(e.Hints), 6) + "\n")
	}
	return b.String()
}

func (s *classScreen) planView() string {
	st := s.c.styles
	var b strings.Builder
	b.WriteString(st.dim.Render(fmt.Sprintf("The course plan: learners see it under Assigned on their home screen. Done and late of %d learners.", len(s.rep.Learners))) + "\n")
	if len(s.rep.Plan) == 0 {
		b.WriteString("\n  Nothing assigned. Press a to assign a lesson, an exercise or a quiz topic with a due date\n  (or start the server with --plan FILE).\n")
		return b.String()
	}
	b.WriteString(st.title.Render("  "+cell("DUE", 10)+" "+cell("KIND", 8)+" "+cell("ITEM", 34)+" "+rcell("DONE", 6)+" "+rcell("LATE", 5)+"  FROM") + "\n")
	for i, p := range s.rep.Plan {
		from := "plan file"
		if p.Source == progress.PlanFromScreen {
			from = "Class screen"
			if p.AddedBy != "" {
				from += " (" + report.Plain(p.AddedBy) + ")"
			}
		}
		line := cell(p.Due, 10) + " " + cell(p.Kind, 8) + " " + cell(p.Title, 34) + " " + rcell(fmt.Sprint(p.Done), 6) + " " + rcell(fmt.Sprint(p.Late), 5) + "  " + from
		if i == s.planCur {
			b.WriteString(st.selected.Render("▸ "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	if p := s.rep.Plan[s.planCur]; p.Kind == progress.PlanTopic {
		b.WriteString("\n" + st.dim.Render(fmt.Sprintf("A topic is done when %d of its questions were answered right.", s.content.TopicGoalFor(p.Item))) + "\n")
	}
	return b.String()
}

// forwardClass hands the Class screen's timer and data to it while one of
// its drill-down screens is on top, so the roster stays current; other
// messages are not its.
func forwardClass(parent *classScreen, msg tea.Msg) (tea.Cmd, bool) {
	switch msg.(type) {
	case classTickMsg, classDataMsg:
		_, cmd := parent.Update(msg)
		return cmd, true
	}
	return nil, false
}
