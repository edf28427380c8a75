package sim

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/limits"
)

// Duration is a time.Duration written with a unit in YAML and JSON
// ("200ms", "1.5s", "24h").
type Duration time.Duration

// D is the time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// Seconds is the duration in seconds.
func (d Duration) Seconds() float64 { return time.Duration(d).Seconds() }

// UnmarshalYAML reads "200ms"; a bare number is refused (say the unit).
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// MarshalYAML writes the duration with its unit.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// MarshalJSON writes the duration with its unit.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(time.Duration(d).String())), nil
}

// UnmarshalJSON reads "200ms".
func (d *Duration) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("a duration is a string with a unit, such as \"200ms\": %w", err)
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ParseDuration reads a duration with a unit: "200ms", "1.5s", "10m", "24h".
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	v, err := time.ParseDuration(s)
	if err != nil {
		if _, ferr := strconv.ParseFloat(s, 64); ferr == nil {
			return 0, fmt.Errorf("duration %q needs a unit: write %sms, %ss or %sm", s, s, s, s)
		}
		return 0, fmt.Errorf("bad duration %q: write it with a unit, such as 200ms, 1.5s, 10m or 24h", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("duration %q is negative", s)
	}
	return Duration(v), nil
}

// Scenario is one simulated run: traffic, function, account, invocation
// type. Its YAML form is documented in Reference (printed by
// `lambdatutor simulate --help`).
type Scenario struct {
	Name        string   `yaml:"name" json:"name"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Duration    Duration `yaml:"duration" json:"duration"`
	// Step is the resolution of the series; 0 picks one for about 120-240 points.
	Step Duration `yaml:"step,omitempty" json:"step"`
	Seed uint64   `yaml:"seed,omitempty" json:"seed"`
	// Era is the billing era ("2025-08", "2020-12", "2017"); "" is the current one.
	Era        billing.Era `yaml:"era,omitempty" json:"era"`
	Traffic    Traffic     `yaml:"traffic" json:"traffic"`
	Function   Function    `yaml:"function" json:"function"`
	Account    Account     `yaml:"account" json:"account"`
	Invocation Invocation  `yaml:"invocation" json:"invocation"`
}

// Traffic is the arrival pattern: a base (constant rate, steps, a diurnal
// curve or per-second rates from a CSV file) plus spikes on top, and
// Poisson or evenly spaced arrivals.
type Traffic struct {
	// Process is "poisson" (default) or "deterministic" (evenly spaced).
	Process string `yaml:"process,omitempty" json:"process"`
	// Rate is the constant base rate in requests (or SQS messages) per second.
	Rate float64 `yaml:"rate,omitempty" json:"rate"`
	// Steps change the base rate from At on.
	Steps []Step `yaml:"steps,omitempty" json:"steps,omitempty"`
	// Diurnal replaces the base rate by a day curve.
	Diurnal *Diurnal `yaml:"diurnal,omitempty" json:"diurnal,omitempty"`
	// CSV names a file of per-second rates (one number a line, or
	// "second,rate"); RatesPerSecond holds them once read.
	CSV            string    `yaml:"csv,omitempty" json:"csv,omitempty"`
	RatesPerSecond []float64 `yaml:"-" json:"-"`
	// Spikes add load on top of the base.
	Spikes []Spike `yaml:"spikes,omitempty" json:"spikes,omitempty"`
}

// Step sets the base rate from At on.
type Step struct {
	At   Duration `yaml:"at" json:"at"`
	Rate float64  `yaml:"rate" json:"rate"`
}

// Spike adds Rate requests per second from At for For.
type Spike struct {
	At   Duration `yaml:"at" json:"at"`
	For  Duration `yaml:"for" json:"for"`
	Rate float64  `yaml:"rate" json:"rate"`
}

// Diurnal is a cosine day curve from Min to Max requests per second, at
// Max at Peak (time of day from the start of the run) and repeating every 24 h.
type Diurnal struct {
	Min  float64  `yaml:"min" json:"min"`
	Max  float64  `yaml:"max" json:"max"`
	Peak Duration `yaml:"peak" json:"peak"`
}

// Function is what is deployed: memory, architecture, timeout, and the
// duration model of one invocation.
type Function struct {
	MemoryMB    int          `yaml:"memory" json:"memoryMB"`
	Arch        billing.Arch `yaml:"arch,omitempty" json:"arch"`
	Timeout     Duration     `yaml:"timeout,omitempty" json:"timeout"`
	EphemeralMB int          `yaml:"ephemeral,omitempty" json:"ephemeralMB,omitempty"`
	// Duration is the distribution of one invocation's Duration.
	Duration DurationDist `yaml:"duration" json:"duration"`
	// Init is the Init Duration of a cold start.
	Init Duration `yaml:"init,omitempty" json:"init"`
}

// DurationDist is "fixed" (Mean), "normal" or "lognormal" (Mean and
// StdDev), cut at the timeout.
type DurationDist struct {
	Dist   string   `yaml:"dist,omitempty" json:"dist"`
	Mean   Duration `yaml:"mean" json:"mean"`
	StdDev Duration `yaml:"stddev,omitempty" json:"stddev,omitempty"`
}

// Account is the account's concurrency and the function's reserved and
// provisioned concurrency.
type Account struct {
	// Preset is "default" (1,000), "new-account" (10) or "new-account-50".
	Preset string `yaml:"preset,omitempty" json:"preset,omitempty"`
	// Concurrency is the account limit; 0 means the preset's.
	Concurrency int `yaml:"concurrency,omitempty" json:"concurrency"`
	// Reserved is the function's reserved concurrency; nil means none.
	Reserved *int `yaml:"reserved,omitempty" json:"reserved,omitempty"`
	// Provisioned is a constant provisioned concurrency, or the level at
	// the start when Schedule is given.
	Provisioned int `yaml:"provisioned,omitempty" json:"provisioned"`
	// Schedule changes the provisioned concurrency at given times.
	Schedule []PCStep `yaml:"provisioned_schedule,omitempty" json:"provisionedSchedule,omitempty"`
	// Scaling is "2023" (default) or "legacy".
	Scaling limits.ScalingRule `yaml:"scaling,omitempty" json:"scaling"`
	// IdleTTL is how long an idle environment lives; 0 means 10 min.
	IdleTTL Duration `yaml:"idle_ttl,omitempty" json:"idleTTL"`
}

// PCStep sets provisioned concurrency to Count from At on.
type PCStep struct {
	At    Duration `yaml:"at" json:"at"`
	Count int      `yaml:"count" json:"count"`
}

// Invocation is how the function is invoked.
type Invocation struct {
	// Type is "sync" (default: throttles are errors), "async" (throttles
	// are retried with backoff for up to MaxEventAge) or "sqs".
	Type string `yaml:"type,omitempty" json:"type"`
	// BatchSize is the SQS batch size (default 10).
	BatchSize int `yaml:"batch_size,omitempty" json:"batchSize,omitempty"`
	// MaxConcurrency is the SQS mapping's maximum concurrency (2-1,000; 0 = 1,000).
	MaxConcurrency int `yaml:"max_concurrency,omitempty" json:"maxConcurrency,omitempty"`
	// MaxEventAge is the async event age limit (60 s - 6 h; 0 = 6 h).
	MaxEventAge Duration `yaml:"max_event_age,omitempty" json:"maxEventAge,omitempty"`
}

// Invocation types.
const (
	Sync  = "sync"
	Async = "async"
	SQS   = "sqs"
)

// ParseScenario reads a scenario from YAML, refusing unknown keys, and
// validates it (defaults applied). CSV rates named in the file are read
// through readFile (nil: no CSV allowed).
func ParseScenario(data []byte, readFile func(string) ([]byte, error)) (Scenario, error) {
	var s Scenario
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return s, errors.New("the scenario file is empty: see `lambdatutor simulate --help` for its keys")
		}
		return s, fmt.Errorf("the scenario is not valid YAML for a scenario (keys are listed in `lambdatutor simulate --help`): %w", err)
	}
	if s.Traffic.CSV != "" {
		if readFile == nil {
			return s, errors.New("traffic.csv: this scenario cannot read files here")
		}
		b, err := readFile(s.Traffic.CSV)
		if err != nil {
			return s, fmt.Errorf("traffic.csv: %w", err)
		}
		rates, err := ParseRatesCSV(bytes.NewReader(b))
		if err != nil {
			return s, fmt.Errorf("traffic.csv %s: %w", s.Traffic.CSV, err)
		}
		s.Traffic.RatesPerSecond = rates
	}
	s = s.WithDefaults()
	if err := s.Validate(); err != nil {
		return s, err
	}
	return s, nil
}

// ParseRatesCSV reads per-second rates: one number a line, or
// "second,rate" lines (seconds from 0, in order; gaps keep the last rate).
// A header line and blank lines are skipped.
func ParseRatesCSV(r io.Reader) ([]float64, error) {
	var out []float64
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		txt := strings.TrimSpace(sc.Text())
		if txt == "" || strings.HasPrefix(txt, "#") {
			continue
		}
		fields := strings.Split(txt, ",")
		var sec int
		var rate float64
		var err error
		switch len(fields) {
		case 1:
			sec = len(out)
			rate, err = strconv.ParseFloat(strings.TrimSpace(fields[0]), 64)
		case 2:
			var s float64
			s, err = strconv.ParseFloat(strings.TrimSpace(fields[0]), 64)
			if err == nil {
				sec = int(s)
				rate, err = strconv.ParseFloat(strings.TrimSpace(fields[1]), 64)
			}
		default:
			return nil, fmt.Errorf("line %d: want \"rate\" or \"second,rate\", got %d fields", line, len(fields))
		}
		if err != nil {
			if line == 1 && len(out) == 0 {
				continue // a header
			}
			return nil, fmt.Errorf("line %d: %q is not a number", line, txt)
		}
		if rate < 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
			return nil, fmt.Errorf("line %d: the rate must be 0 or more, got %v", line, rate)
		}
		if sec < len(out) {
			return nil, fmt.Errorf("line %d: second %d comes after second %d; keep the seconds in order", line, sec, len(out)-1)
		}
		if sec > 1e7 {
			return nil, fmt.Errorf("line %d: second %d is beyond the longest run (115 days)", line, sec)
		}
		for len(out) < sec {
			last := 0.0
			if len(out) > 0 {
				last = out[len(out)-1]
			}
			out = append(out, last)
		}
		out = append(out, rate)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no rates in the file: write one requests-per-second number a line")
	}
	return out, nil
}

// WithDefaults fills in what was left out.
func (s Scenario) WithDefaults() Scenario {
	if s.Name == "" {
		s.Name = "custom"
	}
	if s.Duration == 0 {
		s.Duration = Duration(time.Hour)
	}
	if s.Seed == 0 {
		s.Seed = 1
	}
	if s.Era == "" {
		s.Era = billing.EraCurrent
	}
	if s.Traffic.Process == "" {
		s.Traffic.Process = "poisson"
	}
	f := &s.Function
	if f.MemoryMB == 0 {
		f.MemoryMB = 128
	}
	if f.Arch == "" {
		f.Arch = billing.X86_64
	} else if a, err := billing.ParseArch(string(f.Arch)); err == nil {
		f.Arch = a
	}
	if f.Timeout == 0 {
		f.Timeout = Duration(3 * time.Second)
	}
	if f.Duration.Dist == "" {
		f.Duration.Dist = "fixed"
	}
	if f.Duration.Mean == 0 {
		f.Duration.Mean = Duration(100 * time.Millisecond)
	}
	a := &s.Account
	if a.Preset == "" {
		a.Preset = "default"
	}
	if a.Concurrency == 0 {
		switch a.Preset {
		case "new-account":
			a.Concurrency = limits.NewAccountConcurrency
		case "new-account-50":
			a.Concurrency = limits.NewAccountConcurrencyAlt
		default:
			a.Concurrency = limits.DefaultConcurrency
		}
	}
	if a.Scaling == "" {
		a.Scaling = limits.Scaling2023
	} else if r, err := limits.ParseScalingRule(string(a.Scaling)); err == nil {
		a.Scaling = r
	}
	if a.IdleTTL == 0 {
		a.IdleTTL = Duration(limits.DefaultIdleTTL)
	}
	in := &s.Invocation
	if in.Type == "" {
		in.Type = Sync
	}
	if in.BatchSize == 0 {
		in.BatchSize = limits.SQSDefaultBatch
	}
	if in.MaxConcurrency == 0 {
		in.MaxConcurrency = limits.SQSMaxPollers
	}
	if in.MaxEventAge == 0 {
		in.MaxEventAge = Duration(limits.AsyncMaxEventAge)
	}
	if s.Step == 0 {
		s.Step = Duration(autoStep(s.Duration.D()))
	}
	return s
}

// MaxPoints bounds the series, so that memory stays flat with the run.
const MaxPoints = 10_000

// MaxRunDuration is the longest run: 31 days.
const MaxRunDuration = 31 * 24 * time.Hour

func autoStep(d time.Duration) time.Duration {
	for _, s := range []time.Duration{time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second, time.Minute,
		5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour} {
		if d/s <= 240 {
			return s
		}
	}
	return 6 * time.Hour
}

// Validate reports the first problem, naming the key and what to write.
func (s Scenario) Validate() error {
	err := s.validate()
	if err != nil {
		return fmt.Errorf("scenario %q: %w", s.Name, err)
	}
	return nil
}

func (s Scenario) validate() error {
	switch {
	case s.Duration.D() <= 0 || s.Duration.D() > MaxRunDuration:
		return fmt.Errorf("duration: must be more than 0 and at most 31 days (744h), got %v", s.Duration.D())
	case s.Step.D() < time.Second:
		return fmt.Errorf("step: must be at least 1s, got %v", s.Step.D())
	case int64(s.Duration.D()/s.Step.D()) > MaxPoints:
		return fmt.Errorf("step: %v gives %d points over %v; at most %d (use a larger step)", s.Step.D(), s.Duration.D()/s.Step.D(), s.Duration.D(), MaxPoints)
	}
	if _, err := billing.ParseEra(string(s.Era)); err != nil {
		return fmt.Errorf("era: %w", err)
	}
	t := s.Traffic
	if t.Process != "poisson" && t.Process != "deterministic" {
		return fmt.Errorf("traffic.process: %q is not a process; use poisson or deterministic", t.Process)
	}
	if bad(t.Rate) {
		return fmt.Errorf("traffic.rate: must be 0 or more requests per second, got %v", t.Rate)
	}
	bases := 0
	if len(t.Steps) > 0 {
		bases++
	}
	if t.Diurnal != nil {
		bases++
	}
	if len(t.RatesPerSecond) > 0 {
		bases++
	}
	if bases > 1 {
		return errors.New("traffic: use one of steps, diurnal and csv for the base rate (spikes can go on top of any)")
	}
	for i, st := range t.Steps {
		if bad(st.Rate) {
			return fmt.Errorf("traffic.steps[%d].rate: must be 0 or more, got %v", i, st.Rate)
		}
		if i > 0 && st.At < t.Steps[i-1].At {
			return fmt.Errorf("traffic.steps[%d].at: %v comes before the step above (%v); list steps in time order", i, st.At.D(), t.Steps[i-1].At.D())
		}
	}
	if d := t.Diurnal; d != nil {
		if bad(d.Min) || bad(d.Max) || d.Max < d.Min {
			return fmt.Errorf("traffic.diurnal: want 0 <= min <= max, got min %v max %v", d.Min, d.Max)
		}
		if d.Peak.D() >= 24*time.Hour {
			return fmt.Errorf("traffic.diurnal.peak: a time of day under 24h, got %v", d.Peak.D())
		}
	}
	for i, sp := range t.Spikes {
		if bad(sp.Rate) || sp.For <= 0 {
			return fmt.Errorf("traffic.spikes[%d]: want rate >= 0 and for > 0, got rate %v for %v", i, sp.Rate, sp.For.D())
		}
	}
	if peak := s.PeakRate(); peak > 10_000_000 {
		return fmt.Errorf("traffic: a peak of %.0f requests per second is beyond what this simulator models (10 M/s)", peak)
	}
	f := s.Function
	switch {
	case f.MemoryMB < billing.MinMemoryMB || f.MemoryMB > billing.MaxMemoryMB:
		return fmt.Errorf("function.memory: must be 128-10240 MB, got %d", f.MemoryMB)
	case f.Arch != billing.X86_64 && f.Arch != billing.ARM64:
		return fmt.Errorf("function.arch: %q; use x86_64 or arm64", f.Arch)
	case f.Timeout.D() < time.Second || f.Timeout.D() > 900*time.Second:
		return fmt.Errorf("function.timeout: must be 1s-900s (15 min), got %v", f.Timeout.D())
	case f.EphemeralMB != 0 && (f.EphemeralMB < 512 || f.EphemeralMB > billing.MaxEphemeralMB):
		return fmt.Errorf("function.ephemeral: must be 512-10240 MB, got %d", f.EphemeralMB)
	case f.Duration.Dist != "fixed" && f.Duration.Dist != "normal" && f.Duration.Dist != "lognormal":
		return fmt.Errorf("function.duration.dist: %q; use fixed, normal or lognormal", f.Duration.Dist)
	case f.Duration.Mean.D() < time.Millisecond:
		return fmt.Errorf("function.duration.mean: at least 1ms, got %v", f.Duration.Mean.D())
	case f.Duration.Dist != "fixed" && f.Duration.StdDev <= 0:
		return fmt.Errorf("function.duration.stddev: a %s duration needs a standard deviation, such as stddev: 50ms", f.Duration.Dist)
	case f.Init.D() > 10*time.Second:
		return fmt.Errorf("function.init: INIT is limited to 10s on demand, got %v", f.Init.D())
	}
	a := s.Account
	switch a.Preset {
	case "default", "new-account", "new-account-50":
	default:
		return fmt.Errorf("account.preset: %q; use default (1,000), new-account (10) or new-account-50", a.Preset)
	}
	if _, err := limits.ParseScalingRule(string(a.Scaling)); err != nil {
		return fmt.Errorf("account.scaling: %w", err)
	}
	if a.Concurrency < 1 || a.Concurrency > 1_000_000 {
		return fmt.Errorf("account.concurrency: must be 1-1,000,000, got %d", a.Concurrency)
	}
	if a.Reserved != nil {
		r := *a.Reserved
		if r < 0 {
			return fmt.Errorf("account.reserved: must be 0 or more, got %d", r)
		}
		if m, ok := limits.CheckReserved(a.Concurrency, r); r > 0 && !ok {
			return fmt.Errorf("account.reserved: %d leaves less than the unreserved minimum of %d in an account of %d (lower it, or raise account.concurrency)", r, m, a.Concurrency)
		}
	}
	capc := a.Concurrency
	if a.Reserved != nil {
		capc = *a.Reserved
	}
	check := func(key string, n int) error {
		if n < 0 || n > capc {
			return fmt.Errorf("%s: provisioned concurrency %d must be 0 to %d (the function's reserved or the account's concurrency)", key, n, capc)
		}
		return nil
	}
	if err := check("account.provisioned", a.Provisioned); err != nil {
		return err
	}
	for i, p := range a.Schedule {
		if err := check(fmt.Sprintf("account.provisioned_schedule[%d].count", i), p.Count); err != nil {
			return err
		}
		if i > 0 && p.At < a.Schedule[i-1].At {
			return fmt.Errorf("account.provisioned_schedule[%d].at: list the changes in time order", i)
		}
	}
	if a.IdleTTL.D() < time.Second {
		return fmt.Errorf("account.idle_ttl: at least 1s, got %v", a.IdleTTL.D())
	}
	in := s.Invocation
	switch in.Type {
	case Sync, Async, SQS:
	default:
		return fmt.Errorf("invocation.type: %q; use sync, async or sqs", in.Type)
	}
	if in.BatchSize < 1 || in.BatchSize > limits.SQSMaxBatch {
		return fmt.Errorf("invocation.batch_size: must be 1-10,000, got %d", in.BatchSize)
	}
	if in.MaxConcurrency < 2 || in.MaxConcurrency > limits.SQSMaxPollers {
		return fmt.Errorf("invocation.max_concurrency: must be 2-1,000, got %d", in.MaxConcurrency)
	}
	if in.MaxEventAge.D() < limits.AsyncMinEventAge || in.MaxEventAge.D() > limits.AsyncMaxEventAge {
		return fmt.Errorf("invocation.max_event_age: must be 60s-6h, got %v", in.MaxEventAge.D())
	}
	return nil
}

func bad(v float64) bool { return v < 0 || math.IsNaN(v) || math.IsInf(v, 0) }

// PeakRate is the highest rate the pattern reaches (base plus spikes).
func (s Scenario) PeakRate() float64 {
	peak := s.Traffic.Rate
	for _, st := range s.Traffic.Steps {
		peak = max(peak, st.Rate)
	}
	if d := s.Traffic.Diurnal; d != nil {
		peak = max(peak, d.Max)
	}
	for _, r := range s.Traffic.RatesPerSecond {
		peak = max(peak, r)
	}
	extra := 0.0
	for _, sp := range s.Traffic.Spikes {
		extra += sp.Rate
	}
	return peak + extra
}

// RateAt is the arrival rate (per second) at second sec of the run.
func (s *Scenario) RateAt(sec float64) float64 {
	t := &s.Traffic
	r := t.Rate
	switch {
	case len(t.RatesPerSecond) > 0:
		i := int(sec)
		if i >= len(t.RatesPerSecond) {
			i = len(t.RatesPerSecond) - 1
		}
		r = t.RatesPerSecond[i]
	case t.Diurnal != nil:
		d := t.Diurnal
		phase := 2 * math.Pi * (sec - d.Peak.Seconds()) / 86400
		r = d.Min + (d.Max-d.Min)*(1+math.Cos(phase))/2
	case len(t.Steps) > 0:
		for _, st := range t.Steps {
			if st.At.Seconds() <= sec {
				r = st.Rate
			}
		}
	}
	for _, sp := range t.Spikes {
		if sec >= sp.At.Seconds() && sec < sp.At.Seconds()+sp.For.Seconds() {
			r += sp.Rate
		}
	}
	return r
}

// Set changes one setting by name, for --compare and the flags: rate (a
// constant base rate: steps, day curve and CSV rates give way to it, spikes
// stay), traffic (a factor on every rate of the pattern), memory, arch,
// concurrency, reserved ("none" clears it), provisioned, scaling, timeout,
// duration (the mean), init, type, batch.
func (s Scenario) Set(key, value string) (Scenario, error) {
	value = strings.TrimSpace(value)
	num := func() (float64, error) {
		v, err := strconv.ParseFloat(value, 64)
		if err != nil || bad(v) {
			return 0, fmt.Errorf("%s=%q: want a number of 0 or more", key, value)
		}
		return v, nil
	}
	dur := func() (Duration, error) {
		d, err := ParseDuration(value)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", key, err)
		}
		return d, nil
	}
	var err error
	var v float64
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "rate":
		if v, err = num(); err == nil {
			s.Traffic = Traffic{Process: s.Traffic.Process, Rate: v, Spikes: s.Traffic.Spikes}
		}
	case "traffic":
		if v, err = num(); err == nil {
			return s.ScaleTraffic(v)
		}
	case "memory":
		if v, err = num(); err == nil {
			s.Function.MemoryMB = int(v)
		}
	case "arch":
		var a billing.Arch
		if a, err = billing.ParseArch(value); err == nil {
			s.Function.Arch = a
		}
	case "concurrency":
		if v, err = num(); err == nil {
			s.Account.Concurrency = int(v)
		}
	case "reserved":
		if value == "none" || value == "" {
			s.Account.Reserved = nil
		} else if v, err = num(); err == nil {
			r := int(v)
			s.Account.Reserved = &r
		}
	case "provisioned":
		if v, err = num(); err == nil {
			s.Account.Provisioned = int(v)
			s.Account.Schedule = nil
		}
	case "scaling":
		var r limits.ScalingRule
		if r, err = limits.ParseScalingRule(value); err == nil {
			s.Account.Scaling = r
		}
	case "timeout":
		s.Function.Timeout, err = dur()
	case "duration":
		s.Function.Duration.Mean, err = dur()
	case "init":
		s.Function.Init, err = dur()
	case "type":
		s.Invocation.Type = value
	case "batch":
		if v, err = num(); err == nil {
			s.Invocation.BatchSize = int(v)
		}
	default:
		return s, fmt.Errorf("unknown setting %q: use rate, traffic, memory, arch, concurrency, reserved, provisioned, scaling, timeout, duration, init, type or batch", key)
	}
	if err != nil {
		return s, err
	}
	return s, s.Validate()
}

// ScaleTraffic multiplies every rate of the pattern (base, steps, day
// curve, CSV rates, spikes) by f, keeping its shape.
func (s Scenario) ScaleTraffic(f float64) (Scenario, error) {
	if bad(f) {
		return s, fmt.Errorf("traffic factor %v: want 0 or more", f)
	}
	t := s.Traffic
	t.Rate *= f
	t.Steps = append([]Step(nil), t.Steps...)
	for i := range t.Steps {
		t.Steps[i].Rate *= f
	}
	if t.Diurnal != nil {
		d := *t.Diurnal
		d.Min, d.Max = d.Min*f, d.Max*f
		t.Diurnal = &d
	}
	if len(t.RatesPerSecond) > 0 {
		r := make([]float64, len(t.RatesPerSecond))
		for i, v := range t.RatesPerSecond {
			r[i] = v * f
		}
		t.RatesPerSecond = r
	}
	t.Spikes = append([]Spike(nil), t.Spikes...)
	for i := range t.Spikes {
		t.Spikes[i].Rate *= f
	}
	s.Traffic = t
	return s, s.Validate()
}

// ExpectedArrivals is the integral of the rate over the run: how many
// requests (or messages) a run draws on average. It costs one rate
// evaluation per second of the run.
func (s *Scenario) ExpectedArrivals() float64 {
	total := 0.0
	secs := int(math.Ceil(s.Duration.Seconds()))
	for i := 0; i < secs; i++ {
		total += s.RateAt(float64(i)) * min(1, s.Duration.Seconds()-float64(i))
	}
	return total
}
