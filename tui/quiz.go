package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// quizStore is the progress store as the quiz sees it; without a store (a
// test, or a store that failed to open) answers are kept nowhere.
func quizStore(c *common) quiz.Store {
	if c.Store != nil {
		return queuedQuizStore{c}
	}
	return noQuizStore{}
}

type noQuizStore struct{}

func (noQuizStore) QuizData(context.Context, int64) ([]progress.Card, []progress.Review, error) {
	return nil, nil, nil
}
func (noQuizStore) SaveReview(context.Context, int64, progress.Review, progress.Card) error {
	return nil
}

// quizSetup is where the learner picks the mode, a topic and how many
// questions, then starts.
type quizSetup struct {
	c      *common
	bank   *quiz.Bank
	err    error
	row    int
	mode   int
	topic  int // 0: all topics
	count  int
	topics []string
	width  int
	keys   struct{ up, down, left, right, start key.Binding }
}

var quizCounts = []int{5, 10, 15, 20, 30}

func newQuizSetup(c *common) *quizSetup {
	s := &quizSetup{c: c, count: 1}
	s.keys.up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "choose a setting"))
	s.keys.down = key.NewBinding(key.WithKeys("down", "j"))
	s.keys.left = key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "change it"))
	s.keys.right = key.NewBinding(key.WithKeys("right", "l"))
	s.keys.start = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "start"))
	if c.Bank != nil {
		s.bank = c.Bank
	} else {
		s.bank, s.err = quiz.Default()
	}
	if s.err == nil {
		for _, l := range c.Catalog.All() {
			if s.bank.HasTopic(l.ID) {
				s.topics = append(s.topics, l.ID)
			}
		}
	}
	return s
}

func (s *quizSetup) Title() string     { return "Interview trainer" }
func (s *quizSetup) Capturing() bool   { return false }
func (s *quizSetup) SetSize(w, _ int)  { s.width = w }
func (s *quizSetup) Keys() help.KeyMap { return s.keyMap() }

func (s *quizSetup) keyMap() keyMap {
	b := []key.Binding{s.keys.up, s.keys.left, s.keys.start}
	return keyMap{short: b, full: [][]key.Binding{b}}
}

func (s *quizSetup) modeName(m quiz.Mode) string {
	switch m {
	case quiz.Mock:
		return fmt.Sprintf("Mock interview: timed (%d min), no hints, a debrief at the end", int(quiz.DefaultMockDuration.Minutes()))
	case quiz.Weak:
		return "Weak spots: the questions you missed most"
	}
	return "Practice: reviews that are due, then new questions"
}

func (s *quizSetup) topicName() string {
	if s.topic == 0 {
		return "all topics"
	}
	id := s.topics[s.topic-1]
	if l, err := s.c.Catalog.Get(id); err == nil {
		return l.Title
	}
	return id
}

func (s *quizSetup) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || s.err != nil {
		return s, nil
	}
	step := 0
	switch {
	case key.Matches(k, s.keys.up):
		s.row = (s.row + 2) % 3
	case key.Matches(k, s.keys.down):
		s.row = (s.row + 1) % 3
	case key.Matches(k, s.keys.left):
		step = -1
	case key.Matches(k, s.keys.right):
		step = 1
	case key.Matches(k, s.keys.start):
		return s, s.start()
	}
	if step != 0 {
		switch s.row {
		case 0:
			s.mode = (s.mode + step + len(quiz.Modes())) % len(quiz.Modes())
		case 1:
			n := len(s.topics) + 1
			s.topic = (s.topic + step + n) % n
		case 2:
			s.count = (s.count + step + len(quizCounts)) % len(quizCounts)
		}
	}
	return s, nil
}

func (s *quizSetup) start() tea.Cmd {
	opts := quiz.Options{Mode: quiz.Modes()[s.mode], UserID: s.c.UserID, Count: quizCounts[s.count]}
	if s.topic > 0 {
		opts.Topic = s.topics[s.topic-1]
	}
	sess, err := quiz.NewSession(s.c.ctx, s.bank, quizStore(s.c), opts)
	if errors.Is(err, quiz.ErrNoWeakSpots) {
		// The session's message names a shell command; here, the setting.
		return status("No weak spots yet: nothing has been answered wrong. Choose the Practice mode first.", true)
	}
	if err != nil {
		return status(err.Error(), true)
	}
	return s.c.open(newQuizScreen(s.c, sess))
}

