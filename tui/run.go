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
	_, err := newProgram(ctx, model, opts.NoColor, in, out).Run()
	return closeApp(m, err)
}

// closeApp waits, once the program has restored the terminal, for the
// last writes, and says plainly what could not be saved.
func closeApp(m *App, err error) error {
	if m == nil {
		return err
	}
	if u := m.Close(CloseTimeout); u != nil {
		return errors.Join(err, errors.New(u.Message("", "you start lambdatutor again")))
	}
	return err
}

// CloseTimeout is how long the tutor waits, when it ends, for changes
// still being saved (the database locked by another process).
const CloseTimeout = 5 * time.Second

// newProgram is the Bubble Tea program of Run and Start.
func newProgram(ctx context.Context, model tea.Model, noColor bool, in io.Reader, out io.Writer) *tea.Program {
	// 120 frames a second: the renderer flushes on a ticker, so this also
	// halves the wait for the first frame.
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(120)}
	if noColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	return tea.NewProgram(model, popts...)
}

// Start is Run for a caller that has still to load part of opts (the
// catalog, the store, the learner): load fills them in while the terminal
// program starts. Bubble Tea's set-up and its renderer's first tick (the
// first frame is written on a tick) then overlap the loading instead of
// following it. Nothing is drawn until load returns; what the learner
// types meanwhile is handed to the tutor once it is there, except ctrl+c,
// which quits at once. An error from load ends the program and is
// returned. Start returns only after load has.
func Start(ctx context.Context, opts Options, load func(ctx context.Context, opts *Options) error, in io.Reader, out io.Writer) error {
	ff := &firstFrame{run: opts.AfterFirstFrame}
	s := &loading{ctx: ctx, out: out, ff: ff}
	p := newProgram(ctx, s, opts.NoColor, in, ff.wrap(out))
	done := make(chan struct{})
	go func() {
		defer close(done)
		o := opts
		err := load(ctx, &o)
		p.Send(loadedMsg{opts: o, err: err})
	}()
	_, err := p.Run()
	<-done
	if s.err != nil {
		return s.err
	}
	return closeApp(ff.App, err)
}

// loading is Start's model until the tutor is loaded: it draws nothing,
// keeps the messages it is sent, and on loadedMsg builds the App, replays
// them to it, and hands over to it.
type loading struct {
	ctx     context.Context
	out     io.Writer
	ff      *firstFrame
	pending []tea.Msg
	err     error
}

// loadedMsg carries the options Start's load filled in, or its error.
type loadedMsg struct {
	opts Options
	err  error
}

func (s *loading) Init() tea.Cmd { return nil }

func (s *loading) View() tea.View { return tea.View{} }

func (s *loading) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			s.err = msg.err
			return s, tea.Quit
		}
		m := New(s.ctx, msg.opts)
		presize(m, s.out)
		s.ff.App = m
		var model tea.Model = s.ff
		cmds := []tea.Cmd{model.Init()}
		for _, pm := range s.pending {
			var cmd tea.Cmd
			model, cmd = model.Update(pm)
			cmds = append(cmds, cmd)
		}
		s.pending = nil
		return model, tea.Batch(cmds...)
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return s, tea.Quit
		}
	}
	s.pending = append(s.pending, msg)
	return s, nil
}

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
	if f.drawn.Load() && f.run != nil {
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
