package sim

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestReferenceParses(t *testing.T) {
	s, err := ParseScenario([]byte(Reference), nil)
	if err != nil {
		t.Fatalf("the documented reference must parse: %v", err)
	}
	if s.Duration.D() != 24*time.Hour || s.Traffic.Diurnal == nil || s.Function.Arch != "arm64" ||
		*s.Account.Reserved != 200 || len(s.Account.Schedule) != 2 || s.Function.Duration.StdDev != ms(60) {
		t.Errorf("parsed %+v", s)
	}
}

func TestScenarioErrors(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"", "empty"},
		{"duraton: 1h", "field duraton not found"},
		{"duration: 60", "needs a unit"},
		{"traffic: {rate: -1}", "traffic.rate"},
		{"traffic: {process: bursty}", "poisson or deterministic"},
		{"traffic: {steps: [{at: 1m, rate: 5}], diurnal: {min: 1, max: 2, peak: 1h}}", "use one of steps, diurnal and csv"},
		{"traffic: {steps: [{at: 2m, rate: 5}, {at: 1m, rate: 1}]}", "time order"},
		{"function: {memory: 64}", "function.memory: must be 128-10240"},
		{"function: {arch: sparc}", "x86_64 or arm64"},
		{"function: {timeout: 20m}", "1s-900s"},
		{"function: {duration: {dist: normal, mean: 100ms}}", "needs a standard deviation"},
		{"function: {init: 11s}", "limited to 10s"},
		{"account: {preset: big}", "new-account"},
		{"account: {reserved: 950}", "unreserved minimum of 100"},
		{"account: {provisioned: 20, reserved: 10}", "provisioned concurrency 20 must be 0 to 10"},
		{"account: {scaling: fast}", "legacy"},
		{"invocation: {type: stream}", "sync, async or sqs"},
		{"invocation: {type: sqs, batch_size: 20000}", "1-10,000"},
		{"invocation: {max_event_age: 7h}", "60s-6h"},
		{"duration: 4h\nstep: 1s\n", "at most 10000"},
		{"traffic: {csv: rates.csv}", "cannot read files"},
	}
	for _, c := range cases {
		_, err := ParseScenario([]byte(c.yaml), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want an error containing %q", c.yaml, err, c.want)
		}
	}
}

func TestRatesCSV(t *testing.T) {
	rates, err := ParseRatesCSV(strings.NewReader("second,rate\n0,10\n2,30\n\n3,0\n"))
	if err != nil || len(rates) != 4 || rates[1] != 10 || rates[2] != 30 {
		t.Fatalf("%v %v", rates, err)
	}
	for _, bad := range []string{"", "x\ny\n", "5\n-1\n", "3,1\n1,1\n", "1,2,3\n"} {
		if _, err := ParseRatesCSV(strings.NewReader(bad)); err == nil {
			t.Errorf("%q should be refused", bad)
		}
	}
	read := func(name string) ([]byte, error) {
		if name == "rates.csv" {
			return []byte("100\n100\n0\n"), nil
		}
		return nil, os.ErrNotExist
	}
	s, err := ParseScenario([]byte("duration: 10s\ntraffic: {csv: rates.csv, process: deterministic}\n"), read)
	if err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, s)
	if r.Summary.Arrivals < 199 || r.Summary.Arrivals > 201 {
		t.Errorf("100 + 100 + 0 (then the last rate, 0): %d arrivals", r.Summary.Arrivals)
	}
	if _, err := ParseScenario([]byte("traffic: {csv: missing.csv}"), read); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing CSV: %v", err)
	}
}

func TestBuiltinsRun(t *testing.T) {
	for _, name := range BuiltinNames() {
		s, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Run(context.Background(), s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.Summary.Invocations == 0 || len(r.Series) < 100 {
			t.Errorf("%s: %d invocations, %d points", name, r.Summary.Invocations, len(r.Series))
		}
		switch name {
		case "black-friday-new-account":
			if r.Summary.ThrottlesTotal == 0 {
				t.Errorf("%s must throttle", name)
			}
		case "sqs-backlog":
			if r.Summary.MaxBacklog < 10000 || r.Summary.Queued != 0 {
				t.Errorf("%s: backlog %d, %d left", name, r.Summary.MaxBacklog, r.Summary.Queued)
			}
		}
	}
	if _, err := Builtin("cyber-monday"); err == nil || !strings.Contains(err.Error(), "steady-api") {
		t.Errorf("an unknown scenario lists the known ones: %v", err)
	}
}

func TestSet(t *testing.T) {
	s, _ := Builtin("steady-api")
	for _, kv := range [][2]string{{"rate", "50"}, {"memory", "1024"}, {"arch", "arm64"}, {"provisioned", "5"},
		{"reserved", "300"}, {"reserved", "none"}, {"scaling", "legacy"}, {"duration", "80ms"}, {"concurrency", "2000"}} {
		var err error
		if s, err = s.Set(kv[0], kv[1]); err != nil {
			t.Fatalf("%s=%s: %v", kv[0], kv[1], err)
		}
	}
	if s.Traffic.Rate != 50 || s.Function.MemoryMB != 1024 || s.Account.Provisioned != 5 || s.Account.Reserved != nil {
		t.Errorf("%+v", s)
	}
	if _, err := s.Set("colour", "red"); err == nil || !strings.Contains(err.Error(), "use rate, traffic, memory") {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := s.Set("memory", "20000"); err == nil {
		t.Error("memory 20000 must be refused")
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, steady(time.Hour)); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run: %v", err)
	}
}

func TestScaleTraffic(t *testing.T) {
	s, _ := Builtin("morning-spike")
	d, err := s.ScaleTraffic(2)
	if err != nil {
		t.Fatal(err)
	}
	if d.RateAt(0) != 100 || d.RateAt(3700) != 3100 || s.RateAt(3700) != 1550 {
		t.Errorf("doubled: %v %v; the original is unchanged: %v", d.RateAt(0), d.RateAt(3700), s.RateAt(3700))
	}
	if h, err := s.Set("traffic", "0.5"); err != nil || h.RateAt(3700) != 775 {
		t.Errorf("traffic=0.5: %v", err)
	}
	if _, err := s.ScaleTraffic(-1); err == nil {
		t.Error("a negative factor must be refused")
	}
}

func TestExpectedArrivals(t *testing.T) {
	s, _ := Builtin("morning-spike")
	want := 50*3*3600.0 + 1500*30*60
	if got := s.ExpectedArrivals(); got != want {
		t.Errorf("%v, want %v", got, want)
	}
	r := mustRun(t, s)
	if got := float64(r.Summary.Arrivals); !near(got, want, 0.01) {
		t.Errorf("the run drew %v arrivals, expected %v", got, want)
	}
}
