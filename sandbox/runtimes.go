package sandbox

import (
	"fmt"
	"sync"
)

// Arch is an instruction set architecture of a function.
type Arch string

// The two architectures Lambda offers.
const (
	X86_64 Arch = "x86_64"
	ARM64  Arch = "arm64"
)

// RuntimeInfo holds what the sandbox models about one managed runtime. The
// figures come from maxday/lambda-perf (https://github.com/maxday/lambda-perf), run
// of 2026-08-22, ZIP packaging, means of 10 cold starts of a hello-world).
type RuntimeInfo struct {
	// Name is the runtime identifier, such as "nodejs22.x".
	Name string
	// Language is "nodejs" or "python".
	Language string
	// CallbackHandlers is true where callback-style handlers are allowed
	// (Node.js 22 and earlier; FACTS §3.3).
	CallbackHandlers bool
	// InitMs is the mean Init Duration at 128, 256, 512 and 1024 MB, per
	// architecture.
	InitMs map[Arch][4]float64
	// MemoryMB is the Max Memory Used of a hello-world at 512 MB: the base
	// of the memory model.
	MemoryMB map[Arch]float64
	// DurationMs is the Duration of a hello-world invoke at 512 MB: the
	// per-invoke overhead of the runtime.
	DurationMs map[Arch]float64
	// StepNanos is the virtual compute time of one execution step at one
	// full vCPU, for engines that count steps (Call.AddSteps).
	StepNanos float64
}

var (
	runtimeMu    sync.RWMutex
	runtimeTable = map[string]RuntimeInfo{
		"nodejs24.x": {Name: "nodejs24.x", Language: "nodejs",
			InitMs:     map[Arch][4]float64{X86_64: {135, 143, 131, 136}, ARM64: {116, 117, 114, 124}},
			MemoryMB:   map[Arch]float64{X86_64: 76.2, ARM64: 78.8},
			DurationMs: map[Arch]float64{X86_64: 2.71, ARM64: 3.36}},
		"nodejs22.x": {Name: "nodejs22.x", Language: "nodejs", CallbackHandlers: true,
			InitMs:     map[Arch][4]float64{X86_64: {137, 147, 139, 140}, ARM64: {124, 125, 130, 127}},
			MemoryMB:   map[Arch]float64{X86_64: 74, ARM64: 75},
			DurationMs: map[Arch]float64{X86_64: 3.47, ARM64: 3.62}},
		"python3.14": {Name: "python3.14", Language: "python", StepNanos: 20,
			InitMs:     map[Arch][4]float64{X86_64: {102, 106, 101, 102}, ARM64: {100, 99, 94, 97}},
			MemoryMB:   map[Arch]float64{X86_64: 38, ARM64: 37},
			DurationMs: map[Arch]float64{X86_64: 1.85, ARM64: 2.27}},
		"python3.13": {Name: "python3.13", Language: "python", StepNanos: 20,
			InitMs:     map[Arch][4]float64{X86_64: {91, 87, 86, 84}, ARM64: {81, 79, 77, 85}},
			MemoryMB:   map[Arch]float64{X86_64: 36, ARM64: 35.4},
			DurationMs: map[Arch]float64{X86_64: 2.08, ARM64: 2.04}},
		"python3.12": {Name: "python3.12", Language: "python", StepNanos: 20,
			InitMs:     map[Arch][4]float64{X86_64: {85, 84, 83, 81}, ARM64: {73, 79, 80, 82}},
			MemoryMB:   map[Arch]float64{X86_64: 37, ARM64: 36.3},
			DurationMs: map[Arch]float64{X86_64: 1.87, ARM64: 2.06}},
	}
)

// AddRuntime adds or replaces a runtime in the table. Call it before
// Register for a runtime the table does not know yet.
func AddRuntime(info RuntimeInfo) error {
	if info.Name == "" || info.Language == "" {
		return fmt.Errorf("runtime needs a name and a language")
	}
	for _, a := range []Arch{X86_64, ARM64} {
		if _, ok := info.InitMs[a]; !ok {
			return fmt.Errorf("runtime %s: no Init Duration figures for %s; give all four memory sizes", info.Name, a)
		}
		if info.MemoryMB[a] <= 0 || info.DurationMs[a] <= 0 {
			return fmt.Errorf("runtime %s: memory and duration figures for %s must be positive", info.Name, a)
		}
	}
	runtimeMu.Lock()
	defer runtimeMu.Unlock()
	runtimeTable[info.Name] = info
	return nil
}

// LookupRuntime returns the table entry of a runtime.
func LookupRuntime(name string) (RuntimeInfo, bool) {
	runtimeMu.RLock()
	defer runtimeMu.RUnlock()
	info, ok := runtimeTable[name]
	return info, ok
}

// initBaseMs interpolates the measured Init Duration linearly in the memory
// size between the table's columns; above 1024 MB it keeps the 1024 figure.
func (r RuntimeInfo) initBaseMs(arch Arch, memoryMB int) float64 {
	cols := [4]float64{128, 256, 512, 1024}
	v := r.InitMs[arch]
	m := float64(memoryMB)
	if m <= cols[0] {
		return v[0]
	}
	for i := 1; i < len(cols); i++ {
		if m <= cols[i] {
			f := (m - cols[i-1]) / (cols[i] - cols[i-1])
			return v[i-1] + f*(v[i]-v[i-1])
		}
	}
	return v[3]
}
