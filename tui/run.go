package tui

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// Run runs the tutor on a terminal until the learner quits.
func Run(ctx context.Context, opts Options, in io.Reader, out io.Writer) error {
	// 120 frames a second: the renderer flushes on a ticker, so this also
	// halves the wait for the first frame.
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(120)}
	if opts.NoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	m := New(ctx, opts)
	presize(m, out)
	_, err := tea.NewProgram(m, popts...).Run()
	return err
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
