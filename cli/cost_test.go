package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
)

// costFactory is a Factory writing to buffers, with an empty environment.
func costFactory() (*Factory, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &Factory{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) string { return "" }}, &out, &errOut
}

// runCostCmd runs `lambdatutor cost ARGS...` and returns its output.
func runCostCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	f, out, _ := costFactory()
	cmd := NewCmdCost(f, nil)
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err := cmd.Execute()
	return out.String(), err
}

func totalLine(t *testing.T, out string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "TOTAL per month") {
			return strings.TrimSpace(strings.TrimPrefix(l, "TOTAL per month"))
		}
	}
	t.Fatalf("no TOTAL line in:\n%s", out)
	return ""
}

// FACTS.md §1.5, the seed example: 1M × 200 ms × 256 MB is $1.03 (x86) and $0.87
// (arm64) a month without the free tier, $0.00 with it.
func TestCostSeedExample(t *testing.T) {
	seed := []string{"--requests", "1000000", "--duration", "200ms", "--memory", "256"}
	tests := []struct {
		extra []string
		total string
		lines []string
	}{
		{[]string{"--no-free-tier"}, "$1.03", []string{"50,000 GB-s", "$0.8333", "1,000,000 requests", "$0.2000"}},
		{[]string{"--no-free-tier", "--arch", "arm64"}, "$0.87 ($0.8667)", []string{"Duration, tier 1 (arm64)", "$0.6667"}},
		{nil, "$0.00", []string{"Free tier: requests", "-$0.2000", "Free tier: compute", "-$0.8333", "shared by all functions"}},
		{[]string{"--free-tier", "--arch", "arm64"}, "$0.00", []string{"-$0.6667"}},
	}
	for _, tt := range tests {
		out, err := runCostCmd(t, append(seed, tt.extra...)...)
		if err != nil {
			t.Fatalf("%v: %v", tt.extra, err)
		}
		if got := totalLine(t, out); got != tt.total {
			t.Errorf("%v: total %q, want %q (FACTS.md §1.5)\n%s", tt.extra, got, tt.total, out)
		}
		for _, want := range tt.lines {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", tt.extra, want, out)
			}
		}
	}
}

// FACTS.md §1.5: 1% cold starts of 150 ms add 375 GB-s ≈ $0.006 a month since 2025-08.
func TestCostInitLine(t *testing.T) {
	out, err := runCostCmd(t, "--requests", "1000000", "--duration", "200ms", "--memory", "256", "--no-free-tier", "--init-ms", "150", "--cold-ratio", "1%")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"of which INIT (cold starts)", "375 GB-s", "($0.0063)", "350 ms when cold", "$1.04"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The free-INIT era (2020-12 to 2025-07) does not bill it.
	out, err = runCostCmd(t, "--requests", "1000000", "--duration", "200ms", "--memory", "256", "--no-free-tier", "--init-ms", "150", "--cold-ratio", "0.01", "--era", "2020-12")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "375 GB-s") || totalLine(t, out) != "$1.03" {
		t.Errorf("free-INIT era should bill no INIT:\n%s", out)
	}
}

// FACTS.md §1.1: one PC environment of 1 GB for 30 days costs about $10.80.
func TestCostProvisionedConcurrency(t *testing.T) {
	out, err := runCostCmd(t, "--requests", "0", "--duration", "1ms", "--memory", "1024", "--provisioned", "1", "--pc-hours", "720")
	if err != nil {
		t.Fatal(err)
	}
	if got := totalLine(t, out); got != "$10.80" {
		t.Errorf("total %q, want $10.80\n%s", got, out)
	}
	if !strings.Contains(out, "2,592,000 GB-s") || !strings.Contains(out, "free tier does not apply") {
		t.Errorf("output:\n%s", out)
	}
}

