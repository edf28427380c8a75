package quiz

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
)

// VCPUMemoryMB is the memory size that gives one full vCPU: CPU scales
// linearly with memory, 1,769 MB = 1 vCPU
// (https://docs.aws.amazon.com/lambda/latest/dg/resource-model.html).
const VCPUMemoryMB = 1769

// Compute says how to recompute a numeric answer with the billing engine
// and the fleet rules. Fn picks the formula; the other fields are its
// parameters (only those of Fn may be set):
//
//   - monthly_cost: requests, duration_ms, memory_mb, arch, free_tier,
//     [init_ms, cold_ratio, ephemeral_mb] → USD (billing.Monthly, current era)
//   - invocation_cost: arch, memory_mb, billed_ms, [ephemeral_mb] → USD
//     (billing.InvocationCost)
//   - billed_ms: duration_ms, era, [init_ms, init_always_billed] → ms
//     (billing.BilledMs)
//   - gb_seconds: requests, duration_ms, memory_mb → GB-s
//   - concurrency: rps, duration_ms → environments (rps × seconds)
//   - vcpu: memory_mb → vCPU (memory / 1,769 MB)
//   - provisioned_concurrency: memory_mb, arch, pc_hours, [pc_environments
//     (default 1)] → USD charged for keeping Provisioned Concurrency enabled,
//     before any invocation (billing.Monthly; hours rounded up to 5 minutes)
type Compute struct {
	Fn               string   `yaml:"fn"`
	Requests         *int64   `yaml:"requests"`
	DurationMs       *float64 `yaml:"duration_ms"`
	MemoryMB         *int     `yaml:"memory_mb"`
	Arch             *string  `yaml:"arch"`
	FreeTier         *bool    `yaml:"free_tier"`
	InitMs           *float64 `yaml:"init_ms"`
	ColdRatio        *float64 `yaml:"cold_ratio"`
	EphemeralMB      *int     `yaml:"ephemeral_mb"`
	BilledMs         *int64   `yaml:"billed_ms"`
	Era              *string  `yaml:"era"`
	InitAlwaysBilled *bool    `yaml:"init_always_billed"`
	RPS              *float64 `yaml:"rps"`
	PCHours          *float64 `yaml:"pc_hours"`
	PCEnvironments   *int     `yaml:"pc_environments"`
}

// computeParams lists each function's required and optional parameters.
var computeParams = map[string]struct{ required, optional []string }{
	"monthly_cost":            {[]string{"requests", "duration_ms", "memory_mb", "arch", "free_tier"}, []string{"init_ms", "cold_ratio", "ephemeral_mb"}},
	"invocation_cost":         {[]string{"arch", "memory_mb", "billed_ms"}, []string{"ephemeral_mb"}},
	"billed_ms":               {[]string{"duration_ms", "era"}, []string{"init_ms", "init_always_billed"}},
	"gb_seconds":              {[]string{"requests", "duration_ms", "memory_mb"}, nil},
	"concurrency":             {[]string{"rps", "duration_ms"}, nil},
	"vcpu":                    {[]string{"memory_mb"}, nil},
	"provisioned_concurrency": {[]string{"memory_mb", "arch", "pc_hours"}, []string{"pc_environments"}},
}

// set returns which parameters are given.
func (c *Compute) set() map[string]bool {
	return map[string]bool{
		"requests":           c.Requests != nil,
		"duration_ms":        c.DurationMs != nil,
		"memory_mb":          c.MemoryMB != nil,
		"arch":               c.Arch != nil,
		"free_tier":          c.FreeTier != nil,
		"init_ms":            c.InitMs != nil,
		"cold_ratio":         c.ColdRatio != nil,
		"ephemeral_mb":       c.EphemeralMB != nil,
		"billed_ms":          c.BilledMs != nil,
		"era":                c.Era != nil,
		"init_always_billed": c.InitAlwaysBilled != nil,
		"rps":                c.RPS != nil,
		"pc_hours":           c.PCHours != nil,
		"pc_environments":    c.PCEnvironments != nil,
	}
}

// check validates the function name and its parameters, and evaluates it
// once (so bad values such as 64 MB of memory are caught).
func (c *Compute) check() error {
	p, ok := computeParams[c.Fn]
	if !ok {
		return fmt.Errorf("fn is %q; use monthly_cost, invocation_cost, billed_ms, gb_seconds, concurrency, vcpu or provisioned_concurrency", c.Fn)
	}
	set := c.set()
	for _, r := range p.required {
		if !set[r] {
			return fmt.Errorf("%s needs %s", c.Fn, r)
		}
	}
	for name, ok := range set {
		if ok && !contains(p.required, name) && !contains(p.optional, name) {
			return fmt.Errorf("%s does not take %s; remove it", c.Fn, name)
		}
	}
	_, err := c.Eval()
	return err
}

