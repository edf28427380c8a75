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

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/report"
)

// progressScreen shows the learner's progress: lessons, the quiz (accuracy
// by topic, due today, the next 7 days, the streak) and the exercises, the
// same figures as `lambdatutor progress` (both read report.Build).
type progressScreen struct {
	c      *common
	vp     viewport.Model
	scroll key.Binding
}

func newProgressScreen(c *common) *progressScreen {
	p := &progressScreen{c: c}
	p.scroll = key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑/↓ pgup/pgdn", "scroll"))
	p.vp = viewport.New()
	return p
}

func (p *progressScreen) Title() string   { return "Progress" }
func (p *progressScreen) Capturing() bool { return false }
func (p *progressScreen) Keys() help.KeyMap {
	return keyMap{short: []key.Binding{p.scroll}, full: [][]key.Binding{{p.scroll}}}
}

func (p *progressScreen) SetSize(w, h int) {
	p.vp.SetWidth(w)
	p.vp.SetHeight(h)
	setContent(&p.vp, p.text())
}

func (p *progressScreen) text() string {
	if p.c.Store == nil {
		return "\n  Progress is not being kept in this session."
	}
	r, err := report.BuildFrom(p.c.ctx, p.c.Store, report.Content{Lessons: p.c.Catalog, Bank: p.c.Bank, Exercises: p.c.Options.Exercises}, progress.User{ID: p.c.UserID, Name: p.c.UserName}, time.Now())
	if err != nil {
		return "\n  " + p.c.styles.errText.Render("Could not read your progress: "+err.Error())
	}
	w := max(20, p.vp.Width()-3)
	var out []string
	for _, l := range strings.Split(strings.TrimRight(progressText(p.c, r.JSON()), "\n"), "\n") {
		for _, part := range strings.Split(ansi.Wrap(l, w, ""), "\n") {
			out = append(out, "  "+part)
		}
	}
	return "\n" + strings.Join(out, "\n")
}

// progressText is the summary of `lambdatutor progress` in the TUI's own
// words: lessons and topics by their titles, and the keys that get there
// (never a command to type in a shell).
func progressText(c *common, j report.JSON) string {
	var b strings.Builder
	done := 0
	for _, l := range j.Completed {
		if _, err := c.Catalog.Get(l.ID); err == nil {
			done++
		}
	}
	pct := 0
	if j.Lessons > 0 {
		pct = done * 100 / j.Lessons
	}
	fmt.Fprintf(&b, "Lessons: %d of %d completed (%d%%), %d opened.\n", done, j.Lessons, pct, j.Started)
	if len(j.Completed) > 0 {
		b.WriteString("\nCompleted:\n")
		for _, l := range j.Completed {
			day := l.CompletedAt
			if t, err := time.Parse(time.RFC3339, l.CompletedAt); err == nil {
				day = t.Local().Format("2006-01-02")
			}
			fmt.Fprintf(&b, "  %s  %s\n", day, topicTitle(c, l.ID))
		}
	}
	if _, err := c.Catalog.Get(j.LastLesson); err == nil {
		fmt.Fprintf(&b, "\nLast read: %s. Press c on the home screen to go on reading.\n", topicTitle(c, j.LastLesson))
	} else {
		b.WriteString("\nNothing read yet. Press 1 on the home screen for the lessons.\n")
	}
	b.WriteString("\n")
	q := j.Quiz
	if q.Answered == 0 {
		fmt.Fprintf(&b, "Quiz: nothing answered yet (%d questions). Press 4 on the home screen for the interview trainer.\n", q.BankSize)
	} else {
		fmt.Fprintf(&b, "Quiz: %d answered, %d right (%d%%); %d of %d questions seen; %d today.\n",
			q.Answered, q.Correct, roundPct(q.Correct, q.Answered), q.Questions, q.BankSize, q.AnsweredToday)
		fmt.Fprintf(&b, "Streak: %s.\n", plural(q.Streak, "day"))
		fmt.Fprintf(&b, "Due today: %d.", q.DueToday)
		var fc []string
		for _, f := range q.Forecast {
			day := f.Date
			if t, err := time.Parse("2006-01-02", f.Date); err == nil {
				day = t.Format("Mon 2")
			}
			fc = append(fc, fmt.Sprintf("%s: %d", day, f.Due))
		}
		fmt.Fprintf(&b, " Next 7 days: %s.\n", strings.Join(fc, ", "))
		b.WriteString("\nQuiz accuracy by topic, weakest first:\n")
		for _, t := range q.Topics {
			title := truncate(topicTitle(c, t.Topic), 34)
			fmt.Fprintf(&b, "  %s%s %3d/%-3d %3d%%\n", title, strings.Repeat(" ", max(0, 34-ansi.StringWidth(title))),
				t.Correct, t.Answered, roundPct(t.Correct, t.Answered))
		}
		if len(q.MostMissed) > 0 {
			b.WriteString("\nMost missed: ")
			for i, m := range q.MostMissed {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s (%d)", m.ID, m.Misses)
			}
			b.WriteString(". Drill them in the interview trainer, mode Weak spots.\n")
		}
		if q.DueToday > 0 {
			fmt.Fprintf(&b, "Review the %d due today in the interview trainer (mode Practice).\n", q.DueToday)
		}
	}
	b.WriteString("\n")
	e := j.Exercises
	if e.Started == 0 {
		fmt.Fprintf(&b, "Exercises: none tried yet (%d handler exercises). Press 2 on the home screen to start.\n", e.Total)
	} else {
		fmt.Fprintf(&b, "Exercises: %d of %d solved, %d started; %s, %s used.\n",
			e.Solved, e.Total, e.Started, plural(e.Attempts, "check run"), plural(e.HintsUsed, "hint"))
		if e.Solved > 0 {
			total := time.Duration(e.SolveTimeMs) * time.Millisecond
			fmt.Fprintf(&b, "Solve time: %s in all, %s on average.\n", total.Round(time.Second), (total / time.Duration(e.Solved)).Round(time.Second))
		}
	}
	return b.String()
}

func roundPct(a, b int) int {
	if b == 0 {
		return 0
	}
	return (a*100 + b/2) / b
}

// plural is "1 hint", "2 hints".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (p *progressScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return p, cmd
}

func (p *progressScreen) View() string { return p.vp.View() }
