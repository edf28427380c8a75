//go:build !linux

package python

import "time"

// threadClock measures by the wall clock where thread CPU clocks cannot
// be read.
func threadClock() func() time.Duration {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}
