package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/sim"
	"github.com/lambdatutor/lambdatutor/simreport"
)

// SimulateOptions are the options of `lambdatutor simulate`.
type SimulateOptions struct {
	Scenario string // a built-in scenario
	File     string // a scenario file (YAML)
	List     bool
	// Sets are the flags given, as sim.Scenario.Set keys and values, in order.
	Sets    [][2]string
	Process string
	Dist    string
	StdDev  string
	Seed    uint64
	Era     string
	Type    string
	Length  string
	Compare string
	// Measure names a handler file: its Duration and Init Duration are
	// measured by running it in the mini-runtime.
	Measure  string
	Event    string
	Template string
	JSON     bool
	CSV      bool
	NoCharts bool
	Width    int
	Color    bool
	In       io.Reader

	measuredEvent []byte
}

// NewCmdSimulate builds `lambdatutor simulate`.
func NewCmdSimulate(f *Factory, runF func(context.Context, io.Writer, *SimulateOptions) error) *cobra.Command {
	opts := &SimulateOptions{}
	var setFlags = []string{"rate", "memory", "arch", "concurrency", "reserved", "provisioned", "scaling", "timeout", "duration", "init", "batch"}
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Simulate a day of Lambda traffic: concurrency, cold starts, 429s, latency, cost",
		Long: `Simulate traffic against one function with the fleet rules of the
mini-runtime: account and reserved concurrency, the scaling rate (1,000
environments per 10 s, or the pre-2023 rule), the 10 x concurrency
requests-per-second limit, provisioned concurrency, idle reclaim, async
retries and SQS pollers. It is a model, not a run of your code: millions of
invocations take seconds. Costs come from the billing engine (us-east-1, no
free tier).

Start from a built-in scenario (--scenario, see --list), a scenario file
(--file, YAML, below), or flags alone; flags override the scenario. The
summary and charts go to the terminal; --json and --csv give the series.
--compare KEY=V1,V2,... runs one variant per value and puts them side by
side, marking the cheapest and the fastest (fewest throttles, then the
lowest p99, then the lowest mean latency). --length is the length of the
run; --duration is the Duration of one invocation.

--measure FILE runs your handler a few times in the mini-runtime and uses
its measured Duration (mean and spread) and Init Duration instead of
--duration and --init.

The scenario file:

` + indentLines(sim.Reference, "  "),
		Example: `  lambdatutor simulate --list
  lambdatutor simulate --scenario black-friday-new-account
  lambdatutor simulate --rate 1000 --duration 200ms --memory 256 --length 24h
  lambdatutor simulate --scenario morning-spike --compare provisioned=0,100,300
  lambdatutor simulate --scenario steady-api --compare arch=x86_64,arm64
  lambdatutor simulate --file day.yaml --csv > series.csv
  lambdatutor simulate --rate 50 --measure index.mjs --memory 512`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Scenario != "" && opts.File != "" {
				return errors.New("use either --scenario or --file, not both")
			}
			if opts.JSON && opts.CSV {
				return errors.New("use either --json or --csv, not both")
			}
			opts.Sets = nil
			cmd.Flags().Visit(func(fl *pflag.Flag) {
				for _, k := range setFlags {
					if fl.Name == k {
						opts.Sets = append(opts.Sets, [2]string{k, fl.Value.String()})
					}
				}
			})
			opts.In = f.In
			opts.Color = isTerminal(f.Out) && !f.noColor()
			if opts.Width == 0 {
				opts.Width = terminalWidth(f.Out, 80)
			}
			if runF != nil {
				return runF(cmd.Context(), f.Out, opts)
			}
			return runSimulate(cmd.Context(), f.Out, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Scenario, "scenario", "", "a built-in scenario (see --list)")
	fl.StringVarP(&opts.File, "file", "f", "", "a scenario file (YAML, described above)")
	fl.BoolVar(&opts.List, "list", false, "list the built-in scenarios")
	fl.String("rate", "", "requests (SQS: messages) per second, constant")
	fl.String("memory", "", "memory in MB, 128-10240")
	fl.String("arch", "", "x86_64 or arm64")
	fl.String("concurrency", "", "the account's concurrency limit")
	fl.String("reserved", "", "the function's reserved concurrency (none: no reservation)")
	fl.String("provisioned", "", "provisioned concurrency")
	fl.String("scaling", "", "scaling rule: 2023 or legacy")
	fl.String("timeout", "", "the function's timeout, such as 10s")
	fl.String("duration", "", "mean Duration of one invocation, such as 200ms")
	fl.String("init", "", "Init Duration of a cold start, such as 300ms")
	fl.String("batch", "", "SQS batch size")
	fl.StringVar(&opts.Dist, "dist", "", "duration distribution: fixed, normal or lognormal")
	fl.StringVar(&opts.StdDev, "stddev", "", "standard deviation of the duration, such as 50ms")
	fl.StringVar(&opts.Process, "process", "", "arrivals: poisson or deterministic")
	fl.StringVar(&opts.Type, "type", "", "invocation type: sync, async or sqs")
	fl.StringVar(&opts.Length, "length", "", "length of the run, such as 24h")
	fl.StringVar(&opts.Era, "era", "", "billing era: 2025-08, 2020-12 or 2017")
	fl.Uint64Var(&opts.Seed, "seed", 0, "random seed (the same seed gives the same run)")
	fl.StringVar(&opts.Compare, "compare", "", "compare variants: KEY=V1,V2,... (keys: "+strings.Join(setFlags, ", ")+", traffic (a factor), type, era)")
	fl.StringVar(&opts.Measure, "measure", "", "measure Duration and Init Duration by running this handler file in the mini-runtime")
	fl.StringVar(&opts.Event, "event", "", "with --measure: the event JSON file")
	fl.StringVar(&opts.Template, "template", "", "with --measure: an event template `NAME`, listed by lambdatutor events")
	fl.BoolVar(&opts.JSON, "json", false, "print the scenario, summary and series as JSON")
	fl.BoolVar(&opts.CSV, "csv", false, "print the series as CSV")
	fl.BoolVar(&opts.NoCharts, "no-charts", false, "print the summary without charts")
	fl.IntVar(&opts.Width, "width", 0, "width of the charts in columns (default: the terminal's, or 80)")
	return cmd
}

