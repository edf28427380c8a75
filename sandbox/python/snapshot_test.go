package python

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// stateHandler shows the state a start from the snapshot must get right:
// the environment's random source, clock, /tmp, variables and module
// search path, and the interpreter's own flags.
const stateHandler = `import os, random, sys, time, uuid

with open("/tmp/mark", "w") as f:
    f.write(os.environ["MARK"])

def lambda_handler(event, context):
    return {"r": random.random(), "u": str(uuid.uuid4()), "b": os.urandom(8).hex(), "h": hash("x"),
            "t": time.time(), "m": time.monotonic(), "tmp": sorted(os.listdir("/tmp")), "mark": open("/tmp/mark").read(),
            "path": sys.path, "argv": sys.argv, "flags": str(sys.flags), "modules": "random" in sys.modules,
            "cwd": os.getcwd(), "env": sorted(os.environ), "limit": sys.getrecursionlimit()}
`

// rawRun binds an interpreter to a function with stateHandler and the
// given random seed and returns its answer to one invoke.
func rawRun(t *testing.T, in *instance, seed uint64) []byte {
	t.Helper()
	defer in.Close()
	if err := in.tmp.create(); err != nil {
		t.Fatal(err)
	}
	cfg := sandbox.Config{Runtime: "python3.12", Handler: "lambda_function.lambda_handler", Files: map[string]string{"lambda_function.py": stateHandler}}.WithDefaults()
	rt, _ := sandbox.LookupRuntime(cfg.Runtime)
	in.bind(&sandbox.Host{Config: cfg, Runtime: rt, Env: map[string]string{"MARK": "m"}, Rand: rand.New(rand.NewPCG(seed, 2)), Start: time.Unix(1e9, 0)})
	roundTrip := func(msg string) []byte {
		if !in.ch.send([]byte(msg)) {
			t.Fatalf("the interpreter ended: %v", in.exitError())
		}
		select {
		case ans := <-in.ch.out:
			if len(ans) == 0 || ans[0] != 'R' {
				t.Fatalf("answer %q to %s", ans, msg)
			}
			return ans[1:]
		case <-in.exited:
			t.Fatalf("the interpreter ended: %v", in.exitError())
		}
		return nil
	}
	roundTrip(`{"handler": "lambda_function.lambda_handler", "env": {"MARK": "m", "LAMBDA_TASK_ROOT": "/var/task"}}`)
	return roundTrip(`{"requestId": "r", "deadlineMs": 1000000003000, "arn": "a"}` + "\n{}")
}

func TestStartsFromTheSnapshotMatchFullStarts(t *testing.T) {
	needSnapshot(t)
	s := snap.cur.Load()
	full, err := startFullInterpreter()
	if err != nil {
		t.Fatal(err)
	}
	want := rawRun(t, full, 1)
	var got [2][]byte
	for i := range got {
		in, err := startFrom(s, false)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = rawRun(t, in, uint64(1+i))
	}
	if !bytes.Equal(got[0], want) {
		t.Errorf("a start from the snapshot differs from a full start:\n%s\n---\n%s", got[0], want)
	}
	var a, b map[string]any
	if err := json.Unmarshal(got[0], &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got[1], &b); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"r", "u", "b"} {
		if a[k] == b[k] {
			t.Errorf("%s: two environments with different random sources drew the same %v from the snapshot", k, a[k])
		}
	}
	if a["t"] != 1e9 || a["m"] != 0.0 {
		t.Errorf("clock: time %v, monotonic %v; want the environment's virtual clock (1e9, 0)", a["t"], a["m"])
	}
}

