package python

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/lambdatutor/lambdatutor/sandbox"
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
		s := &snapshot{mem: append([]byte(nil), view...), sp: g.Get()}
		snap.cur.Store(s)
		go s.save()
		return nil
	}()
	if err != nil {
		snapshotMissed()
		return
	}
	snapshotReady()
}

// snapshotReady wakes those waiting for the snapshot (or its failure).
func snapshotReady() {
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
	snapshotReady()
}

// snapshotBroken gives up snapshots for the process, and removes the
// cached one, when an interpreter started from it ended before its first
// read without being stopped: every interpreter then starts in full.
func snapshotBroken(error) {
	snap.failed.Store(true)
	snap.cur.Store(nil)
	if path, err := snapshotPath(); err == nil {
		_ = os.Remove(path)
	}
	snapshotReady()
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

// The snapshot is also kept in the cache directory, next to the compiled
// interpreter, so that a new process (`lambdatutor invoke`, the next
// session) starts its first interpreter from it too. Its name holds a hash
// of everything the start-up depends on: the interpreter, the bootstrap
// and the boto3 shim it prepares,
// the command line and the cache version. Start-up reads nothing else
// that varies (no environment variables, the clock at zero, the fixed
// random seed), so the file is the same on every machine. The file ends
// with the sha256 of its content, checked when it is read. Change
// cacheVersion when what the host gives the start-up changes in a way the
// key does not see (arguments and mounts are in it; environment variables,
// say, are not: there are none).

const snapshotMagic = "lambdatutor python snapshot 1\n"

// mountPoints are the interpreter's preopened directories, in the order
// startFrom mounts them.
var mountPoints = [4]string{"/var/runtime", sandbox.TaskRoot, "/tmp", channelDir}

// snapshotArgs is the command line of a full start (startFrom).
var snapshotArgs = []string{"python", "-S", "-P", "-X", "frozen_modules=on", "/var/runtime/bootstrap.py"}

func snapshotPath() (string, error) {
	dir, err := CacheDir()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, part := range []string{cacheVersion, WasmSHA256, bootstrap, boto3shim, strings.Join(snapshotArgs, "\x00"), strings.Join(mountPoints[:], "\x00"), fmt.Sprint(compiled.startGuard)} {
		fmt.Fprintf(h, "%d:%s", len(part), part)
	}
	return filepath.Join(dir, "snapshot-"+hex.EncodeToString(h.Sum(nil))[:16]+".bin"), nil
}

func (s *snapshot) encode() []byte {
	b := make([]byte, 0, len(snapshotMagic)+16+len(s.mem)+sha256.Size)
	b = append(b, snapshotMagic...)
	b = binary.LittleEndian.AppendUint64(b, s.sp)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(s.mem)))
	b = append(b, s.mem...)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

func decodeSnapshot(b []byte) (*snapshot, error) {
	head := len(snapshotMagic) + 16
	if len(b) < head+sha256.Size || !bytes.HasPrefix(b, []byte(snapshotMagic)) {
		return nil, errors.New("not a snapshot")
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errors.New("the snapshot's checksum does not match")
	}
	sp := binary.LittleEndian.Uint64(b[len(snapshotMagic):])
	n := binary.LittleEndian.Uint64(b[len(snapshotMagic)+8:])
	if n != uint64(len(body)-head) || n%65536 != 0 || n == 0 || sp >= n {
		return nil, errors.New("the snapshot's sizes do not match")
	}
	return &snapshot{mem: body[head:], sp: sp}, nil
}

// save writes the snapshot to the cache directory (a failure only means
// the next process takes its own).
func (s *snapshot) save() {
	path, err := snapshotPath()
	if err != nil {
		return
	}
	if _, err := os.Stat(path); err == nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snapshot-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(s.encode())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	// Snapshots of other builds (another bootstrap) are stale.
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "snapshot-*.bin"))
	for _, o := range old {
		if o != path {
			_ = os.Remove(o)
		}
	}
}

// loadSnapshot reads the cached snapshot, if there is a valid one; it
// runs once, after the interpreter is compiled.
func loadSnapshot() {
	path, err := snapshotPath()
	if err != nil {
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	s, err := decodeSnapshot(b)
	if err != nil {
		_ = os.Remove(path) // damaged: the next start takes a new one
		return
	}
	snap.cur.Store(s)
	snapshotReady()
}
