package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/pack"
)

// PackLintOptions are the options of `lambdatutor pack lint`.
type PackLintOptions struct {
	Dir  string
	JSON bool
	// Static skips the exercise dev check, which runs code.
	Static bool
}

// NewCmdPack builds `lambdatutor pack` and its subcommands.
func NewCmdPack(f *Factory, runF func(context.Context, *PackLintOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pack",
		Short: "Check content packs: your own lessons, questions and exercises",
		Long: `A content pack is a folder of your own lessons, questions and exercises,
loaded beside the built-in ones with ` + "`lambdatutor --pack DIR`" + ` or
` + "`lambdatutor serve --pack DIR`" + `. See "Writing a content pack" in the README.`,
		Example: `  lambdatutor pack lint examples/packs/skyrail
  lambdatutor --pack examples/packs/skyrail lessons`,
		Args: cobra.NoArgs,
	}
	opts := &PackLintOptions{}
	lint := &cobra.Command{
		Use:   "lint DIR",
		Short: "Check a content pack as the built-in content is checked; exit 1 on findings",
		Long: `Check a content pack with the rules the built-in content passes in its
tests: pack.yaml, lesson front matter, sections, links, code languages and
sources with URLs; question schemas, numeric answers against their compute
blocks, model answers against their key points, topics; exercise layout
and the dev check (every starter fails a test, every solution passes).

Each finding is printed as PATH:LINE: MESSAGE. Exit status: 0 when the pack
is clean, 1 on findings, 2 on a usage error.`,
		Example: `  lambdatutor pack lint examples/packs/skyrail
  lambdatutor pack lint ./my-pack --static      # skip running the exercises
  lambdatutor pack lint ./my-pack --json | jq -r '.findings[].message'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return packLint(cmd.Context(), f, opts)
		},
	}
	lint.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	lint.Flags().BoolVar(&opts.Static, "static", false, "skip the exercise dev check (it runs every starter and solution)")
	cmd.AddCommand(lint)
	return cmd
}

type packLintJSON struct {
	Dir       string         `json:"dir"`
	Pack      *pack.Meta     `json:"pack,omitempty"`
	OK        bool           `json:"ok"`
	Lessons   int            `json:"lessons"`
	Questions int            `json:"questions"`
	Exercises int            `json:"exercises"`
	DevCheck  bool           `json:"dev_check"`
	Findings  []pack.Finding `json:"findings"`
}

func packLint(ctx context.Context, f *Factory, opts *PackLintOptions) error {
	p, findings, err := pack.Lint(ctx, opts.Dir, pack.Options{DevCheck: !opts.Static})
	if errors.Is(err, pack.ErrNotAPack) {
		return &usageError{err}
	}
	if err != nil {
		return err
	}
	out := packLintJSON{Dir: opts.Dir, OK: len(findings) == 0, DevCheck: !opts.Static, Findings: findings}
	if out.Findings == nil {
		out.Findings = []pack.Finding{}
	}
	if p != nil {
		out.Pack = &p.Meta
		out.Lessons, out.Questions, out.Exercises = len(p.Lessons), len(p.Questions), len(p.Exercises)
	}
	if opts.JSON {
		if err := writeJSON(f.Out, out); err != nil {
			return err
		}
	} else {
		var b strings.Builder
		for _, fd := range findings {
			b.WriteString(fd.String() + "\n")
		}
		if p != nil {
			check := "dev check run"
			if opts.Static {
				check = "dev check skipped (--static)"
			}
			fmt.Fprintf(&b, "%s: pack %q (%s, version %s): %d lessons, %d questions, %d exercises; no problems (%s)\n",
				opts.Dir, p.Meta.ID, p.Meta.Title, p.Meta.Version, out.Lessons, out.Questions, out.Exercises, check)
		}
		if err := writeString(f.Out, b.String()); err != nil {
			return err
		}
	}
	if len(findings) > 0 {
		return &ExitError{Code: exitFailure, Err: fmt.Errorf("%d problem(s) in the content pack %s; fix them and run `lambdatutor pack lint %s` again", len(findings), opts.Dir, opts.Dir)}
	}
	return nil
}
