// Package tui holds the Bubble Tea models of lambdatutor: the app shell that
// routes between screens, the screens themselves and their shared parts.
package tui

import (
	"context"
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// MinWidth and MinHeight are the smallest terminal the layout supports.
const (
	MinWidth  = 60
	MinHeight = 20
)

// MaxWidth and MaxHeight are the largest terminal the layout uses: screen
// buffers and the work of every frame grow with the size, so a larger
// terminal (or a client claiming one) gets the tutor drawn in its top-left
// MaxWidth x MaxHeight cells. 500x200 is more than a full-screen terminal
// on a 4K display with a small font (about 550x145). Over SSH, a window
// change and a key took about 68 ms of the server's CPU at 1000x500, and
// 28 ms at 500x200 (bench/ssh-load.sh -hostile-kinds window).
const (
	MaxWidth  = 500
	MaxHeight = 200
)

// Options configure one TUI session.
type Options struct {
	Catalog *lessons.Catalog
	// Bank and Exercises, when set, are the questions and exercises to
	// offer (the built-in ones with those of content packs); nil means
	// the built-in ones, loaded on first use.
	Bank      *quiz.Bank
	Exercises *exercises.Catalog
	Store     *progress.Store
	UserID    int64
	// NoColor renders without colours (NO_COLOR, or a terminal without them).
	NoColor bool
	// Resume opens the last lesson at its last position, when there is one.
	Resume bool
	// Guest marks a session whose progress is kept only while it lasts (an
	// SSH guest without a key); the header says so.
	Guest bool
	// UserName, when set, is shown in the header (SSH sessions).
	UserName string
	// Quiz, when set, opens the tutor straight into this quiz session
	// (`lambdatutor quiz` on a terminal); leaving it goes to the home screen.
	Quiz *quiz.Session
	// RecoveryDir is where changes that could not be saved before the
	// session ended wait for the next session (one file per user); empty
	// means beside the database (see recoveryFile). Guests keep nothing.
	RecoveryDir string
	// Local is true for a session on this machine's terminal: features
	// that run programs here (the $EDITOR key) are only offered then.
	Local bool
	// Instructor gives the session the Class screen (a home entry that
	// no other session has): the class's roster, topics, exercises,
	// learners' code and course plan (serve --instructors).
	Instructor bool
	// ClassHasInstructors tells the learner, on the home screen, that
	// instructors can see their progress and exercise code.
	ClassHasInstructors bool
	// AfterFirstFrame, when set, is started in its own goroutine by Run
	// once the first frame with content has been written to the terminal:
	// work that would compete with start-up for the CPU (loading the
	// Python interpreter) waits for it.
	AfterFirstFrame func()
}

// common is what every screen shares: options, styles and the current size.
type common struct {
	Options
	ctx    context.Context
	styles styles
	width  int
	height int
	// exercises is the exercise service, made on first use.
	exercises *exercises.Service
	// saver writes the session's changes in the background (saver.go);
	// nil without a store.
	saver *saver
	// nav holds the navigation a screen asked for (open, swap) until the
	// app applies it at the end of the same Update.
	nav []tea.Msg
	// cloudStates is the playground's cloud content, per example, for the
	// session (cloudpane.go); nil until the playground first opens.
	cloudStates map[string]cloudState
}

// glamourStyle is the Markdown style for lessons.
func (c *common) glamourStyle() string { return LessonStyle(c.NoColor) }

// LessonStyle is the glamour style lessons are rendered in: "notty" (no
// colour) or "dark".
func LessonStyle(noColor bool) string {
	if noColor {
		return "notty"
	}
	return "dark"
}

// screen is one page of the app. The app draws a header and the help footer
// around it; a screen gets the space in between through SetSize.
type screen interface {
	Update(msg tea.Msg) (screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title names the screen in the header.
	Title() string
	// Keys are the screen's bindings, shown in the help footer.
	Keys() help.KeyMap
	// Capturing is true while the screen takes raw text (a filter being
	// typed), so that global keys such as q are not acted on.
	Capturing() bool
}

// Navigation messages, sent by screens to the app.
type (
	pushMsg    struct{ s screen }
	replaceMsg struct{ s screen }
	popMsg     struct{}
	statusMsg  struct {
		text  string
		isErr bool
	}
)

// open puts s on top of the current screen. The app does it as soon as the
// current Update returns, before the next key is read: a key typed right
// after goes to the new screen, never to the old one again.
func (c *common) open(s screen) tea.Cmd {
	c.nav = append(c.nav, pushMsg{s})
	return nil
}

// swap closes the current screen and opens s in its place, like open.
func (c *common) swap(s screen) tea.Cmd {
	c.nav = append(c.nav, replaceMsg{s})
	return nil
}
func pop() tea.Msg { return popMsg{} }
func status(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text, isErr} }
}

type styles struct {
	header, title, dim, accent, selected, errText, ok, box lipgloss.Style
	help                                                   help.Styles
}

func newStyles(noColor bool) styles {
	s := styles{
		header:   lipgloss.NewStyle().Bold(true),
		title:    lipgloss.NewStyle().Bold(true),
		dim:      lipgloss.NewStyle(),
		accent:   lipgloss.NewStyle().Bold(true),
		selected: lipgloss.NewStyle().Bold(true),
		errText:  lipgloss.NewStyle().Bold(true),
		ok:       lipgloss.NewStyle(),
		box:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
	}
	if noColor {
		s.help = help.Styles{
			ShortKey:       lipgloss.NewStyle().Bold(true),
			ShortDesc:      lipgloss.NewStyle(),
			ShortSeparator: lipgloss.NewStyle(),
			Ellipsis:       lipgloss.NewStyle(),
			FullKey:        lipgloss.NewStyle().Bold(true),
			FullDesc:       lipgloss.NewStyle(),
			FullSeparator:  lipgloss.NewStyle(),
		}
		return s
	}
	var (
		amber = lipgloss.Color("#FF9900")
		grey  = lipgloss.Color("#8A8A8A")
		green = lipgloss.Color("#5FD787")
		red   = lipgloss.Color("#FF5F5F")
	)
	fg := func(st lipgloss.Style, c color.Color) lipgloss.Style { return st.Foreground(c) }
	s.header = fg(s.header, amber)
	s.accent = fg(s.accent, amber)
	s.selected = fg(s.selected, amber)
	s.dim = fg(s.dim, grey)
	s.errText = fg(s.errText, red)
	s.ok = fg(s.ok, green)
	s.box = s.box.BorderForeground(grey)
	s.help = help.DefaultDarkStyles()
	return s
}

// keyMap is a help.KeyMap built from plain binding lists.
type keyMap struct {
	short []key.Binding
	full  [][]key.Binding
	// noGlobal hides the app's q/esc and ? keys: the screen takes all keys.
	noGlobal bool
}

func (k keyMap) ShortHelp() []key.Binding  { return k.short }
func (k keyMap) FullHelp() [][]key.Binding { return k.full }

// Global bindings, handled by the app for every screen.
var (
	keyQuit = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit"))
	keyBack = key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q/esc", "back"))
	keyHelp = key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys"))
)

// steadyCursor stops in's cursor from blinking. A blinking cursor is a
// timer that wakes the session twice a second for as long as the input
// has focus, typed into or not, which an idle session must not pay for
// (TestIdleSessionDoesNotWakeUp); a steady block cursor stays visible.
// Bubbles' inputs, and the filter box of its lists, blink by default.
func steadyCursor(in *textinput.Model) {
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
}
