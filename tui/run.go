package tui

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// Run runs the tutor on a terminal until the learner quits.
func Run(ctx context.Context, opts Options, in io.Reader, out io.Writer) error {
	m := New(ctx, opts)
	presize(m, out)
	var model tea.Model = m
	if opts.AfterFirstFrame != nil {
		ff := &firstFrame{App: m, run: opts.AfterFirstFrame}
		model, out = ff, ff.wrap(out)
	}
	// 120 frames a second: the renderer flushes on a ticker, so this also
	// halves the wait for the first frame.
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(120)}
	if opts.NoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	_, err := tea.NewProgram(model, popts...).Run()
	// The program has restored the terminal: wait for the last writes and
	// say plainly what could not be saved.
	if u := m.Close(CloseTimeout); u != nil {
		return errors.Join(err, errors.New(u.Message("", "you start lambdatutor again")))
	}
	return err
}

// CloseTimeout is how long the tutor waits, when it ends, for changes
// still being saved (the database locked by another process).
const CloseTimeout = 5 * time.Second

// presize gives the model the terminal's size before the program starts.
// Bubble Tea reads the same size but delivers it as a message through its
// event loop, after the first (then empty) frame: the frame with content
// would wait for that round trip and one more renderer tick. The message
// still arrives later and changes nothing.
func presize(m *App, out io.Writer) {
	f, ok := out.(term.File)
	if !ok {
		return
	}
	if w, h, err := term.GetSize(f.Fd()); err == nil && w > 0 && h > 0 {
		m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	}
}

// firstFrame starts run after the first write to the terminal that follows
// a view with content: the renderer writes a view on its next tick, so that
// write is the first frame (or a query flushed just before it, in the same
// tick).
type firstFrame struct {
	*App
	drawn atomic.Bool
	once  sync.Once
	run   func()
}

func (f *firstFrame) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := f.App.Update(msg)
	if m == tea.Model(f.App) {
		m = f
	}
	return m, cmd
}

func (f *firstFrame) View() tea.View {
	v := f.App.View()
	if v.Content != "" {
		f.drawn.Store(true)
	}
	return v
}

// written is called after every write to the terminal.
func (f *firstFrame) written() {
	if f.drawn.Load() {
		f.once.Do(func() { go f.run() })
	}
}

// wrap returns out with its writes reported to f. A terminal stays a
// term.File, so that Bubble Tea still finds and sets it up.
func (f *firstFrame) wrap(out io.Writer) io.Writer {
	if t, ok := out.(term.File); ok {
		return &firstFrameFile{File: t, f: f}
	}
	return &firstFrameWriter{w: out, f: f}
}

type firstFrameFile struct {
	term.File
	f *firstFrame
}

func (w *firstFrameFile) Write(p []byte) (int, error) {
	n, err := w.File.Write(p)
	w.f.written()
	return n, err
}

type firstFrameWriter struct {
	w io.Writer
	f *firstFrame
}

func (w *firstFrameWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.f.written()
	return n, err
}
