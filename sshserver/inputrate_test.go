package sshserver

import (
	"bytes"
	"io"
	"testing"
	"time"
)

// A paste up to the editor's file limit is read at once; a client that
// sends megabytes is read at inputBytesPerSecond, so that decoding its
// input cannot take more than a small share of a core. The clock is
// simulated: the test adds up the waits the limiter asks for.
func TestSessionInputIsReadAtABoundedRate(t *testing.T) {
	var clock time.Time
	var waited time.Duration
	lim := newInputLimiter()
	lim.now = func() time.Time { return clock }
	lim.sleep = func(d time.Duration, _ <-chan struct{}) {
		waited += d
		clock = clock.Add(d)
	}
	read := func(size int) {
		done := make(chan struct{})
		close(done) // at the end of the data, Read reports EOF at once
		in := &sessionInput{r: bytes.NewReader(make([]byte, size)), activity: make(chan struct{}, 1),
			eof: make(chan struct{}), done: done, limit: lim}
		buf := make([]byte, 4096)
		for {
			if _, err := in.Read(buf); err == io.EOF {
				return
			}
		}
	}

	read(inputBurstBytes)
	if waited != 0 {
		t.Errorf("a paste of the editor's limit (%d bytes) waited %v, want none", inputBurstBytes, waited)
	}
	const mb = 1 << 20
	read(mb)
	want := time.Duration(float64(mb) / inputBytesPerSecond * float64(time.Second))
	if waited < want-time.Second/10 || waited > want+time.Second/10 {
		t.Errorf("1 MB more right after it was read over %v, want %v at %d bytes a second", waited, want, inputBytesPerSecond)
	}
	// An hour later the bucket is full again: typing is never held.
	clock, waited = clock.Add(time.Hour), 0
	read(100)
	if waited != 0 {
		t.Errorf("100 bytes after an hour waited %v", waited)
	}
}
