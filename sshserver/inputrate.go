package sshserver

import (
	"time"

	"github.com/lambdatutor/lambdatutor/tui"
)

// A session's input is read at most inputBytesPerSecond on average, with
// bursts of up to inputBurstBytes: every byte read is decoded (the
// terminal reader scans it for escape sequences, about 0.15 s of CPU per
// MB), so a client pasting megabytes without pause would otherwise take a
// good share of a core from the other learners; at this rate it can take
// about 4%. A paste the size of the largest file the editor takes arrives
// at once, a 1 MB one (refused by the editor) in about 3 s, and typing
// never comes near the rate. Past the burst, reading waits, and the
// client's SSH window fills.
const (
	inputBytesPerSecond = 256 << 10
	inputBurstBytes     = tui.MaxEditorBytes
)

// inputLimiter is a token bucket of bytes; now and sleep are the clock
// (time.Now, and a sleep that gives up when done is closed).
type inputLimiter struct {
	tokens float64
	last   time.Time
	now    func() time.Time
	sleep  func(time.Duration, <-chan struct{})
}

func newInputLimiter() *inputLimiter {
	return &inputLimiter{tokens: inputBurstBytes, now: time.Now, sleep: sleepOrDone}
}

// took takes n bytes that were just read, and waits while the bucket is
// in debt (or until done is closed).
func (l *inputLimiter) took(n int, done <-chan struct{}) {
	now := l.now()
	if !l.last.IsZero() {
		l.tokens = min(inputBurstBytes, l.tokens+now.Sub(l.last).Seconds()*inputBytesPerSecond)
	}
	l.last = now
	l.tokens -= float64(n)
	if l.tokens < 0 {
		l.sleep(time.Duration(-l.tokens/inputBytesPerSecond*float64(time.Second)), done)
	}
}

func sleepOrDone(d time.Duration, done <-chan struct{}) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-done:
	}
}
