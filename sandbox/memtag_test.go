package sandbox

import (
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

var tagSink [][]byte

// Memory allocated under a tag is measured as that tag's, and memory of
// another tag or of no tag is not.
func TestTagMeasuresItsOwnAllocations(t *testing.T) {
	a, b := newTag(), newTag()
	defer releaseTag(a)
	defer releaseTag(b)
	var held [][]byte
	runTagged(a, func() error {
		for range 64 {
			held = append(held, make([]byte, 1<<20))
		}
		return nil
	})
	runTagged(b, func() error {
		for range 8 {
			tagSink = append(tagSink, make([]byte, 1<<20))
		}
		return nil
	})
	defer func() { tagSink = nil }()
	runtime.GC()
	la, _, ok := tagLive(a)
	if !ok {
		t.Skip("heap profile off (runtime.MemProfileRate is 0)")
	}
	lb, _, _ := tagLive(b)
	// The profile samples: a 1 MB object is seen with probability
	// 1-exp(-2) at the default rate, so allow a quarter either way.
	if la < 48<<20 || la > 80<<20 {
		t.Errorf("tag a: %d MB live, want about 64", la>>20)
	}
	if lb < 3<<20 || lb > 13<<20 {
		t.Errorf("tag b: %d MB live, want about 8", lb>>20)
	}
	runtime.KeepAlive(held)
	held = nil
	runtime.GC()
	if la, _, _ = tagLive(a); la > 1<<20 {
		t.Errorf("tag a: %d MB still live after its memory was freed", la>>20)
	}
}

// A released tag is not given to a new environment while memory allocated
// under it is still live (a shared cache can outlive its environment), and
// is given again once that memory is freed.
func TestTagReusedOnlyWhenItsMemoryIsFreed(t *testing.T) {
	old := newTag()
	var cache [][]byte
	runTagged(old, func() error {
		for range 8 {
			cache = append(cache, make([]byte, 1<<20))
		}
		return nil
	})
	releaseTag(old)
	for range tagQuarantine + 1 {
		runtime.GC()
	}
	if _, _, ok := tagLive(old); !ok {
		t.Skip("heap profile off (runtime.MemProfileRate is 0)")
	}
	if n := newTag(); n == old {
		t.Fatalf("tag %d given again while 8 MB allocated under it are live", old)
	} else {
		releaseTag(n)
	}
	runtime.KeepAlive(cache)
	cache = nil
	for range tagQuarantine + 1 {
		runtime.GC()
	}
	tagLive(old)
	for range 64 {
		n := newTag()
		if n == old {
			releaseTag(n)
			return
		}
		defer releaseTag(n)
	}
	t.Errorf("tag %d was never given again after its memory was freed", old)
}

// BenchmarkMemoryCensus is one read of the heap profile split by tag, the
// watchdog's per-environment measure, with 16 MB and 128 MB of small
// objects (64 bytes) live under one tag. Its cost follows the profile's
// stacks, not the heap's size: ns/MB falls as the heap grows. CPU time
// (cpu-ns/op, the process's) is reported beside the wall clock.
func BenchmarkMemoryCensus(b *testing.B) {
	for _, mb := range []int{16, 128} {
		b.Run(strconv.Itoa(mb)+"MB", func(b *testing.B) {
			tag := newTag()
			defer releaseTag(tag)
			var held [][]int64
			runTagged(tag, func() error {
				held = make([][]int64, 0, mb<<20/64)
				for range cap(held) {
					held = append(held, make([]int64, 8))
				}
				return nil
			})
			runtime.GC()
			b.ResetTimer()
			start := processCPU()
			for range b.N {
				census.Lock()
				ok := takeCensus()
				live := census.byTag[tag]
				census.Unlock()
				if !ok || live < int64(mb)<<20 {
					b.Fatalf("census: ok=%v, %d MB under the tag, want at least %d", ok, live>>20, mb)
				}
			}
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(mb), "ns/MB")
			runtime.KeepAlive(held)
		})
	}
}

// processCPU is the process's user+system CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