func (s *quizSetup) View() string {
	st := s.c.styles
	var b strings.Builder
	b.WriteString("\n")
	if s.err != nil {
		b.WriteString(st.errText.Render("The question bank could not be loaded: "+s.err.Error()) + "\n")
		return b.String()
	}
	w := max(20, s.width)
	b.WriteString(st.title.Render(ansi.Wrap("Drill Lambda interview questions until they stick.", w, "")) + "\n")
	b.WriteString(st.dim.Render(ansi.Wrap(fmt.Sprintf("%d questions in the bank, plus generated cost and concurrency questions.", s.bank.Len()), w, "")) + "\n\n")
	rows := []struct{ label, value string }{
		{"Mode", s.modeName(quiz.Modes()[s.mode])},
		{"Topic", s.topicName()},
		{"Questions", fmt.Sprint(quizCounts[s.count])},
	}
	for i, r := range rows {
		prefix, val := "  ", r.value
		if i == s.row {
			prefix = st.selected.Render("▸ ")
			val = st.selected.Render("‹ " + val + " ›")
		}
		b.WriteString(truncate(fmt.Sprintf("%s%-10s %s", prefix, r.label, val), s.width) + "\n")
	}
	b.WriteString("\n" + st.dim.Render("Press enter to start. Answers are saved as you go.") + "\n")
	return b.String()
}

// quizScreen asks the questions of one session.
type quizScreen struct {
	c       *common
	sess    *quiz.Session
	item    *quiz.Item
	input   textinput.Model
	vp      viewport.Model
	fb      *quiz.Feedback
	hint    string
	problem string // why the last answer was not accepted
	// saving is closed once the review of the answer shown is in the
	// store; until then the screen says "saving…" where it will say
	// "graded", so that "graded" always means saved.
	saving chan struct{}
	width  int
	height int
	keys   struct{ submit, next, hint, grade, scroll, end key.Binding }
}

type quizTickMsg struct{}

func quizTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return quizTickMsg{} })
}

func newQuizScreen(c *common, sess *quiz.Session) *quizScreen {
	q := &quizScreen{c: c, sess: sess}
	q.keys.submit = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "submit"))
	q.keys.next = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next question"))
	q.keys.hint = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "hint (caps the grade at Hard)"))
	q.keys.grade = key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", "grade yourself"))
	q.keys.scroll = key.NewBinding(key.WithKeys("pgup", "pgdown", "up", "down"), key.WithHelp("↑/↓ pgup/pgdn", "scroll"))
	q.keys.end = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "end the session"))
	q.input = textinput.New()
	q.input.Prompt = "> "
	q.input.CharLimit = 4000
	steadyCursor(&q.input)
	q.vp = viewport.New()
	q.vp.KeyMap = viewport.KeyMap{}
	q.next()
	return q
}

// next moves to the current question of the session (or the debrief).
func (q *quizScreen) next() {
	q.fb, q.hint, q.problem, q.saving = nil, "", "", nil
	q.input.Reset()
	it, ok := q.sess.Current()
	q.item = it
	if ok {
		q.input.Focus()
	}
	q.refresh()
}

func (q *quizScreen) Title() string {
	if q.sess.Mode() == quiz.Mock {
		return "Mock interview"
	}
	return "Quiz"
}

// Capturing: the quiz takes every key itself (letters are answers; esc
// ends the session with a debrief rather than dropping it).
func (q *quizScreen) Capturing() bool { return true }

func (q *quizScreen) SetSize(w, h int) {
	q.width, q.height = w, h
	q.input.SetWidth(max(10, w-4))
	q.refresh()
}

