package sshserver

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

const wait = 10 * time.Second

// total is the number of lessons, as the screens show it.
var total = func() string {
	c, err := lessons.Default()
	if err != nil {
		panic(err)
	}
	return strconv.Itoa(c.Len())
}()

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is a server on a free loopback port with a fresh store.
type testServer struct {
	*Server
	addr  string
	store *progress.Store
	logs  *syncBuffer
	done  chan error
}

func startServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	dir := t.TempDir()
	store := cfg.Store // a store shared with another server, or a new one
	if store == nil {
		var err error
		if store, err = progress.Open(filepath.Join(dir, "progress.db")); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
	}
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	key, created, err := LoadOrCreateHostKey(filepath.Join(dir, "host_key"))
	if err != nil || !created {
		t.Fatalf("host key: created=%v err=%v", created, err)
	}
	logs := &syncBuffer{}
	cfg.Catalog, cfg.Store, cfg.HostKey = cat, store, key
	if cfg.Logger != nil {
		cfg.Logger.SetOutput(logs) // the test chose the format
	} else {
		cfg.Logger = log.NewWithOptions(logs, log.Options{Formatter: log.LogfmtFormatter})
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, addr: l.Addr().String(), store: store, logs: logs, done: make(chan error, 1)}
	go func() { ts.done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return ts
}

func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	k, err := sshtest.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func dial(t *testing.T, addr string, opts sshtest.Options) *sshtest.Term {
	t.Helper()
	term, err := sshtest.Dial(addr, opts)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { term.Close() })
	return term
}

func waitFor(t *testing.T, term *sshtest.Term, want string) string {
	t.Helper()
	s, err := term.WaitFor(wait, want)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func press(t *testing.T, term *sshtest.Term, keys ...string) {
	t.Helper()
	if err := term.Press(keys...); err != nil {
		t.Fatal(err)
	}
}

// waitEnd waits for the session to end and returns its exit status.
func waitEnd(t *testing.T, term *sshtest.Term) int {
	t.Helper()
	err := term.Wait(wait)
	var ee *gossh.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitStatus()
	default:
		t.Fatalf("session did not end cleanly: %v", err)
		return -1
	}
}

// body is the screen without the header line, which names the user.
func body(s string) string {
	_, rest, _ := strings.Cut(s, "\n")
	return rest
}

func TestSessionProgressFollowsTheKey(t *testing.T) {
	ts := startServer(t, Config{})
	alice := newKey(t)

	term := dial(t, ts.addr, sshtest.Options{User: "alice", Key: alice})
	home := waitFor(t, term, "0 of "+total+" lessons completed")
	if !strings.Contains(home, "alice") {
		t.Errorf("the header does not show the SSH user name:\n%s", home)
	}
	press(t, term, sshtest.Enter) // Lessons
	waitFor(t, term, "1. What AWS Lambda is")
	press(t, term, sshtest.Down, sshtest.Down, sshtest.Enter) // lesson 3
	waitFor(t, term, "lesson 3 of "+total)
	press(t, term, "]", "]", "j", "j") // the first ] goes from the introduction to § 1
	waitFor(t, term, "§ 2/")
	before, err := term.WaitStable(300*time.Millisecond, wait)
	if err != nil {
		t.Fatal(err)
	}
	press(t, term, sshtest.CtrlC)
	if code := waitEnd(t, term); code != 0 {
		t.Fatalf("quit exit status %d, want 0", code)
	}
	term.Close()

	// Same key: the reader reopens where it was.
	term = dial(t, ts.addr, sshtest.Options{User: "alice", Key: alice})
	after := waitFor(t, term, "lesson 3 of "+total)
	if body(before) != body(after) {
		t.Errorf("reopened at a different place.\nbefore:\n%s\nafter:\n%s", before, after)
	}
	term.Close()

	// Another key: a new learner on the home screen.
	term = dial(t, ts.addr, sshtest.Options{User: "bob", Key: newKey(t)})
	s := waitFor(t, term, "0 of "+total+" lessons completed")
	if strings.Contains(s, "Continue") {
		t.Errorf("another key sees alice's progress:\n%s", s)
	}

	// The store holds alice under her key's fingerprint, named alice.
	u, err := ts.store.EnsureUser(context.Background(), gossh.FingerprintSHA256(alice.PublicKey()), "")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "alice" {
		t.Errorf("stored name %q, want alice", u.Name)
	}
	if id, _, ok, err := ts.store.LastPosition(context.Background(), u.ID); err != nil || !ok || id != "execution-environment" && id == "" {
		t.Errorf("alice's last position: %q %v %v", id, ok, err)
	}
	for _, want := range []string{"session start", "session end", "user=alice", "reason=quit"} {
		waitLog(t, ts, want)
	}
}

