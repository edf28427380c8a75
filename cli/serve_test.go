package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sshserver"
	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

func TestServeFlagsAndEnv(t *testing.T) {
	parse := func(env map[string]string, args ...string) (*ServeOptions, error) {
		var got *ServeOptions
		f := &Factory{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}, Getenv: func(k string) string { return env[k] }}
		cmd := NewCmdServe(f, func(_ context.Context, o *ServeOptions) error { got = o; return nil })
		cmd.SetArgs(args)
		cmd.SetOut(f.Out)
		cmd.SetErr(f.ErrOut)
		err := cmd.Execute()
		return got, err
	}
	o, err := parse(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := ServeOptions{Listen: "127.0.0.1:2222", MaxSessions: sshserver.DefaultMaxSessions,
		MaxSessionsPerKey: sshserver.DefaultMaxSessionsPerKey, ConnsPerMinute: sshserver.DefaultConnsPerMinute,
		IdleTimeout: 30 * time.Minute, NoSessionTimeout: 30 * time.Second, LogFormat: "text"}
	if *o != want {
		t.Errorf("defaults\n got %+v\nwant %+v", *o, want)
	}
	env := map[string]string{"LAMBDATUTOR_LISTEN": "0.0.0.0:2200", "LAMBDATUTOR_GUEST": "true",
		"LAMBDATUTOR_IDLE_TIMEOUT": "1h", "LAMBDATUTOR_MAX_SESSIONS_PER_KEY": "5"}
	o, err = parse(env, "--listen", "127.0.0.1:9", "--allow-keys", "class.keys", "--host-key", "k")
	if err != nil {
		t.Fatal(err)
	}
	if o.Listen != "127.0.0.1:9" || !o.Guest || o.IdleTimeout != time.Hour || o.MaxSessionsPerKey != 5 ||
		o.AllowKeys != "class.keys" || o.HostKey != "k" {
		t.Errorf("flags then environment: %+v", *o)
	}
	if _, err := parse(map[string]string{"LAMBDATUTOR_MAX_SESSIONS": "many"}); err == nil ||
		!strings.Contains(err.Error(), "LAMBDATUTOR_MAX_SESSIONS") {
		t.Errorf("bad environment value: %v", err)
	}
}

// lockedBuffer is an ErrOut that the server's goroutines can write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listenRE = regexp.MustCompile(`listening addr=(\S+)`)

// startServe runs `lambdatutor serve` until the returned stop is called;
// stop returns the exit code.
func startServe(t *testing.T, env map[string]string, args ...string) (addr string, logs *lockedBuffer, stop func() int) {
	t.Helper()
	logs = &lockedBuffer{}
	f := &Factory{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: logs, Getenv: func(k string) string { return env[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() {
		code <- Execute(ctx, f, "1.2.3", append([]string{"serve", "--listen", "127.0.0.1:0", "--log-format", "logfmt"}, args...))
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listenRE.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
			break
		}
		select {
		case c := <-code:
			t.Fatalf("serve exited with %d:\n%s", c, logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	var once sync.Once
	result := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case result = <-code:
			case <-time.After(40 * time.Second):
				t.Errorf("serve did not stop")
			}
		})
		return result
	}
	t.Cleanup(func() { stop() })
	return addr, logs, stop
}

func TestServeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	hostKey := filepath.Join(dir, "keys", "host")
	addr, logs, stop := startServe(t, map[string]string{"LAMBDATUTOR_DB": filepath.Join(dir, "class.db")},
		"--host-key", hostKey, "--max-sessions-per-key", "1")

	fi, err := os.Stat(hostKey)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v, mode %v; want a 0600 file", err, fi.Mode().Perm())
	}
	key, err := sshtest.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	term, err := sshtest.Dial(addr, sshtest.Options{User: "ana", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	if _, err := term.WaitFor(10*time.Second, " lessons completed"); err != nil {
		t.Fatal(err)
	}
	// The per-key limit flag reaches the server.
	second, err := sshtest.Dial(addr, sshtest.Options{User: "ana", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if err := second.Wait(10 * time.Second); err == nil || !strings.Contains(second.Stderr(), "already have 1 sessions") {
		t.Errorf("second session: %v, stderr %q", err, second.Stderr())
	}

	// SIGTERM (the command's context) tells the learner and exits 0.
	if code := stop(); code != 0 {
		t.Fatalf("serve exit code %d:\n%s", code, logs)
	}
	if err := term.Wait(10 * time.Second); err != nil {
		t.Errorf("session end: %v", err)
	}
	if got := term.Stderr(); !strings.Contains(got, "the server is shutting down") {
		t.Errorf("learner was not told: %q", got)
	}
	for _, want := range []string{"generated a host key", "session start", "user=ana", "reason=key-limit", "reason=shutdown", "stopped"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}

	// A restart keeps the host key.
	_, logs, _ = startServe(t, map[string]string{"LAMBDATUTOR_DB": filepath.Join(dir, "class.db")}, "--host-key", hostKey)
	if strings.Contains(logs.String(), "generated a host key") {
		t.Error("the host key was generated again")
	}
}

func TestServeDefaultHostKeyInDataDir(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	_, _, stop := startServe(t, nil)
	if code := stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, name := range []string{"progress.db", sshserver.HostKeyFileName} {
		if _, err := os.Stat(filepath.Join(data, "lambdatutor", name)); err != nil {
			t.Errorf("%s is not in the data dir: %v", name, err)
		}
	}
}

func TestServeErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	_, errOut, code := run(t, db, "serve", "--host-key", filepath.Join(dir, "k"), "--allow-keys", filepath.Join(dir, "missing.keys"))
	if code != 1 || !strings.Contains(errOut, "--allow-keys") {
		t.Errorf("missing allow-keys file: exit %d, %q", code, errOut)
	}
	_, errOut, code = run(t, db, "serve", "--host-key", filepath.Join(dir, "k"), "--log-format", "xml")
	if code != 1 || !strings.Contains(errOut, "use text, logfmt or json") {
		t.Errorf("bad log format: exit %d, %q", code, errOut)
	}
	_, errOut, code = run(t, db, "serve", "--host-key", filepath.Join(dir, "k"), "--listen", "127.0.0.1:99999")
	if code != 1 || !strings.Contains(errOut, "choose another address with --listen") {
		t.Errorf("bad address: exit %d, %q", code, errOut)
	}
}
