//go:build !linux

package sandbox

import "time"

// threadClock measures a call by the monotonic wall clock where thread CPU
// clocks are not available.
type threadClock struct{ start time.Duration }

func newThreadClock() *threadClock { return &threadClock{start: time.Since(processStart)} }

func (c *threadClock) now() time.Duration { return time.Since(processStart) }

var processStart = time.Now()