func TestDisconnectSavesPlace(t *testing.T) {
	ts := startServer(t, Config{})
	key := newKey(t)
	term := dial(t, ts.addr, sshtest.Options{Key: key})
	waitFor(t, term, "lessons completed")
	press(t, term, "1") // Lessons
	waitFor(t, term, "1. What AWS Lambda is")
	press(t, term, sshtest.Enter)
	waitFor(t, term, "lesson 1 of "+total)
	press(t, term, "]", "]", "]")
	before := waitFor(t, term, "§ 3/")
	// Drop the connection without quitting, at once (before the reader's
	// delayed save).
	term.Client.Close()
	waitSessions(t, ts, 0)

	term = dial(t, ts.addr, sshtest.Options{Key: key})
	after := waitFor(t, term, "lesson 1 of "+total)
	if body(before) != body(after) {
		t.Errorf("reopened at a different place after a dropped connection.\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func waitSessions(t *testing.T, ts *testServer, n int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for ts.Sessions() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions running, want %d", ts.Sessions(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRefusals(t *testing.T) {
	ts := startServer(t, Config{})
	key := newKey(t)

	t.Run("no pty", func(t *testing.T) {
		term := dial(t, ts.addr, sshtest.Options{Key: key, NoPTY: true})
		if code := waitEnd(t, term); code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
		if got := term.Stderr(); !strings.Contains(got, "needs an interactive terminal") || strings.Count(got, "\n") != 1 {
			t.Errorf("stderr %q, want one line about the terminal", got)
		}
	})
	t.Run("exec", func(t *testing.T) {
		term := dial(t, ts.addr, sshtest.Options{Key: key, Command: "cat /etc/passwd"})
		if code := waitEnd(t, term); code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
		if got := term.Stderr(); !strings.Contains(got, "not commands") {
			t.Errorf("stderr %q, want the exec refusal", got)
		}
	})
	t.Run("sftp", func(t *testing.T) {
		conn, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: wait})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// A raw session channel: x/crypto's Session cannot wait for a
		// subsystem's exit status.
		ch, reqs, err := conn.OpenChannel("session", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ch.Close()
		ok, err := ch.SendRequest("subsystem", true, gossh.Marshal(struct{ Name string }{"sftp"}))
		if err != nil {
			t.Fatal(err)
		}
		stderr, _ := io.ReadAll(ch.Stderr())
		status := -1
		for r := range reqs {
			if r.Type == "exit-status" && len(r.Payload) == 4 {
				status = int(binary.BigEndian.Uint32(r.Payload))
			}
		}
		if !ok || status != 1 || !strings.Contains(string(stderr), `so "sftp" (file transfer`) {
			t.Errorf("sftp: accepted %v, exit status %d, stderr %q; want exit 1 and the refusal", ok, status, stderr)
		}
	})
	t.Run("forwarding", func(t *testing.T) {
		conn, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: wait})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if c, err := conn.Dial("tcp", ts.addr); err == nil {
			c.Close()
			t.Error("local port forwarding was allowed")
		}
		if l, err := conn.Listen("tcp", "127.0.0.1:0"); err == nil {
			l.Close()
			t.Error("remote port forwarding was allowed")
		}
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		if ok, err := sess.SendRequest("auth-agent-req@openssh.com", true, nil); ok || err != nil {
			t.Errorf("agent forwarding request: ok=%v err=%v, want refused", ok, err)
		}
		if ok, err := sess.SendRequest("x11-req", true, gossh.Marshal(struct {
			Single        bool
			Proto, Cookie string
			Screen        uint32
		}{false, "MIT-MAGIC-COOKIE-1", "00", 0})); ok || err != nil {
			t.Errorf("x11 request: ok=%v err=%v, want refused", ok, err)
		}
	})
	t.Run("no key", func(t *testing.T) {
		term := dial(t, ts.addr, sshtest.Options{})
		if code := waitEnd(t, term); code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
		if got := term.Stderr(); !strings.Contains(got, "ssh-keygen") {
			t.Errorf("stderr %q, want advice to create a key", got)
		}
	})
	logs := ts.logs.String()
	for _, want := range []string{"reason=no-pty", "reason=exec", "reason=subsystem", "reason=forwarding", "reason=no-key"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
}

func TestAllowKeys(t *testing.T) {
	listed, unlisted := newKey(t), newKey(t)
	file := filepath.Join(t.TempDir(), "class.keys")
	content := "# class of 2026\n\n" + string(gossh.MarshalAuthorizedKey(listed.PublicKey()))
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, Config{AllowKeysFile: file})

	term := dial(t, ts.addr, sshtest.Options{Key: listed})
	waitFor(t, term, "lessons completed")

	// An unlisted key alone fails authentication.
	if _, err := sshtest.Dial(ts.addr, sshtest.Options{Key: unlisted, KeyboardInteractive: false, User: "eve", NoPTY: true, Timeout: wait}); err == nil {
		// Dial falls back to keyboard-interactive only when asked; a
		// successful dial means the key itself was accepted.
		t.Fatal("an unlisted key was accepted")
	}
	// Like OpenSSH, falling back to a key-less login gets the reason.
	term = dial(t, ts.addr, sshtest.Options{Key: unlisted, KeyboardInteractive: true, User: "eve"})
	if code := waitEnd(t, term); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	fp := gossh.FingerprintSHA256(unlisted.PublicKey())
	if got := term.Stderr(); !strings.Contains(got, "class list") || !strings.Contains(got, fp) {
		t.Errorf("stderr %q, want the class-list refusal naming %s", got, fp)
	}

	// Adding the key to the file lets it in without a restart.
	time.Sleep(10 * time.Millisecond) // a distinct modification time
	content += string(gossh.MarshalAuthorizedKey(unlisted.PublicKey()))
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	term = dial(t, ts.addr, sshtest.Options{Key: unlisted, User: "eve"})
	waitFor(t, term, "lessons completed")
	if !strings.Contains(ts.logs.String(), "reason=key-not-allowed") {
		t.Errorf("no refusal log line:\n%s", ts.logs)
	}
	// The log line names the key the learner was shown, for the instructor.
	if want := "key=" + fp; !regexp.MustCompile(`reason=key-not-allowed .*` + regexp.QuoteMeta(want)).MatchString(ts.logs.String()) {
		t.Errorf("the refusal log line lacks %s:\n%s", want, ts.logs)
	}
}

func TestAllowKeysFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.keys")
	if err := os.WriteFile(bad, []byte("ssh-ed25519 AAAA\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadAllowList(bad); err == nil || !strings.Contains(err.Error(), "bad.keys:1:") {
		t.Errorf("bad file: %v, want an error naming the line", err)
	}
	if _, err := loadAllowList(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "--allow-keys") {
		t.Errorf("missing file: %v", err)
	}
}

func TestSessionLimits(t *testing.T) {
	ts := startServer(t, Config{MaxSessions: 3, MaxSessionsPerKey: 2})
	key := newKey(t)
	a := dial(t, ts.addr, sshtest.Options{Key: key})
	b := dial(t, ts.addr, sshtest.Options{Key: key})
	waitFor(t, a, "lessons completed")
	waitFor(t, b, "lessons completed")

	c := dial(t, ts.addr, sshtest.Options{Key: key})
	if code := waitEnd(t, c); code != 1 {
		t.Errorf("third session of one key: exit status %d, want 1", code)
	}
	if got := c.Stderr(); !strings.Contains(got, "already have 2 sessions") {
		t.Errorf("stderr %q, want the per-key refusal", got)
	}

	d := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, d, "lessons completed")
	e := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	if code := waitEnd(t, e); code != 1 {
		t.Errorf("fourth session: exit status %d, want 1", code)
	}
	if got := e.Stderr(); !strings.Contains(got, "the tutor is full") {
		t.Errorf("stderr %q, want the server-full refusal", got)
	}

	// Closing one frees a place for that key.
	a.Close()
	waitSessions(t, ts, 2)
	f := dial(t, ts.addr, sshtest.Options{Key: key})
	waitFor(t, f, "lessons completed")
	for _, want := range []string{"reason=key-limit", "reason=server-full"} {
		if !strings.Contains(ts.logs.String(), want) {
			t.Errorf("logs lack %q", want)
		}
	}
}

