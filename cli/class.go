package cli

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/class"
)

// ClassReportOptions are the options of `lambdatutor class report`.
type ClassReportOptions struct {
	JSON bool
	CSV  bool
}

// NewCmdClass builds `lambdatutor class` and its subcommands.
func NewCmdClass(f *Factory, runF func(context.Context, *ClassReportOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "class",
		Short: "See a class served with `serve`: roster, topics, exercises, plan",
		Example: `  lambdatutor class report --db class.db
  lambdatutor class report --db class.db --csv > grades.csv`,
		Args: cobra.NoArgs,
	}
	opts := &ClassReportOptions{}
	report := &cobra.Command{
		Use:   "report",
		Short: "Print the class's progress from the database, for grading scripts",
		Long: `Print what the instructors' Class screen shows, read from the progress
database (--db; the one serve uses): one row per learner (name, key,
first and last seen, lessons read, exercises solved, quiz accuracy, reviews
overdue, course plan completed and late), quiz accuracy by topic, and per
exercise how many learners tried and passed, the median number of check runs
and the hints used. Guests are left out.

--csv prints the roster only, one row per learner with a column per plan item
(done, due or late); --json prints everything. Times are UTC.`,
		Example: `  lambdatutor class report --db class.db
  lambdatutor class report --db postgres://tutor@db/lambdatutor --csv > grades.csv
  lambdatutor class report --json | jq '.learners[] | {name, plan_done}'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.JSON && opts.CSV {
				return errors.New("--json and --csv cannot be used together; choose one")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runClassReport(cmd.Context(), f, opts)
		},
	}
	report.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	report.Flags().BoolVar(&opts.CSV, "csv", false, "print the roster as CSV")
	cmd.AddCommand(report)
	return cmd
}

func runClassReport(ctx context.Context, f *Factory, opts *ClassReportOptions) error {
	c, err := class.DefaultContent()
	if err != nil {
		return err
	}
	s, err := f.Store()
	if err != nil {
		return err
	}
	r, err := class.Build(ctx, s, c, time.Now())
	if err != nil {
		return err
	}
	switch {
	case opts.JSON:
		return writeJSON(f.Out, r)
	case opts.CSV:
		return class.WriteCSV(f.Out, r)
	}
	return class.WriteText(f.Out, r)
}
