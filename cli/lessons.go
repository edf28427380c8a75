package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/tui"
)

// LessonsOptions are the options of `lambdatutor lessons`.
type LessonsOptions struct {
	JSON bool
}

// NewCmdLessons builds `lambdatutor lessons` and `lessons show`.
func NewCmdLessons(f *Factory, runF func(context.Context, *LessonsOptions) error) *cobra.Command {
	opts := &LessonsOptions{}
	cmd := &cobra.Command{
		Use:   "lessons",
		Short: "List the lessons with your completion",
		Example: `  lambdatutor lessons
  lambdatutor lessons --json | jq -r '.[] | select(.completed | not) | .id'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return lessonsList(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.AddCommand(NewCmdLessonShow(f, nil))
	return cmd
}

type lessonJSON struct {
	ID          string     `json:"id"`
	Order       int        `json:"order"`
	Title       string     `json:"title"`
	Summary     string     `json:"summary"`
	Tags        []string   `json:"tags"`
	Pack        string     `json:"pack,omitempty"`
	Completed   bool       `json:"completed"`
	CompletedAt *time.Time `json:"completed_at,omitempty"`
}

func lessonsList(ctx context.Context, f *Factory, opts *LessonsOptions) error {
	cat, err := f.Catalog()
	if err != nil {
		return err
	}
	recs, err := localLessonRecords(ctx, f)
	if err != nil {
		return err
	}
	if opts.JSON {
		out := make([]lessonJSON, 0, cat.Len())
		for _, l := range cat.All() {
			j := lessonJSON{ID: l.ID, Order: l.Order, Title: l.Title, Summary: l.Summary, Tags: l.Tags, Pack: l.Pack}
			if r, ok := recs[l.ID]; ok && r.Completed() {
				t := r.CompletedAt
				j.Completed, j.CompletedAt = true, &t
			}
			out = append(out, j)
		}
		return writeJSON(f.Out, out)
	}
	tw := tabwriter.NewWriter(f.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tID\tTITLE\tDONE")
	done := 0
	for _, l := range cat.All() {
		mark := "-"
		if recs[l.ID].Completed() {
			mark = "yes"
			done++
		}
		title := l.Title
		if l.Pack != "" {
			title += " [" + l.Pack + "]"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", l.Order, l.ID, title, mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(f.Out, "\n%d of %d lessons completed. Read one with `lambdatutor lessons show ID` or its number, such as `lambdatutor lessons show 3`.\n", done, cat.Len())
	return err
}

// localLessonRecords reads the local user's lesson records.
func localLessonRecords(ctx context.Context, f *Factory) (map[string]progress.LessonRecord, error) {
	s, u, err := f.LocalUser(ctx)
	if err != nil {
		return nil, err
	}
	return s.Lessons(ctx, u.ID)
}

// LessonShowOptions are the options of `lambdatutor lessons show`.
type LessonShowOptions struct {
	ID   string
	JSON bool
	// Raw prints the Markdown source even on a terminal.
	Raw bool
}

// NewCmdLessonShow builds `lambdatutor lessons show ID`.
func NewCmdLessonShow(f *Factory, runF func(context.Context, *LessonShowOptions) error) *cobra.Command {
	opts := &LessonShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Print one lesson",
		Long: `Print one lesson, named by its id or by its number in the list of
` + "`lambdatutor lessons`" + `. On a terminal it is formatted; in a pipe, or with
--raw, it is the lesson's Markdown. Both end with the lesson's sources.`,
		Example: `  lambdatutor lessons show cold-starts
  lambdatutor lessons show 3             # the number in the list
  lambdatutor lessons show pricing --raw > pricing.md`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			cat, err := f.Catalog()
			if err != nil || len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []string
			for _, l := range cat.All() {
				if strings.HasPrefix(l.ID, toComplete) {
					ids = append(ids, l.ID+"\t"+l.Title)
				}
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return lessonShow(f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON (metadata, sections and Markdown)")
	cmd.Flags().BoolVar(&opts.Raw, "raw", false, "print the Markdown source even on a terminal")
	return cmd
}

func lessonShow(f *Factory, opts *LessonShowOptions) error {
	cat, err := f.Catalog()
	if err != nil {
		return err
	}
	l, err := cat.Get(opts.ID)
	if n, nerr := strconv.Atoi(opts.ID); err != nil && nerr == nil {
		l, err = lessonByNumber(cat, n)
	}
	if err != nil {
		return err
	}
	if opts.JSON {
		type section struct {
			Title  string `json:"title"`
			Anchor string `json:"anchor"`
		}
		secs := make([]section, len(l.Sections))
		for i, s := range l.Sections {
			secs[i] = section{s.Title, s.Anchor}
		}
		return writeJSON(f.Out, struct {
			ID         string    `json:"id"`
			Order      int       `json:"order"`
			Title      string    `json:"title"`
			Summary    string    `json:"summary"`
			Tags       []string  `json:"tags"`
			Sources    []string  `json:"sources"`
			VerifiedOn string    `json:"verified_on"`
			Sections   []section `json:"sections"`
			Markdown   string    `json:"markdown"`
		}{l.ID, l.Order, l.Title, l.Summary, l.Tags, l.Sources, l.VerifiedOn, secs, l.Body})
	}
	if opts.Raw || !isTerminal(f.Out) {
		return writeString(f.Out, plainLesson(l))
	}
	r, err := tui.RenderLesson(l, min(terminalWidth(f.Out, 80), 100), tui.LessonStyle(f.noColor()))
	if err != nil {
		return err
	}
	return writeString(f.Out, strings.Join(r.Lines, "\n")+"\n")
}

// lessonByNumber finds a lesson by the number `lambdatutor lessons` shows.
func lessonByNumber(cat *lessons.Catalog, n int) (*lessons.Lesson, error) {
	all := cat.All()
	for _, l := range all {
		if l.Order == n {
			return l, nil
		}
	}
	return nil, fmt.Errorf("there is no lesson number %d; the lessons are numbered %d to %d (see `lambdatutor lessons`)", n, all[0].Order, all[len(all)-1].Order)
}

// plainLesson is the lesson as Markdown with its sources at the end.
func plainLesson(l *lessons.Lesson) string { return l.MarkdownWithSources() }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