func TestConnectionRate(t *testing.T) {
	ts := startServer(t, Config{ConnsPerMinute: 2})
	key := newKey(t)
	for i := 0; i < 2; i++ {
		term := dial(t, ts.addr, sshtest.Options{Key: key})
		waitFor(t, term, "lessons completed")
		term.Close()
	}
	term := dial(t, ts.addr, sshtest.Options{Key: key})
	if code := waitEnd(t, term); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if got := term.Stderr(); !strings.Contains(got, "too many connections") {
		t.Errorf("stderr %q, want the rate refusal", got)
	}
	if !strings.Contains(ts.logs.String(), "reason=rate") {
		t.Errorf("no refusal log line")
	}
}

func TestRateLimiterRefills(t *testing.T) {
	now := time.Unix(0, 0)
	r := newRateLimiter(2, func() time.Time { return now })
	if !r.allow("a") || !r.allow("a") || r.allow("a") {
		t.Fatal("want two connections then a refusal")
	}
	if !r.allow("b") {
		t.Error("another address shares the bucket")
	}
	now = now.Add(30 * time.Second) // one token back
	if !r.allow("a") || r.allow("a") {
		t.Error("want one connection after 30 s")
	}
	now = now.Add(2 * time.Minute)
	r.allow("c") // sweeps full buckets
	if _, ok := r.buckets["b"]; ok {
		t.Error("a refilled bucket was kept")
	}
}

