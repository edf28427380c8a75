package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// App is the root model: it keeps a stack of screens, draws the header and
// the help footer, and handles the keys that work everywhere.
type App struct {
	c      *common
	stack  []screen
	help   help.Model
	status string
	isErr  bool
	// tooSmall is set while the terminal is below MinWidth x MinHeight.
	tooSmall bool
	sized    bool
	// keysPage is the page of the "all keys" view shown in place of the
	// screen after ?, or -1 when it is closed.
	keysPage int
	// laidFooter is the footer height the screens were last sized for.
	laidFooter int
}

// New builds the app for one session. ctx bounds the session's store writes.
func New(ctx context.Context, opts Options) *App {
	c := &common{Options: opts, ctx: ctx, styles: newStyles(opts.NoColor)}
	a := &App{c: c, help: help.New(), keysPage: -1}
	if opts.Store != nil {
		file := ""
		if !opts.Guest {
			file = recoveryFile(opts.RecoveryDir, opts.Store, opts.UserID)
		}
		var recovered []string
		c.saver, recovered = newSaver(ctx, opts.Store, opts.UserID, file)
		if len(recovered) > 0 {
			a.status = "Saving what your last session could not save: " + strings.Join(recovered, ", ") + "."
		}
	}
	a.help.Styles = c.styles.help
	schedulePrune(opts.Catalog)
	a.stack = []screen{newHome(c)}
	if opts.Quiz != nil {
		a.stack = append(a.stack, newQuizScreen(c, opts.Quiz))
	} else if opts.Resume {
		if r := resumeReader(c); r != nil {
			a.stack = append(a.stack, r)
		}
	}
	return a
}

// Init implements tea.Model: the first screen's command (a quiz timer).
func (a *App) Init() tea.Cmd {
	var cmds []tea.Cmd
	if a.c.saver != nil {
		cmds = append(cmds, a.c.saver.listen())
	}
	if in, ok := a.top().(initer); ok {
		cmds = append(cmds, in.Init())
	}
	return tea.Batch(cmds...)
}

// Close ends the session's saving: it waits up to timeout for the changes
// still queued to be written, and returns what could not be (kept in the
// recovery file for the next session when there is one), or nil when
// everything is saved. Call it once the program has ended.
func (a *App) Close(timeout time.Duration) *Unsaved {
	if a.c.saver == nil {
		return nil
	}
	return a.c.saver.close(timeout)
}

func (a *App) top() screen { return a.stack[len(a.stack)-1] }

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.width, a.c.height = min(msg.Width, MaxWidth), min(msg.Height, MaxHeight)
		a.sized = true
		a.tooSmall = msg.Width < MinWidth || msg.Height < MinHeight
		a.layout()
		return a, nil
	case QuitMsg:
		return a, a.quit()
	case KeyBurst:
		return a, a.burst(msg)
	case tea.KeyPressMsg:
		if key.Matches(msg, keyQuit) {
			return a, a.quit()
		}
		if a.tooSmall {
			if msg.String() == "q" {
				return a, a.quit()
			}
			return a, nil
		}
		if a.keysPage >= 0 {
			if a.keysViewKey(msg) {
				return a, nil
			}
		}
		if !a.top().Capturing() {
			switch {
			case key.Matches(msg, keyHelp):
				a.keysPage = 0
				a.layout()
				return a, nil
			case msg.String() == "esc" && len(a.stack) == 1:
				// Home has nothing to go back to; only q quits.
				return a, nil
			case key.Matches(msg, keyBack):
				return a, a.back()
			}
		}
	case pushMsg, replaceMsg:
		s := screenOf(msg)
		if _, ok := msg.(replaceMsg); ok && len(a.stack) > 1 {
			if l, ok := a.top().(leaver); ok {
				l.leave()
			}
			a.stack = a.stack[:len(a.stack)-1]
		}
		a.stack = append(a.stack, s)
		a.status = ""
		a.keysPage = -1
		a.layout()
		if in, ok := s.(initer); ok {
			return a, in.Init()
		}
		return a, nil
	case popMsg:
		return a, a.back()
	case statusMsg:
		a.status, a.isErr = msg.text, msg.isErr
		a.layout()
		return a, nil
	case saverNoteMsg:
		a.status, a.isErr = msg.text, msg.isErr
		a.layout()
		return a, a.c.saver.listen()
	}
	s, cmd := a.top().Update(msg)
	a.stack[len(a.stack)-1] = s
	cmds := []tea.Cmd{cmd}
	for len(a.c.nav) > 0 {
		nav := a.c.nav[0]
		a.c.nav = a.c.nav[1:]
		_, c := a.Update(nav)
		cmds = append(cmds, c)
	}
	// The footer lists the screen's keys of the moment: when it changes
	// height, the screen gets the space that is left.
	if a.sized && !a.tooSmall && a.footerHeight() != a.laidFooter {
		a.layout()
	}
	return a, tea.Batch(cmds...)
}

// KeyBurst is text keys read together, more than anyone types at once: a
// paste from a terminal without bracketed paste (the SSH server gathers
// them). The app gives them to the screen one by one until it edits code,
// and the rest to the editor as one paste: one edit and one frame instead
// of an Update and a frame per character.
type KeyBurst struct{ Keys []tea.KeyPressMsg }

// codeEditing is a screen whose code editor has the keys now.
type codeEditing interface{ editingCode() bool }