func indentLines(s, pre string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = pre + l
	}
	return strings.Join(lines, "\n")
}

// simulateScenario builds the scenario from the options.
func simulateScenario(ctx context.Context, w io.Writer, opts *SimulateOptions) (sim.Scenario, error) {
	var sc sim.Scenario
	var err error
	switch {
	case opts.Scenario != "":
		sc, err = sim.Builtin(opts.Scenario)
	case opts.File != "":
		var b []byte
		b, err = os.ReadFile(opts.File)
		if err != nil {
			return sc, fmt.Errorf("cannot read the scenario file: %w", err)
		}
		dir := filepath.Dir(opts.File)
		sc, err = sim.ParseScenario(b, func(name string) ([]byte, error) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(dir, name)
			}
			return os.ReadFile(name)
		})
		if err != nil {
			err = fmt.Errorf("%s: %w", opts.File, err)
		}
	default:
		sc = sim.Scenario{Name: "flags"}.WithDefaults()
	}
	if err != nil {
		return sc, err
	}
	if opts.Length != "" {
		d, err := sim.ParseDuration(opts.Length)
		if err != nil {
			return sc, fmt.Errorf("--length: %w", err)
		}
		sc.Duration = d
		sc.Step = 0
	}
	if opts.Process != "" {
		sc.Traffic.Process = opts.Process
	}
	if opts.Dist != "" {
		sc.Function.Duration.Dist = opts.Dist
	}
	if opts.StdDev != "" {
		d, err := sim.ParseDuration(opts.StdDev)
		if err != nil {
			return sc, fmt.Errorf("--stddev: %w", err)
		}
		sc.Function.Duration.StdDev = d
	}
	if opts.Type != "" {
		sc.Invocation.Type = opts.Type
	}
	if opts.Era != "" {
		if sc, err = setEra(sc, opts.Era); err != nil {
			return sc, err
		}
	}
	if opts.Seed != 0 {
		sc.Seed = opts.Seed
	}
	for _, kv := range opts.Sets {
		// Validation waits until every flag is applied: one flag may make
		// another valid (--provisioned 20 with --reserved 50).
		if sc, err = sc.Set(kv[0], kv[1]); err != nil && !isValidation(err) {
			return sc, fmt.Errorf("--%s: %w", kv[0], err)
		}
	}
	if opts.Measure != "" {
		event, err := invokeEvent(&InvokeOptions{Event: opts.Event, Template: opts.Template, In: opts.In})
		if err != nil {
			return sc, err
		}
		opts.measuredEvent = event
		if !remeasured(opts.Compare) {
			if sc, err = applyMeasure(ctx, w, opts, sc); err != nil {
				return sc, err
			}
		}
	}
	sc = sc.WithDefaults()
	return sc, sc.Validate()
}

// applyMeasure runs the --measure handler at the scenario's memory and
// architecture and puts its Duration and Init Duration in the scenario.
func applyMeasure(ctx context.Context, w io.Writer, opts *SimulateOptions, sc sim.Scenario) (sim.Scenario, error) {
	m, err := measureHandler(ctx, measureSpec{File: opts.Measure, Event: opts.measuredEvent,
		MemoryMB: sc.Function.MemoryMB, Arch: string(sc.Function.Arch), TimeoutSec: int(sc.Function.Timeout.Seconds()), N: 20})
	if err != nil {
		return sc, err
	}
	sc.Function.Duration = m.dist()
	sc.Function.Init = sim.Duration(m.InitMs * 1e6)
	if !opts.JSON && !opts.CSV {
		_, err = fmt.Fprintf(w, "Measured %s in the mini-runtime at %d MB %s: %s\n\n", opts.Measure, sc.Function.MemoryMB, sc.Function.Arch, m.describe())
	}
	return sc, err
}