func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{IdleTimeout: time.Second})
	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, term, "lessons completed")
	// Key presses keep it open past the timeout.
	for i := 0; i < 6; i++ {
		time.Sleep(250 * time.Millisecond)
		press(t, term, "j")
	}
	if ts.Sessions() != 1 {
		t.Fatal("a session with key presses was closed as idle")
	}
	if code := waitEnd(t, term); code != 0 {
		t.Errorf("exit status %d", code)
	}
	if got := term.Stderr(); !strings.Contains(got, "without a key press") {
		t.Errorf("stderr %q, want the idle message", got)
	}
	waitLog(t, ts, "reason=idle")
}

func TestGuest(t *testing.T) {
	ts := startServer(t, Config{Guest: true})
	g := dial(t, ts.addr, sshtest.Options{User: "visitor"})
	s := waitFor(t, g, "guest: progress is kept only for this session")
	if !strings.Contains(s, "0 of "+total+" lessons completed") {
		t.Fatalf("guest home:\n%s", s)
	}
	press(t, g, "1")
	waitFor(t, g, "1. What AWS Lambda is")
	press(t, g, sshtest.Enter)
	waitFor(t, g, "lesson 1 of "+total)
	press(t, g, "c") // mark complete
	waitFor(t, g, "marked complete")
	press(t, g, "q")
	waitFor(t, g, "1 of "+total+" completed")

	// Another guest at the same time sees nothing of it.
	h := dial(t, ts.addr, sshtest.Options{User: "visitor"})
	waitFor(t, h, "0 of "+total+" lessons completed")
	press(t, g, sshtest.CtrlC)
	waitEnd(t, g)
	h.Close()
	waitSessions(t, ts, 0)

	// The guest's records are gone; a new guest starts from nothing.
	g = dial(t, ts.addr, sshtest.Options{User: "visitor"})
	s = waitFor(t, g, "0 of "+total+" lessons completed")
	if strings.Contains(s, "Continue") {
		t.Errorf("a new guest sees an earlier guest's place:\n%s", s)
	}
	u, err := ts.store.EnsureUser(context.Background(), "guest:1", "")
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := ts.store.Summary(context.Background(), u.ID); err != nil || len(sum.Completed) != 0 {
		t.Errorf("guest:1 summary %+v, %v; want nothing kept", sum, err)
	}

	// A learner with a key still keeps progress on a guest server.
	k := dial(t, ts.addr, sshtest.Options{User: "kim", Key: newKey(t)})
	s = waitFor(t, k, "lessons completed")
	if strings.Contains(s, "guest") {
		t.Errorf("a keyed learner is shown as a guest:\n%s", s)
	}
}

func TestNoColorFromSessionEnv(t *testing.T) {
	ts := startServer(t, Config{})
	colored := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	plain := dial(t, ts.addr, sshtest.Options{Key: newKey(t), Env: map[string]string{"NO_COLOR": "1"}})
	waitFor(t, colored, "lessons completed")
	waitFor(t, plain, "lessons completed")
	if !colored.HasColor() {
		t.Error("the default session has no colour")
	}
	if plain.HasColor() {
		t.Error("NO_COLOR=1 session has colour")
	}
}

func TestWindowResize(t *testing.T) {
	ts := startServer(t, Config{})
	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t), Width: 50, Height: 15})
	waitFor(t, term, "terminal too small (need 60x20, have 50x15)")
	if err := term.Resize(90, 30); err != nil {
		t.Fatal(err)
	}
	waitFor(t, term, "lessons completed")
}

