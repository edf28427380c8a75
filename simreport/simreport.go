// Package simreport renders simulator results (sandbox/sim) for people and
// scripts: the summary, the charts over time (drawn with asciigraph), a
// side-by-side comparison and the series as CSV. `lambdatutor simulate`
// and the TUI's Scale screen share it.
package simreport

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/guptarohit/asciigraph"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/limits"
	"github.com/lambdatutor/lambdatutor/sandbox/sim"
)

// Describe is one line on what was simulated.
func Describe(s sim.Scenario) string {
	f, a := s.Function, s.Account
	r := func(d sim.Duration) time.Duration { return d.D().Round(100 * time.Microsecond) }
	dist := fmt.Sprintf("%s %v", f.Duration.Dist, r(f.Duration.Mean))
	if f.Duration.Dist != "fixed" {
		dist += fmt.Sprintf(" ± %v", r(f.Duration.StdDev))
	}
	conc := fmt.Sprintf("account concurrency %s", num(float64(a.Concurrency)))
	if a.Reserved != nil {
		conc += fmt.Sprintf(", reserved %d", *a.Reserved)
	}
	if a.Provisioned > 0 || len(a.Schedule) > 0 {
		conc += fmt.Sprintf(", provisioned %d", a.Provisioned)
		if len(a.Schedule) > 0 {
			conc += " (scheduled)"
		}
	}
	return fmt.Sprintf("%v of %s traffic (%s), %d MB %s, duration %s, INIT %v, timeout %v; %s; scaling %s",
		s.Duration.D(), s.Invocation.Type, s.Traffic.Process, f.MemoryMB, f.Arch, dist, r(f.Init), f.Timeout.D(),
		conc, a.Scaling.Describe())
}

// WriteSummary writes the summary of a run as aligned text, wrapped at
// width columns (0: no wrapping).
func WriteSummary(w io.Writer, r *sim.Result, width int) error {
	s := r.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "Scenario %s", r.Scenario.Name)
	if r.Scenario.Description != "" {
		fmt.Fprintf(&b, ": %s", r.Scenario.Description)
	}
	fmt.Fprintf(&b, "\n%s\n\n", Describe(r.Scenario))
	row := func(k, v string) { fmt.Fprintf(&b, "  %-18s %s\n", k, v) }
	unit := "requests"
	if r.Scenario.Invocation.Type == sim.SQS {
		unit = "messages"
	}
	row("Arrivals", fmt.Sprintf("%s %s (%.1f per second)", num(float64(s.Arrivals)), unit, float64(s.Arrivals)/s.Seconds))
	inv := num(float64(s.Invocations))
	if s.Messages > 0 {
		inv += fmt.Sprintf(" (batches of up to %d messages)", r.Scenario.Invocation.BatchSize)
	}
	row("Invocations", inv)
	row("Cold starts", fmt.Sprintf("%s (%s of invocations)", num(float64(s.ColdStarts)), pct(s.ColdShare)))
	if s.OnPC > 0 {
		row("On provisioned", fmt.Sprintf("%s (no INIT)", num(float64(s.OnPC))))
	}
	thr := num(float64(s.ThrottlesTotal))
	switch r.Scenario.Invocation.Type {
	case sim.Sync:
		if s.ThrottlesTotal > 0 {
			thr += fmt.Sprintf(" (429 errors to callers, %s of arrivals)", pct(float64(s.ThrottlesTotal)/float64(max(1, s.Arrivals))))
		}
	default:
		if res := r.Scenario.Account.Reserved; res != nil && *res == 0 {
			thr += " (not retried: reserved concurrency is 0)"
		} else if s.ThrottlesTotal > 0 {
			thr += " (throttled attempts, retried)"
		}
	}
	row("Throttles", thr)
	for _, reason := range limits.Reasons() {
		if n := s.Throttles[reason]; n > 0 {
			fmt.Fprintf(&b, "  %-18s %s %s\n", "", num(float64(n)), reason)
		}
	}
	if s.Expired > 0 {
		why := fmt.Sprintf("older than %v", r.Scenario.Invocation.MaxEventAge.D())
		if res := r.Scenario.Account.Reserved; res != nil && *res == 0 {
			why = "refused by reserved concurrency 0, without retries"
		}
		row("Dropped", fmt.Sprintf("%s events, %s (to a DLQ or on-failure destination)", num(float64(s.Expired)), why))
	}
	if r.Scenario.Invocation.Type != sim.Sync {
		row("Backlog", fmt.Sprintf("at most %s waiting; %s left at the end", num(float64(s.MaxBacklog)), num(float64(s.Queued))))
	}
	if s.Timeouts > 0 {
		row("Timeouts", fmt.Sprintf("%s (billed for the full %v)", num(float64(s.Timeouts)), r.Scenario.Function.Timeout.D()))
	}
	row("Concurrency", fmt.Sprintf("peak %s, mean %.1f; %s environments at most", num(float64(s.PeakConcurrency)), s.MeanConcurrency, num(float64(s.PeakEnvs))))
	l := s.Latency
	what := "INIT and Duration"
	if r.Scenario.Invocation.Type != sim.Sync {
		what = "queueing, INIT and Duration"
	}
	row("Latency", fmt.Sprintf("p50 %s  p90 %s  p99 %s  max %s (%s)", msStr(l.P50), msStr(l.P90), msStr(l.P99), msStr(l.Max), what))
	c := s.Cost
	row("Cost", fmt.Sprintf("%s in %v, about %s per 30 days at this pace (no free tier)", usd(c.TotalUSD), r.Scenario.Duration.D(), usd(c.TotalUSD*30*86400/s.Seconds)))
	row("  requests", usd(c.RequestsUSD))
	row("  duration", fmt.Sprintf("%s (%s GB-s)", usd(c.DurationUSD), num(c.OnDemandGBs)))
	row("  of which INIT", fmt.Sprintf("%s (%s GB-s; %s)", usd(c.InitUSD), num(c.InitGBs), r.Scenario.Era.Describe()))
	if c.ProvisionedUSD > 0 || c.PCDurationUSD > 0 {
		row("  provisioned", fmt.Sprintf("%s enabled + %s duration on it", usd(c.ProvisionedUSD), usd(c.PCDurationUSD)))
	}
	if c.StorageUSD > 0 {
		row("  storage", usd(c.StorageUSD))
	}
	_, err := io.WriteString(w, Wrap(b.String(), width))
	return err
}

