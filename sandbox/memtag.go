package sandbox

import (
	"bytes"
	"reflect"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"

	"github.com/google/pprof/profile"
)

// An environment whose memory lies in the Go heap (sandbox/nodejs) is
// measured per environment by the Go runtime's heap profile. Every phase
// of the environment runs under its tag: a number written into the Go
// call stack as a chain of frames of tagStart and the sixteen tag
// functions, one frame per hexadecimal digit. The heap profile records
// the call stack of sampled allocations (one per runtime.MemProfileRate
// bytes on average) and credits each freed object back to the stack that
// allocated it, so as of the last garbage collection the live bytes
// allocated under one tag are a sampled measure of that environment's own
// live memory: what its code holds in globals, closures, locals, Maps or
// arrays, counted once, whatever holds it. The profile is read through
// runtime/pprof, whose stacks keep 128 frames (runtime.MemProfile keeps
// only the innermost 32, which cut the chain off a goja allocation made
// from an async handler). Memory a phase allocates on another goroutine,
// and allocations whose stack is deeper still, are not tagged: they
// remain measured only by the process heap. In goja each callback a
// built-in calls (forEach, map, sort, then ...) adds frames: a bomb
// twelve callbacks deep was still tagged, thirty deep was not. Started
// with GODEBUG=profstackdepth=1024 (read only at start-up), a hundred
// deep was tagged.
//
// Sampling makes the figure an estimate: at the default rate (512 KiB) a
// 128 MB bomb is about 256 samples, a few per cent either way. A read of
// the profile costs about 1.2 ms of CPU whatever the heap's size
// (BenchmarkMemoryCensus); it is read at most once per garbage
// collection, and only for a call whose phase has grown the process heap
// by a quarter of its limit.
const tagDigits = 4 // 16^4 tags, one per environment alive

// runTagged runs fn with tag written into the call stack.
func runTagged(tag uint32, fn func() error) error {
	if tag == 0 {
		return fn()
	}
	return tagStart(tag, tagDigits, fn)
}

// tagNext calls the frame of the next digit, most significant first, and
// fn below the last one. The calls are direct (not through a table), so
// that fn does not escape to the heap.
func tagNext(tag uint32, d int, fn func() error) error {
	if d == 0 {
		return fn()
	}
	d--
	switch (tag >> (4 * d)) & 15 {
	case 0:
		return tag0(tag, d, fn)
	case 1:
		return tag1(tag, d, fn)
	case 2:
		return tag2(tag, d, fn)
	case 3:
		return tag3(tag, d, fn)
	case 4:
		return tag4(tag, d, fn)
	case 5:
		return tag5(tag, d, fn)
	case 6:
		return tag6(tag, d, fn)
	case 7:
		return tag7(tag, d, fn)
	case 8:
		return tag8(tag, d, fn)
	case 9:
		return tag9(tag, d, fn)
	case 10:
		return tagA(tag, d, fn)
	case 11:
		return tagB(tag, d, fn)
	case 12:
		return tagC(tag, d, fn)
	case 13:
		return tagD(tag, d, fn)
	case 14:
		return tagE(tag, d, fn)
	default:
		return tagF(tag, d, fn)
	}
}

