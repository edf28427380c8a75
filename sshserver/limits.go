package sshserver

import (
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/tui"
)

// rateLimiter allows each remote address perMinute new connections a
// minute, with bursts up to perMinute: a token bucket per address. Buckets
// that have refilled are forgotten, so memory stays bounded by the number of
// addresses seen within the last minute.
type rateLimiter struct {
	perMinute int
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(perMinute int, now func() time.Time) *rateLimiter {
	return &rateLimiter{perMinute: perMinute, now: now, buckets: map[string]*bucket{}}
}

// allow takes a token for addr, reporting false when there is none left.
func (r *rateLimiter) allow(addr string) bool {
	if r == nil || r.perMinute <= 0 {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	capacity := float64(r.perMinute)
	perSecond := capacity / 60
	if now.Sub(r.swept) > time.Minute {
		for k, b := range r.buckets {
			if b.tokens+now.Sub(b.last).Seconds()*perSecond >= capacity {
				delete(r.buckets, k)
			}
		}
		r.swept = now
	}
	b, ok := r.buckets[addr]
	if !ok {
		b = &bucket{tokens: capacity, last: now}
		r.buckets[addr] = b
	}
	b.tokens = min(capacity, b.tokens+now.Sub(b.last).Seconds()*perSecond)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// MaxWindowWidth and MaxWindowHeight cap the terminal size a client may
// ask for (in its PTY request or a window change), as the TUI caps its
// layout: the screen buffers grow with the size, so an uncapped
// 100000x100000 could take gigabytes; a larger terminal gets the tutor
// drawn in its top-left MaxWindowWidth x MaxWindowHeight
// cells (tui.MaxWidth, tui.MaxHeight).
const (
	MaxWindowWidth  = tui.MaxWidth
	MaxWindowHeight = tui.MaxHeight
)

// capWindow bounds a client's window size to MaxWindowWidth x
// MaxWindowHeight (and to zero from below).
func capWindow(width, height int) (int, int) {
	return max(0, min(width, MaxWindowWidth)), max(0, min(height, MaxWindowHeight))
}