func (a *App) burst(b KeyBurst) tea.Cmd {
	var cmds []tea.Cmd
	for i, k := range b.Keys {
		if e, ok := a.top().(codeEditing); ok && e.editingCode() && !a.tooSmall && a.keysPage < 0 {
			var text strings.Builder
			for _, k := range b.Keys[i:] {
				switch k.Code {
				case tea.KeyEnter:
					text.WriteByte('\n')
				case tea.KeyTab:
					text.WriteByte('\t')
				default:
					text.WriteString(k.Text)
				}
			}
			_, cmd := a.Update(tea.PasteMsg{Content: text.String()})
			return tea.Batch(append(cmds, cmd)...)
		}
		_, cmd := a.Update(k)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// QuitMsg ends the session as the learner's own quit does, saving what every
// open screen holds (the reading position, code being edited). The SSH
// server sends it on disconnect, idle timeout and shutdown.
type QuitMsg struct{}

// back leaves the current screen; leaving the home screen quits.
func (a *App) back() tea.Cmd {
	if b, ok := a.top().(backHandler); ok && b.handleBack() {
		return nil
	}
	if len(a.stack) == 1 {
		return a.quit()
	}
	if a.c.Quiz != nil && len(a.stack) == 2 {
		// Opened by `lambdatutor quiz`: leaving the quiz's debrief returns
		// to the shell, not to a home screen the learner never saw.
		return a.quit()
	}
	if l, ok := a.top().(leaver); ok {
		l.leave()
	}
	a.stack = a.stack[:len(a.stack)-1]
	a.status = ""
	a.keysPage = -1
	a.layout()
	// The screen below may show what changed (a tick on a lesson).
	if r, ok := a.top().(refresher); ok {
		r.refresh()
	}
	return nil
}

func (a *App) quit() tea.Cmd {
	for i := len(a.stack) - 1; i >= 0; i-- {
		if l, ok := a.stack[i].(leaver); ok {
			l.leave()
		}
	}
	return tea.Quit
}

func screenOf(msg tea.Msg) screen {
	if r, ok := msg.(replaceMsg); ok {
		return r.s
	}
	return msg.(pushMsg).s
}

// initer is a screen with a command to run when it opens (a timer).
type initer interface{ Init() tea.Cmd }

// leaver is a screen with something to save when it is closed.
type leaver interface{ leave() }

// backHandler is a screen that uses "back" itself first (to clear a filter).
type backHandler interface{ handleBack() bool }

// refresher is a screen that re-reads state when it comes back on top.
type refresher interface{ refresh() }

const headerHeight = 2

func (a *App) footerHeight() int {
	return lipgloss.Height(a.footer())
}

func (a *App) layout() {
	if !a.sized || a.tooSmall {
		return
	}
	a.laidFooter = a.footerHeight()
	h := a.c.height - headerHeight - a.laidFooter
	for _, s := range a.stack {
		s.SetSize(a.c.width, h)
	}
}

func (a *App) header() string {
	st := a.c.styles
	left := st.header.Render("λ lambdatutor")
	var crumbs []string
	for _, s := range a.stack[1:] {
		crumbs = append(crumbs, s.Title())
	}
	if len(crumbs) > 0 {
		left += st.dim.Render(" › " + strings.Join(crumbs, " › "))
	}
	var right string
	switch {
	case a.c.Guest:
		right = "guest: progress is kept only for this session"
	case a.c.UserName != "":
		right = a.c.UserName
	}
	if right != "" {
		if gap := a.c.width - lipgloss.Width(left) - lipgloss.Width(right) - 1; gap >= 1 {
			left += strings.Repeat(" ", gap) + st.dim.Render(right)
		} else if a.c.Guest {
			left = st.dim.Render("guest (not saved) ") + left
		}
	}
	return truncate(left, a.c.width) + "\n" + st.dim.Render(strings.Repeat("─", a.c.width))
}

func (a *App) footer() string {
	st := a.c.styles
	var b strings.Builder
	if a.status != "" {
		if a.isErr {
			b.WriteString(st.errText.Render(truncate(a.status, a.c.width)))
		} else {
			b.WriteString(st.ok.Render(truncate(a.status, a.c.width)))
		}
		b.WriteString("\n")
	}
	b.WriteString(a.shortHelp())
	return b.String()
}

// helpKeys are the current screen's keys plus the global ones.
func (a *App) helpKeys() keyMap {
	k := a.top().Keys()
	if km, ok := k.(keyMap); ok && km.noGlobal {
		return keyMap{short: km.short, full: append(km.full, []key.Binding{keyQuit}), noGlobal: true}
	}
	back := keyBack
	if len(a.stack) == 1 {
		back = keyQuitHome
	}
	short := append(append([]key.Binding{}, k.ShortHelp()...), back)
	full := append(append([][]key.Binding{}, k.FullHelp()...), []key.Binding{back, keyHelp, keyQuit})
	return keyMap{short: short, full: full}
}

// View implements tea.Model.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	return v
}

func (a *App) render() string {
	if !a.sized {
		return ""
	}
	if a.tooSmall {
		msg := fmt.Sprintf("terminal too small (need %dx%d, have %dx%d)\n\nmake the window larger, or press q to quit",
			MinWidth, MinHeight, a.c.width, a.c.height)
		return lipgloss.Place(a.c.width, a.c.height, lipgloss.Center, lipgloss.Center,
			lipgloss.NewStyle().Width(min(a.c.width, 44)).Render(msg))
	}
	bodyH := a.c.height - headerHeight - a.footerHeight()
	var body string
	if a.keysPage >= 0 {
		body = a.keysView(bodyH)
	} else {
		body = a.top().View()
	}
	// No line is ever cut by the terminal: what does not fit ends in "…".
	body = fitWidth(fitHeight(body, bodyH), a.c.width)
	return a.header() + "\n" + body + "\n" + a.footer()
}

// fitHeight pads or cuts s to exactly h lines.
func fitHeight(s string, h int) string {
	if h < 0 {
		h = 0
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// truncate cuts a styled line to width cells.
func truncate(s string, width int) string {
	if lipgloss.Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}