func (q *quizScreen) Keys() help.KeyMap {
	var b []key.Binding
	switch {
	case q.fb != nil && q.fb.NeedsSelfGrade:
		b = []key.Binding{q.keys.grade}
	case q.fb != nil:
		b = []key.Binding{q.keys.next}
	default:
		b = []key.Binding{q.keys.submit}
		if q.sess.Mode() != quiz.Mock {
			b = append(b, q.keys.hint)
		}
	}
	b = append(b, q.keys.scroll, q.keys.end)
	return keyMap{short: b, full: [][]key.Binding{b}, noGlobal: true}
}

func (q *quizScreen) Init() tea.Cmd {
	if q.sess.Mode() == quiz.Mock {
		return quizTick()
	}
	return nil
}

func (q *quizScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reviewSavedMsg:
		if msg.ch == q.saving {
			q.saving = nil
			q.refresh()
		}
		return q, nil
	case quizTickMsg:
		if q.sess.Mode() != quiz.Mock {
			return q, nil
		}
		if q.sess.Remaining() <= 0 && q.fb == nil {
			return q, q.finish("Time is up.")
		}
		q.refresh()
		return q, quizTick()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, q.keys.scroll):
			switch msg.String() {
			case "pgup":
				q.vp.PageUp()
			case "pgdown":
				q.vp.PageDown()
			case "up":
				q.vp.ScrollUp(1)
			case "down":
				q.vp.ScrollDown(1)
			}
			return q, nil
		case key.Matches(msg, q.keys.end):
			q.sess.End()
			return q, q.finish("Session ended.")
		}
		if q.item == nil {
			return q, q.finish("")
		}
		if q.fb != nil {
			return q, q.afterFeedback(msg)
		}
		switch {
		case key.Matches(msg, q.keys.submit):
			return q, q.submit()
		case key.Matches(msg, q.keys.hint):
			h, err := q.sess.Hint()
			if err != nil {
				q.problem = err.Error()
			} else {
				q.hint = h
			}
			q.refresh()
			return q, nil
		}
		var cmd tea.Cmd
		q.input, cmd = q.input.Update(msg)
		return q, cmd
	}
	return q, nil
}

func (q *quizScreen) submit() tea.Cmd {
	before, _ := q.c.saver.reviewState()
	fb, err := q.sess.Submit(q.c.ctx, q.input.Value())
	var ae *quiz.AnswerError
	switch {
	case errors.As(err, &ae):
		q.problem = ae.Reason
		q.refresh()
		return nil
	case errors.Is(err, quiz.ErrTimeUp), errors.Is(err, quiz.ErrSessionOver):
		return q.finish("Time is up.")
	case err != nil:
		q.problem = err.Error()
		q.refresh()
		return nil
	}
	q.fb = &fb
	q.problem = ""
	q.input.Blur()
	cmd := q.watchSave(before)
	q.refresh()
	q.vp.GotoBottom()
	return cmd
}

// watchSave notes the review an answer queued (when the saver's count went
// past before) and returns the command that reports it written.
func (q *quizScreen) watchSave(before int) tea.Cmd {
	n, ch := q.c.saver.reviewState()
	if n == before || ch == nil {
		return nil
	}
	select {
	case <-ch:
		return nil
	default:
	}
	q.saving = ch
	return q.c.saver.whenWritten(ch)
}

// graded is "graded GRADE" once the review is saved, "saving…" before.
func (q *quizScreen) graded() string {
	if q.saving != nil {
		return "saving…"
	}
	return fmt.Sprintf("graded %s", q.fb.Grade)
}

func (q *quizScreen) afterFeedback(msg tea.KeyPressMsg) tea.Cmd {
	if q.fb.NeedsSelfGrade {
		g, err := quiz.ParseGrade(msg.String())
		if err != nil {
			return nil
		}
		before, _ := q.c.saver.reviewState()
		fb, err := q.sess.SelfGrade(q.c.ctx, g)
		if err != nil {
			q.problem = err.Error()
			q.refresh()
			return nil
		}
		q.fb = &fb
		cmd := q.watchSave(before)
		q.refresh()
		q.vp.GotoBottom()
		return cmd
	}
	if key.Matches(msg, q.keys.next) {
		if q.sess.Done() {
			return q.finish("")
		}
		q.next()
	}
	return nil
}

