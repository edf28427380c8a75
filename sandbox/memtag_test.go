package sandbox

import (
	"runtime"
	"testing"
)

var tagSink [][]byte

// Memory allocated under a tag is measured as that tag's, and memory of
// another tag or of no tag is not.
func TestTagMeasuresItsOwnAllocations(t *testing.T) {
	a, b := newTag(), newTag()
	defer releaseTag(a)
	defer releaseTag(b)
	var held [][]byte
	runTagged(a, func() {
		for range 64 {
			held = append(held, make([]byte, 1<<20))
		}
	})
	runTagged(b, func() {
		for range 8 {
			tagSink = append(tagSink, make([]byte, 1<<20))
		}
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
