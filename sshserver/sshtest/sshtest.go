// Package sshtest is an SSH test client for the tutor's server: it opens a
// session with a PTY, feeds the output to a terminal emulator (x/vt) and
// reads the screen as text. The server's tests and the load test in
// bench/ssh_load use it.
package sshtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// NewKey returns a fresh ed25519 key for a test learner.
func NewKey() (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	return gossh.NewSignerFromKey(priv)
}

// Options are how a Term connects.
type Options struct {
	// User is the SSH user name ("learner" if empty).
	User string
	// Key authenticates with this key; nil connects without one
	// (keyboard-interactive with no questions, as a key-less ssh does).
	Key gossh.Signer
	// KeyboardInteractive adds the key-less method after the key, as
	// OpenSSH does when the key is refused.
	KeyboardInteractive bool
	// Width and Height of the terminal (100x30 if zero).
	Width, Height int
	// PtyWidth and PtyHeight, when set, are the size asked for in the PTY
	// request instead of Width and Height (the emulator keeps Width x
	// Height), to test what the server does with a hostile size.
	PtyWidth, PtyHeight int
	// Env is sent with "env" requests (NO_COLOR, ...).
	Env map[string]string
	// NoPTY skips the PTY request.
	NoPTY bool
	// Command runs an exec request instead of a shell.
	Command string
	// Timeout bounds the connection and handshake (10 s if zero).
	Timeout time.Duration
}

// Term is one SSH session on an emulated terminal.
type Term struct {
	Client  *gossh.Client
	Session *gossh.Session

	// emu is guarded by emuMu (a plain Emulator and one lock: the
	// SafeEmulator's Render is much costlier than String).
	emu   *vt.Emulator
	emuMu sync.Mutex
	stdin io.WriteCloser
	inMu  sync.Mutex

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every output
	stderr  bytes.Buffer
	outDone bool
	exit    chan error
	// Written counts the output bytes received.
	written int64
}

// Dial connects to addr and opens a session as opts say.
func Dial(addr string, opts Options) (*Term, error) {
	if opts.User == "" {
		opts.User = "learner"
	}
	if opts.Width == 0 {
		opts.Width, opts.Height = 100, 30
	}
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	var auth []gossh.AuthMethod
	if opts.Key != nil {
		auth = append(auth, gossh.PublicKeys(opts.Key))
	}
	if opts.Key == nil || opts.KeyboardInteractive {
		auth = append(auth, gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		}))
	}
	cfg := &gossh.ClientConfig{
		User:            opts.User,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         opts.Timeout,
	}
	conn, err := net.DialTimeout("tcp", addr, opts.Timeout)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(opts.Timeout))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	client := gossh.NewClient(c, chans, reqs)
	t, err := Open(client, opts)
	if err != nil {
		client.Close()
		return nil, err
	}
	return t, nil
}

// Open starts a session on an existing connection.
func Open(client *gossh.Client, opts Options) (*Term, error) {
	if opts.Width == 0 {
		opts.Width, opts.Height = 100, 30
	}
	sess, err := client.NewSession()
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	t := &Term{
		Client:  client,
		Session: sess,
		emu:     vt.NewEmulator(opts.Width, opts.Height),
		changed: make(chan struct{}),
		exit:    make(chan error, 1),
	}
	t.emu.SetScrollbackSize(100)
	for k, v := range opts.Env {
		if err := sess.Setenv(k, v); err != nil {
			sess.Close()
			return nil, fmt.Errorf("setenv %s: %w", k, err)
		}
	}
	if !opts.NoPTY {
		w, h := opts.Width, opts.Height
		if opts.PtyWidth != 0 || opts.PtyHeight != 0 {
			w, h = opts.PtyWidth, opts.PtyHeight
		}
		if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
			sess.Close()
			return nil, fmt.Errorf("request pty: %w", err)
		}
	}
	if t.stdin, err = sess.StdinPipe(); err != nil {
		sess.Close()
		return nil, err
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		sess.Close()
		return nil, err
	}
	stderr, err := sess.StderrPipe()
	if err != nil {
		sess.Close()
		return nil, err
	}
	if opts.Command != "" {
		err = sess.Start(opts.Command)
	} else {
		err = sess.Shell()
	}
	if err != nil {
		sess.Close()
		return nil, fmt.Errorf("start session: %w", err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); t.pump(stdout, nil) }()
	go func() { defer wg.Done(); t.pump(stderr, &t.stderr) }()
	// The emulator answers terminal queries; a real terminal sends the
	// answers back, and an unread reply pipe would block the emulator.
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := t.emu.Read(buf)
			if n > 0 {
				t.inMu.Lock()
				_, _ = t.stdin.Write(buf[:n])
				t.inMu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		err := sess.Wait()
		t.mu.Lock()
		t.outDone = true
		t.notifyLocked()
		t.mu.Unlock()
		t.exit <- err
	}()
	return t, nil
}

