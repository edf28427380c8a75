package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/class"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/report"
)

// classLearner is one learner seen from the Class screen: their progress
// (the learner's own progress screen's text, from report.Build), their
// course plan, and their latest code per exercise, read-only.
type classLearner struct {
	parent *classScreen
	c      *common
	l      class.Learner
	vp     viewport.Model
	drafts []progress.ExerciseDraft
	cursor int
	keys   struct{ scroll, prev, next, open key.Binding }
}

func newClassLearner(parent *classScreen, l *class.Learner) *classLearner {
	s := &classLearner{parent: parent, c: parent.c, l: *l}
	s.keys.scroll = key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑/↓ pgup/pgdn", "scroll"))
	s.keys.prev = key.NewBinding(key.WithKeys("["), key.WithHelp("[/]", "choose exercise"))
	s.keys.next = key.NewBinding(key.WithKeys("]"))
	s.keys.open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read code"))
	s.vp = viewport.New()
	s.drafts, _ = s.c.Store.ExerciseDrafts(s.c.ctx, l.ID)
	return s
}

func (s *classLearner) Title() string   { return report.Plain(s.l.Name) }
func (s *classLearner) Capturing() bool { return false }
func (s *classLearner) Keys() help.KeyMap {
	short := []key.Binding{s.keys.scroll}
	if len(s.drafts) > 0 {
		short = append(short, s.keys.prev, s.keys.open)
	}
	return keyMap{short: short, full: [][]key.Binding{short}}
}

func (s *classLearner) SetSize(w, h int) {
	s.vp.SetWidth(w)
	s.vp.SetHeight(h)
	s.render()
}

func (s *classLearner) render() {
	off := s.vp.YOffset()
	setContent(&s.vp, s.text())
	s.vp.SetYOffset(off)
}

func (s *classLearner) text() string {
	st := s.c.styles
	w := max(20, s.vp.Width()-3)
	var b strings.Builder
	fmt.Fprintf(&b, "%s · key %s · first seen %s · last seen %s\n", report.Plain(s.l.Name), s.l.Key,
		shortTime(s.l.FirstSeen), shortTime(s.l.LastSeen))
	if len(s.l.Items) > 0 {
		fmt.Fprintf(&b, "\nCourse plan: %s\n", s.l.PlanCell())
		for _, it := range s.l.Items {
			fmt.Fprintf(&b, "  %-5s due %s  %s %s\n", it.Status, it.Due, it.Kind, it.Title)
		}
	}
	b.WriteString("\nExercise code (latest saved, read-only):\n")
	if len(s.drafts) == 0 {
		b.WriteString("  none saved yet\n")
	}
	for i, d := range s.drafts {
		line := fmt.Sprintf("%s (%s), saved %s", d.ExerciseID, d.Runtime, shortTime(d.SavedAt))
		if i == s.cursor {
			b.WriteString(st.selected.Render("▸ "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	b.WriteString("\n")
	// The learner's progress screen, for this learner.
	lc := *s.c
	lc.UserID, lc.UserName = s.l.ID, s.l.Name
	r, err := report.Build(s.c.ctx, s.c.Store, s.c.Catalog, progress.User{ID: s.l.ID, Name: s.l.Name}, time.Now())
	if err != nil {
		b.WriteString(st.errText.Render("Could not read the learner's progress: " + err.Error()))
	} else {
		b.WriteString(withoutAdvice(progressText(&lc, r.JSON())))
	}
	var out []string
	for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		for _, part := range strings.Split(ansi.Wrap(l, w, ""), "\n") {
			out = append(out, "  "+part)
		}
	}
	return "\n" + strings.Join(out, "\n")
}

func (s *classLearner) Update(msg tea.Msg) (screen, tea.Cmd) {
	if cmd, ok := forwardClass(s.parent, msg); ok {
		return s, cmd
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && len(s.drafts) > 0 {
		switch {
		case key.Matches(k, s.keys.prev):
			s.cursor = (s.cursor + len(s.drafts) - 1) % len(s.drafts)
			s.render()
			return s, nil
		case key.Matches(k, s.keys.next):
			s.cursor = (s.cursor + 1) % len(s.drafts)
			s.render()
			return s, nil
		case key.Matches(k, s.keys.open):
			return s, s.c.open(newClassCode(s.parent, s.l.Name, s.drafts[s.cursor]))
		}
	}
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return s, cmd
}

func (s *classLearner) View() string { return s.vp.View() }

// classCode shows a learner's saved code for one exercise, read-only.
type classCode struct {
	parent *classScreen
	c      *common
	name   string
	d      progress.ExerciseDraft
	vp     viewport.Model
	scroll key.Binding
}

func newClassCode(parent *classScreen, name string, d progress.ExerciseDraft) *classCode {
	s := &classCode{parent: parent, c: parent.c, name: name, d: d}
	s.scroll = key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑/↓ pgup/pgdn", "scroll"))
	s.vp = viewport.New()
	return s
}

func (s *classCode) Title() string   { return s.d.ExerciseID }
func (s *classCode) Capturing() bool { return false }
func (s *classCode) Keys() help.KeyMap {
	return keyMap{short: []key.Binding{s.scroll}, full: [][]key.Binding{{s.scroll}}}
}

func (s *classCode) SetSize(w, h int) {
	s.vp.SetWidth(w)
	s.vp.SetHeight(h)
	var b strings.Builder
	fmt.Fprintf(&b, "%s's code for %s (%s), saved %s. Read-only.\n\n", report.Plain(s.name), s.d.ExerciseID, s.d.Runtime, shortTime(s.d.SavedAt))
	// The code is the learner's text: control sequences are shown, not
	// sent to the instructor's terminal.
	lines := strings.Split(strings.ReplaceAll(report.Plain(s.d.Code), "\t", "    "), "\n")
	for i, l := range lines {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	setContent(&s.vp, b.String())
}

func (s *classCode) Update(msg tea.Msg) (screen, tea.Cmd) {
	if cmd, ok := forwardClass(s.parent, msg); ok {
		return s, cmd
	}
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return s, cmd
}

func (s *classCode) View() string { return s.vp.View() }

// withoutAdvice cuts from the learner's progress text the sentences that
// tell the learner which keys to press, which mean nothing to the
// instructor reading it.
func withoutAdvice(text string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.HasPrefix(line, "Review the ") {
			continue
		}
		for _, cut := range []string{" Press ", " Drill them "} {
			if i := strings.Index(line, cut); i >= 0 {
				line = line[:i] + "\n"
			}
		}
		b.WriteString(line)
	}
	return b.String()
}
