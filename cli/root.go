package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/sandbox/python"
	"github.com/lambdatutor/lambdatutor/tui"
)

// NewRoot builds the whole command tree. runTUI starts the interactive tutor;
// tests pass their own.
func NewRoot(f *Factory, version string, runTUI func(context.Context, *Factory) error) *cobra.Command {
	if runTUI == nil {
		runTUI = RunTUI
	}
	root := &cobra.Command{
		Use:   "lambdatutor",
		Short: "Learn AWS Lambda and prepare for Lambda interviews, in your terminal",
		Long: `lambdatutor teaches AWS Lambda lesson by lesson in an interactive terminal
app, and keeps your progress in a local SQLite file.

Run it without arguments to open the tutor. The other commands print plain
text for scripts and screen readers.

` + exitCodesHelp,
		Example: `  lambdatutor                      # open the tutor
  lambdatutor lessons              # list the lessons
  lambdatutor --db ./class.db      # keep progress in another file`,
		Version:       version,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTUI(cmd.Context(), f)
		},
	}
	root.SetIn(f.In)
	root.SetOut(f.Out)
	root.SetErr(f.ErrOut)
	root.SetVersionTemplate("lambdatutor {{.Version}}\n")
	root.PersistentFlags().StringVar(&f.DBPath, "db", "",
		"progress database: a SQLite file or a postgres:// URL (env LAMBDATUTOR_DB; default $XDG_DATA_HOME/lambdatutor/progress.db)")
	root.CompletionOptions.DisableDefaultCmd = true

	root.AddCommand(
		NewCmdLessons(f, nil),
		NewCmdProgress(f),
		NewCmdCompletion(f),
		NewCmdCost(f, nil),
		NewCmdEvents(f, nil),
		NewCmdServe(f, nil),
		NewCmdClass(f, nil),
		NewCmdQuiz(f, nil),
		NewCmdInvoke(f, nil),
		NewCmdExercises(f),
		NewCmdSimulate(f, nil), NewCmdTune(f, nil),
	)
	checkUsage(root)
	return root
}

// Execute runs the command line and returns the process exit code.
func Execute(ctx context.Context, f *Factory, version string, args []string) int {
	root := NewRoot(f, version, nil)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(f.ErrOut, "lambdatutor: %v\n", err)
			return exitUsage
		}
		var ee *ExitError
		if errors.As(err, &ee) {
			if ee.Err != nil {
				fmt.Fprintf(f.ErrOut, "lambdatutor: %v\n", ee.Err)
			}
			return ee.Code
		}
		fmt.Fprintf(f.ErrOut, "lambdatutor: %v\n", err)
		return exitFailure
	}
	return 0
}

// ExitError ends the program with a given code.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// RunTUI opens the interactive tutor on the terminal.
func RunTUI(ctx context.Context, f *Factory) error {
	if !isTerminal(f.In) || !isTerminal(f.Out) {
		return errors.New("the tutor needs an interactive terminal; for scripts use `lambdatutor lessons` and `lambdatutor lessons show ID` (see `lambdatutor --help`)")
	}
	// Parse the lessons while the database opens: two cores, two jobs.
	catDone := make(chan error, 1)
	go func() { _, err := f.Catalog(); catDone <- err }()
	store, u, err := f.LocalUser(ctx)
	if err != nil {
		return err
	}
	if err := <-catDone; err != nil {
		return err
	}
	cat, _ := f.Catalog()
	// A returning learner sees the last lesson first: render it now, while
	// the terminal is being set up.
	if id, _, ok, err := store.LastPosition(ctx, u.ID); err == nil && ok {
		if l, err := cat.Get(id); err == nil {
			tui.Prerender(l, terminalWidth(f.Out, 80), tui.LessonStyle(f.noColor()))
		}
	}
	// Compile (or load) the Python interpreter while the learner reads, so
	// that their first Python run does not wait for it; not before the
	// first frame is on the screen, which it would slow down.
	return tui.Run(ctx, tui.Options{
		Catalog: cat, Store: store, UserID: u.ID, NoColor: f.noColor(), Resume: true, Local: true,
		AfterFirstFrame: python.PrepareInBackground,
	}, f.In, f.Out)
}

// writeString writes s to w; an error here (a closed pipe) is returned.
func writeString(w io.Writer, s string) error {
	_, err := io.WriteString(w, s)
	return err
}
