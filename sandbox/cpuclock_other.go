//go:build !linux

package sandbox

import "time"

// threadID is 0 where thread CPU clocks are not available: calls are then
// measured by the wall clock.
func threadID() int { return 0 }

func threadCPU(int) (time.Duration, bool) { return 0, false }
