package progress

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// BenchmarkSavePosition measures one SavePosition, which the TUI calls
// whenever scrolling pauses: one write transaction (update the user's last
// lesson, upsert the lesson record) committed to a WAL file.
func BenchmarkSavePosition(b *testing.B) {
	s, _ := openTest(b)
	u := mustUser(b, s, LocalUserKey, "")
	ctx := context.Background()
	lessons := []string{"what-is-lambda", "cold-starts", "pricing", "concurrency"}
	i := 0
	for b.Loop() {
		if err := s.SavePosition(ctx, u.ID, lessons[i%len(lessons)], i); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSavePositionParallel is SavePosition from many goroutines, one
// user each, as the SSH server would call it.
func BenchmarkSavePositionParallel(b *testing.B) {
	s, _ := openTest(b)
	ctx := context.Background()
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		u, err := s.EnsureUser(ctx, fmt.Sprintf("SHA256:bench%d", next.Add(1)), "")
		if err != nil {
			b.Error(err)
			return
		}
		i := 0
		for pb.Next() {
			if err := s.SavePosition(ctx, u.ID, "cold-starts", i); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkLastPosition measures the read the TUI makes at start-up.
func BenchmarkLastPosition(b *testing.B) {
	s, _ := openTest(b)
	u := mustUser(b, s, LocalUserKey, "")
	ctx := context.Background()
	if err := s.SavePosition(ctx, u.ID, "cold-starts", 42); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, ok, err := s.LastPosition(ctx, u.ID); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}