// Eval computes the answer. Money is unrounded USD.
func (c *Compute) Eval() (float64, error) {
	switch c.Fn {
	case "monthly_cost":
		arch, err := c.arch()
		if err != nil {
			return 0, err
		}
		u := billing.Usage{
			Requests: deref(c.Requests), AvgDurationMs: deref(c.DurationMs), MemoryMB: deref(c.MemoryMB),
			Arch: arch, FreeTier: deref(c.FreeTier), InitMs: deref(c.InitMs), ColdRatio: deref(c.ColdRatio),
			EphemeralMB: deref(c.EphemeralMB), Era: billing.EraCurrent,
		}
		b, err := billing.Monthly(u)
		if err != nil {
			return 0, fmt.Errorf("monthly_cost: %w", err)
		}
		return b.Total, nil
	case "invocation_cost":
		arch, err := c.arch()
		if err != nil {
			return 0, err
		}
		mem, eph := deref(c.MemoryMB), deref(c.EphemeralMB)
		if mem < billing.MinMemoryMB || mem > billing.MaxMemoryMB {
			return 0, fmt.Errorf("memory_mb must be between %d and %d, got %d", billing.MinMemoryMB, billing.MaxMemoryMB, mem)
		}
		if deref(c.BilledMs) < 0 {
			return 0, errors.New("billed_ms must be 0 or more")
		}
		return billing.InvocationCost(arch, mem, eph, deref(c.BilledMs)).Total(), nil
	case "billed_ms":
		era, err := parseEra(deref(c.Era))
		if err != nil {
			return 0, err
		}
		if deref(c.DurationMs) < 0 || deref(c.InitMs) < 0 {
			return 0, errors.New("duration_ms and init_ms must be 0 or more")
		}
		return float64(billing.BilledMs(era, deref(c.DurationMs), deref(c.InitMs), deref(c.InitAlwaysBilled))), nil
	case "gb_seconds":
		mem := deref(c.MemoryMB)
		if mem < billing.MinMemoryMB || mem > billing.MaxMemoryMB || deref(c.Requests) < 0 || deref(c.DurationMs) < 0 {
			return 0, fmt.Errorf("gb_seconds needs memory_mb %d-%d and requests and duration_ms of 0 or more", billing.MinMemoryMB, billing.MaxMemoryMB)
		}
		return float64(deref(c.Requests)) * deref(c.DurationMs) / 1000 * float64(mem) / 1024, nil
	case "concurrency":
		if deref(c.RPS) < 0 || deref(c.DurationMs) < 0 {
			return 0, errors.New("rps and duration_ms must be 0 or more")
		}
		return deref(c.RPS) * deref(c.DurationMs) / 1000, nil
	case "vcpu":
		mem := deref(c.MemoryMB)
		if mem < billing.MinMemoryMB || mem > billing.MaxMemoryMB {
			return 0, fmt.Errorf("memory_mb must be between %d and %d, got %d", billing.MinMemoryMB, billing.MaxMemoryMB, mem)
		}
		return float64(mem) / VCPUMemoryMB, nil
	case "provisioned_concurrency":
		arch, err := c.arch()
		if err != nil {
			return 0, err
		}
		envs := 1
		if c.PCEnvironments != nil {
			envs = *c.PCEnvironments
		}
		if envs < 1 {
			return 0, fmt.Errorf("pc_environments must be 1 or more, got %d", envs)
		}
		b, err := billing.Monthly(billing.Usage{MemoryMB: deref(c.MemoryMB), Arch: arch,
			ProvisionedConcurrency: envs, PCHours: deref(c.PCHours), Era: billing.EraCurrent})
		if err != nil {
			return 0, fmt.Errorf("provisioned_concurrency: %w", err)
		}
		return b.Total, nil
	}
	return 0, fmt.Errorf("unknown compute fn %q", c.Fn)
}

func (c *Compute) arch() (billing.Arch, error) {
	a := deref(c.Arch)
	if a != string(billing.X86_64) && a != string(billing.ARM64) {
		return "", fmt.Errorf("arch is %q; use x86_64 or arm64", a)
	}
	return billing.Arch(a), nil
}

// parseEra reads the bank's era names: current, free-init, 100ms.
func parseEra(s string) (billing.Era, error) {
	switch strings.TrimSpace(s) {
	case "current":
		return billing.EraCurrent, nil
	case "free-init":
		return billing.EraFreeInit, nil
	case "100ms":
		return billing.Era100ms, nil
	}
	return "", fmt.Errorf("era is %q; use current, free-init or 100ms", s)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func ptr[T any](v T) *T { return &v }

// agrees reports whether a computed value matches a stated answer within
// tol, allowing for the stated answer being rounded to the tolerance's
// precision (a computed 1.0333 agrees with 1.03 ± 0.01).
func agrees(computed, answer, tol float64) bool {
	return math.Abs(computed-answer) <= tol+1e-9*math.Max(1, math.Abs(answer))
}
