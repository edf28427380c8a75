package quiz

import (
	"math"
	"strings"
	"testing"
)

func TestComputeEval(t *testing.T) {
	cases := []struct {
		name string
		c    Compute
		want float64
	}{
		{"seed example x86", Compute{Fn: "monthly_cost", Requests: ptr[int64](1_000_000), DurationMs: ptr(200.0), MemoryMB: ptr(256), Arch: ptr("x86_64"), FreeTier: ptr(false)}, 1.0333},
		{"seed example arm64", Compute{Fn: "monthly_cost", Requests: ptr[int64](1_000_000), DurationMs: ptr(200.0), MemoryMB: ptr(256), Arch: ptr("arm64"), FreeTier: ptr(false)}, 0.8667},
		{"seed example free tier", Compute{Fn: "monthly_cost", Requests: ptr[int64](1_000_000), DurationMs: ptr(200.0), MemoryMB: ptr(256), Arch: ptr("x86_64"), FreeTier: ptr(true)}, 0},
		{"with cold starts", Compute{Fn: "monthly_cost", Requests: ptr[int64](1_000_000), DurationMs: ptr(200.0), MemoryMB: ptr(256), Arch: ptr("x86_64"), FreeTier: ptr(false), InitMs: ptr(150.0), ColdRatio: ptr(0.01)}, 1.0333 + 375*0.0000166667},
		{"one invocation", Compute{Fn: "invocation_cost", Arch: ptr("x86_64"), MemoryMB: ptr(1024), BilledMs: ptr[int64](1000)}, 0.0000002 + 0.0000166667},
		{"billed current cold", Compute{Fn: "billed_ms", DurationMs: ptr(2.10), InitMs: ptr(86.45), Era: ptr("current")}, 89},
		{"billed free-init zip", Compute{Fn: "billed_ms", DurationMs: ptr(2.10), InitMs: ptr(86.45), Era: ptr("free-init")}, 3},
		{"billed free-init image", Compute{Fn: "billed_ms", DurationMs: ptr(1049.63), InitMs: ptr(1293.83), Era: ptr("free-init"), InitAlwaysBilled: ptr(true)}, 2344},
		{"billed 100ms", Compute{Fn: "billed_ms", DurationMs: ptr(27.40), Era: ptr("100ms")}, 100},
		{"gb-s", Compute{Fn: "gb_seconds", Requests: ptr[int64](1_000_000), DurationMs: ptr(200.0), MemoryMB: ptr(256)}, 50000},
		{"concurrency", Compute{Fn: "concurrency", RPS: ptr(500.0), DurationMs: ptr(200.0)}, 100},
		{"vcpu", Compute{Fn: "vcpu", MemoryMB: ptr(3538)}, 2},
		{"pc month", Compute{Fn: "provisioned_concurrency", MemoryMB: ptr(1024), Arch: ptr("x86_64"), PCHours: ptr(720.0)}, 10.80},
		{"pc two envs", Compute{Fn: "provisioned_concurrency", MemoryMB: ptr(2048), Arch: ptr("x86_64"), PCHours: ptr(168.0), PCEnvironments: ptr(2)}, 10.08},
	}
	for _, tc := range cases {
		if err := tc.c.check(); err != nil {
			t.Errorf("%s: check: %v", tc.name, err)
		}
		got, err := tc.c.Eval()
		if err != nil || math.Abs(got-tc.want) > 0.0001 {
			t.Errorf("%s: Eval() = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	bad := []struct {
		c    Compute
		want string
	}{
		{Compute{Fn: "magic"}, `fn is "magic"`},
		{Compute{Fn: "vcpu"}, "vcpu needs memory_mb"},
		{Compute{Fn: "vcpu", MemoryMB: ptr(64)}, "memory_mb must be between 128 and 10240, got 64"},
		{Compute{Fn: "vcpu", MemoryMB: ptr(512), Era: ptr("current")}, "vcpu does not take era"},
		{Compute{Fn: "billed_ms", DurationMs: ptr(1.0), Era: ptr("2019")}, `era is "2019"; use current, free-init or 100ms`},
		{Compute{Fn: "monthly_cost", Requests: ptr[int64](1), DurationMs: ptr(1.0), MemoryMB: ptr(128), Arch: ptr("sparc"), FreeTier: ptr(false)}, `arch is "sparc"`},
		{Compute{Fn: "monthly_cost", Requests: ptr[int64](1), DurationMs: ptr(1.0e6), MemoryMB: ptr(128), Arch: ptr("arm64"), FreeTier: ptr(false)}, "average duration must be between 0 and 900000"},
		{Compute{Fn: "concurrency", RPS: ptr(-1.0), DurationMs: ptr(1.0)}, "0 or more"},
		{Compute{Fn: "provisioned_concurrency", MemoryMB: ptr(1024), Arch: ptr("x86_64"), PCHours: ptr(720.0), PCEnvironments: ptr(0)}, "pc_environments must be 1 or more"},
		{Compute{Fn: "provisioned_concurrency", MemoryMB: ptr(1024), Arch: ptr("x86_64"), PCHours: ptr(800.0)}, "between 0 and 744"},
	}
	for _, tc := range bad {
		err := tc.c.check()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error containing %q", tc.c, err, tc.want)
		}
	}
}