// pump feeds output to the emulator; stderr also goes to a buffer.
func (t *Term) pump(r io.Reader, copyTo *bytes.Buffer) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			t.emuMu.Lock()
			_, _ = t.emu.Write(buf[:n])
			t.emuMu.Unlock()
			t.mu.Lock()
			t.written += int64(n)
			if copyTo != nil {
				copyTo.Write(buf[:n])
			}
			t.notifyLocked()
			t.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (t *Term) notifyLocked() {
	close(t.changed)
	t.changed = make(chan struct{})
}

// Screen is the terminal's text, one line per row, trailing spaces cut.
func (t *Term) Screen() string {
	t.emuMu.Lock()
	s := t.emu.String()
	t.emuMu.Unlock()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// HasColor reports whether any cell on the screen has a foreground or
// background colour.
func (t *Term) HasColor() bool {
	t.emuMu.Lock()
	defer t.emuMu.Unlock()
	for y := 0; y < t.emu.Height(); y++ {
		for x := 0; x < t.emu.Width(); x++ {
			if c := t.emu.CellAt(x, y); c != nil && (c.Style.Fg != nil || c.Style.Bg != nil) {
				return true
			}
		}
	}
	return false
}

// Received is the number of output bytes received so far.
func (t *Term) Received() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.written
}

// Stderr is what the server wrote to the session's standard error.
func (t *Term) Stderr() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stderr.String()
}

// ErrTimeout is returned by WaitFor and WaitUntil when the screen never
// matched.
var ErrTimeout = errors.New("timed out waiting for the screen")

// WaitUntil waits until ok(screen) is true, and returns that screen. It
// checks after every piece of output, so the time it returns is the time
// the screen changed.
func (t *Term) WaitUntil(timeout time.Duration, ok func(screen string) bool) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		t.mu.Lock()
		ch, done := t.changed, t.outDone
		t.mu.Unlock()
		s := t.Screen()
		if ok(s) {
			return s, nil
		}
		if done {
			return s, fmt.Errorf("session ended: %w", ErrTimeout)
		}
		select {
		case <-ch:
		case <-deadline.C:
			return t.Screen(), ErrTimeout
		}
	}
}

// WaitFor waits until the screen contains want.
func (t *Term) WaitFor(timeout time.Duration, want string) (string, error) {
	s, err := t.WaitUntil(timeout, func(s string) bool { return strings.Contains(s, want) })
	if err != nil {
		return s, fmt.Errorf("screen never showed %q: %w; it shows:\n%s", want, err, s)
	}
	return s, nil
}

// WaitStable waits until no output has arrived for quiet (the program has
// handled the keys sent so far) and returns the screen.
func (t *Term) WaitStable(quiet, timeout time.Duration) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		t.mu.Lock()
		ch := t.changed
		t.mu.Unlock()
		select {
		case <-ch:
		case <-time.After(quiet):
			return t.Screen(), nil
		case <-deadline.C:
			return t.Screen(), ErrTimeout
		}
	}
}

// Keys for Press.
const (
	Enter = "\r"
	Esc   = "\x1b"
	Up    = "\x1b[A"
	Down  = "\x1b[B"
	CtrlC = "\x03"
)

// Press sends keys as a terminal would.
func (t *Term) Press(keys ...string) error {
	t.inMu.Lock()
	defer t.inMu.Unlock()
	for _, k := range keys {
		if _, err := io.WriteString(t.stdin, k); err != nil {
			return fmt.Errorf("send %q: %w", k, err)
		}
	}
	return nil
}

// Resize changes the terminal size and tells the server.
func (t *Term) Resize(width, height int) error {
	t.emuMu.Lock()
	t.emu.Resize(width, height)
	t.emuMu.Unlock()
	return t.Session.WindowChange(height, width)
}

// WindowChange tells the server the terminal is width x height without
// resizing the emulator, to test what the server does with a hostile size.
func (t *Term) WindowChange(width, height int) error {
	return t.Session.WindowChange(height, width)
}

// Wait waits up to timeout for the session to end and returns its exit
// error (nil for status 0, *gossh.ExitError otherwise).
func (t *Term) Wait(timeout time.Duration) error {
	select {
	case err := <-t.exit:
		t.exit <- err
		return err
	case <-time.After(timeout):
		return ErrTimeout
	}
}

// Close ends the session and the connection, and the emulator (so the
// goroutine relaying its replies ends and its memory is freed).
func (t *Term) Close() error {
	_ = t.Session.Close()
	err := t.Client.Close()
	t.emuMu.Lock()
	_ = t.emu.Close()
	t.emuMu.Unlock()
	return err
}