// panicky panics on "!" to stand for a bug in one session's screen.
type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "!" {
		panic("boom")
	}
	m, cmd := p.Model.Update(msg)
	return panicky{m}, cmd
}

func TestPanicEndsOnlyThatSession(t *testing.T) {
	ts := startServer(t, Config{})
	ts.wrapModel = func(m tea.Model) tea.Model { return panicky{m} }
	a := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	b := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, a, "lessons completed")
	waitFor(t, b, "lessons completed")

	press(t, a, "!")
	if code := waitEnd(t, a); code != 1 {
		t.Errorf("panicked session exit status %d, want 1", code)
	}
	if got := a.Stderr(); !strings.Contains(got, "internal error") {
		t.Errorf("stderr %q, want the internal error message", got)
	}
	press(t, b, "1")
	waitFor(t, b, "1. What AWS Lambda is")
	waitLog(t, ts, "reason=panic")
}

func TestShutdownTellsLearnersAndSaves(t *testing.T) {
	ts := startServer(t, Config{})
	key := newKey(t)
	a := dial(t, ts.addr, sshtest.Options{Key: key})
	b := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, a, "lessons completed")
	waitFor(t, b, "lessons completed")
	press(t, a, "1")
	waitFor(t, a, "1. What AWS Lambda is")
	press(t, a, sshtest.Enter)
	waitFor(t, a, "lesson 1 of "+total)
	press(t, a, "]", "]") // the reader saves 400 ms later, or when it closes
	waitFor(t, a, "§ 2/")

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for _, term := range []*sshtest.Term{a, b} {
		waitEnd(t, term)
		if got := term.Stderr(); !strings.Contains(got, "shutting down; your progress is saved") {
			t.Errorf("stderr %q, want the shutdown notice", got)
		}
	}
	select {
	case err := <-ts.done:
		if err != nil {
			t.Errorf("Serve returned %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Serve did not return")
	}
	if _, err := sshtest.Dial(ts.addr, sshtest.Options{Key: key, Timeout: time.Second}); err == nil {
		t.Error("the server still accepts connections")
	}
	u, err := ts.store.EnsureUser(context.Background(), gossh.FingerprintSHA256(key.PublicKey()), "")
	if err != nil {
		t.Fatal(err)
	}
	if off, err := ts.store.Position(context.Background(), u.ID, "what-is-lambda"); err != nil || off == 0 {
		t.Errorf("position after shutdown: %d, %v; want the scrolled place saved", off, err)
	}
}

func TestHostKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "key")
	k1, created, err := LoadOrCreateHostKey(path)
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v, want 0600", fi.Mode().Perm())
	}
	if k1.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("key type %s, want ed25519", k1.PublicKey().Type())
	}
	k2, created, err := LoadOrCreateHostKey(path)
	if err != nil || created {
		t.Fatalf("reload: %v %v", created, err)
	}
	if !bytes.Equal(k1.PublicKey().Marshal(), k2.PublicKey().Marshal()) {
		t.Error("the host key changed on reload")
	}
	if err := os.WriteFile(path, []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateHostKey(path); err == nil || !strings.Contains(err.Error(), "--host-key") {
		t.Errorf("junk key: %v", err)
	}
}

func TestDefaultHostKeyPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	p, err := DefaultHostKeyPath()
	if err != nil || p != "/data/lambdatutor/ssh_host_ed25519_key" {
		t.Errorf("DefaultHostKeyPath = %q, %v", p, err)
	}
}