// finish replaces the quiz by its debrief.
func (q *quizScreen) finish(note string) tea.Cmd {
	q.sess.End()
	d := newDebrief(q.c, q.sess.Debrief(), note)
	return q.c.swap(d)
}

func (q *quizScreen) refresh() {
	if q.width == 0 {
		return
	}
	q.vp.SetWidth(q.width)
	q.vp.SetHeight(max(1, q.height-q.footerHeight()))
	setContent(&q.vp, q.body())
}

func (q *quizScreen) footerHeight() int {
	if q.fb != nil || q.item == nil {
		return 1
	}
	return 3
}

// wrap breaks text to the screen width, keeping its own line breaks.
func (q *quizScreen) wrap(s string, indent int) string {
	w := max(20, q.width-2-indent)
	pad := strings.Repeat(" ", indent)
	lines := strings.Split(lipgloss.NewStyle().Width(w).Render(strings.TrimRight(s, "\n")), "\n")
	for i := range lines {
		lines[i] = pad + strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

func (q *quizScreen) body() string {
	st := q.c.styles
	it := q.item
	if it == nil {
		return "\n  The session is over. Press enter for the debrief."
	}
	qq := it.Question
	var b strings.Builder
	stars := strings.Repeat("★", qq.Difficulty) + strings.Repeat("☆", 3-qq.Difficulty)
	head := fmt.Sprintf("Question %d of %d · %s · %s", it.Number, it.Total, topicTitle(q.c, qq.Primary()), stars)
	if it.Reason != "" {
		head += " · " + it.Reason
	}
	b.WriteString(st.accent.Render(truncate(head, q.width)) + "\n")
	if q.sess.Mode() == quiz.Mock {
		b.WriteString(st.dim.Render(fmt.Sprintf("⏱ %s left of %s", clock(q.sess.Remaining()), clock(q.sess.TimeLimit()))) + "\n")
	}
	b.WriteString("\n" + q.wrap(reflow(qq.Prompt), 0) + "\n")
	if qq.Log != "" {
		b.WriteString("\n")
		// Log lines are long (a REPORT line has its Init Duration last):
		// wrap them, never cut them. Tabs show as two spaces.
		w := max(20, q.width-6)
		for _, l := range strings.Split(strings.TrimRight(qq.Log, "\n"), "\n") {
			l = strings.ReplaceAll(l, "\t", "  ")
			for i, part := range strings.Split(lipgloss.NewStyle().Width(w).Render(l), "\n") {
				cont := ""
				if i > 0 {
					cont = "  "
				}
				b.WriteString(st.dim.Render("│ ") + cont + strings.TrimRight(part, " ") + "\n")
			}
		}
	}
	if len(it.Choices) > 0 {
		b.WriteString("\n")
		for i, ch := range it.Choices {
			b.WriteString(q.wrapHanging(fmt.Sprintf("%s) ", quiz.Letter(i)), ch) + "\n")
		}
	}
	if len(it.Items) > 0 {
		b.WriteString("\n" + st.dim.Render("Put these in order:") + "\n")
		for i, x := range it.Items {
			b.WriteString(q.wrapHanging(fmt.Sprintf("%s) ", quiz.Letter(i)), x) + "\n")
		}
	}
	if q.hint != "" {
		b.WriteString("\n" + st.accent.Render("Hint: ") + q.wrap(q.hint, 0) + "\n")
	}
	if q.fb != nil {
		b.WriteString("\n" + q.feedback())
	}
	return b.String()
}

func (q *quizScreen) wrapHanging(prefix, text string) string {
	w := max(20, q.width-2-len(prefix)-2)
	lines := strings.Split(lipgloss.NewStyle().Width(w).Render(text), "\n")
	out := "  " + prefix + strings.TrimRight(lines[0], " ")
	for _, l := range lines[1:] {
		out += "\n  " + strings.Repeat(" ", len(prefix)) + strings.TrimRight(l, " ")
	}
	return out
}

func (q *quizScreen) feedback() string {
	st := q.c.styles
	fb := q.fb
	var b strings.Builder
	if q.sess.Mode() == quiz.Mock {
		// A mock interview reveals nothing until the debrief, not even a
		// free question's model answer: the learner grades from memory.
		if fb.NeedsSelfGrade {
			return st.accent.Render("Grade your answer from memory, as after a real interview.") +
				st.dim.Render(" The model answer comes in the debrief.") + "\n"
		}
		return st.accent.Render("Answer recorded.") + st.dim.Render(" The debrief shows how you did.") + "\n"
	}
	switch {
	case fb.NeedsSelfGrade:
		b.WriteString(st.accent.Render("Compare your answer with the model answer:") + "\n")
	case fb.Correct:
		b.WriteString(st.ok.Render("✓ Correct") + st.dim.Render(fmt.Sprintf("  (%s, %s)", fb.Elapsed.Round(time.Second), q.graded())) + "\n")
	default:
		b.WriteString(st.errText.Render("✗ Not quite") + st.dim.Render(fmt.Sprintf("  (%s)", q.graded())) + "\n")
	}
	if fb.Given != "" {
		b.WriteString(q.wrap("Your answer: "+fb.Given, 0) + "\n")
	}
	if fb.CorrectAnswer != "" && !fb.Correct && fb.ModelAnswer == "" {
		b.WriteString(q.wrap("Answer: "+fb.CorrectAnswer, 0) + "\n")
	}
	if fb.ModelAnswer != "" {
		b.WriteString("\n" + st.accent.Render("Model answer") + "\n" + q.wrap(reflow(fb.ModelAnswer), 2) + "\n")
	}
	if fb.Coverage != nil {
		b.WriteString("\n" + st.dim.Render("A hint, not a grade: "+fb.Coverage.String()) + "\n")
		for _, p := range fb.Coverage.Points {
			mark := "  ·"
			if p.Mentioned {
				mark = "  ✓"
			}
			b.WriteString(q.wrapHanging(strings.TrimSpace(mark)+" ", p.Point) + "\n")
		}
	}
	if fb.Explanation != "" {
		b.WriteString("\n" + q.wrap(reflow(fb.Explanation), 0) + "\n")
	}
	if !fb.NextDue.IsZero() {
		b.WriteString(st.dim.Render("Next review "+quiz.DueIn(fb.NextDue, q.sess.Now())+".") + "\n")
	}
	return b.String()
}

func (q *quizScreen) View() string {
	st := q.c.styles
	var foot string
	switch {
	case q.item == nil:
		foot = st.dim.Render("press enter for the debrief")
	case q.fb != nil && q.fb.NeedsSelfGrade:
		foot = st.accent.Render("How well did you answer? 1 Again · 2 Hard · 3 Good · 4 Easy")
	case q.fb != nil && q.sess.Mode() == quiz.Mock:
		foot = st.dim.Render("answer recorded · press enter for the next question")
	case q.fb != nil:
		verdict := st.errText.Render("✗ not quite")
		if q.fb.Correct {
			verdict = st.ok.Render("✓ correct")
		}
		foot = verdict + st.dim.Render(fmt.Sprintf(" · %s · press enter for the next question", q.graded()))
	default:
		line := st.dim.Render("Answer: " + q.item.AnswerHelp())
		if q.problem != "" {
			line = st.errText.Render(truncate(q.problem, q.width))
		}
		foot = truncate(line, q.width) + "\n" + q.input.View() + "\n"
	}
	return q.vp.View() + "\n" + strings.TrimRight(foot, "\n")
}

func clock(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

func topicTitle(c *common, id string) string {
	if l, err := c.Catalog.Get(id); err == nil {
		return l.Title
	}
	return id
}

// debrief shows how a session went: the score, each topic, the weakest
// topics with their lessons, and every answer.
type debrief struct {
	c    *common
	d    quiz.Debrief
	note string
	vp   viewport.Model
	keys struct{ open, scroll key.Binding }
}

func newDebrief(c *common, d quiz.Debrief, note string) *debrief {
	r := &debrief{c: c, d: d, note: note}
	r.keys.open = key.NewBinding(key.WithKeys("1", "2", "3"), key.WithHelp("1-3", "read a weak topic's lesson"))
	r.keys.scroll = key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑/↓ pgup/pgdn", "scroll"))
	r.vp = viewport.New()
	return r
}

func (r *debrief) Title() string   { return "Debrief" }
func (r *debrief) Capturing() bool { return false }
func (r *debrief) SetSize(w, h int) {
	r.vp.SetWidth(w)
	r.vp.SetHeight(h)
	setContent(&r.vp, r.text(w-1)) // one column short: a full line would look cut
}

func (r *debrief) Keys() help.KeyMap {
	b := []key.Binding{r.keys.scroll}
	if len(r.d.Weakest) > 0 {
		b = append(b, r.keys.open)
	}
	if r.c.Quiz != nil {
		// Opened by `lambdatutor quiz`: q and esc return to the shell.
		quit := key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q/esc", "quit"))
		b = append(b, quit, keyHelp)
		return keyMap{short: b, full: [][]key.Binding{b}, noGlobal: true}
	}
	return keyMap{short: b, full: [][]key.Binding{b}}
}

func (r *debrief) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if key.Matches(k, r.keys.open) {
			i := int(k.String()[0] - '1')
			if i < len(r.d.Weakest) {
				if l, err := r.c.Catalog.Get(r.d.Weakest[i].Topic); err == nil {
					return r, r.c.open(newReader(r.c, l, position(r.c, l.ID)))
				}
			}
			return r, nil
		}
	}
	var cmd tea.Cmd
	r.vp, cmd = r.vp.Update(msg)
	return r, cmd
}

func (r *debrief) text(width int) string {
	st := r.c.styles
	d := r.d
	var b strings.Builder
	b.WriteString("\n")
	// The headline wraps at the width rather than running off the screen.
	head := d.Headline()
	if r.note != "" {
		head = r.note + " " + head
	}
	for _, l := range strings.Split(lipgloss.NewStyle().Width(max(20, width-1)).Render(head), "\n") {
		b.WriteString(st.title.Render(strings.TrimRight(l, " ")) + "\n")
	}
	if d.TimeLimit > 0 {
		used := d.Ended.Sub(d.Started)
		b.WriteString(st.dim.Render(fmt.Sprintf("Time: %s of %s.", clock(used), clock(d.TimeLimit))) + "\n")
	}
	if len(d.Topics) > 0 {
		b.WriteString("\n" + st.accent.Render("By topic, weakest first") + "\n")
		for _, t := range d.Topics {
			b.WriteString(truncate(fmt.Sprintf("  %s  %s", t.Summary(), topicTitle(r.c, t.Topic)), width) + "\n")
		}
	}
	if len(d.Weakest) > 0 {
		b.WriteString("\n" + st.accent.Render("Read next (from your mistakes)") + "\n")
		for i, t := range d.Weakest {
			b.WriteString(truncate(fmt.Sprintf("  %d  %s (press %d to read it)", i+1, topicTitle(r.c, t.Topic), i+1), width) + "\n")
		}
	}
	if d.Answered > 0 {
		b.WriteString("\n" + st.accent.Render("Answers") + "\n")
	}
	for _, a := range d.Answers {
		if !a.Answered {
			continue
		}
		mark := "✗"
		if a.Correct {
			mark = "✓"
		}
		line := fmt.Sprintf("  %s %2d. %s  (%s)", mark, a.Number, firstLine(a.Question.Prompt), a.Elapsed.Round(time.Second))
		b.WriteString(truncate(line, width) + "\n")
		if (!a.Correct || a.Question.Kind == quiz.Free) && a.CorrectAnswer != "" {
			b.WriteString(st.dim.Render(truncate("        answer: "+firstLine(a.CorrectAnswer), width)) + "\n")
		}
	}
	if un := d.Unanswered(); len(un) > 0 {
		b.WriteString("\n" + st.accent.Render("Not answered (not counted in the score)") + "\n")
		for _, a := range un {
			b.WriteString(truncate(fmt.Sprintf("  · %2d. %s", a.Number, firstLine(a.Question.Prompt)), width) + "\n")
		}
	}
	return b.String()
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (r *debrief) View() string { return r.vp.View() }