// remeasured is true for a comparison whose variants are measured one by
// one with --measure: memory and architecture change the Duration.
func remeasured(compare string) bool {
	key, _, _ := strings.Cut(compare, "=")
	key = strings.TrimSpace(key)
	return key == "memory" || key == "arch"
}

// isValidation tells a value the scenario refuses (checked again at the
// end) from a malformed flag.
func isValidation(err error) bool { return strings.HasPrefix(err.Error(), "scenario ") }

func setEra(sc sim.Scenario, v string) (sim.Scenario, error) {
	e, err := billing.ParseEra(v)
	if err != nil {
		return sc, fmt.Errorf("--era: %w", err)
	}
	sc.Era = e
	return sc, nil
}

func runSimulate(ctx context.Context, w io.Writer, opts *SimulateOptions) error {
	if opts.List {
		for _, name := range sim.BuiltinNames() {
			s, _ := sim.Builtin(name)
			if _, err := fmt.Fprintf(w, "%-26s %s\n", name, s.Description); err != nil {
				return err
			}
		}
		return nil
	}
	sc, err := simulateScenario(ctx, w, opts)
	if err != nil {
		return err
	}
	if sc.PeakRate() == 0 {
		return errors.New("no traffic to simulate: give --rate (requests per second), a --scenario (see --list) or a --file")
	}
	var rows []simreport.CompareRow
	key := ""
	if opts.Compare != "" {
		k, vals, ok := strings.Cut(opts.Compare, "=")
		if !ok || strings.TrimSpace(vals) == "" {
			return fmt.Errorf("--compare %q: write KEY=V1,V2,... such as provisioned=0,50,100", opts.Compare)
		}
		key = strings.TrimSpace(k)
		for _, v := range strings.Split(vals, ",") {
			v = strings.TrimSpace(v)
			var variant sim.Scenario
			if key == "era" {
				variant, err = setEra(sc, v)
			} else {
				variant, err = sc.Set(key, v)
			}
			if err != nil {
				return fmt.Errorf("--compare %s=%s: %w", key, v, err)
			}
			if opts.Measure != "" && remeasured(opts.Compare) {
				// Memory and architecture change the measured Duration: measure again.
				if variant, err = applyMeasure(ctx, w, opts, variant); err != nil {
					return err
				}
			}
			r, err := sim.Run(ctx, variant)
			if err != nil {
				return err
			}
			rows = append(rows, simreport.CompareRow{Label: v, Result: r})
		}
	} else {
		r, err := sim.Run(ctx, sc)
		if err != nil {
			return err
		}
		rows = []simreport.CompareRow{{Label: sc.Name, Result: r}}
	}
	switch {
	case opts.JSON:
		var v any = rows[0].Result
		if key != "" {
			type variant struct {
				Key    string      `json:"key"`
				Value  string      `json:"value"`
				Result *sim.Result `json:"result"`
			}
			cheapest, fastest := simreport.Best(rows)
			out := struct {
				Variants []variant `json:"variants"`
				Cheapest string    `json:"cheapest"`
				Fastest  string    `json:"fastest"`
			}{Cheapest: rows[cheapest].Label, Fastest: rows[fastest].Label}
			for _, r := range rows {
				out.Variants = append(out.Variants, variant{key, r.Label, r.Result})
			}
			v = out
		}
		return writeJSON(w, v)
	case opts.CSV:
		return simreport.WriteCSV(w, rows)
	}
	chartOpts := simreport.ChartOptions{Width: max(20, opts.Width-12), Height: 8, Color: opts.Color}
	if key != "" {
		if _, err := fmt.Fprintf(w, "%s\n", simreport.Wrap(fmt.Sprintf("Compare %s: %s\nFirst variant: %s\n", key, opts.Compare, simreport.Describe(rows[0].Result.Scenario)), opts.Width)); err != nil {
			return err
		}
		if err := simreport.WriteCompare(w, key, rows); err != nil {
			return err
		}
		if (key == "memory" || key == "arch") && opts.Measure == "" {
			note := "Note: here " + key + " changes the price, not the Duration, which is an input of the model. " +
				"Add --measure FILE to measure your handler at each setting, or see `lambdatutor tune FILE`.\n"
			if err := writeString(w, simreport.Wrap(note, opts.Width)); err != nil {
				return err
			}
		}
		if !opts.NoCharts {
			for _, r := range rows {
				if _, err := fmt.Fprintf(w, "\n%s=%s\n%s", key, r.Label, simreport.Chart(r.Result, simreport.ChartConcurrency, chartOpts)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	r := rows[0].Result
	if err := simreport.WriteSummary(w, r, opts.Width); err != nil {
		return err
	}
	if !opts.NoCharts {
		if _, err := fmt.Fprintf(w, "\n%s", simreport.Charts(r, chartOpts)); err != nil {
			return err
		}
	}
	return nil
}