// TestRunawayHandlerLeavesOthersResponsive runs an endless loop in one
// learner's playground handler and checks that another learner is served
// while it runs: each session has its own program, and the invoke runs off
// the session's event loop.
func TestRunawayHandlerLeavesOthersResponsive(t *testing.T) {
	ts := startServer(t, Config{})
	a := dial(t, ts.addr, sshtest.Options{User: "loop", Key: newKey(t)})
	b := dial(t, ts.addr, sshtest.Options{User: "reader", Key: newKey(t)})
	waitFor(t, a, "lessons completed")
	waitFor(t, b, "lessons completed")

	press(t, a, "3") // Playground
	waitFor(t, a, "Press r to invoke")
	// At the top of the module: INIT never ends by itself.
	press(t, a, sshtest.Enter)
	press(t, a, "while (true) {}", sshtest.Enter)
	waitFor(t, a, "1 while (true) {}")
	// Esc alone: followed at once by another key it would read as alt+key.
	press(t, a, sshtest.Esc)
	if _, err := a.WaitUntil(wait, func(s string) bool { return !strings.Contains(s, "(editing)") }); err != nil {
		t.Fatal(err)
	}
	press(t, a, "r")
	waitFor(t, a, "Invoking…")

	press(t, b, "1")
	waitFor(t, b, "1. What AWS Lambda is")
	press(t, b, sshtest.Enter)
	waitFor(t, b, "lesson 1 of "+total)
	if s := a.Screen(); !strings.Contains(s, "Invoking…") {
		t.Fatalf("the endless handler ended before the other learner was served, so this proves nothing:\n%s", s)
	}
	// The runtime stops the loop at the function's timeout.
	s, err := a.WaitFor(30*time.Second, "Invocations (newest last)")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "Sandbox.Timedout") {
		t.Errorf("the endless handler did not end with Sandbox.Timedout:\n%s", s)
	}
}

// TestQuizOverSSH answers a quiz question in an SSH session: the review is
// stored for that key, and another key starts with none.
func TestQuizOverSSH(t *testing.T) {
	ts := startServer(t, Config{})
	carol := newKey(t)
	term := dial(t, ts.addr, sshtest.Options{User: "carol", Key: carol})
	waitFor(t, term, "0 of "+total+" lessons completed")
	press(t, term, "4") // Interview trainer
	waitFor(t, term, "Drill Lambda interview questions")
	press(t, term, sshtest.Enter)
	waitFor(t, term, "Question 1 of 10")
	// The question's kind is random: try answers of each form until one is
	// accepted (a refused answer is explained and asked again).
	var s string
	for _, answer := range []string{"a", "1", "a b c d e f", "a b c d e", "a b c d", "a b c"} {
		press(t, term, "\x15") // ctrl+u: clear the answer line
		press(t, term, answer, sshtest.Enter)
		var err error
		if s, err = term.WaitStable(300*time.Millisecond, wait); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(s, "grade yourself") { // a free answer: grade it
			press(t, term, "3")
		}
		if strings.Contains(s, "graded") || strings.Contains(s, "grade yourself") {
			break
		}
	}
	s = waitFor(t, term, "graded")
	if !strings.Contains(s, "Correct") && !strings.Contains(s, "Not quite") {
		t.Errorf("no feedback after answering:\n%s", s)
	}
	press(t, term, sshtest.CtrlC)
	waitEnd(t, term)
	term.Close()

	ctx := context.Background()
	u, err := ts.store.EnsureUser(ctx, gossh.FingerprintSHA256(carol.PublicKey()), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, reviews, err := ts.store.QuizData(ctx, u.ID); err != nil || len(reviews) != 1 {
		t.Errorf("carol's reviews: %d (%v), want 1", len(reviews), err)
	}
	other, err := ts.store.EnsureUser(ctx, gossh.FingerprintSHA256(newKey(t).PublicKey()), "dave")
	if err != nil {
		t.Fatal(err)
	}
	if _, reviews, _ := ts.store.QuizData(ctx, other.ID); len(reviews) != 0 {
		t.Errorf("another key has %d reviews", len(reviews))
	}
}

// TestMemoryBombLeavesOthersWorking: a handler that allocates without end is
// stopped at its memory size in one session; the other learner and the
// server carry on, and the bomber's own session can invoke again.
func TestMemoryBombLeavesOthersWorking(t *testing.T) {
	ts := startServer(t, Config{})
	a := dial(t, ts.addr, sshtest.Options{User: "bomber", Key: newKey(t)})
	b := dial(t, ts.addr, sshtest.Options{User: "reader", Key: newKey(t)})
	waitFor(t, a, "lessons completed")
	waitFor(t, b, "lessons completed")

	press(t, a, "3") // Playground
	waitFor(t, a, "Press r to invoke")
	press(t, a, sshtest.Enter)
	waitFor(t, a, "(editing)")
	// At the top of the module: INIT allocates without end.
	press(t, a, "const hoard = []; while (true) { hoard.push('x'.repeat(1 << 20)); }", sshtest.Enter)
	waitFor(t, a, "1 const hoard = [];")
	press(t, a, sshtest.Esc)
	if _, err := a.WaitUntil(wait, func(s string) bool { return !strings.Contains(s, "(editing)") }); err != nil {
		t.Fatal(err)
	}
	press(t, a, "r")
	press(t, b, "1")
	waitFor(t, b, "1. What AWS Lambda is")
	s, err := a.WaitFor(30*time.Second, "Invocations (newest last)")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "Runtime.OutOfMemory") && !strings.Contains(s, "Runtime.ExitError") {
		t.Errorf("the memory bomb did not end out of memory:\n%s", s)
	}
	// Both sessions still work.
	press(t, b, sshtest.Enter)
	waitFor(t, b, "lesson 1 of "+total)
	press(t, a, "x", "r") // back to the example's code, invoke it
	if _, err := a.WaitFor(30*time.Second, "#2  cold"); err != nil {
		t.Fatal(err)
	}
	if n := ts.Sessions(); n != 2 {
		t.Errorf("%d sessions, want 2", n)
	}
}

