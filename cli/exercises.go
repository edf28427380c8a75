package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/progress"
)

// ExercisesOptions are the options shared by `lambdatutor exercises` and
// its subcommands.
type ExercisesOptions struct {
	// Dir is the exercises folder; "" means the nearest folder with the
	// state file from the working directory up, else ./lambda-exercises.
	Dir  string
	JSON bool
}

// NewCmdExercises builds `lambdatutor exercises` and its subcommands.
func NewCmdExercises(f *Factory) *cobra.Command {
	opts := &ExercisesOptions{}
	cmd := &cobra.Command{
		Use:   "exercises",
		Short: "Handler exercises: write Lambda handlers that must pass tests",
		Long: `Handler exercises: small Lambda handler tasks in Node.js or Python, checked by
tests that run your code in lambdatutor's Lambda mini-runtime.

Write the starters to a folder with 'exercises init', edit them in your editor,
and run 'exercises check' (or leave 'exercises watch' running).`,
		Example: `  lambdatutor exercises init --runtime python
  cd lambda-exercises && lambdatutor exercises watch
  lambdatutor exercises check hello-world
  lambdatutor exercises hint hello-world`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return exercisesList(cmd.Context(), f, opts)
		},
	}
	cmd.PersistentFlags().StringVar(&opts.Dir, "dir", "", "exercises folder (default: the one you are in, else ./"+exercises.DefaultDir+")")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.AddCommand(
		newCmdExercisesInit(f, opts),
		newCmdExercisesCheck(f, opts),
		newCmdExercisesWatch(f, opts),
		newCmdExercisesHint(f, opts),
		newCmdExercisesSolution(f, opts),
		newCmdExercisesReset(f, opts),
	)
	return cmd
}