// Wrap word-wraps every line longer than width; the continuation lines are
// indented to where the line's text starts after its label (two spaces
// then a label padded to column 21), or as the line itself is.
func Wrap(text string, width int) string {
	if width <= 0 {
		return text
	}
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if len([]rune(line)) <= width {
			out.WriteString(line + "\n")
			continue
		}
		// A labelled row ("  Label       value") continues under its value;
		// any other line under its own indentation.
		pad := len(line) - len(strings.TrimLeft(line, " "))
		if strings.HasPrefix(line, "  ") && len(line) > 21 && line[20] == ' ' && line[21] != ' ' &&
			strings.Contains(strings.TrimLeft(line[:21], " "), "  ") {
			pad = 21
		}
		cur := ""
		for _, word := range strings.Fields(line[pad:]) {
			switch {
			case cur == "":
				cur = line[:pad] + word
			case len([]rune(cur))+1+len([]rune(word)) > width:
				out.WriteString(cur + "\n")
				cur = strings.Repeat(" ", pad) + word
			default:
				cur += " " + word
			}
		}
		out.WriteString(cur + "\n")
	}
	return out.String()
}

// ChartOptions size and colour the charts.
type ChartOptions struct {
	Width  int // columns of the plot, axis labels excluded; 0 = 60
	Height int // rows of the plot; 0 = 8
	Color  bool
}

// Chart names, in the order Charts draws them.
const (
	ChartConcurrency = "concurrency"
	ChartCold        = "cold"
	ChartThrottles   = "throttles"
	ChartLatency     = "latency"
	ChartCost        = "cost"
	ChartBacklog     = "backlog"
)

