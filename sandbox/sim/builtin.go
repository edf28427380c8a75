package sim

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Builtin scenarios, by name: what the TUI's Scale screen offers and what
// `lambdatutor simulate --scenario NAME` runs.
var builtins = map[string]Scenario{
	"steady-api": {
		Name:        "steady-api",
		Description: "An API at a steady 200 requests per second (Poisson), 120 ms on average, for an hour.",
		Duration:    Duration(time.Hour),
		Traffic:     Traffic{Rate: 200},
		Function: Function{MemoryMB: 512, Timeout: Duration(10 * time.Second),
			Duration: DurationDist{Dist: "lognormal", Mean: ms(120), StdDev: ms(60)}, Init: ms(250)},
	},
	"morning-spike": {
		Name:        "morning-spike",
		Description: "50 requests per second, then the morning rush: +1,500 per second for 30 minutes.",
		Duration:    Duration(3 * time.Hour),
		Traffic:     Traffic{Rate: 50, Spikes: []Spike{{At: Duration(time.Hour), For: Duration(30 * time.Minute), Rate: 1500}}},
		Function: Function{MemoryMB: 1024, Timeout: Duration(10 * time.Second),
			Duration: DurationDist{Dist: "lognormal", Mean: ms(200), StdDev: ms(80)}, Init: ms(400)},
	},
	"black-friday-new-account": {
		Name:        "black-friday-new-account",
		Description: "A shop on a new account (concurrency 10) goes from 20 to 2,000 requests per second: 429s.",
		Duration:    Duration(time.Hour),
		Traffic:     Traffic{Steps: []Step{{At: 0, Rate: 20}, {At: Duration(10 * time.Minute), Rate: 2000}}},
		Function: Function{MemoryMB: 512, Timeout: Duration(10 * time.Second),
			Duration: DurationDist{Dist: "lognormal", Mean: ms(150), StdDev: ms(50)}, Init: ms(300)},
		Account: Account{Preset: "new-account"},
	},
	"sqs-backlog": {
		Name:        "sqs-backlog",
		Description: "100,000 SQS messages land in a minute on top of 20 a second: pollers scale 5, +300 per minute.",
		Duration:    Duration(time.Hour),
		Traffic:     Traffic{Rate: 20, Spikes: []Spike{{At: Duration(5 * time.Minute), For: Duration(time.Minute), Rate: 100000.0 / 60}}},
		Function: Function{MemoryMB: 256, Timeout: Duration(30 * time.Second),
			Duration: DurationDist{Dist: "normal", Mean: ms(800), StdDev: ms(200)}, Init: ms(300)},
		Invocation: Invocation{Type: SQS, BatchSize: 10},
	},
}

// BuiltinNames lists the built-in scenarios in a stable order.
func BuiltinNames() []string {
	return []string{"steady-api", "morning-spike", "black-friday-new-account", "sqs-backlog"}
}

// Builtin returns a built-in scenario, defaults applied.
func Builtin(name string) (Scenario, error) {
	s, ok := builtins[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		names := BuiltinNames()
		sort.Strings(names)
		return Scenario{}, fmt.Errorf("no built-in scenario %q: use one of %s, or a scenario file (--file)", name, strings.Join(names, ", "))
	}
	// Copy the slices, so that callers may change them.
	s.Traffic.Steps = append([]Step(nil), s.Traffic.Steps...)
	s.Traffic.Spikes = append([]Spike(nil), s.Traffic.Spikes...)
	return s.WithDefaults(), nil
}

// Reference documents the scenario file, key by key. It is printed by
// `lambdatutor simulate --help` and parses as a scenario (tested).
const Reference = `# A scenario file (YAML). Every key is optional; defaults in brackets.
name: checkout-api              # [custom]
description: a day of the checkout API
duration: 24h                   # length of the run, up to 744h [1h]
step: 10m                       # resolution of the series [about 120-240 points]
seed: 1                         # the same seed gives the same run [1]
era: 2025-08                    # billing rules: 2025-08 (INIT billed), 2020-12, 2017 (100 ms) [2025-08]
traffic:
  process: poisson              # poisson or deterministic (evenly spaced) [poisson]
  rate: 100                     # requests (SQS: messages) per second [0]
  # one of steps, diurnal or csv replaces the constant rate:
  diurnal: {min: 50, max: 400, peak: 14h}   # a day curve, highest at 14:00 after the start
  # steps: [{at: 0s, rate: 20}, {at: 10m, rate: 2000}]
  # csv: rates.csv              # one rate per second: "rate" or "second,rate" lines
  spikes:                       # extra load on top of the base
    - {at: 9h, for: 30m, rate: 1500}
function:
  memory: 512                   # MB, 128-10240 [128]
  arch: arm64                   # x86_64 or arm64 [x86_64]
  timeout: 10s                  # 1s-900s; longer invocations are cut there and billed in full [3s]
  ephemeral: 512                # /tmp in MB, 512-10240; above 512 is billed [512]
  duration: {dist: lognormal, mean: 120ms, stddev: 60ms}   # fixed, normal or lognormal [fixed 100ms]
  init: 250ms                   # Init Duration of a cold start, at most 10s [0s]
account:
  preset: default               # default (1,000), new-account (10), new-account-50 [default]
  concurrency: 1000             # the account's limit; overrides the preset
  reserved: 200                 # the function's reserved concurrency (cap and guarantee) [none]
  provisioned: 20               # provisioned concurrency from the start [0]
  provisioned_schedule:         # changes of provisioned concurrency
    - {at: 8h, count: 100}
    - {at: 20h, count: 20}
  scaling: "2023"               # 2023 (1,000 environments per 10 s) or legacy (3,000, then +500/min) [2023]
  idle_ttl: 10m                 # how long an idle environment lives (±20%) [10m]
invocation:
  type: sync                    # sync (429s are errors), async (retried up to 6 h), sqs [sync]
  batch_size: 10                # sqs: messages per invocation, 1-10000 [10]
  max_concurrency: 1000         # sqs: the mapping's maximum concurrency, 2-1000 [1000]
  max_event_age: 6h             # async: events older than this are dropped, 60s-6h [6h]
`

// ms is a duration in milliseconds.
func ms(v float64) Duration { return Duration(v * float64(time.Millisecond)) }