func TestCostJSON(t *testing.T) {
	out, err := runCostCmd(t, "--requests", "1000000", "--duration", "200ms", "--memory", "256", "--no-free-tier", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var b billing.Breakdown
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if math.Abs(b.Total-1.033335) > 1e-9 || b.OnDemandGBs != 50_000 || b.Usage.FreeTier || len(b.Lines) != 2 {
		t.Errorf("breakdown = %+v", b)
	}
}

func TestCostErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--duration", "200ms"}, "--requests is required"},
		{[]string{"--requests", "10"}, "--duration is required"},
		{[]string{"--requests", "10", "--duration", "200"}, `needs a unit: write 200ms or 200s`},
		{[]string{"--requests", "10", "--duration", "fast"}, "like 200ms, 1.5s"},
		{[]string{"--requests", "10", "--duration", "16m"}, "15m (the maximum timeout)"},
		{[]string{"--requests", "10", "--duration", "1s", "--memory", "64"}, "--memory must be between 128 and 10240"},
		{[]string{"--requests", "10", "--duration", "1s", "--memory", "10241"}, "--memory must be between 128 and 10240"},
		{[]string{"--requests", "10", "--duration", "1s", "--arch", "sparc"}, "use x86_64 or arm64"},
		{[]string{"--requests", "10", "--duration", "1s", "--era", "1999"}, "2017 (100 ms rounding)"},
		{[]string{"--requests", "10", "--duration", "1s", "--cold-ratio", "150%"}, "between 0 and 1"},
		{[]string{"--requests", "10", "--duration", "1s", "--cold-ratio", "lots"}, "a percentage like 1%"},
		{[]string{"--requests", "10", "--duration", "1s", "--free-tier", "--no-free-tier"}, "not both"},
		{[]string{"--requests", "-1", "--duration", "1s"}, "--requests must be 0 or more"},
		{[]string{"--requests", "10", "--duration", "1s", "--ephemeral", "100"}, "--ephemeral must be between 512"},
		{[]string{"--requests", "10", "--duration", "1s", "--provisioned", "1"}, "needs --pc-hours"},
		{[]string{"--requests", "10", "--duration", "1s", "--pc-hours", "5"}, "need --provisioned"},
		{[]string{"--requests", "10", "--duration", "1s", "--provisioned", "1", "--pc-hours", "1", "--pc-requests", "11"}, "between 0 and --requests"},
		{[]string{"--requests", "10", "--duration", "1s", "extra"}, "unknown command"},
	}
	for _, tt := range tests {
		_, err := runCostCmd(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("cost %v: error %v, want it to contain %q", tt.args, err, tt.want)
		}
	}
}

func TestCostFlagsReachOptions(t *testing.T) {
	f, _, _ := costFactory()
	var got *CostOptions
	cmd := NewCmdCost(f, func(w io.Writer, o *CostOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--requests", "42", "--duration", "1.5s", "--memory", "2048", "--arch", "arm64", "--no-free-tier",
		"--init-ms", "300", "--cold-ratio", "2%", "--era", "2017", "--image", "--ephemeral", "1024", "--json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	u, err := costUsage(got)
	if err != nil {
		t.Fatal(err)
	}
	want := billing.Usage{Requests: 42, AvgDurationMs: 1500, MemoryMB: 2048, Arch: billing.ARM64, EphemeralMB: 1024,
		Era: billing.Era100ms, InitMs: 300, ColdRatio: 0.02, InitAlwaysBilled: true}
	if u != want || !got.JSON {
		t.Errorf("usage = %+v, want %+v", u, want)
	}
}

func TestParseDurationFlag(t *testing.T) {
	for in, want := range map[string]time.Duration{"200ms": 200 * time.Millisecond, "1.5s": 1500 * time.Millisecond,
		"27.55ms": 27550 * time.Microsecond, " 15m ": 15 * time.Minute, "0ms": 0} {
		if got, err := parseDurationFlag(in); err != nil || got != want {
			t.Errorf("parseDurationFlag(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "200", "-1ms", "1h", "ms"} {
		if _, err := parseDurationFlag(in); err == nil {
			t.Errorf("parseDurationFlag(%q) accepted", in)
		}
	}
}

func TestCostBilledDurationShown(t *testing.T) {
	// FACTS.md §1.2: 27.55 ms bills 28 ms; in the 100-ms era 27.40 ms bills 100 ms.
	out, err := runCostCmd(t, "--requests", "1", "--duration", "27.55ms")
	if err != nil || !strings.Contains(out, "27.55 ms (billed 28 ms)") {
		t.Errorf("err %v, output:\n%s", err, out)
	}
	out, err = runCostCmd(t, "--requests", "1", "--duration", "27.40ms", "--era", "2017")
	if err != nil || !strings.Contains(out, "27.4 ms (billed 100 ms)") || !strings.Contains(out, "rounded up to 100 ms") {
		t.Errorf("err %v, output:\n%s", err, out)
	}
}
