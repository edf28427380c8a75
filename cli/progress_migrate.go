package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/progress"
)

// MigrateOptions are the options of `lambdatutor progress migrate`.
type MigrateOptions struct {
	From, To string
	JSON     bool
}

func newCmdProgressMigrate(f *Factory) *cobra.Command {
	opts := &MigrateOptions{}
	cmd := &cobra.Command{
		Use:   "migrate --from FILE --to URL",
		Short: "Copy every learner from one progress database into another (SQLite into PostgreSQL)",
		Long: `Copy every learner and all of their progress (lessons, quiz cards and answers,
exercise records and attempts, drafts, settings) from one progress database into
another, in one transaction: everything or, on any error, nothing. The usual
use moves a class's SQLite file into the PostgreSQL database that several
` + "`serve`" + ` instances share; either side may be a file or a postgres:// URL.
The target's schema is created or updated first. Learners whose key the
target already has are refused (nothing is copied), so running it twice is
harmless. Stop the servers using the source first, so no write is missed.`,
		Example: `  lambdatutor progress migrate --from class.db --to postgres://tutor@db/lambdatutor
  lambdatutor progress migrate --from class.db --to postgres://tutor@db/lambdatutor --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMigrate(cmd.Context(), f.Out, opts)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "progress database to copy from: a SQLite file or a postgres:// URL")
	cmd.Flags().StringVar(&opts.To, "to", "", "progress database to copy into: a postgres:// URL or a SQLite file")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

// migrateJSON is what `progress migrate --json` prints.
type migrateJSON struct {
	From  string         `json:"from"`
	To    string         `json:"to"`
	Users int            `json:"users"`
	Rows  map[string]int `json:"rows"`
}

func runMigrate(ctx context.Context, out io.Writer, opts *MigrateOptions) error {
	switch {
	case opts.From == "" || opts.To == "":
		return fmt.Errorf("progress migrate needs both --from (the database to copy) and --to (where to copy it), e.g. --from class.db --to postgres://tutor@db/lambdatutor")
	case opts.From == opts.To:
		return fmt.Errorf("--from and --to are the same database (%s); give the target as --to", progress.RedactURL(opts.To))
	}
	if !progress.IsPostgresURL(opts.From) {
		if fi, err := os.Stat(opts.From); err != nil || fi.IsDir() {
			return fmt.Errorf("--from %s: there is no progress database file there; give the SQLite file the class used (serve's --db, by default ~/.local/share/lambdatutor/progress.db)", opts.From)
		}
	}
	src, err := progress.Open(opts.From)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := progress.Open(opts.To)
	if err != nil {
		return err
	}
	defer dst.Close()
	stats, err := progress.CopyAll(ctx, src, dst)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(out, migrateJSON{From: src.Path(), To: dst.Path(), Users: stats.Users, Rows: stats.Rows})
	}
	tables := make([]string, 0, len(stats.Rows))
	for t := range stats.Rows {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	var parts []string
	for _, t := range tables {
		parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(t, "_", " "), stats.Rows[t]))
	}
	detail := ""
	if len(parts) > 0 {
		detail = " (" + strings.Join(parts, ", ") + ")"
	}
	return writeString(out, fmt.Sprintf("Copied %d learners%s\nfrom %s\ninto %s\n", stats.Users, detail, src.Path(), dst.Path()))
}
