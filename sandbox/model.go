package sandbox

import (
	"math"
	"math/rand/v2"
	"runtime/metrics"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/limits"
)

// The cost model: how the sandbox turns a run of the code into the figures
// of a REPORT line.
//
//   - Init Duration = the runtime's measured mean INIT at the memory size
//     (runtimes.go, from data/cold-starts.md), with ±5% seeded jitter,
//   - plus codeMsPerKiB for every KiB of deployment package (our model:
//     bigger packages load slower, FACTS §4.3, no published slope),
//   - plus the INIT compute, at one full vCPU.
//   - Duration = the runtime's per-invoke overhead (the hello-world
//     Duration at 512 MB) with ±20% seeded jitter, plus handler compute
//     scaled by the memory's vCPU share, plus virtual time awaited.
//   - Max Memory Used = the runtime's hello-world memory plus what INIT
//     retained plus the largest growth of one invoke, the peak over the
//     environment's life.
//
// Compute and memory growth are measured on the host, or replaced by a
// model in deterministic mode: compute counts only reported execution
// steps, and growth is modelled from the code, event and response sizes.
// The host's heap is the process's: an environment in it whose heap grew
// enough to be measured on its own (memtag.go) while other calls ran
// reports its own growth.
const (
	codeMsPerKiB     = 0.02
	initJitter       = 0.05
	overheadJitter   = 0.20
	bytesPerMB       = 1024 * 1024
	codeMemoryFactor = 4 // deterministic: loaded code takes 4x its source size
	payloadMemFactor = 2 // deterministic: event and response each held twice
)

func jitter(r *rand.Rand, v, frac float64) float64 {
	return limits.Jitter(v, frac, r.Float64())
}

func msDuration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

func durationMs(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// heapSampler reads the process's heap from runtime/metrics: the live
// heap as of the last GC, and all heap objects including unswept garbage.
// Process-wide, so exact only while one call runs at a time.
type heapSampler struct {
	samples [2]metrics.Sample
}

func (h *heapSampler) read() (live, objects int64) {
	if h.samples[0].Name == "" {
		h.samples[0].Name = "/gc/heap/live:bytes"
		h.samples[1].Name = "/memory/classes/heap/objects:bytes"
	}
	metrics.Read(h.samples[:])
	return int64(h.samples[0].Value.Uint64()), int64(h.samples[1].Value.Uint64())
}

func ceilMB(v float64) int { return int(math.Ceil(v - 1e-9)) }
