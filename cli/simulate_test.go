package cli

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/sandbox/sim"
	"github.com/lambdatutor/lambdatutor/simreport"
)

func runSimCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return execCmd(func(f *Factory) *cobra.Command { return NewCmdSimulate(f, nil) }, args...)
}

// execCmd runs the command build makes with args, output to a buffer.
func execCmd(build func(*Factory) *cobra.Command, args ...string) (string, error) {
	f, out, _ := costFactory()
	cmd := build(f)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err := cmd.Execute()
	return out.String(), err
}

func TestSimulateSummaryAndCharts(t *testing.T) {
	out, err := runSimCmd(t, "--scenario", "black-friday-new-account", "--width", "70")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Scenario black-friday-new-account", "Invocations", "Cold starts", "429 errors to callers",
		"FunctionInvocationRateLimitExceeded", "ConcurrentInvocationLimitExceeded", "p99", "of which INIT",
		"Concurrency (busy environments", "Throttles (429) per", "Latency percentiles", "Cost so far", "· limit"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("no colour escapes when the output is not a terminal")
	}
	for _, l := range strings.Split(out, "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line of %d columns at --width 70: %q", w, l)
		}
	}
}

func TestSimulateJSONAndCSV(t *testing.T) {
	out, err := runSimCmd(t, "--rate", "50", "--duration", "80ms", "--length", "10m", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var r sim.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if r.Summary.Invocations < 25000 || r.Summary.Invocations > 35000 || len(r.Series) != 120 || r.Scenario.Function.Duration.Mean != sim.Duration(80e6) {
		t.Errorf("%d invocations (want about 30,000), %d points", r.Summary.Invocations, len(r.Series))
	}
	out, err = runSimCmd(t, "--rate", "50", "--length", "10m", "--csv", "--compare", "memory=128,1024")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+2*120 || strings.Join(recs[0], ",") != strings.Join(simreport.CSVHeader, ",") || recs[1][0] != "128" || recs[121][0] != "1024" {
		t.Errorf("csv: %d rows, header %v, first %v", len(recs), recs[0], recs[1])
	}
}

func TestSimulateCompare(t *testing.T) {
	out, err := runSimCmd(t, "--scenario", "morning-spike", "--compare", "provisioned=0,400", "--no-charts")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "provisioned=0") || !strings.Contains(out, "provisioned=400") {
		t.Fatalf("both variants side by side:\n%s", out)
	}
	if !strings.Contains(out, "cheapest") || !strings.Contains(out, "fastest") {
		t.Errorf("the best variants are marked:\n%s", out)
	}
	// Without provisioned concurrency it is cheaper; with it, no cold starts
	// in the spike, so requests are faster on average.
	out, err = runSimCmd(t, "--scenario", "morning-spike", "--compare", "provisioned=0,400", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var pc struct{ Cheapest, Fastest string }
	if err := json.Unmarshal([]byte(out), &pc); err != nil || pc.Cheapest != "0" || pc.Fastest != "400" {
		t.Errorf("cheapest %q (want 0), fastest %q (want 400): %v", pc.Cheapest, pc.Fastest, err)
	}
	out, err = runSimCmd(t, "--scenario", "steady-api", "--compare", "arch=x86_64,arm64", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Variants []struct{ Value string }
		Cheapest string
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v.Variants) != 2 || v.Cheapest != "arm64" {
		t.Errorf("arm64 is cheaper at the same duration: %+v %v", v, err)
	}
}

func TestSimulateFileAndErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "day.yaml")
	if err := os.WriteFile(filepath.Join(dir, "rates.csv"), []byte("10\n20\n30\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("name: day\nduration: 1m\ntraffic: {csv: rates.csv}\nfunction: {memory: 256}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runSimCmd(t, "--file", file, "--no-charts")
	if err != nil || !strings.Contains(out, "Scenario day") {
		t.Fatalf("%v\n%s", err, out)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("function: {memroy: 256}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := [][]string{
		{"--file", bad},
		{"--scenario", "nope"},
		{"--rate", "10", "--compare", "provisioned"},
		{"--rate", "10", "--compare", "colour=red,blue"},
		{"--memory", "64"},
		{"--length", "90"},
		{"--provisioned", "20", "--reserved", "10"},
		{"--json", "--csv"},
		{},
	}
	wants := []string{"field memroy not found", "no built-in scenario", "KEY=V1,V2", "unknown setting", "128-10240", "needs a unit",
		"must be 0 to 10", "either --json or --csv", "no traffic to simulate"}
	for i, args := range cases {
		_, err := runSimCmd(t, args...)
		if err == nil || !strings.Contains(err.Error(), wants[i]) {
			t.Errorf("%v: %v, want %q", args, err, wants[i])
		}
	}
	// One flag can make another valid: provisioned 20 within reserved 50.
	if _, err := runSimCmd(t, "--rate", "10", "--provisioned", "20", "--reserved", "50", "--length", "1m", "--no-charts"); err != nil {
		t.Errorf("provisioned within reserved: %v", err)
	}
	out, err = runSimCmd(t, "--list")
	if err != nil || !strings.Contains(out, "sqs-backlog") || !strings.Contains(out, "steady-api") {
		t.Errorf("--list: %v\n%s", err, out)
	}
}