//go:noinline
func tagStart(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag0(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag1(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag2(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag3(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag4(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag5(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag6(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag7(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag8(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tag9(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tagA(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tagB(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tagC(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tagD(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tagE(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

//go:noinline
func tagF(tag uint32, d int, fn func() error) error { return tagNext(tag, d, fn) }

// tags hands out environment tags. A released tag is given out again
// only when a heap profile read tagQuarantine collections after its
// release shows nothing live under it: its old environment's memory has
// been freed. (A shared cache, such as sandbox/nodejs's compiled
// programs, can keep memory an environment allocated after it ends; its
// tag then waits.)
var tags struct {
	sync.Mutex
	next uint32
	free []freedTag
}

type freedTag struct {
	tag   uint32
	cycle uint64 // GC cycles completed when it was released
}

const tagQuarantine = 2

// newTag returns an unused tag, or 0 (untagged) when none is free.
func newTag() uint32 {
	tags.Lock()
	defer tags.Unlock()
	census.Lock()
	known, byTag := census.cycle, census.byTag
	for range len(tags.free) {
		f := tags.free[0]
		if byTag == nil || known < f.cycle+tagQuarantine {
			break
		}
		tags.free = tags.free[1:]
		if byTag[f.tag] == 0 {
			census.Unlock()
			return f.tag
		}
		tags.free = append(tags.free, freedTag{f.tag, known})
	}
	census.Unlock()
	if tags.next+1 >= 1<<(4*tagDigits) {
		return 0
	}
	tags.next++
	return tags.next
}

// releaseTag gives a tag back when its environment is shut down.
func releaseTag(t uint32) {
	if t == 0 {
		return
	}
	tags.Lock()
	tags.free = append(tags.free, freedTag{t, gcCycles()})
	tags.Unlock()
}

var gcCycleSample = []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
var gcCycleMu sync.Mutex

// gcCycles is the number of garbage collections completed.
func gcCycles() uint64 {
	gcCycleMu.Lock()
	defer gcCycleMu.Unlock()
	metrics.Read(gcCycleSample)
	return gcCycleSample[0].Value.Uint64()
}

// census is the heap profile split by tag, as of one garbage collection.
var census struct {
	sync.Mutex
	cycle    uint64 // the GC cycle it was taken after; 0 before the first
	byTag    map[uint32]int64
	untagged int64
	buf      bytes.Buffer
	ok       bool            // the profile could be read
	names    map[string]int8 // the tag functions' digits, and tagIsStart
}

const (
	tagIsStart = 16
	tagIsOther = -1
)

// tagLive returns the live bytes allocated under tag and the untagged live
// bytes, as of the last garbage collection (runtime.GC publishes the
// profile before it returns; a background collection may leave it one
// collection old), and whether they could be read: false when the heap
// profile is off (runtime.MemProfileRate is 0).
func tagLive(tag uint32) (live, untagged int64, ok bool) {
	if runtime.MemProfileRate <= 0 {
		return 0, 0, false
	}
	cycle := gcCycles()
	census.Lock()
	defer census.Unlock()
	if cycle != census.cycle || census.byTag == nil {
		census.cycle = cycle
		census.ok = takeCensus()
	}
	return census.byTag[tag], census.untagged, census.ok
}

// takeCensus reads the heap profile and sums its live bytes (pprof's
// inuse_space, scaled from the samples) by tag. The caller holds census.
func takeCensus() bool {
	census.buf.Reset()
	if err := pprof.Lookup("heap").WriteTo(&census.buf, 0); err != nil {
		return false
	}
	p, err := profile.Parse(&census.buf)
	if err != nil {
		return false
	}
	if census.byTag == nil {
		census.byTag = map[uint32]int64{}
		census.names = tagNames()
	}
	clear(census.byTag)
	census.untagged = 0
	inuse := -1
	for i, st := range p.SampleType {
		if st.Type == "inuse_space" {
			inuse = i
		}
	}
	if inuse < 0 {
		return false
	}
	digit := make(map[uint64]int8, len(p.Location))
	for _, l := range p.Location {
		d := int8(tagIsOther)
		// The last line is the function the frame runs in (the others
		// were inlined into it).
		if n := len(l.Line); n > 0 && l.Line[n-1].Function != nil {
			if v, ok := census.names[l.Line[n-1].Function.Name]; ok {
				d = v
			}
		}
		digit[l.ID] = d
	}
	for _, s := range p.Sample {
		v := s.Value[inuse]
		if v <= 0 {
			continue
		}
		if t := sampleTag(s.Location, digit); t != 0 {
			census.byTag[t] += v
		} else {
			census.untagged += v
		}
	}
	return true
}

// sampleTag decodes the tag chain of a sample's stack (innermost frame
// first), or 0 when it has none or the profile cut it off.
func sampleTag(locs []*profile.Location, digit map[uint64]int8) uint32 {
	var tag uint32
	digits := 0
	for _, l := range locs {
		switch d := digit[l.ID]; {
		case d == tagIsStart:
			if digits == tagDigits {
				return tag
			}
			return 0
		case d >= 0:
			if digits < tagDigits {
				tag |= uint32(d) << (4 * digits)
			}
			digits++
		}
	}
	return 0
}

// tagNames maps the tag functions' names to their digits.
func tagNames() map[string]int8 {
	m := map[string]int8{funcName(tagStart): tagIsStart}
	for i, f := range []func(uint32, int, func() error) error{tag0, tag1, tag2, tag3, tag4, tag5, tag6, tag7,
		tag8, tag9, tagA, tagB, tagC, tagD, tagE, tagF} {
		m[funcName(f)] = int8(i)
	}
	return m
}

func funcName(f any) string {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
}