// ChartNames lists the charts for a run (backlog only for async and SQS).
func ChartNames(r *sim.Result) []string {
	out := []string{ChartConcurrency, ChartCold, ChartThrottles, ChartLatency, ChartCost}
	if r.Scenario.Invocation.Type != sim.Sync {
		out = append(out, ChartBacklog)
	}
	return out
}

// Charts draws every chart of the run, one under the other.
func Charts(r *sim.Result, o ChartOptions) string {
	var b strings.Builder
	for _, name := range ChartNames(r) {
		b.WriteString(Chart(r, name, o))
		b.WriteString("\n")
	}
	return b.String()
}

type series struct {
	name   string
	values []float64
}

// Chart draws one chart of the run over time.
func Chart(r *sim.Result, name string, o ChartOptions) string {
	if o.Width <= 0 {
		o.Width = 60
	}
	if o.Height <= 0 {
		o.Height = 8
	}
	pts := r.Series
	col := func(f func(p sim.Point) float64) []float64 {
		out := make([]float64, len(pts))
		for i, p := range pts {
			out[i] = f(p)
		}
		return out
	}
	step := r.Scenario.Step.D()
	var title string
	var ss []series
	switch name {
	case ChartConcurrency:
		title = fmt.Sprintf("Concurrency (busy environments, peak per %v) against the limit", step)
		ss = []series{{"concurrency", col(func(p sim.Point) float64 { return float64(p.ConcurrencyMax) })},
			{"limit", col(func(p sim.Point) float64 { return float64(p.Limit) })}}
		if r.Scenario.Account.Provisioned > 0 || len(r.Scenario.Account.Schedule) > 0 {
			ss = append(ss, series{"provisioned", col(func(p sim.Point) float64 { return float64(p.Provisioned) })})
		}
		// A limit far above the curve flattens it: leave it out then.
		peak := float64(r.Summary.PeakConcurrency)
		if lim := ss[1].values; len(lim) > 0 && lim[0] > 5*max(peak, 1) {
			title = fmt.Sprintf("Concurrency (busy environments, peak per %v); the limit (%s) is far above", step, num(lim[0]))
			ss = append(ss[:1], ss[2:]...)
		}
	case ChartCold:
		title = fmt.Sprintf("Cold starts per %v", step)
		ss = []series{{"cold starts", col(func(p sim.Point) float64 { return float64(p.ColdStarts) })}}
	case ChartThrottles:
		title = fmt.Sprintf("Throttles (429) per %v", step)
		ss = []series{{"throttles", col(func(p sim.Point) float64 { return float64(p.Throttles) })}}
	case ChartLatency:
		title = "Latency percentiles (ms, INIT included)"
		ss = []series{{"p50", col(func(p sim.Point) float64 { return p.P50Ms })},
			{"p90", col(func(p sim.Point) float64 { return p.P90Ms })},
			{"p99", col(func(p sim.Point) float64 { return p.P99Ms })}}
	case ChartCost:
		title = "Cost so far (USD)"
		ss = []series{{"cost", col(func(p sim.Point) float64 { return p.CostUSD })}}
	case ChartBacklog:
		title = "Backlog (events or messages waiting)"
		ss = []series{{"backlog", col(func(p sim.Point) float64 { return float64(p.Backlog) })}}
	default:
		return fmt.Sprintf("unknown chart %q\n", name)
	}
	return plot(title, ss, r.Scenario.Duration.D(), o)
}

// The colours of the series, and their characters without colour.
var (
	seriesColors = []asciigraph.AnsiColor{asciigraph.DodgerBlue, asciigraph.Red, asciigraph.Green}
	seriesChars  = []string{"", "·", "•"}
)