// completeExerciseIDs completes the ID argument of the subcommands, pack
// exercises ("skyrail/check-tags") included.
func completeExerciseIDs(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		cat, err := f.Exercises()
		if err != nil || len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var ids []string
		for _, ex := range cat.All() {
			if strings.HasPrefix(ex.ID, toComplete) {
				ids = append(ids, ex.ID+"\t"+ex.Title)
			}
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
}

// exercisesService opens the catalog, the store and the local user.
func exercisesService(ctx context.Context, f *Factory) (*exercises.Service, progress.User, error) {
	cat, err := f.Exercises()
	if err != nil {
		return nil, progress.User{}, err
	}
	s, u, err := f.LocalUser(ctx)
	if err != nil {
		return nil, progress.User{}, err
	}
	return exercises.NewService(cat, s), u, nil
}

func exercisesList(ctx context.Context, f *Factory, opts *ExercisesOptions) error {
	svc, u, err := exercisesService(ctx, f)
	if err != nil {
		return err
	}
	items, err := svc.List(ctx, u.ID)
	if err != nil {
		return err
	}
	// The folder is optional here: show broken exercises when there is one.
	w, _ := exercises.OpenWorkspace(exercises.FindWorkspace(opts.Dir))
	folder := func(ex *exercises.Exercise) string {
		if w == nil {
			return ""
		}
		var be *exercises.BrokenError
		if _, err := w.ReadCode(ex); errors.As(err, &be) {
			return "broken: " + be.Problem
		}
		if w.Edited(ex) {
			return "edited"
		}
		return ""
	}
	if opts.JSON {
		type item struct {
			ID         string   `json:"id"`
			Order      int      `json:"order"`
			Title      string   `json:"title"`
			Difficulty int      `json:"difficulty"`
			Tags       []string `json:"tags"`
			Lesson     string   `json:"lesson"`
			Status     string   `json:"status"`
			Attempts   int      `json:"attempts"`
			Passes     int      `json:"passes"`
			HintsUsed  int      `json:"hints_used"`
			SolvedAt   string   `json:"solved_at,omitempty"`
			SolveMs    int64    `json:"solve_ms,omitempty"`
			Folder     string   `json:"folder,omitempty"`
		}
		out := make([]item, 0, len(items))
		for _, it := range items {
			ex, r := it.Exercise, it.Record
			j := item{ID: ex.ID, Order: ex.Order, Title: ex.Title, Difficulty: ex.Difficulty, Tags: ex.Tags, Lesson: ex.LessonRef(),
				Status: string(it.Status), Attempts: r.Attempts, Passes: r.Passes, HintsUsed: r.HintsUsed, SolveMs: r.SolveMs, Folder: folder(ex)}
			if r.Solved() {
				j.SolvedAt = r.SolvedAt.UTC().Format(time.RFC3339)
			}
			out = append(out, j)
		}
		return writeJSON(f.Out, out)
	}
	tw := tabwriter.NewWriter(f.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tID\tTITLE\tLEVEL\tSTATUS")
	solved := 0
	for _, it := range items {
		ex := it.Exercise
		status := string(it.Status)
		if it.Status == exercises.StatusSolved {
			solved++
		}
		if it.Record.Attempts > 0 && it.Status != exercises.StatusSolved {
			status += fmt.Sprintf(" (%s)", plural(it.Record.Attempts, "attempt"))
		}
		if fs := folder(ex); fs != "" {
			status += "; " + fs
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", ex.Order, ex.ID, ex.Title, strings.Repeat("●", ex.Difficulty)+strings.Repeat("○", 3-ex.Difficulty), status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	next := "Run `lambdatutor exercises init` to write the starters, then `lambdatutor exercises check`."
	if w != nil {
		next = fmt.Sprintf("Your folder: %s (%s). Run `lambdatutor exercises check` or `lambdatutor exercises watch`.", w.Dir, w.Runtime().Title())
	}
	_, err = fmt.Fprintf(f.Out, "\n%d of %d exercises solved. %s\n", solved, len(items), next)
	return err
}

func newCmdExercisesInit(f *Factory, opts *ExercisesOptions) *cobra.Command {
	var runtime string
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write the exercises' starters and READMEs to DIR (default ./" + exercises.DefaultDir + ")",
		Long: `Write every exercise's README, starter code and config.json to DIR, one
folder per exercise. Files you have edited are never overwritten, so running it
again after an update only adds what is new. The folder remembers its runtime.`,
		Example: `  lambdatutor exercises init
  lambdatutor exercises init ~/lambda-python --runtime python`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := opts.Dir
			if len(args) == 1 {
				dir = args[0]
			}
			if dir == "" {
				dir = exercises.DefaultDir
			}
			return exercisesInit(cmd.Context(), f, dir, runtime, cmd.Flags().Changed("runtime"))
		},
	}
	cmd.Flags().StringVar(&runtime, "runtime", "node", "language of the starters: node or python")
	return cmd
}

func exercisesInit(ctx context.Context, f *Factory, dir, runtime string, chosen bool) error {
	rt, err := exercises.ParseRuntime(runtime)
	if err != nil {
		return err
	}
	if w, err := exercises.OpenWorkspace(dir); err == nil && !chosen {
		rt = w.Runtime() // an existing folder keeps its runtime
	}
	svc, u, err := exercisesService(ctx, f)
	if err != nil {
		return err
	}
	w, rep, err := exercises.InitWorkspace(dir, rt, svc.Catalog())
	if err != nil {
		return err
	}
	if w.Current() == "" {
		if next, err := svc.Next(ctx, u.ID, ""); err == nil && next != nil {
			if err := w.SetCurrent(next.ID); err != nil {
				return err
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Exercises folder %s, %s: %d files written", w.Dir, rt.Title(), len(rep.Written))
	if len(rep.Updated) > 0 {
		fmt.Fprintf(&b, ", %d untouched starters updated", len(rep.Updated))
	}
	b.WriteString(".\n")
	if len(rep.Kept) > 0 {
		fmt.Fprintf(&b, "Kept %d files you edited (restore one with `lambdatutor exercises reset ID`):\n", len(rep.Kept))
		for _, k := range rep.Kept {
			b.WriteString("  " + k + "\n")
		}
	}
	first := svc.Catalog().All()[0]
	if cur, err := svc.Get(w.Current()); err == nil {
		first = cur
	}
	fmt.Fprintf(&b, "\nStart with %s: read %s, edit %s, then run\n  lambdatutor exercises check --dir %s\nor leave `lambdatutor exercises watch --dir %s` running while you edit.\n",
		first.ID, filepath.Join(w.ExerciseDir(first), "README.md"), w.MainPath(first), dir, dir)
	return writeString(f.Out, b.String())
}

// workspaceExercise opens the folder and picks the exercise: id, else the
// folder's current one unless solved, else the next unsolved.
func workspaceExercise(ctx context.Context, f *Factory, opts *ExercisesOptions, id string) (*exercises.Service, progress.User, *exercises.Workspace, *exercises.Exercise, error) {
	svc, u, err := exercisesService(ctx, f)
	if err != nil {
		return nil, u, nil, nil, err
	}
	w, err := exercises.OpenWorkspace(exercises.FindWorkspace(opts.Dir))
	if err != nil {
		return nil, u, nil, nil, err
	}
	ex, err := pickExercise(ctx, svc, u, w.Current(), id)
	if err != nil {
		return nil, u, nil, nil, err
	}
	return svc, u, w, ex, nil
}

func pickExercise(ctx context.Context, svc *exercises.Service, u progress.User, current, id string) (*exercises.Exercise, error) {
	if id != "" {
		return svc.Get(id)
	}
	if current != "" {
		if ex, err := svc.Get(current); err == nil {
			rec, _, err := svc.Record(ctx, u.ID, ex)
			if err != nil {
				return nil, err
			}
			if !rec.Solved() {
				return ex, nil
			}
		}
	}
	next, err := svc.Next(ctx, u.ID, current)
	if err != nil {
		return nil, err
	}
	if next == nil {
		return nil, errors.New("you have solved every exercise; check one again with `lambdatutor exercises check ID`")
	}
	return next, nil
}

// runCheck checks an exercise's files, records the attempt and prints the
// results panel; a broken folder is reported as a failed check.
func runCheck(ctx context.Context, svc *exercises.Service, u progress.User, w *exercises.Workspace, ex *exercises.Exercise, out io.Writer) (*exercises.CheckResult, progress.ExerciseRecord, error) {
	code, err := w.ReadCode(ex)
	if err != nil {
		var be *exercises.BrokenError
		if errors.As(err, &be) {
			fmt.Fprintf(out, "%s\n", err)
			return nil, progress.ExerciseRecord{}, nil
		}
		return nil, progress.ExerciseRecord{}, err
	}
	res, rec, err := svc.Check(ctx, u.ID, ex, code)
	if err != nil {
		return nil, rec, err
	}
	if err := writeString(out, res.Panel(min(terminalWidth(out, 100), 120))); err != nil {
		return res, rec, err
	}
	return res, rec, nil
}

func newCmdExercisesCheck(f *Factory, opts *ExercisesOptions) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:               "check [ID]",
		ValidArgsFunction: completeExerciseIDs(f),
		Short:             "Run an exercise's tests on your files (default: the current or next unsolved one)",
		Example: `  lambdatutor exercises check
  lambdatutor exercises check sqs-partial-batch --dir ~/lambda-exercises`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			return exercisesCheck(cmd.Context(), f, opts, id, jsonOut)
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the results as JSON")
	return cmd
}

func exercisesCheck(ctx context.Context, f *Factory, opts *ExercisesOptions, id string, jsonOut bool) error {
	svc, u, w, ex, err := workspaceExercise(ctx, f, opts, id)
	if err != nil {
		return err
	}
	if err := w.SetCurrent(ex.ID); err != nil {
		return err
	}
	if jsonOut {
		code, err := w.ReadCode(ex)
		if err != nil {
			return &ExitError{Code: 1, Err: err}
		}
		res, _, err := svc.Check(ctx, u.ID, ex, code)
		if err != nil {
			return err
		}
		if err := writeJSON(f.Out, res); err != nil {
			return err
		}
		if !res.Passed {
			return &ExitError{Code: 1}
		}
		return nil
	}
	res, rec, err := runCheck(ctx, svc, u, w, ex, f.Out)
	if err != nil {
		return err
	}
	if res == nil {
		return &ExitError{Code: 1}
	}
	if !res.Passed {
		return &ExitError{Code: 1, Err: fmt.Errorf("%s: %d of %d tests failed; edit %s and check again, or get a hint with `lambdatutor exercises hint %s`",
			ex.ID, len(res.Tests)-res.PassedCount, len(res.Tests), w.EditTarget(ex), ex.ID)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nSolved %s", ex.Title)
	if rec.Solved() {
		fmt.Fprintf(&b, " in %s, %s from the first try", plural(rec.Attempts, "attempt"), rec.SolveTime().Round(time.Second))
	}
	fmt.Fprintf(&b, ". See the reference solution with `lambdatutor exercises solution %s`.\n", ex.ID)
	if next, err := svc.Next(ctx, u.ID, ex.ID); err == nil && next != nil {
		fmt.Fprintf(&b, "Next: %s (%s); run `lambdatutor exercises check` when it is ready.\n", next.Title, w.MainPath(next))
	} else if next == nil {
		b.WriteString("That was the last unsolved exercise. Well done!\n")
	}
	return writeString(f.Out, b.String())
}

func newCmdExercisesHint(f *Factory, opts *ExercisesOptions) *cobra.Command {
	return &cobra.Command{
		Use:               "hint [ID]",
		ValidArgsFunction: completeExerciseIDs(f),
		Short:             "Show the next hint of an exercise (three, from a nudge to a near-solution)",
		Example:           `  lambdatutor exercises hint hello-world`,
		Args:              cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			svc, u, err := exercisesService(ctx, f)
			if err != nil {
				return err
			}
			var ex *exercises.Exercise
			if len(args) == 1 {
				ex, err = svc.Get(args[0])
			} else {
				w, werr := exercises.OpenWorkspace(exercises.FindWorkspace(opts.Dir))
				if werr != nil {
					return fmt.Errorf("name the exercise: `lambdatutor exercises hint ID` (%w)", werr)
				}
				ex, err = pickExercise(ctx, svc, u, w.Current(), "")
			}
			if err != nil {
				return err
			}
			return printHint(ctx, f.Out, svc, u, ex)
		},
	}
}

func printHint(ctx context.Context, out io.Writer, svc *exercises.Service, u progress.User, ex *exercises.Exercise) error {
	n, hint, err := svc.Hint(ctx, u.ID, ex)
	if err != nil {
		return err
	}
	more := " Ask again for the next one."
	if n == len(ex.Hints) {
		more = " That was the last hint; the solution opens once your code passes."
	}
	return writeString(out, fmt.Sprintf("Hint %d of %d for %s:\n  %s\n%s\n", n, len(ex.Hints), ex.ID, strings.Join(wrapText(hint, 76), "\n  "), strings.TrimSpace(more)))
}

// wrapText cuts s into lines of at most w columns at spaces.
func wrapText(s string, w int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > w {
			lines = append(lines, line)
			line = word
			continue
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

func newCmdExercisesSolution(f *Factory, opts *ExercisesOptions) *cobra.Command {
	var runtime string
	cmd := &cobra.Command{
		Use:               "solution ID",
		ValidArgsFunction: completeExerciseIDs(f),
		Short:             "Print the reference solution of an exercise you have solved",
		Example:           `  lambdatutor exercises solution hello-world --runtime python`,
		Args:              cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			svc, u, err := exercisesService(ctx, f)
			if err != nil {
				return err
			}
			ex, err := svc.Get(args[0])
			if err != nil {
				return err
			}
			rt := exercises.Node
			if w, err := exercises.OpenWorkspace(exercises.FindWorkspace(opts.Dir)); err == nil {
				rt = w.Runtime()
			}
			if cmd.Flags().Changed("runtime") {
				if rt, err = exercises.ParseRuntime(runtime); err != nil {
					return err
				}
			}
			code, err := svc.Solution(ctx, u.ID, ex, rt)
			if err != nil {
				return err
			}
			var b strings.Builder
			fmt.Fprintf(&b, "Reference solution of %s (%s)\n", ex.ID, rt.Title())
			names := make([]string, 0, len(code.Files))
			for n := range code.Files {
				names = append(names, n)
			}
			sort.Slice(names, func(i, j int) bool {
				// The handler file first.
				if (names[i] == rt.MainFile()) != (names[j] == rt.MainFile()) {
					return names[i] == rt.MainFile()
				}
				return names[i] < names[j]
			})
			for _, n := range names {
				fmt.Fprintf(&b, "\n── %s ──\n%s", n, code.Files[n])
				if !strings.HasSuffix(code.Files[n], "\n") {
					b.WriteString("\n")
				}
			}
			if code.Config != "" {
				fmt.Fprintf(&b, "\n── config.json ──\n%s", code.Config)
				if !strings.HasSuffix(code.Config, "\n") {
					b.WriteString("\n")
				}
			}
			return writeString(f.Out, b.String())
		},
	}
	cmd.Flags().StringVar(&runtime, "runtime", "", "node or python (default: your folder's runtime, else node)")
	return cmd
}

func newCmdExercisesReset(f *Factory, opts *ExercisesOptions) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:               "reset ID",
		ValidArgsFunction: completeExerciseIDs(f),
		Short:             "Restore an exercise's starter files, replacing your changes",
		Example:           `  lambdatutor exercises reset hello-world --yes`,
		Args:              cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			_, _, w, ex, err := workspaceExercise(ctx, f, opts, args[0])
			if err != nil {
				return err
			}
			if !yes && w.Edited(ex) {
				fmt.Fprintf(f.Out, "Replace your files in %s with the starter? Your changes will be lost. [y/N] ", w.ExerciseDir(ex))
				line, err := bufio.NewReader(f.In).ReadString('\n')
				if err != nil {
					fmt.Fprintln(f.Out)
				}
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					return &ExitError{Code: 1, Err: fmt.Errorf("nothing was changed; to reset without the question, run `lambdatutor exercises reset %s --yes`", ex.ID)}
				}
			}
			if err := w.Reset(ex); err != nil {
				return err
			}
			return writeString(f.Out, fmt.Sprintf("Restored the starter of %s in %s.\n", ex.ID, w.ExerciseDir(ex)))
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "reset without asking")
	return cmd
}

// ExercisesWatchOptions are the options of `lambdatutor exercises watch`.
type ExercisesWatchOptions struct {
	// Interval is how often the files are polled for changes.
	Interval time.Duration
}

func newCmdExercisesWatch(f *Factory, opts *ExercisesOptions) *cobra.Command {
	wopts := &ExercisesWatchOptions{}
	cmd := &cobra.Command{
		Use:               "watch [ID]",
		ValidArgsFunction: completeExerciseIDs(f),
		Short:             "Re-check the current exercise on every save; move on when you confirm",
		Long: `Check the current exercise (or ID), then again every time you save one of its
files, redrawing the screen like rustlings' watch. Once it passes, press
Enter to move to the next unsolved exercise. Press h for a hint and q to
stop (single keys on a terminal; in a pipe, one per line).`,
		Example: `  cd lambda-exercises && lambdatutor exercises watch`,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			return exercisesWatch(cmd.Context(), f, opts, wopts, id)
		},
	}
	cmd.Flags().DurationVar(&wopts.Interval, "interval", 300*time.Millisecond, "how often to look for saved files")
	return cmd
}

// plural is "1 attempt", "2 attempts".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
