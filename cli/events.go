package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/sandbox/events"
)

// EventsOptions are the options of `lambdatutor events`.
type EventsOptions struct {
	JSON bool
}

// NewCmdEvents builds `lambdatutor events` and `events show`.
func NewCmdEvents(f *Factory, runF func(io.Writer, *EventsOptions) error) *cobra.Command {
	opts := &EventsOptions{}
	cmd := &cobra.Command{
		Use:   "events",
		Short: "List the test-event templates (API Gateway, S3, SQS, ...)",
		Long: `List the test-event templates you can send to a handler. They are written
for lambdatutor with the same keys as the events Lambda really delivers.`,
		Example: `  lambdatutor events
  lambdatutor events show s3-put
  lambdatutor events show sqs > event.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(f.Out, opts)
			}
			return eventsList(f.Out, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.AddCommand(NewCmdEventShow(f, nil))
	return cmd
}

func eventsList(w io.Writer, opts *EventsOptions) error {
	if opts.JSON {
		type item struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		}
		out := []item{}
		for _, n := range events.Names() {
			out = append(out, item{n, events.Describe(n)})
		}
		return writeJSON(w, out)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDESCRIPTION")
	for _, n := range events.Names() {
		fmt.Fprintf(tw, "%s\t%s\n", n, events.Describe(n))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeString(w, "\nPrint one with `lambdatutor events show NAME`.\n")
}

// EventShowOptions are the options of `lambdatutor events show`.
type EventShowOptions struct {
	Name string
}

// NewCmdEventShow builds `lambdatutor events show NAME`.
func NewCmdEventShow(f *Factory, runF func(io.Writer, *EventShowOptions) error) *cobra.Command {
	opts := &EventShowOptions{}
	cmd := &cobra.Command{
		Use:     "show NAME",
		Short:   "Print one event template as JSON",
		Example: "  lambdatutor events show apigw-http",
		Args:    cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, n := range events.Names() {
				if strings.HasPrefix(n, toComplete) {
					names = append(names, n+"\t"+events.Describe(n))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(f.Out, opts)
			}
			return eventShow(f.Out, opts)
		},
	}
	return cmd
}

func eventShow(w io.Writer, opts *EventShowOptions) error {
	data, err := events.Get(opts.Name)
	if err != nil {
		return fmt.Errorf("%w (see `lambdatutor events`)", err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, bytes.TrimSpace(data), "", "  "); err != nil {
		return fmt.Errorf("event template %q is not valid JSON (this is a bug, please report it): %w", opts.Name, err)
	}
	buf.WriteByte('\n')
	_, err = w.Write(buf.Bytes())
	return err
}