// waitLog waits up to 5 s for the server's log to contain want: a session's
// end is logged by the server after the client has seen the connection close.
func waitLog(t *testing.T, ts *testServer, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(ts.logs.String(), want) {
		if time.Now().After(deadline) {
			t.Errorf("logs lack %q:\n%s", want, ts.logs)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sizeRecorder records the largest and the last window size its model is
// told.
type sizeRecorder struct {
	tea.Model
	sizes *recordedSizes
}

type recordedSizes struct {
	mu                       sync.Mutex
	maxW, maxH, lastW, lastH int
}

func (r sizeRecorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		r.sizes.mu.Lock()
		r.sizes.maxW, r.sizes.maxH = max(r.sizes.maxW, ws.Width), max(r.sizes.maxH, ws.Height)
		r.sizes.lastW, r.sizes.lastH = ws.Width, ws.Height
		r.sizes.mu.Unlock()
	}
	m, cmd := r.Model.Update(msg)
	return sizeRecorder{m, r.sizes}, cmd
}

// A terminal size beyond the cap, asked for at login or in a window
// change, must not reach the TUI (whose screen buffers grow with it: the
// probe's 100000x100000 took the server past 9 GB): the server caps it at
// MaxWindowWidth x MaxWindowHeight. The test uses 2000x600 and 1500x900,
// over the cap yet cheap enough to survive without it.
func TestHugeWindowSizeIsCapped(t *testing.T) {
	ts := startServer(t, Config{})
	sizes := &recordedSizes{}
	ts.wrapModel = func(m tea.Model) tea.Model { return sizeRecorder{m, sizes} }
	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t), Width: 100, Height: 30, PtyWidth: 2000, PtyHeight: 600})
	waitLog(t, ts, "session start")
	if err := term.WindowChange(1500, 900); err != nil {
		t.Fatal(err)
	}
	// A last, ordinary size: once the TUI has been told it, the earlier
	// changes have been handled.
	if err := term.Resize(101, 31); err != nil {
		t.Fatal(err)
	}
	waitFor(t, term, "lessons completed")
	deadline := time.Now().Add(wait)
	for {
		sizes.mu.Lock()
		done := sizes.lastW == 101 && sizes.lastH == 31
		sizes.mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	sizes.mu.Lock()
	defer sizes.mu.Unlock()
	if sizes.lastW != 101 || sizes.lastH != 31 {
		t.Errorf("the TUI was last told a window of %dx%d, want the client's last size, 101x31", sizes.lastW, sizes.lastH)
	}
	if sizes.maxW > MaxWindowWidth || sizes.maxH > MaxWindowHeight {
		t.Errorf("the TUI was told a window of up to %dx%d, want at most %dx%d", sizes.maxW, sizes.maxH, MaxWindowWidth, MaxWindowHeight)
	}
	if strings.Contains(ts.logs.String(), "width=2000") {
		t.Errorf("the uncapped size was logged as the session's size:\n%s", ts.logs.String())
	}
}

// An authenticated connection that never opens a session is counted while
// it waits and closed after NoSessionTimeout, with a log line; one that
// opens a session is left alone.
func TestConnectionWithoutSessionIsClosed(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{NoSessionTimeout: 300 * time.Millisecond})
	cfg := clientConfig(t, "learner")
	client, err := gossh.Dial("tcp", ts.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if n := ts.SessionlessConns(); n != 1 {
		t.Errorf("SessionlessConns() = %d with one connection waiting, want 1", n)
	}
	closed := make(chan error, 1)
	go func() { closed <- client.Wait() }()
	select {
	case <-closed:
	case <-time.After(wait):
		t.Fatal("the server kept a connection that opened no session")
	}
	waitLog(t, ts, "closed a connection that opened no session")
	deadline := time.Now().Add(wait)
	for ts.SessionlessConns() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := ts.SessionlessConns(); n != 0 {
		t.Errorf("SessionlessConns() = %d after the connection closed, want 0", n)
	}

	// A learner with a session is not cut off by the grace period.
	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, term, "lessons completed")
	time.Sleep(600 * time.Millisecond)
	press(t, term, "1")
	waitFor(t, term, "1. What AWS Lambda is")
	if strings.Count(ts.logs.String(), "opened no session") != 1 {
		t.Errorf("want exactly one connection closed for having no session:\n%s", ts.logs)
	}
}

