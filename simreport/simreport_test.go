package simreport

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/sim"
)

func run(t *testing.T, name string, set ...string) *sim.Result {
	t.Helper()
	s, err := sim.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	s.Duration = sim.Duration(20 * time.Minute)
	s.Step = 0
	s = s.WithDefaults()
	for i := 0; i+1 < len(set); i += 2 {
		if s, err = s.Set(set[i], set[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	r, err := sim.Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestChartsColourAndWidth(t *testing.T) {
	r := run(t, "sqs-backlog")
	plain := Charts(r, ChartOptions{Width: 50, Height: 6})
	if strings.Contains(plain, "\x1b[") {
		t.Error("no escape codes without colour")
	}
	for _, want := range []string{"Concurrency", "Cold starts", "Throttles", "Latency", "Cost so far", "Backlog", "p99"} {
		if !strings.Contains(plain, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, l := range strings.Split(plain, "\n") {
		if n := len([]rune(l)); n > 50+12 {
			t.Errorf("a line of %d columns for a 50-column plot: %q", n, l)
		}
	}
	if col := Charts(r, ChartOptions{Width: 50, Height: 6, Color: true}); !strings.Contains(col, "\x1b[") {
		t.Error("colour when asked")
	}
	// Throttles never happen here: say so instead of a flat line.
	if c := Chart(r, ChartThrottles, ChartOptions{}); !strings.Contains(c, "none over the whole run") {
		t.Errorf("throttles chart:\n%s", c)
	}
}

func TestSummaryAndWrap(t *testing.T) {
	r := run(t, "black-friday-new-account")
	var b bytes.Buffer
	if err := WriteSummary(&b, r, 60); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > 60 {
			t.Errorf("line over 60 columns: %q", l)
		}
	}
	for _, want := range []string{"429 errors", "ConcurrentInvocationLimitExceeded", "account concurrency 10", "Cost"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if got := Wrap("  Label              one two three four", 31); got != "  Label              one two\n                     three four\n" {
		t.Errorf("wrap keeps the column: %q", got)
	}
}

func TestCompareAndCSV(t *testing.T) {
	rows := []CompareRow{{"x86_64", run(t, "steady-api")}, {"arm64", run(t, "steady-api", "arch", "arm64")}}
	cheapest, _ := Best(rows)
	if cheapest != 1 {
		t.Error("arm64 is cheaper at the same duration")
	}
	var b bytes.Buffer
	if err := WriteCompare(&b, "arch", rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "arch=arm64") || !strings.Contains(b.String(), "cheapest") {
		t.Errorf("%s", b.String())
	}
	b.Reset()
	if err := WriteCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if want := 1 + len(rows[0].Result.Series) + len(rows[1].Result.Series); len(lines) != want {
		t.Errorf("%d CSV lines, want %d", len(lines), want)
	}
}
