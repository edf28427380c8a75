package sandbox

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// newLogStream writes what fmt's "%s/[%s]%016x%016x" wrote, without fmt.
func TestLogStreamName(t *testing.T) {
	r1 := rand.New(rand.NewPCG(3, 4))
	r2 := rand.New(rand.NewPCG(3, 4))
	at := time.Date(2026, 1, 5, 23, 59, 0, 0, time.FixedZone("x", -3600))
	for i := 0; i < 100; i++ {
		got := newLogStream(at, "$LATEST", r1)
		want := fmt.Sprintf("%s/[%s]%016x%016x", at.UTC().Format("2006/01/02"), "$LATEST", r2.Uint64(), r2.Uint64())
		if got != want {
			t.Fatalf("newLogStream = %s, want %s", got, want)
		}
	}
	for _, v := range []uint64{0, 1, 0xabc, 1 << 63, ^uint64(0)} {
		if got, want := string(appendHex16(nil, v)), fmt.Sprintf("%016x", v); got != want {
			t.Errorf("appendHex16(%#x) = %s, want %s", v, got, want)
		}
	}
}
