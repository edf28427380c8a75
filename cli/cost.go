package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
)

// CostOptions are the options of `lambdatutor cost`.
type CostOptions struct {
	Requests    int64
	Duration    string // with a unit: "200ms", "1.5s"
	MemoryMB    int
	Arch        string
	EphemeralMB int
	FreeTier    bool
	NoFreeTier  bool
	InitMs      float64
	ColdRatio   string // a fraction ("0.01") or a percentage ("1%")
	Era         string
	Image       bool // container image or custom runtime: INIT billed in every era
	Provisioned int
	PCHours     float64
	PCRequests  int64
	JSON        bool
}

// NewCmdCost builds `lambdatutor cost`.
func NewCmdCost(f *Factory, runF func(io.Writer, *CostOptions) error) *cobra.Command {
	opts := &CostOptions{}
	cmd := &cobra.Command{
		Use:   "cost",
		Short: "Work out a function's monthly Lambda bill, line by line",
		Long: `Work out what a function costs per month in us-east-1: requests, duration in
GB-s through the three price tiers, INIT of cold starts (billed since
2025-08-01), the free tier, provisioned concurrency and ephemeral storage.

Duration is the average REPORT Duration of one invocation and needs a unit.
The free tier (1M requests and 400,000 GB-s a month) is per account and shared
by all functions; it is on by default, as if nothing else used it.`,
		Example: `  lambdatutor cost --requests 1000000 --duration 200ms --memory 256
  lambdatutor cost --requests 1000000 --duration 200ms --memory 256 --arch arm64 --no-free-tier
  lambdatutor cost --requests 1000000 --duration 200ms --memory 256 --init-ms 150 --cold-ratio 1%
  lambdatutor cost --requests 0 --duration 1ms --memory 1024 --provisioned 1 --pc-hours 720
  lambdatutor cost --requests 5000000 --duration 120ms --memory 512 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("free-tier") && cmd.Flags().Changed("no-free-tier") {
				return &usageError{errors.New("use either --free-tier or --no-free-tier, not both")}
			}
			if !cmd.Flags().Changed("requests") {
				return &usageError{errors.New("--requests is required: the number of invocations per month, e.g. --requests 1000000")}
			}
			if !cmd.Flags().Changed("duration") {
				return &usageError{errors.New("--duration is required: the average duration of one invocation with a unit, e.g. --duration 200ms")}
			}
			if runF != nil {
				return runF(f.Out, opts)
			}
			return runCost(f.Out, opts)
		},
	}
	fl := cmd.Flags()
	fl.Int64Var(&opts.Requests, "requests", 0, "invocations per month (required)")
	fl.StringVar(&opts.Duration, "duration", "", "average duration of one invocation, with a unit: 200ms, 1.5s (required)")
	fl.IntVar(&opts.MemoryMB, "memory", 128, "memory size in MB, 128-10240")
	fl.StringVar(&opts.Arch, "arch", string(billing.X86_64), "architecture: x86_64 or arm64")
	fl.IntVar(&opts.EphemeralMB, "ephemeral", 512, "ephemeral storage (/tmp) in MB, 512-10240; above 512 is billed")
	fl.BoolVar(&opts.FreeTier, "free-tier", true, "apply the monthly free tier")
	fl.BoolVar(&opts.NoFreeTier, "no-free-tier", false, "do not apply the free tier")
	fl.Float64Var(&opts.InitMs, "init-ms", 0, "Init Duration of a cold start in ms")
	fl.StringVar(&opts.ColdRatio, "cold-ratio", "0", "share of on-demand invocations that are cold: 0.01 or 1%")
	fl.StringVar(&opts.Era, "era", string(billing.EraCurrent), "billing rules: 2025-08 (current), 2020-12 (free INIT) or 2017 (100 ms rounding)")
	fl.BoolVar(&opts.Image, "image", false, "container image or custom runtime (INIT billed in every era)")
	fl.IntVar(&opts.Provisioned, "provisioned", 0, "provisioned concurrency: number of environments")
	fl.Float64Var(&opts.PCHours, "pc-hours", 0, "hours provisioned concurrency is enabled this month (720 = 30 days)")
	fl.Int64Var(&opts.PCRequests, "pc-requests", 0, "invocations served by provisioned concurrency (the rest run on demand)")
	fl.BoolVar(&opts.JSON, "json", false, "print the breakdown as JSON")
	return cmd
}

// costUsage turns the options into a billing.Usage, with errors that say what to type.
func costUsage(opts *CostOptions) (billing.Usage, error) {
	d, err := parseDurationFlag(opts.Duration)
	if err != nil {
		return billing.Usage{}, err
	}
	arch, err := billing.ParseArch(opts.Arch)
	if err != nil {
		return billing.Usage{}, fmt.Errorf("--arch: %w", err)
	}
	era, err := billing.ParseEra(opts.Era)
	if err != nil {
		return billing.Usage{}, fmt.Errorf("--era: %w", err)
	}
	cold, err := parseRatio(opts.ColdRatio)
	if err != nil {
		return billing.Usage{}, err
	}
	if opts.MemoryMB < billing.MinMemoryMB || opts.MemoryMB > billing.MaxMemoryMB {
		return billing.Usage{}, fmt.Errorf("--memory must be between %d and %d MB (1 MB steps), got %d", billing.MinMemoryMB, billing.MaxMemoryMB, opts.MemoryMB)
	}
	switch {
	case opts.Requests < 0:
		return billing.Usage{}, fmt.Errorf("--requests must be 0 or more, got %d", opts.Requests)
	case opts.EphemeralMB < billing.IncludedEphemeralMB || opts.EphemeralMB > billing.MaxEphemeralMB:
		return billing.Usage{}, fmt.Errorf("--ephemeral must be between %d and %d MB, got %d", billing.IncludedEphemeralMB, billing.MaxEphemeralMB, opts.EphemeralMB)
	case opts.InitMs < 0 || opts.InitMs > billing.MaxDurationMs:
		return billing.Usage{}, fmt.Errorf("--init-ms must be between 0 and %d, got %v", billing.MaxDurationMs, opts.InitMs)
	case opts.Provisioned < 0:
		return billing.Usage{}, fmt.Errorf("--provisioned must be 0 or more, got %d", opts.Provisioned)
	case opts.Provisioned == 0 && (opts.PCHours != 0 || opts.PCRequests != 0):
		return billing.Usage{}, errors.New("--pc-hours and --pc-requests need --provisioned N, the number of provisioned environments")
	case opts.Provisioned > 0 && opts.PCHours == 0:
		return billing.Usage{}, errors.New("--provisioned needs --pc-hours: the hours it is enabled this month (720 for 30 days)")
	case opts.PCHours < 0 || opts.PCHours > billing.MaxPCHours:
		return billing.Usage{}, fmt.Errorf("--pc-hours must be between 0 and %d (a 31-day month), got %v", billing.MaxPCHours, opts.PCHours)
	case opts.PCRequests < 0 || opts.PCRequests > opts.Requests:
		return billing.Usage{}, fmt.Errorf("--pc-requests must be between 0 and --requests (%d), got %d", opts.Requests, opts.PCRequests)
	}
	u := billing.Usage{
		Requests:               opts.Requests,
		AvgDurationMs:          float64(d) / float64(time.Millisecond),
		MemoryMB:               opts.MemoryMB,
		Arch:                   arch,
		EphemeralMB:            opts.EphemeralMB,
		FreeTier:               opts.FreeTier && !opts.NoFreeTier,
		Era:                    era,
		InitMs:                 opts.InitMs,
		ColdRatio:              cold,
		InitAlwaysBilled:       opts.Image,
		ProvisionedConcurrency: opts.Provisioned,
		PCHours:                opts.PCHours,
		PCRequests:             opts.PCRequests,
	}
	if err := u.Validate(); err != nil {
		return billing.Usage{}, fmt.Errorf("%w (see `lambdatutor cost --help`)", err)
	}
	return u, nil
}

// parseDurationFlag reads a duration with a unit ("200ms", "1.5s", "27.55ms").
func parseDurationFlag(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return 0, fmt.Errorf("--duration %q needs a unit: write %sms or %ss", s, s, s)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("--duration %q is not a duration: write it like 200ms, 1.5s or 2m", s)
	}
	if d < 0 || d > 15*time.Minute {
		return 0, fmt.Errorf("--duration %s is out of range: an invocation lasts from 0 to 15m (the maximum timeout)", d)
	}
	return d, nil
}

// parseRatio reads "0.01" or "1%".
func parseRatio(s string) (float64, error) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		return 0, fmt.Errorf("--cold-ratio %q is not a number: write a fraction like 0.01 or a percentage like 1%%", s)
	}
	if pct {
		v /= 100
	}
	if v < 0 || v > 1 {
		return 0, fmt.Errorf("--cold-ratio %q must be between 0 and 1 (0%% to 100%%)", s)
	}
	return v, nil
}

func runCost(w io.Writer, opts *CostOptions) error {
	u, err := costUsage(opts)
	if err != nil {
		return &usageError{err}
	}
	b, err := billing.Monthly(u)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(w, b)
	}
	return writeBreakdown(w, b)
}

// writeBreakdown prints a monthly bill as a table.
func writeBreakdown(w io.Writer, b billing.Breakdown) error {
	u := b.Usage
	billed := fmt.Sprintf("billed %d ms", b.BilledMsWarm)
	if b.ColdStarts > 0 && b.BilledMsCold != b.BilledMsWarm {
		billed += fmt.Sprintf(", %d ms when cold", b.BilledMsCold)
	}
	if _, err := fmt.Fprintf(w, "Monthly cost in us-east-1: %s requests × %s ms (%s) × %d MB, %s\nBilling rules: %s\n\n",
		billing.FormatQuantity(float64(u.Requests)), strconv.FormatFloat(u.AvgDurationMs, 'f', -1, 64), billed,
		u.MemoryMB, u.Arch, u.Era.Describe()); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ITEM\tQUANTITY\tRATE (USD)\tCOST")
	for _, l := range b.Lines {
		label, cost := l.Label, billing.FormatUSD(l.USD)
		if l.Included {
			label, cost = "  "+label, "("+cost+")"
		}
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\n", label, billing.FormatQuantity(l.Quantity), l.Unit,
			strconv.FormatFloat(l.RateUSD, 'f', -1, 64), cost)
	}
	total := billing.FormatCents(b.Total)
	if precise := billing.FormatUSD(b.Total); precise != total && b.Total < 1 {
		total += " (" + precise + ")"
	}
	fmt.Fprintf(tw, "TOTAL per month\t\t\t%s\n", total)
	if err := tw.Flush(); err != nil {
		return err
	}
	var notes []string
	if _, ok := b.Line(billing.LineInit); ok {
		notes = append(notes, "The INIT line is already in the duration above: it shows what cold starts add to the bill.")
	}
	notes = append(notes, b.Notes...)
	if b.Usage.Requests > 0 {
		notes = append(notes, fmt.Sprintf("Per invocation (on demand, warm, no free tier): %s.",
			billing.FormatUSD(billing.InvocationCost(u.Arch, u.MemoryMB, u.EphemeralMB, b.BilledMsWarm).Total())))
	}
	for _, n := range notes {
		if _, err := fmt.Fprintf(w, "\n%s", n); err != nil {
			return err
		}
	}
	return writeString(w, "\n")
}
