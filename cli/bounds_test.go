package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/progress"
)

// Out-of-range flag values are usage errors (exit 2) that state the
// limit, Lambda's own where there is one; none is silently replaced by a
// default, and no count is large enough to eat memory before any output.
func TestFlagBounds(t *testing.T) {
	dir := t.TempDir()
	h := filepath.Join(dir, "h.js")
	if err := os.WriteFile(h, []byte("exports.handler = async () => 1;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"invoke", h, "--memory", "0"}, "128 to 10240 MB"},
		{[]string{"invoke", h, "--memory", "20000"}, "128 to 10240 MB"},
		{[]string{"invoke", h, "--timeout", "0"}, "1 to 900 seconds"},
		{[]string{"invoke", h, "--timeout", "901"}, "1 to 900 seconds"},
		{[]string{"invoke", h, "--reserved", "-5"}, "0 or more"},
		{[]string{"invoke", h, "--reserved", "-1"}, "0 or more"},
		{[]string{"invoke", h, "--repeat", "0"}, "1 to 1000"},
		{[]string{"invoke", h, "--repeat", "1000000000"}, "1 to 1000"},
		{[]string{"invoke", h, "--concurrency", "1000000000"}, "1 to 1000"},
		{[]string{"invoke", h, "--concurrency", "0"}, "1 to 1000"},
		{[]string{"invoke", h, "--account-limit", "-3"}, "1 or more"},
		{[]string{"quiz", "--plain", "--count", "1000000000"}, "at most 1000"},
		{[]string{"quiz", "--plain", "--count", "0"}, "at least 1 question"},
		{[]string{"quiz", "--plain", "--mode", "mock", "--duration", "0"}, "1m0s to 3h0m0s"},
		{[]string{"quiz", "--plain", "--mode", "mock", "--duration", "-5m"}, "1m0s to 3h0m0s"},
		{[]string{"cost", "--requests", "1", "--duration", "1ms", "--memory", "64"}, "between 128 and 10240 MB"},
		{[]string{"cost", "--requests", "-1", "--duration", "1ms"}, "0 or more"},
		{[]string{"cost", "--requests", "1", "--duration", "20m"}, "out of range"},
		{[]string{"cost", "--requests", "1", "--duration", "1ms", "--cold-ratio", "2"}, "between 0 and 1"},
		{[]string{"cost", "--requests", "1"}, "--duration is required"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args[min(2, len(c.args)-1):], " "), func(t *testing.T) {
			_, errOut, code := run(t, tempDB(t), c.args...)
			if code != exitUsage || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, exitUsage, c.want)
			}
		})
	}
}

