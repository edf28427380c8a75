package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/report"
)

// ProgressOptions are the options of `lambdatutor progress`.
type ProgressOptions struct {
	JSON bool
}

// NewCmdProgress builds `lambdatutor progress` and its subcommands.
func NewCmdProgress(f *Factory) *cobra.Command {
	opts := &ProgressOptions{}
	cmd := &cobra.Command{
		Use:   "progress",
		Short: "Summarise your progress; export, import or reset it",
		Example: `  lambdatutor progress
  lambdatutor progress export backup.json
  lambdatutor --db other.db progress import backup.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return progressSummary(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.AddCommand(newCmdProgressExport(f), newCmdProgressImport(f), newCmdProgressReset(f), newCmdProgressMigrate(f), newCmdProgressSalvage(f))
	return cmd
}

func progressSummary(ctx context.Context, f *Factory, opts *ProgressOptions) error {
	cat, err := f.Catalog()
	if err != nil {
		return err
	}
	s, u, err := f.LocalUser(ctx)
	if err != nil {
		return err
	}
	c := report.Content{Lessons: cat}
	if len(f.Packs) > 0 {
		if c.Bank, err = f.Bank(); err != nil {
			return err
		}
		if c.Exercises, err = f.Exercises(); err != nil {
			return err
		}
	}
	r, err := report.BuildFrom(ctx, s, c, u, time.Now())
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.Out, r.JSON())
	}
	return writeString(f.Out, fmt.Sprintf("Progress of %s (%s)\n\n", report.Plain(u.Name), s.Path())+r.Text())
}

func newCmdProgressExport(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "export [FILE]",
		Short: "Write your progress as JSON to FILE (or standard output)",
		Example: `  lambdatutor progress export backup.json
  lambdatutor progress export | jq .lessons`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, u, err := f.LocalUser(ctx)
			if err != nil {
				return err
			}
			e, err := s.Export(ctx, u.ID)
			if err != nil {
				return err
			}
			if len(args) == 0 || args[0] == "-" {
				return e.Encode(f.Out)
			}
			return writeFileAtomic(args[0], func(w *os.File) error { return e.Encode(w) })
		},
	}
}

// writeFileAtomic writes a file through a temporary file in the same folder,
// so that a failed write never leaves a half-written file behind.
func writeFileAtomic(path string, write func(*os.File) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".lambdatutor-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

func newCmdProgressImport(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Replace your progress with the contents of an export file",
		Long: `Replace your progress with the contents of a file written by
'lambdatutor progress export'. The file is checked first: if anything in it is
wrong, nothing is changed.`,
		Example: `  lambdatutor progress import backup.json`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if fi, err := os.Stat(args[0]); err == nil && !fi.Mode().IsRegular() {
				return fmt.Errorf("cannot read %s: %w", args[0], notRegular(args[0], fi.Mode()))
			}
			fh, err := os.Open(args[0])
			if err != nil {
				return fmt.Errorf("cannot read %s: %w", args[0], err)
			}
			defer fh.Close()
			e, err := progress.ParseExport(fh)
			if err != nil {
				return fmt.Errorf("%s: %w (nothing was changed)", args[0], err)
			}
			cat, err := f.Catalog()
			if err != nil {
				return err
			}
			var unknown []string
			for _, r := range e.Lessons {
				if _, err := cat.Get(r.ID); err != nil {
					unknown = append(unknown, r.ID)
				}
			}
			if len(unknown) > 0 {
				sort.Strings(unknown)
				hint := "see `lambdatutor lessons` for the ids"
				if strings.Contains(strings.Join(unknown, " "), "/") {
					hint = "ids like pack/lesson come from a content pack: import with `--pack DIR` for it"
				}
				return fmt.Errorf("%s names lessons this lambdatutor does not have: %s; nothing was changed (%s)",
					args[0], strings.Join(unknown, ", "), hint)
			}
			s, u, err := f.LocalUser(ctx)
			if err != nil {
				return err
			}
			if err := s.Import(ctx, u.ID, e); err != nil {
				return err
			}
			completed := 0
			for _, r := range e.Lessons {
				if r.Completed() {
					completed++
				}
			}
			return writeString(f.Out, importSummary(e, completed, args[0]))
		},
	}
}

func newCmdProgressReset(f *Factory) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:     "reset --yes",
		Short:   "Delete all of your progress",
		Example: `  lambdatutor progress export backup.json && lambdatutor progress reset --yes`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !yes {
				return errors.New("this deletes all of your progress; run `lambdatutor progress export FILE` first to keep a copy, then `lambdatutor progress reset --yes`")
			}
			ctx := cmd.Context()
			s, u, err := f.LocalUser(ctx)
			if err != nil {
				return err
			}
			if err := s.Reset(ctx, u.ID); err != nil {
				return err
			}
			return writeString(f.Out, "Progress reset.\n")
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm that all progress is deleted")
	return cmd
}

// importSummary says what `progress import` restored, section by section.
func importSummary(e *progress.Export, completedLessons int, file string) string {
	msg := fmt.Sprintf("Imported %s (%d completed) from %s.\n", plural(len(e.Lessons), "lesson record"), completedLessons, file)
	msg += fmt.Sprintf("Imported %s and %s.\n", plural(len(e.Reviews), "quiz review"), plural(len(e.Cards), "quiz card"))
	solved := 0
	for _, r := range e.Exercises {
		if r.Solved() {
			solved++
		}
	}
	msg += fmt.Sprintf("Imported %s (%d solved) and %s.\n", plural(len(e.Exercises), "exercise record"), solved, plural(len(e.Attempts), "check run"))
	if e.Version >= 3 {
		msg += fmt.Sprintf("Imported %s.\n", plural(len(e.Drafts), "code draft"))
	} else {
		msg += fmt.Sprintf("Your code drafts were kept: a version %d file has none.\n", e.Version)
	}
	return msg
}

func newCmdProgressSalvage(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "salvage NEW.db",
		Short: "Copy what can still be read of a damaged database into a new file",
		Long: `Copy every row that can still be read of the progress database (--db, or
the default) into NEW.db, a new file, and say what was lost. The damaged file
is only read. Then use the new file with --db (or LAMBDATUTOR_DB), or move it
in place of the damaged one.`,
		Example: `  lambdatutor --db progress.db progress salvage progress-salvaged.db`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := f.ResolveDBPath()
			if err != nil {
				return err
			}
			rep, err := progress.Salvage(cmd.Context(), src, args[0])
			if err != nil {
				return err
			}
			return writeString(f.Out, salvageSummary(rep, args[0]))
		},
	}
}

// salvageSummary says what `progress salvage` copied and what was lost.
func salvageSummary(rep *progress.SalvageReport, file string) string {
	total := 0
	for _, n := range rep.Rows {
		total += n
	}
	msg := fmt.Sprintf("Copied %s into %s (%s, %s, %s, %s).\n", plural(total, "record"), file,
		plural(rep.Rows["lesson_records"], "lesson record"), plural(rep.Rows["quiz_cards"], "quiz card"),
		plural(rep.Rows["exercise_records"], "exercise record"), plural(rep.Rows["drafts"], "code draft"))
	if len(rep.Damaged) > 0 {
		msg += fmt.Sprintf("Some records could not be read and are lost (damaged: %s).\n", strings.Join(rep.Damaged, ", "))
	} else {
		msg += "Every record could be read.\n"
	}
	if rep.Skipped > 0 {
		msg += fmt.Sprintf("%s could not be kept (their user or lesson was lost).\n", plural(rep.Skipped, "record"))
	}
	return msg + fmt.Sprintf("Use it with --db %s (or LAMBDATUTOR_DB).\n", file)
}
