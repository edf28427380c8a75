package sandbox

import "sync/atomic"

// processInvocations counts the invocations run in this process.
var processInvocations atomic.Int64

// ProcessInvocations is the number of invocations (handler runs, throttled
// requests not counted) run by every Function of every Account in this
// process since it started; `serve` exports it as a metric.
func ProcessInvocations() int64 { return processInvocations.Load() }
