package tui

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Run runs the tutor on a terminal until the learner quits.
func Run(ctx context.Context, opts Options, in io.Reader, out io.Writer) error {
	// 120 frames a second: the renderer flushes on a ticker, so this also
	// halves the wait for the first frame.
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out), tea.WithFPS(120)}
	if opts.NoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	_, err := tea.NewProgram(New(ctx, opts), popts...).Run()
	return err
}
