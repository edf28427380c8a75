package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/report"
)

// progressScreen shows the learner's progress: lessons, the quiz (accuracy
// by topic, due today, the next 7 days, the streak) and the exercises, the
// same summary as `lambdatutor progress`.
type progressScreen struct {
	c      *common
	vp     viewport.Model
	scroll key.Binding
}

func newProgressScreen(c *common) *progressScreen {
	p := &progressScreen{c: c}
	p.scroll = key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑/↓", "scroll"))
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
	p.vp.SetContent(p.text())
}

func (p *progressScreen) text() string {
	if p.c.Store == nil {
		return "\n  Progress is not being kept in this session."
	}
	r, err := report.Build(p.c.ctx, p.c.Store, p.c.Catalog, progress.User{ID: p.c.UserID, Name: p.c.UserName}, time.Now())
	if err != nil {
		return "\n  " + p.c.styles.errText.Render("Could not read your progress: "+err.Error())
	}
	lines := strings.Split(strings.TrimRight(r.Text(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return "\n" + strings.Join(lines, "\n")
}

func (p *progressScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return p, cmd
}

func (p *progressScreen) View() string { return p.vp.View() }
