package python

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero/api"
)

// A snapshot is CPython's state at the end of its start-up: the
// interpreter initialised and the bootstrap's module run up to main(),
// bound to no function. Most of a cold start is that start-up (about half
// a second in WebAssembly), so it runs once per process: the first
// interpreter stops at the snapshot point (bootstrap.py's _snapshot, a
// time.time() call with the interpreter's lock held and no file open),
// where the host copies its linear memory and its stack pointer, and then
// goes on as usual. Every later interpreter is a new wasm instance whose
// memory and stack pointer are set from the copy before _start runs
// with `-c main()`: CPython finds itself initialised (Py_Initialize
// only reconfigures an initialised runtime) and runs the bootstrap's
// main() in the __main__ module the snapshot holds. The C frames and the
// Python frame that were live at the snapshot point stay below the new
// stack pointer, never resumed.
//
// What must differ between execution environments lives outside the
// copied memory, in the host: the clock (WithWalltime/WithNanotime read
// the environment's virtual clock), the random source (random_get reads
// the environment's seeded source; the random module is not imported
// before the snapshot, so it seeds from it), /tmp, /var/task and the
// request channel (per-instance mounts; the channel is opened by main(),
// after the snapshot). The hash seed is in the copy: it was the same fixed
// seed in every interpreter before snapshots too.
type snapshot struct {
	mem []byte // linear memory
	sp  uint64 // __stack_pointer
}

var snap struct {
	cur    atomic.Pointer[snapshot]
	taking atomic.Bool // an interpreter is on its way to the snapshot point
	failed atomic.Bool // taking one failed: start every interpreter in full
	mu     sync.Mutex
	ready  chan struct{} // closed when cur is set or failed
}

func init() { snap.ready = make(chan struct{}) }

// snapshotFor decides how a new interpreter starts: from the snapshot
// when there is one (s != nil), or in full, taking the snapshot on the
// way if no other interpreter is taking it (take).
//
// When another interpreter is on its way to the snapshot, it waits for
// it: on two cores, a second start-up in parallel would take longer than
// the first one's remaining way plus a start from the snapshot.
func snapshotFor() (s *snapshot, take bool) {
	for {
		if s := snap.cur.Load(); s != nil {
			return s, false
		}
		if snap.failed.Load() {
			return nil, false
		}
		if snap.taking.CompareAndSwap(false, true) {
			return nil, true
		}
		snap.mu.Lock()
		ready := snap.ready
		snap.mu.Unlock()
		select {
		case <-ready:
		case <-time.After(50 * time.Millisecond): // the taker may have ended early
		}
	}
}

// takeSnapshot copies the stopped interpreter's memory and stack
// pointer; it runs in the interpreter's clock hook, on its goroutine.
func takeSnapshot(mod api.Module) {
	err := func() error {
		if mod == nil {
			return errors.New("no module")
		}
		g, ok := mod.ExportedGlobal(stackPointer).(api.MutableGlobal)
		if !ok {
			return errors.New("the stack pointer is not exported")
		}
		mem := mod.Memory()
		view, ok := mem.Read(0, mem.Size())
		if !ok {
			return errors.New("cannot read the memory")
		}
		snap.cur.Store(&snapshot{mem: append([]byte(nil), view...), sp: g.Get()})
		return nil
	}()
	if err != nil {
		snapshotMissed()
		return
	}
	snap.mu.Lock()
	select {
	case <-snap.ready:
	default:
		close(snap.ready)
	}
	snap.mu.Unlock()
}

// snapshotMissed gives up snapshots for the process: the interpreter
// taking one reached its first read without stopping at the snapshot
// point, so every interpreter starts in full.
func snapshotMissed() {
	snap.failed.Store(true)
	snap.mu.Lock()
	select {
	case <-snap.ready:
	default:
		close(snap.ready)
	}
	snap.mu.Unlock()
}

// snapshotAbandoned lets another interpreter take the snapshot when the
// one taking it ended before the snapshot point.
func snapshotAbandoned() { snap.taking.Store(false) }

// restore sets a new instance, not yet started, to the snapshot.
func (s *snapshot) restore(mod api.Module) error {
	mem := mod.Memory()
	if want, have := uint32(len(s.mem)/65536), mem.Size()/65536; want > have {
		if _, ok := mem.Grow(want - have); !ok {
			return errors.New("python: cannot grow the interpreter's memory to the snapshot's size")
		}
	}
	if !mem.Write(0, s.mem) {
		return errors.New("python: cannot write the snapshot into the interpreter's memory")
	}
	if !mem.WriteUint32Le(compiled.startGuard, 0) {
		return errors.New("python: cannot clear _start's guard in the snapshot's copy")
	}
	g, ok := mod.ExportedGlobal(stackPointer).(api.MutableGlobal)
	if !ok {
		return fmt.Errorf("python: the interpreter does not export %s", stackPointer)
	}
	g.Set(s.sp)
	return nil
}

// waitSnapshot waits for the snapshot (or its failure) and says whether
// there is one; the benchmarks use it to measure starts from it.
func waitSnapshot(ctx context.Context) bool {
	select {
	case <-snap.ready:
	case <-ctx.Done():
	}
	return snap.cur.Load() != nil
}