// A snapshot taken at the wrong point, or restored without clearing
// _start's guard, would trap; this checks that a restored interpreter
// also ends cleanly when its channel closes, and that a stop ends it.
func TestStartsFromTheSnapshotStopAndClose(t *testing.T) {
	needSnapshot(t)
	in, err := startFrom(snap.cur.Load(), false)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-in.ch.ready:
	case <-in.exited:
		t.Fatalf("the interpreter ended before its first read: %v", in.exit)
	}
	in.ch.shut()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	select {
	case <-in.exited:
	case <-ctx.Done():
		t.Fatal("the interpreter did not end when its channel closed")
	}
	if in.exit != nil {
		t.Errorf("a restored interpreter ended with %v, want a clean exit", in.exit)
	}
	in.Close()
}

func TestSnapshotFileIsChecked(t *testing.T) {
	s := &snapshot{mem: make([]byte, 2*65536), sp: 4096}
	copy(s.mem[100:], "CPython")
	b := s.encode()
	got, err := decodeSnapshot(b)
	if err != nil || got.sp != s.sp || !bytes.Equal(got.mem, s.mem) {
		t.Fatalf("round trip: %v", err)
	}
	damaged := bytes.Clone(b)
	damaged[len(snapshotMagic)+16+100] ^= 1
	if _, err := decodeSnapshot(damaged); err == nil {
		t.Error("a damaged snapshot was accepted")
	}
	if _, err := decodeSnapshot(b[:len(b)-1]); err == nil {
		t.Error("a truncated snapshot was accepted")
	}
}

func TestSnapshotIsSavedForTheNextProcess(t *testing.T) {
	path := needSnapshotFile(t)
	// The snapshot is written in the background when it is taken.
	var b []byte
	var err error
	for range 100 {
		if b, err = os.ReadFile(path); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the snapshot was not saved: %v", err)
	}
	s, err := decodeSnapshot(b)
	if err != nil {
		t.Fatal(err)
	}
	if cur := snap.cur.Load(); s.sp != cur.sp || !bytes.Equal(s.mem, cur.mem) {
		t.Error("the saved snapshot differs from the process's")
	}
}

// A start from a snapshot that fails by itself (here a snapshot of an
// interpreter that never ran the bootstrap: `-c main()` finds no main)
// gives snapshots up for the process and removes the cached file, and
// the next interpreter starts in full.
func TestABrokenSnapshotIsGivenUp(t *testing.T) {
	needSnapshot(t)
	// The broken file goes to a cache directory of the test's own: other
	// processes (other packages' tests) read the real one.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	path, err := snapshotPath()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	good := snap.cur.Load()
	defer func() {
		snap.failed.Store(false)
		snap.cur.Store(good)
		good.save()
	}()
	// Only the C stack (the first 512 KiB, below the data), zeroed.
	bad := &snapshot{mem: make([]byte, 8*65536), sp: 8 * 65536}
	if err := os.WriteFile(path, bad.encode(), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := startFrom(bad, false)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-in.exited:
	case <-in.ch.ready:
		t.Fatal("an interpreter started from a broken snapshot reached its first read")
	case <-time.After(time.Minute):
		t.Fatal("an interpreter started from a broken snapshot did not end")
	}
	in.Close()
	if !snap.failed.Load() || snap.cur.Load() != nil {
		t.Error("the broken snapshot was not given up")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the broken snapshot's file is still there: %v", err)
	}
	next, err := startInterpreter()
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	select {
	case <-next.ch.ready:
	case <-next.exited:
		t.Fatalf("the next interpreter did not start: %v", next.exit)
	}
}

// needSnapshot makes sure the process has its start-up snapshot.
func needSnapshot(t *testing.T) {
	t.Helper()
	if err := Prepare(); err != nil {
		t.Fatal(err)
	}
	if !haveSnapshot(t) {
		t.Fatal("no start-up snapshot was taken")
	}
}

// needSnapshotFile is needSnapshot, and the path of its cached file.
func needSnapshotFile(t *testing.T) string {
	t.Helper()
	needSnapshot(t)
	path, err := snapshotPath()
	if err != nil {
		t.Skip("no cache directory:", err)
	}
	return path
}
