package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/sim"
	"github.com/lambdatutor/lambdatutor/simreport"
)

// DefaultTuneMemories are the memory sizes `tune` tries by default.
var DefaultTuneMemories = []int{128, 256, 512, 1024, 1536, 2048, 3008, 10240}

// TuneOptions are the options of `lambdatutor tune FILE`.
type TuneOptions struct {
	File          string
	Handler       string
	Runtime       string
	Event         string
	Template      string
	Arch          string
	TimeoutSec    int
	Memories      []int
	N             int
	ColdShare     string // "1%" or "0.01"
	Deterministic bool
	JSON          bool
	In            io.Reader
}

// NewCmdTune builds `lambdatutor tune FILE`.
func NewCmdTune(f *Factory, runF func(context.Context, io.Writer, *TuneOptions) error) *cobra.Command {
	opts := &TuneOptions{}
	var mems []string
	cmd := &cobra.Command{
		Use:   "tune FILE",
		Short: "Power tuning, offline: the handler's duration and cost at each memory size",
		Long: `Run your handler in the mini-runtime at several memory sizes, N times each
(the first invoke is a cold start, shown apart), and compare Duration and
cost per invocation. It recommends the cheapest, the fastest and a balanced
memory size, and shows how the share of cold starts changes the answer
(AWS Lambda Power Tuning averages with the top and bottom 20% trimmed,
which drops most cold starts).

What is measured and what is modelled: the handler's own work is measured
(host CPU time of the engine, or counted steps with --deterministic) and
awaited time is taken as it is; the mini-runtime then models Lambda's CPU
share (1,769 MB = one vCPU; one thread never gets more), the runtime's
INIT and per-invoke overhead (published cold-start measurements), and the
prices (billing engine, us-east-1). Real Lambda differs by host, Region
and network: use it to see the shape, then confirm on AWS.`,
		Example: `  lambdatutor tune index.mjs
  lambdatutor tune handler.py --template s3-put --memory 128,512,1769,3008 -n 20
  lambdatutor tune index.mjs --cold-share 5% --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.In = f.In
			opts.Memories = nil
			for _, m := range mems {
				for _, part := range strings.Split(m, ",") {
					v, err := strconv.Atoi(strings.TrimSpace(part))
					if err != nil || v < billing.MinMemoryMB || v > billing.MaxMemoryMB {
						return fmt.Errorf("--memory %q: write memory sizes in MB from 128 to 10240, such as --memory 128,512,1024", part)
					}
					opts.Memories = append(opts.Memories, v)
				}
			}
			if len(opts.Memories) == 0 {
				opts.Memories = DefaultTuneMemories
			}
			if opts.N < 2 || opts.N > 1000 {
				return fmt.Errorf("-n %d: invoke 2 to 1000 times per memory size (the first is the cold start)", opts.N)
			}
			if runF != nil {
				return runF(cmd.Context(), f.Out, opts)
			}
			return runTune(cmd.Context(), f.Out, opts)
		},
	}
	fl := cmd.Flags()
	handlerFlags(fl, &opts.Handler, &opts.Runtime)
	eventFlags(fl, &opts.Event, &opts.Template)
	fl.StringVar(&opts.Arch, "arch", string(billing.X86_64), "architecture: x86_64 or arm64")
	fl.IntVar(&opts.TimeoutSec, "timeout", 30, "timeout in seconds, 1 to 900")
	fl.StringSliceVar(&mems, "memory", nil, "memory sizes in MB (default 128,256,512,1024,1536,2048,3008,10240)")
	fl.IntVarP(&opts.N, "n", "n", 10, "invocations per memory size, the first one cold")
	fl.StringVar(&opts.ColdShare, "cold-share", "1%", "share of invocations that are cold starts in your traffic, for the recommendation")
	fl.BoolVar(&opts.Deterministic, "deterministic", false, "Python: count the engine's steps instead of measuring host time, the same figures on every run")
	fl.BoolVar(&opts.JSON, "json", false, "print the measurements and the recommendation as JSON")
	return cmd
}

// measureSpec says what handler to measure and how.
type measureSpec struct {
	File, Handler, Runtime string
	Event                  []byte
	MemoryMB, TimeoutSec   int
	Arch                   string
	N                      int
	Deterministic          bool
}

// measurement is one memory size: the cold invoke and the warm ones.
type measurement struct {
	MemoryMB       int     `json:"memoryMB"`
	InitMs         float64 `json:"initMs"`
	ColdDurationMs float64 `json:"coldDurationMs"`
	ColdBilledMs   int64   `json:"coldBilledMs"`
	WarmMeanMs     float64 `json:"warmMeanMs"`
	WarmStdDevMs   float64 `json:"warmStdDevMs"`
	WarmMinMs      float64 `json:"warmMinMs"`
	WarmMaxMs      float64 `json:"warmMaxMs"`
	WarmBilledMs   float64 `json:"warmBilledMeanMs"`
	WarmUSD        float64 `json:"warmUSD"` // per warm invocation, mean
	ColdUSD        float64 `json:"coldUSD"` // the cold invocation
	Errors         int     `json:"errors"`
	FirstError     string  `json:"firstError,omitempty"`
	// Notes say what the learner may not expect of the deployed code (from invoke).
	Notes []string `json:"notes,omitempty"`
}

// dist is the warm duration as a simulator distribution.
func (m measurement) dist() sim.DurationDist {
	mean := sim.Duration(m.WarmMeanMs * 1e6)
	if mean < sim.Duration(time.Millisecond) {
		mean = sim.Duration(time.Millisecond)
	}
	if m.WarmStdDevMs < 0.01*m.WarmMeanMs || m.WarmStdDevMs < 0.001 {
		return sim.DurationDist{Dist: "fixed", Mean: mean}
	}
	return sim.DurationDist{Dist: "lognormal", Mean: mean, StdDev: sim.Duration(m.WarmStdDevMs * 1e6)}
}

func (m measurement) describe() string {
	return fmt.Sprintf("Init Duration %.2f ms; warm Duration %.2f ms on average (± %.2f, %.2f to %.2f)",
		m.InitMs, m.WarmMeanMs, m.WarmStdDevMs, m.WarmMinMs, m.WarmMaxMs)
}

// avg is the mean cost and latency of an invocation when share of them are cold.
func (m measurement) avg(share float64) (usd, ms float64) {
	usd = (1-share)*m.WarmUSD + share*m.ColdUSD
	ms = (1-share)*m.WarmMeanMs + share*(m.InitMs+m.ColdDurationMs)
	return usd, ms
}

// measureHandler runs the handler N times in a fresh account: one cold
// invoke, then N-1 warm ones.
func measureHandler(ctx context.Context, sp measureSpec) (measurement, error) {
	m := measurement{MemoryMB: sp.MemoryMB}
	cfg, notes, err := invokeConfig(&InvokeOptions{File: sp.File, Handler: sp.Handler, Runtime: sp.Runtime,
		MemoryMB: sp.MemoryMB, TimeoutSec: sp.TimeoutSec, Arch: sp.Arch})
	if err != nil {
		return m, err
	}
	m.Notes = notes
	event := sp.Event
	acct := sandbox.NewAccount(sandbox.Options{Deterministic: sp.Deterministic})
	defer acct.Close()
	fn, err := acct.NewFunction(cfg)
	if err != nil {
		return m, err
	}
	var warm []float64
	var warmBilled, warmUSD float64
	for i := 0; i < max(sp.N, 2); i++ {
		res, err := fn.Invoke(ctx, event)
		if err != nil {
			return m, fmt.Errorf("invoke at %d MB: %w", sp.MemoryMB, err)
		}
		if res.Error != nil {
			m.Errors++
			if m.FirstError == "" {
				m.FirstError = res.Error.Error()
			}
		}
		if res.Cold {
			if res.Report.InitDurationMs != nil {
				m.InitMs = *res.Report.InitDurationMs
			}
			m.ColdDurationMs = res.Report.DurationMs
			m.ColdBilledMs = res.Report.BilledDurationMs
			m.ColdUSD = res.Cost.Total()
			continue
		}
		warm = append(warm, res.Report.DurationMs)
		warmBilled += float64(res.Report.BilledDurationMs)
		warmUSD += res.Cost.Total()
	}
	if len(warm) == 0 {
		return m, errors.New("every invoke was a cold start: the environment was reset each time (a timeout or a crash?); fix the handler first with `lambdatutor invoke`")
	}
	sum, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
	for _, d := range warm {
		sum += d
		lo, hi = min(lo, d), max(hi, d)
	}
	m.WarmMeanMs = sum / float64(len(warm))
	for _, d := range warm {
		m.WarmStdDevMs += (d - m.WarmMeanMs) * (d - m.WarmMeanMs)
	}
	m.WarmStdDevMs = math.Sqrt(m.WarmStdDevMs / float64(len(warm)))
	m.WarmMinMs, m.WarmMaxMs = lo, hi
	m.WarmBilledMs = warmBilled / float64(len(warm))
	m.WarmUSD = warmUSD / float64(len(warm))
	return m, nil
}

// tunePick is a recommendation at one cold-start share.
type tunePick struct {
	ColdShare float64 `json:"coldShare"`
	Cheapest  int     `json:"cheapestMB"`
	Fastest   int     `json:"fastestMB"`
	Balanced  int     `json:"balancedMB"`
}

// pick chooses at a cold share: cheapest (lowest mean cost), fastest
// (lowest mean latency; ties go to the cheaper), balanced (lowest
// 0.5 × cost/cheapest + 0.5 × latency/fastest, as Power Tuning's
// "balanced" strategy weighs the two equally).
func pick(ms []measurement, share float64) tunePick {
	p := tunePick{ColdShare: share}
	minUSD, minMs := math.Inf(1), math.Inf(1)
	for _, m := range ms {
		u, t := m.avg(share)
		minUSD, minMs = min(minUSD, u), min(minMs, t)
	}
	bestU, bestT, bestB := math.Inf(1), math.Inf(1), math.Inf(1)
	var fastUSD float64
	for _, m := range ms {
		u, t := m.avg(share)
		if u < bestU {
			bestU, p.Cheapest = u, m.MemoryMB
		}
		if t < bestT || (t == bestT && u < fastUSD) {
			bestT, p.Fastest, fastUSD = t, m.MemoryMB, u
		}
		if b := 0.5*u/minUSD + 0.5*t/minMs; b < bestB {
			bestB, p.Balanced = b, m.MemoryMB
		}
	}
	return p
}

func parseShare(s string) (float64, error) {
	s = strings.TrimSpace(s)
	pctSign := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if pctSign {
		v /= 100
	}
	if err != nil || v < 0 || v > 1 || math.IsNaN(v) {
		return 0, fmt.Errorf("--cold-share %q: write a share such as 1%% or 0.01 (0 to 100%%)", s)
	}
	return v, nil
}

func runTune(ctx context.Context, w io.Writer, opts *TuneOptions) error {
	share, err := parseShare(opts.ColdShare)
	if err != nil {
		return err
	}
	if opts.Deterministic && !strings.HasPrefix(opts.Runtime, "python") && !strings.HasSuffix(strings.ToLower(opts.File), ".py") {
		return errors.New("--deterministic counts the engine's execution steps, which only the Python engine reports; " +
			"a Node.js handler's work would count as nothing: drop --deterministic")
	}
	event, err := invokeEvent(&InvokeOptions{Event: opts.Event, Template: opts.Template, In: opts.In})
	if err != nil {
		return err
	}
	mems := append([]int(nil), opts.Memories...)
	sort.Ints(mems)
	var ms []measurement
	for _, mem := range mems {
		m, err := measureHandler(ctx, measureSpec{File: opts.File, Handler: opts.Handler, Runtime: opts.Runtime,
			Event: event, MemoryMB: mem, TimeoutSec: opts.TimeoutSec,
			Arch: opts.Arch, N: opts.N, Deterministic: opts.Deterministic})
		if err != nil {
			return err
		}
		ms = append(ms, m)
	}
	picks := []tunePick{pick(ms, 0), pick(ms, share), pick(ms, 1)}
	if opts.JSON {
		out := struct {
			File          string        `json:"file"`
			Arch          string        `json:"arch"`
			N             int           `json:"n"`
			Deterministic bool          `json:"deterministic"`
			Measurements  []measurement `json:"measurements"`
			Picks         []tunePick    `json:"recommendations"`
			Measured      string        `json:"measured"`
			Modelled      string        `json:"modelled"`
		}{opts.File, opts.Arch, opts.N, opts.Deterministic, ms, picks, tuneMeasured(opts.Deterministic), tuneModelled}
		return writeJSON(w, out)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Power tuning %s (%s), %d invocations per memory size, the first cold\n\n", opts.File, opts.Arch, opts.N)
	for _, n := range ms[0].Notes {
		fmt.Fprintf(&b, "Note: %s\n\n", n)
	}
	fmt.Fprintf(&b, "  %8s %10s %10s %10s %9s %10s %12s\n", "memory", "INIT", "cold", "warm", "billed", "$/1M warm", "$ cold start")
	for _, m := range ms {
		fmt.Fprintf(&b, "  %5d MB %7.1f ms %7.1f ms %7.1f ms %6.0f ms %10s %12s\n", m.MemoryMB, m.InitMs, m.ColdDurationMs,
			m.WarmMeanMs, m.WarmBilledMs, billing.FormatUSD(m.WarmUSD*1e6), billing.FormatUSD(m.ColdUSD))
	}
	b.WriteString("  (cold and warm: Duration of the cold invoke and the mean of the warm ones; billed: warm, mean)\n")
	b.WriteString("\nWarm Duration by memory\n")
	bars(&b, ms, func(m measurement) float64 { return m.WarmMeanMs }, func(v float64) string { return fmt.Sprintf("%.1f ms", v) })
	b.WriteString("\nCost per 1M warm invocations by memory\n")
	bars(&b, ms, func(m measurement) float64 { return m.WarmUSD * 1e6 }, billing.FormatUSD)
	fmt.Fprintf(&b, "\nRecommendation (balanced: the lowest 0.5 × cost/cheapest + 0.5 × time/fastest)\n")
	for _, p := range picks {
		label := strings.TrimSuffix(strings.TrimSuffix(strconv.FormatFloat(p.ColdShare*100, 'f', 2, 64), "0"), ".0") + "% cold"
		switch p.ColdShare {
		case 0:
			label = "warm only"
		case 1:
			label = "all cold"
		}
		fmt.Fprintf(&b, "  %-10s cheapest %5d MB · fastest %5d MB · balanced %5d MB\n", label, p.Cheapest, p.Fastest, p.Balanced)
	}
	b.WriteString("  (warm only is what an average with cold starts trimmed shows; all cold is traffic that scales from zero)\n")
	same := func(a, c tunePick) bool {
		return a.Cheapest == c.Cheapest && a.Fastest == c.Fastest && a.Balanced == c.Balanced
	}
	switch {
	case !same(picks[0], picks[1]):
		fmt.Fprintf(&b, "  At %s cold starts the answer changes from warm only: each cold start adds a billed INIT.\n", opts.ColdShare)
	case !same(picks[1], picks[2]):
		fmt.Fprintf(&b, "  At %s cold starts the answer is the one for warm traffic; traffic that scales from zero (every invocation cold) changes it.\n", opts.ColdShare)
	default:
		fmt.Fprintf(&b, "  Cold starts do not change the answer for this handler.\n")
	}
	errs := 0
	for _, m := range ms {
		errs += m.Errors
	}
	if errs > 0 {
		fmt.Fprintf(&b, "\nWarning: %d invocations failed (first: %s); the figures include them.\n", errs, firstErr(ms))
	}
	fmt.Fprintf(&b, "\nMeasured: %s\nModelled: %s\n", tuneMeasured(opts.Deterministic), tuneModelled)
	return writeString(w, simreport.Wrap(b.String(), 80))
}

func firstErr(ms []measurement) string {
	for _, m := range ms {
		if m.FirstError != "" {
			return m.FirstError
		}
	}
	return ""
}

func tuneMeasured(deterministic bool) string {
	if deterministic {
		return "the handler's work counted in engine steps (--deterministic), and the time it awaits."
	}
	return "the handler's work (CPU time of the engine on this machine) and the time it awaits."
}

const tuneModelled = "Lambda's CPU share by memory (1,769 MB = 1 vCPU; a single thread gets no more), " +
	"the runtime's INIT and per-invoke overhead (published cold-start measurements), and prices (us-east-1, no free tier)."

// bars draws one horizontal bar per memory size.
func bars(b *strings.Builder, ms []measurement, val func(measurement) float64, label func(float64) string) {
	top := 0.0
	for _, m := range ms {
		top = max(top, val(m))
	}
	const width = 40
	for _, m := range ms {
		n := 0
		if top > 0 {
			n = int(math.Round(val(m) / top * width))
		}
		fmt.Fprintf(b, "  %5d MB │%-*s %s\n", m.MemoryMB, width, strings.Repeat("█", n), label(val(m)))
	}
}