// A crafted SSH user name cannot forge log lines (in the text format,
// which does not quote) or put escape codes in the log or on screen: every
// log line names the user by its printable characters only.
func TestUserNameIsSanitised(t *testing.T) {
	ts := startServer(t, Config{Logger: log.NewWithOptions(io.Discard, log.Options{Formatter: log.TextFormatter})})
	user := "eve\nERROR forged line user=admin\r\x1b[2J\x1b]0;owned\x07\u202e"
	cfg := clientConfig(t, user)
	conn, err := gossh.Dial("tcp", ts.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := sess.SendRequest("auth-agent-req@openssh.com", true, nil); ok {
		t.Error("agent forwarding was allowed")
	}
	sess.Close()
	waitLog(t, ts, "reason=forwarding")

	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t), User: user})
	screen := waitFor(t, term, "lessons completed")
	waitLog(t, ts, "session start")
	logs := ts.logs.String()
	for i, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "forged") && !strings.Contains(line, "user=") {
			t.Errorf("log line %d was forged by the user name: %q", i+1, line)
		}
	}
	if strings.ContainsAny(logs, "\x1b\x07\r\u202e") || strings.Contains(logs, `\x1b`) {
		t.Errorf("the logs hold control characters from the user name:\n%q", logs)
	}
	if !strings.Contains(strings.SplitN(screen, "\n", 2)[0], "eveERROR forged line") {
		t.Errorf("the header does not name the user by its printable characters:\n%s", screen)
	}
}

// A session's memory is released when it ends: after sessions at the
// largest window size have drawn and ended, the live heap is back near
// where it was (a session's program kept alive by a goroutine would hold
// tens of megabytes of screen buffers).
func TestSessionMemoryReleasedAtEnd(t *testing.T) {
	ts := startServer(t, Config{})
	warm := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, warm, "lessons completed")
	warm.Close()
	waitLog(t, ts, "session end")
	base := liveHeap()
	for i := 0; i < 3; i++ {
		term, err := sshtest.Dial(ts.addr, sshtest.Options{Key: newKey(t), PtyWidth: MaxWindowWidth, PtyHeight: MaxWindowHeight})
		if err != nil {
			t.Fatal(err)
		}
		waitLog(t, ts, "width="+strconv.Itoa(MaxWindowWidth))
		press(t, term, "1")
		time.Sleep(200 * time.Millisecond) // let it draw the lesson
		term.Close()
	}
	deadline := time.Now().Add(wait)
	for strings.Count(ts.logs.String(), "session end") < 4 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	after := liveHeap()
	t.Logf("live heap %d MB before, %d MB after three %dx%d sessions", base>>20, after>>20, MaxWindowWidth, MaxWindowHeight)
	if after > base+16<<20 {
		t.Errorf("live heap grew from %d MB to %d MB after the sessions ended", base>>20, after>>20)
	}
}

func liveHeap() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// Connections without a session count against a limit: with MaxSessions
// of them open, the next is closed at once, with a log line.
func TestSessionlessConnectionsAreLimited(t *testing.T) {
	ts := startServer(t, Config{MaxSessions: 1, NoSessionTimeout: time.Hour})
	cfg := clientConfig(t, "learner")
	first, err := gossh.Dial("tcp", ts.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if second, err := gossh.Dial("tcp", ts.addr, cfg); err == nil {
		second.Close()
		t.Error("a second connection without a session got in over the limit of 1")
	}
	waitLog(t, ts, "reason=too-many-sessionless")
	first.Close()
	deadline := time.Now().Add(wait)
	for ts.SessionlessConns() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, term, "lessons completed")
}

// clientConfig is a plain SSH client's configuration with a fresh key,
// for tests that open a connection without sshtest's session.
func clientConfig(t *testing.T, user string) *gossh.ClientConfig {
	return &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(newKey(t))},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         wait,
	}
}
