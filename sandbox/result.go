package sandbox

import (
	"strconv"
	"strings"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
)

// Result is one invocation as the learner sees it.
type Result struct {
	// RequestID is the invocation's id.
	RequestID string
	// Cold is true when the invocation started a new environment.
	Cold bool
	// Provisioned is true when a provisioned environment served it.
	Provisioned bool
	// Response is the JSON payload returned: the handler's response, or
	// the error object when Error is set. For a streamed response it is
	// the streamed body.
	Response []byte
	// Stream is set when the handler streamed its response
	// (awslambda.streamifyResponse).
	Stream *StreamedResponse
	// Error is set when the invocation failed (X-Amz-Function-Error).
	Error *FunctionError
	// Logs are the log lines of the invocation, INIT lines first, then
	// START ... END and REPORT, without trailing newlines.
	Logs []string
	// LogTruncated is set when output went over the cap and was dropped.
	LogTruncated bool
	// LogStream is the environment's log stream name.
	LogStream string
	// EnvID numbers the function's environments from 1.
	EnvID int
	// Report holds the REPORT line's figures.
	Report Report
	// Cost is what the invocation is billed, without free tier.
	Cost billing.Cost
	// Start and End are the virtual instants the request arrived and ended.
	Start, End time.Time
}

// LogText is the log as one text, each line ended by a newline.
func (r *Result) LogText() string {
	var b strings.Builder
	for _, l := range r.Logs {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// Report holds the figures of a REPORT line.
type Report struct {
	RequestID        string
	DurationMs       float64
	BilledDurationMs int64
	MemorySizeMB     int
	MaxMemoryUsedMB  int
	// InitDurationMs is set only on the first invoke of a new on-demand
	// environment.
	InitDurationMs *float64
}

// Line is the REPORT line exactly as Lambda writes it (FACTS §3.1): fields
// separated by tabs, two decimals, Init Duration last, a trailing tab.
func (r Report) Line() string {
	b := make([]byte, 0, 192)
	b = append(b, "REPORT RequestId: "...)
	b = append(b, r.RequestID...)
	b = append(b, "\tDuration: "...)
	b = strconv.AppendFloat(b, r.DurationMs, 'f', 2, 64)
	b = append(b, " ms\tBilled Duration: "...)
	b = strconv.AppendInt(b, r.BilledDurationMs, 10)
	b = append(b, " ms\tMemory Size: "...)
	b = strconv.AppendInt(b, int64(r.MemorySizeMB), 10)
	b = append(b, " MB\tMax Memory Used: "...)
	b = strconv.AppendInt(b, int64(r.MaxMemoryUsedMB), 10)
	b = append(b, " MB\t"...)
	if r.InitDurationMs != nil {
		b = append(b, "Init Duration: "...)
		b = strconv.AppendFloat(b, *r.InitDurationMs, 'f', 2, 64)
		b = append(b, " ms\t"...)
	}
	return string(b)
}

// billingMs rounds as the era bills: INIT of a cold on-demand invoke is
// passed separately; our functions are ZIP on managed runtimes.
func billingMs(era billing.Era, durationMs, initMs float64) int64 {
	return billing.BilledMs(era, durationMs, initMs, false)
}

// invocationCost prices one invocation: on-demand rates, or the lower
// duration rate of provisioned concurrency when a provisioned environment
// served it (its enabled-time charge is billed per hour, not here).
func invocationCost(cfg Config, provisioned bool, billedMs int64) billing.Cost {
	arch := billing.Arch(cfg.Arch)
	c := billing.InvocationCost(arch, cfg.MemoryMB, cfg.EphemeralMB, billedMs)
	if provisioned {
		_, rate := billing.PCRate(arch)
		c.DurationUSD = billing.GBSeconds(cfg.MemoryMB, billedMs) * rate
	}
	return c
}
