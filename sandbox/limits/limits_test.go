package limits

import (
	"testing"
	"time"
)

func TestScalingBuckets(t *testing.T) {
	b := Scaling2023.Bucket(0)
	n := 0
	for b.Take(0) {
		n++
	}
	if n != 1000 {
		t.Fatalf("the 2023 rule starts with 1,000 environments, got %d", n)
	}
	// 100 per second refill; never more than 1,000 saved up.
	if got := b.Tokens(5); got < 499.9 || got > 500.1 {
		t.Errorf("after 5 s: %.1f tokens, want 500", got)
	}
	if got := b.Tokens(1e6); got != 1000 {
		t.Errorf("the allowance cannot be saved up: %.1f", got)
	}
	if next := b.NextToken(0); next < 0.0099 || next > 0.0101 {
		t.Errorf("next token after %.4f s, want 0.01", next)
	}
	l := ScalingLegacy.Bucket(0)
	n = 0
	for l.Take(0) {
		n++
	}
	if n != 3000 || l.Tokens(60) < 499.9 || l.Tokens(60) > 500.1 {
		t.Errorf("legacy: burst %d (want 3,000), +%.1f after a minute (want 500)", n, l.Tokens(60))
	}
	if _, err := ParseScalingRule("2019"); err == nil {
		t.Error("an unknown rule must be refused")
	}
}

func TestRPSAndReasons(t *testing.T) {
	r := RPSBucket(10)
	n := 0
	for r.Take(0) {
		n++
	}
	if n != 100 {
		t.Errorf("10 concurrency gives 100 RPS, got %d at once", n)
	}
	cases := []struct {
		reserved, inUse, pool, used int
		want                        string
	}{
		{-1, 0, 1000, 999, ""},
		{-1, 0, 1000, 1000, ReasonConcurrentLimit},
		{0, 0, 1000, 0, ReasonReservedConcurrentLimit},
		{5, 4, 1000, 1000, ""},
		{5, 5, 1000, 0, ReasonReservedConcurrentLimit},
	}
	for _, c := range cases {
		if got := ConcurrencyReason(c.reserved, c.inUse, c.pool, c.used); got != c.want {
			t.Errorf("%+v: %q, want %q", c, got, c.want)
		}
	}
	if RateReason(true) != ReasonReservedRateLimit || RateReason(false) != ReasonFunctionRateLimit {
		t.Error("rate reasons")
	}
	if m, ok := CheckReserved(10, 1); ok || m != 10 {
		t.Errorf("reserving 1 of 10: minimum %d ok %v", m, ok)
	}
	if _, ok := CheckReserved(1000, 900); !ok {
		t.Error("900 of 1,000 leaves the 100 minimum")
	}
}

func TestAsyncBackoffAndExpiry(t *testing.T) {
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}
	for i, w := range want {
		if got := AsyncBackoff(i + 1); got != w {
			t.Errorf("backoff %d: %v, want %v", i+1, got, w)
		}
	}
	if got := AsyncBackoff(40); got != 5*time.Minute {
		t.Errorf("backoff is capped at 5 min, got %v", got)
	}
	if got := Expiry(0, 100, 600, 7200); got != 700 {
		t.Errorf("idle expiry %v", got)
	}
	if got := Expiry(0, 7000, 600, 7200); got != 7200 {
		t.Errorf("lifetime expiry %v", got)
	}
	if Jitter(100, 0.2, 0) != 80 || Jitter(100, 0.2, 0.5) != 100 {
		t.Error("jitter spans ±frac")
	}
}