func plot(title string, ss []series, span time.Duration, o ChartOptions) string {
	data := make([][]float64, len(ss))
	allZero := true
	for i, s := range ss {
		data[i] = s.values
		for _, v := range s.values {
			if v != 0 {
				allZero = false
			}
		}
	}
	var b strings.Builder
	b.WriteString(title)
	b.WriteString("\n")
	if len(data) == 0 || len(data[0]) == 0 {
		b.WriteString("  (no data)\n")
		return b.String()
	}
	if allZero {
		b.WriteString("  none over the whole run\n")
		return b.String()
	}
	opts := []asciigraph.Option{asciigraph.Width(o.Width), asciigraph.Height(o.Height), asciigraph.LowerBound(0),
		asciigraph.XAxisRange(0, span.Hours()), asciigraph.XAxisTickCount(5),
		asciigraph.XAxisValueFormatter(func(v float64) string { return clock(v, span) }),
		asciigraph.YAxisValueFormatter(func(v float64) string { return short(v) })}
	if o.Color {
		opts = append(opts, asciigraph.SeriesColors(seriesColors[:len(ss)]...))
	} else if len(ss) > 1 {
		var cs []asciigraph.CharSet
		for i := range ss {
			if seriesChars[i] == "" {
				cs = append(cs, asciigraph.DefaultCharSet)
			} else {
				cs = append(cs, asciigraph.CreateCharSet(seriesChars[i]))
			}
		}
		opts = append(opts, asciigraph.SeriesChars(cs...))
	}
	b.WriteString(asciigraph.PlotMany(data, opts...))
	b.WriteString("\n")
	if len(ss) > 1 {
		b.WriteString("  ")
		for i, s := range ss {
			mark := "─"
			if !o.Color && seriesChars[i] != "" {
				mark = seriesChars[i]
			}
			if o.Color {
				mark = seriesColors[i].String() + "─" + asciigraph.Default.String()
			}
			fmt.Fprintf(&b, "%s %s   ", mark, s.name)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// clock labels the time axis in the run's natural unit.
func clock(hours float64, span time.Duration) string {
	switch {
	case span <= 10*time.Minute:
		return fmt.Sprintf("%.0fs", hours*3600)
	case span <= 3*time.Hour:
		return fmt.Sprintf("%.0fm", hours*60)
	}
	return fmt.Sprintf("%.0fh", hours)
}

// CompareRow is one variant of a comparison.
type CompareRow struct {
	Label  string
	Result *sim.Result
}

// Best returns the indexes of the cheapest variant (lowest total cost)
// and of the fastest: fewest throttles first (a refused request is no
// answer at all), then the lowest p99 to the millisecond, then the lowest
// mean latency (where cold starts show when they are rarer than 1%).
func Best(rows []CompareRow) (cheapest, fastest int) {
	for i, r := range rows {
		s, c, f := r.Result.Summary, rows[cheapest].Result.Summary, rows[fastest].Result.Summary
		if s.Cost.TotalUSD < c.Cost.TotalUSD {
			cheapest = i
		}
		sp, fp := math.Round(s.Latency.P99), math.Round(f.Latency.P99)
		switch {
		case s.ThrottlesTotal != f.ThrottlesTotal:
			if s.ThrottlesTotal < f.ThrottlesTotal {
				fastest = i
			}
		case sp != fp:
			if sp < fp {
				fastest = i
			}
		case s.Latency.Mean < f.Latency.Mean:
			fastest = i
		}
	}
	return cheapest, fastest
}

// WriteCompare writes the variants side by side and marks the cheapest and
// the fastest.
func WriteCompare(w io.Writer, key string, rows []CompareRow) error {
	if len(rows) == 0 {
		return nil
	}
	cheapest, fastest := Best(rows)
	type line struct {
		name string
		cell func(s sim.Summary) string
	}
	lines := []line{
		{"invocations", func(s sim.Summary) string { return num(float64(s.Invocations)) }},
		{"cold starts", func(s sim.Summary) string {
			return fmt.Sprintf("%s (%s)", num(float64(s.ColdStarts)), pct(s.ColdShare))
		}},
		{"throttles", func(s sim.Summary) string { return num(float64(s.ThrottlesTotal)) }},
		{"peak concurrency", func(s sim.Summary) string { return num(float64(s.PeakConcurrency)) }},
		{"p50 latency", func(s sim.Summary) string { return msStr(s.Latency.P50) }},
		{"p99 latency", func(s sim.Summary) string { return msStr(s.Latency.P99) }},
		{"requests", func(s sim.Summary) string { return usd(s.Cost.RequestsUSD) }},
		{"duration", func(s sim.Summary) string { return usd(s.Cost.DurationUSD) }},
		{"of which INIT", func(s sim.Summary) string { return usd(s.Cost.InitUSD) }},
		{"provisioned", func(s sim.Summary) string { return usd(s.Cost.ProvisionedUSD + s.Cost.PCDurationUSD) }},
		{"total cost", func(s sim.Summary) string { return usd(s.Cost.TotalUSD) }},
	}
	widths := make([]int, len(rows))
	cells := make([][]string, len(lines)+2)
	cells[0] = make([]string, len(rows))
	for j, r := range rows {
		cells[0][j] = key + "=" + r.Label
	}
	for i, l := range lines {
		cells[i+1] = make([]string, len(rows))
		for j, r := range rows {
			cells[i+1][j] = l.cell(r.Result.Summary)
		}
	}
	marks := make([]string, len(rows))
	for j := range rows {
		var m []string
		if j == cheapest {
			m = append(m, "cheapest")
		}
		if j == fastest {
			m = append(m, "fastest")
		}
		marks[j] = strings.Join(m, ", ")
	}
	cells[len(cells)-1] = marks
	for _, row := range cells {
		for j, c := range row {
			widths[j] = max(widths[j], len([]rune(c)))
		}
	}
	names := append([]string{""}, func() []string {
		out := make([]string, len(lines))
		for i, l := range lines {
			out[i] = l.name
		}
		return out
	}()...)
	names = append(names, "best")
	var b strings.Builder
	for i, row := range cells {
		var l strings.Builder
		fmt.Fprintf(&l, "  %-17s", names[i])
		for j, c := range row {
			fmt.Fprintf(&l, "  %*s", widths[j], c)
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CSVHeader is the header of WriteCSV.
var CSVHeader = []string{"variant", "t_seconds", "arrivals", "invocations", "cold_starts", "throttles",
	"concurrency_max", "concurrency_mean", "environments", "limit", "provisioned", "p50_ms", "p90_ms", "p99_ms", "cost_usd", "backlog"}

// WriteCSV writes the series of every variant, one row per step.
func WriteCSV(w io.Writer, rows []CompareRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	i := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, r := range rows {
		for _, p := range r.Result.Series {
			rec := []string{r.Label, f(p.T), i(p.Arrivals), i(p.Invocations), i(p.ColdStarts), i(p.Throttles),
				strconv.Itoa(p.ConcurrencyMax), f(round(p.ConcurrencyMean, 3)), strconv.Itoa(p.Environments), strconv.Itoa(p.Limit),
				strconv.Itoa(p.Provisioned), f(round(p.P50Ms, 3)), f(round(p.P90Ms, 3)), f(round(p.P99Ms, 3)), f(round(p.CostUSD, 9)), i(p.Backlog)}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

func usd(v float64) string { return billing.FormatUSD(v) }

func pct(v float64) string {
	switch {
	case v == 0:
		return "0%"
	case v < 0.0001:
		return fmt.Sprintf("%.4f%%", v*100)
	case v < 0.01:
		return fmt.Sprintf("%.3f%%", v*100)
	}
	return fmt.Sprintf("%.1f%%", v*100)
}

func msStr(v float64) string {
	if v >= 10000 {
		return fmt.Sprintf("%.1f s", v/1000)
	}
	return fmt.Sprintf("%.0f ms", v)
}

// num writes a number with thousands separators, at most one decimal.
func num(v float64) string {
	if v != math.Trunc(v) && math.Abs(v) < 1000 {
		return strconv.FormatFloat(round(v, 1), 'f', -1, 64)
	}
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// short writes an axis value: 1.2k, 3.4M, or up to 2 decimals.
func short(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e6:
		return strconv.FormatFloat(round(v/1e6, 1), 'f', -1, 64) + "M"
	case a >= 1e4:
		return strconv.FormatFloat(round(v/1e3, 1), 'f', -1, 64) + "k"
	case a >= 100 || v == math.Trunc(v):
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	case a >= 1:
		return strconv.FormatFloat(round(v, 1), 'f', -1, 64)
	}
	return strconv.FormatFloat(round(v, 4), 'f', -1, 64)
}