// A named pipe where the handler's code or the event is read is refused
// at once (reading it would wait for a writer for ever): only regular
// files are read.
func TestInvokeRefusesNamedPipes(t *testing.T) {
	dir := t.TempDir()
	h := filepath.Join(dir, "h.js")
	if err := os.WriteFile(h, []byte("exports.handler = async () => 1;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	evDir := t.TempDir()
	fifoEvent := filepath.Join(evDir, "event.json")
	if err := syscall.Mkfifo(fifoEvent, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	check := func(name string, args []string) {
		t.Helper()
		done := make(chan struct{})
		var errOut string
		var code int
		go func() {
			defer close(done)
			_, errOut, code = run(t, tempDB(t), args...)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: invoke is still reading a named pipe", name)
		}
		if code == 0 || !strings.Contains(errOut, "not a regular file") {
			t.Errorf("%s: exit %d, stderr %q; want a refusal saying it is not a regular file", name, code, errOut)
		}
	}
	check("event", []string{"invoke", h, "--event", fifoEvent})
	if err := syscall.Mkfifo(filepath.Join(dir, "lib.js"), 0o600); err != nil {
		t.Fatal(err)
	}
	check("code beside the handler", []string{"invoke", h})
	fifoHandler := filepath.Join(evDir, "pipe.js")
	if err := syscall.Mkfifo(fifoHandler, 0o600); err != nil {
		t.Fatal(err)
	}
	check("handler", []string{"invoke", fifoHandler})
}

func TestProgressImportRefusesNamedPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "backup.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	done := make(chan struct{})
	var errOut string
	var code int
	go func() {
		defer close(done)
		_, errOut, code = run(t, tempDB(t), "progress", "import", fifo)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("progress import is still reading a named pipe")
	}
	if code == 0 || !strings.Contains(errOut, "is a named pipe, not a regular file") {
		t.Errorf("exit %d, stderr %q; want a refusal naming the named pipe", code, errOut)
	}
}

func TestDeepEventNamesTheLimit(t *testing.T) {
	dir := t.TempDir()
	h := filepath.Join(dir, "h.js")
	if err := os.WriteFile(h, []byte("exports.handler = async () => 1;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ev := filepath.Join(t.TempDir(), "deep.json")
	if err := os.WriteFile(ev, []byte(strings.Repeat("[", 10001)+strings.Repeat("]", 10001)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, tempDB(t), "invoke", h, "--event", ev)
	if code == 0 || !strings.Contains(errOut, "nests 10001 levels deep") || !strings.Contains(errOut, "at most 10000 levels") {
		t.Errorf("exit %d, stderr %q; want the nesting limit named", code, errOut)
	}
}

// The advice printed for a damaged database is a command that works.
func TestDamagedDatabaseAdviceWorks(t *testing.T) {
	db := tempDB(t)
	if _, e, code := run(t, db, "lessons"); code != 0 {
		t.Fatalf("lessons: %s", e)
	}
	fillAndDamage(t, db, 3000)
	_, errOut, code := run(t, db, "progress", "export")
	if code == 0 || !strings.Contains(errOut, "is damaged") {
		t.Fatalf("export of the damaged file: exit %d, %q", code, errOut)
	}
	_, cmdline, ok := strings.Cut(errOut, "`")
	cmdline, _, ok2 := strings.Cut(cmdline, "`")
	if !ok || !ok2 || !strings.HasPrefix(cmdline, "lambdatutor ") {
		t.Fatalf("the advice holds no command in backquotes: %q", errOut)
	}
	args := strings.Fields(cmdline)[1:]
	out, errOut, code := run(t, "", args...)
	if code != 0 || !strings.Contains(out, "Some records could not be read") {
		t.Fatalf("%s: exit %d\n%s%s", cmdline, code, out, errOut)
	}
	salvaged := args[len(args)-1]
	out, errOut, code = run(t, salvaged, "progress")
	if code != 0 || !strings.Contains(out, "opened") {
		t.Errorf("progress on the salvaged file: exit %d\n%s%s", code, out, errOut)
	}
}

// fillAndDamage adds n lesson records for the local user, then overwrites
// two pages in the middle of the file with garbage, as a failing disk
// would.
func fillAndDamage(t *testing.T, db string, n int) {
	t.Helper()
	ctx := context.Background()
	s, err := progress.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.EnsureUser(ctx, progress.LocalUserKey, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := s.SavePosition(ctx, u.ID, fmt.Sprintf("lesson-%05d-%s", i, strings.Repeat("x", 60)), i); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(b) / page
	for i := pages / 2 * page; i < (pages/2+2)*page; i++ {
		b[i] = 0xA5
	}
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A command stops when its context ends (main cancels it on SIGTERM and
// Ctrl-C), even while the handler loops or runs a backtracking regex.
func TestInvokeStopsOnCancel(t *testing.T) {
	for name, src := range map[string]string{
		"loop":  "exports.handler = async () => { while (true) {} };\n",
		"regex": "exports.handler = async () => { while (true) /^(a+)+(?=b)$/.test('a'.repeat(64)); };\n",
	} {
		t.Run(name, func(t *testing.T) {
			h := filepath.Join(t.TempDir(), "h.js")
			if err := os.WriteFile(h, []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			var out, errOut strings.Builder
			f := &Factory{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(k string) string {
				if k == "LAMBDATUTOR_DB" {
					return tempDB(t)
				}
				return ""
			}}
			done := make(chan int, 1)
			go func() {
				done <- Execute(ctx, f, "1.2.3", []string{"invoke", h, "--timeout", "900", "--memory", "10240"})
			}()
			time.Sleep(300 * time.Millisecond)
			cancel()
			select {
			case code := <-done:
				if code == 0 || !strings.Contains(errOut.String(), "interrupted") {
					t.Errorf("exit %d, stderr %q; want it interrupted", code, errOut.String())
				}
			case <-time.After(time.Minute):
				t.Fatal("invoke kept running after its context was cancelled")
			}
		})
	}
}
