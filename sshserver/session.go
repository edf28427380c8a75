package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	gossh "golang.org/x/crypto/ssh"

	"github.com/lambdatutor/lambdatutor/tui"
)

// Context keys set during the handshake.
type ctxKey string

const (
	ctxRateLimited ctxKey = "lambdatutor-rate-limited"
	ctxOfferedKeys ctxKey = "lambdatutor-offered-keys"
	ctxConn        ctxKey = "lambdatutor-conn"
)

// storeTimeout bounds the store writes a session makes outside the TUI
// (creating the user, clearing a guest's records).
const storeTimeout = 10 * time.Second

// refusal is why a session is not served: a code for the log and one line
// for the learner, which says what to do.
type refusal struct {
	code, msg string
	// offered are the fingerprints of the keys a refused client offered,
	// logged when the session itself has none (the learner is shown them
	// too, so the instructor can match the two).
	offered []string
}

// connect runs for every new TCP connection, before the handshake. A
// connection over the rate limit is marked, shown its reason once it opens
// a session, and closed shortly after.
func (s *Server) connect(ctx ssh.Context, conn net.Conn) net.Conn {
	if !s.rate.allow(remoteIP(conn.RemoteAddr())) {
		ctx.SetValue(ctxRateLimited, true)
		time.AfterFunc(refusedConnLinger, func() { _ = conn.Close() })
	}
	if m := s.cfg.MaxSessions; m > 0 && s.SessionlessConns() >= m {
		// As many connections as there may be sessions are open without
		// one: a client holding them would use up sockets and handshakes.
		s.log.Warn("refused", "reason", "too-many-sessionless", "remote", remoteIP(conn.RemoteAddr()), "limit", m)
		_ = conn.Close()
		return conn
	}
	st := &connState{s: s, conn: conn, ctx: ctx}
	ctx.SetValue(ctxConn, st)
	st.wait()
	go func() {
		<-ctx.Done()
		st.end()
	}()
	return conn
}

// connState follows one connection's sessions: while it has none (before
// the first, or after the last ended) it is counted in
// Server.SessionlessConns and closed after Config.NoSessionTimeout.
type connState struct {
	s    *Server
	conn net.Conn
	ctx  ssh.Context

	mu       sync.Mutex
	sessions int
	waiting  bool // counted in s.sessionless
	ended    bool
	timer    *time.Timer
}

// wait starts a sessionless period.
func (c *connState) wait() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended || c.waiting || c.sessions > 0 {
		return
	}
	c.waiting = true
	c.s.mu.Lock()
	c.s.sessionless++
	c.s.mu.Unlock()
	if d := c.s.cfg.NoSessionTimeout; d > 0 {
		c.timer = time.AfterFunc(d, c.expire)
	}
}

// stopWaiting ends a sessionless period.
func (c *connState) stopWaitingLocked() {
	if !c.waiting {
		return
	}
	c.waiting = false
	c.s.mu.Lock()
	c.s.sessionless--
	c.s.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}

func (c *connState) expire() {
	c.mu.Lock()
	if !c.waiting || c.ended {
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.s.log.Info("closed a connection that opened no session", "remote", remoteIP(c.conn.RemoteAddr()),
		"user", safeUser(c.ctx.User()), "after", c.s.cfg.NoSessionTimeout)
	_ = c.conn.Close()
}

// open and close bracket a session channel.
func (c *connState) open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sessions++
	c.stopWaitingLocked()
}

func (c *connState) close() {
	c.mu.Lock()
	c.sessions--
	last := c.sessions == 0
	c.mu.Unlock()
	if last {
		c.wait()
	}
}

// end runs when the connection has closed.
func (c *connState) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopWaitingLocked()
	c.ended = true
}

// SessionlessConns is the number of open connections that have no session:
// in the handshake, authenticated but not yet asking for a session, or
// left open after their sessions ended.
func (s *Server) SessionlessConns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessionless
}

// publicKey accepts a key when there is no class list or the key is on it.
// Refused keys are remembered to name them in the refusal message; the
// client may still get in with another key, or as a guest.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.allow == nil {
		return true
	}
	fp := gossh.FingerprintSHA256(key)
	ok, err := s.allow.allows(fp)
	if err != nil {
		s.log.Error("cannot reload the allowed keys file", "file", s.cfg.AllowKeysFile, "err", err)
	}
	ok = ok || s.isInstructor(fp)
	if !ok {
		ctx.Lock()
		offered, _ := ctx.Value(ctxOfferedKeys).([]string)
		if len(offered) < 8 && !contains(offered, fp) {
			ctx.SetValue(ctxOfferedKeys, append(offered, fp))
		}
		ctx.Unlock()
	}
	return ok
}

// keyboardInteractive lets in clients without an accepted key, asking
// nothing: the session then serves them as a guest or tells them why not.
func (s *Server) keyboardInteractive(ssh.Context, gossh.KeyboardInteractiveChallenge) bool {
	return true
}

// sessionChannel is the "session" channel handler: the library's, with
// agent and X11 forwarding requests refused before it sees them.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	if st, ok := ctx.Value(ctxConn).(*connState); ok {
		st.open()
		defer st.close()
	}
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{NewChannel: nc, s: s, ctx: ctx}, ctx)
}

type filteredChannel struct {
	gossh.NewChannel
	s   *Server
	ctx ssh.Context
}

func (c filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			switch r.Type {
			case "auth-agent-req@openssh.com", "x11-req":
				c.s.log.Info("refused", "reason", "forwarding", "request", r.Type,
					"remote", remoteIP(c.ctx.RemoteAddr()), "user", safeUser(c.ctx.User()))
				if r.WantReply {
					_ = r.Reply(false, nil)
				}
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}

// identity is who a session belongs to.
type identity struct {
	key   string // progress user key: "SHA256:..." or "guest:<n>"
	fp    string // the public key's fingerprint, "" for guests
	name  string // display name (the SSH user name)
	guest bool
	slot  int // guest slot, -1 for keyed users
}

// handle serves one session channel (shell, exec or subsystem).
func (s *Server) handle(sess ssh.Session) {
	remote := remoteIP(sess.RemoteAddr())
	name := displayName(sess.User())
	fp := ""
	if pk := sess.PublicKey(); pk != nil {
		fp = gossh.FingerprintSHA256(pk)
	}
	if r := s.check(sess, fp); r != nil {
		s.refuse(sess, *r, remote, name, fp)
		return
	}
	se, r := s.admit(sess, fp, name, remote)
	if r != nil {
		s.refuse(sess, *r, remote, name, fp)
		return
	}
	defer s.release(se)
	lease, r := s.lease(se)
	if r != nil {
		s.refuse(sess, *r, remote, name, fp)
		return
	}
	defer s.unlease(lease)
	s.cfg.Metrics.admitted()
	se.run()
}

// check refuses what is not an interactive session of an accepted learner.
func (s *Server) check(sess ssh.Session, fp string) *refusal {
	ctx := sess.Context()
	if limited, _ := ctx.Value(ctxRateLimited).(bool); limited {
		return &refusal{code: "rate", msg: fmt.Sprintf("too many connections from your address (limit %d a minute); wait a minute and connect again", s.cfg.ConnsPerMinute)}
	}
	if sub := sess.Subsystem(); sub != "" {
		return &refusal{code: "subsystem", msg: fmt.Sprintf("this server only runs the interactive tutor, so %q (file transfer or another subsystem) is not available; connect with plain %s", sub, sshCommand(sess))}
	}
	if cmd := sess.RawCommand(); cmd != "" {
		return &refusal{code: "exec", msg: "this server only runs the interactive tutor, not commands; connect without a command: " + sshCommand(sess)}
	}
	if _, _, ok := sess.Pty(); !ok {
		return &refusal{code: "no-pty", msg: "the tutor needs an interactive terminal; connect with `ssh -t` from a terminal, not from a script or with -T"}
	}
	if fp != "" || s.cfg.Guest {
		return nil
	}
	if s.allow != nil {
		offered, _ := ctx.Value(ctxOfferedKeys).([]string)
		msg := "none of your SSH keys is on this server's class list; send your public key (the .pub file, e.g. ~/.ssh/id_ed25519.pub) to your instructor"
		if len(offered) > 0 {
			msg += " (keys tried: " + strings.Join(offered, ", ") + ")"
		}
		return &refusal{code: "key-not-allowed", msg: msg, offered: offered}
	}
	return &refusal{code: "no-key", msg: "this server keeps your progress under your SSH key, and you offered none; create one with `ssh-keygen -t ed25519` and connect again"}
}

// admit applies the session limits and, when the session may start,
// registers it under its progress user.
func (s *Server) admit(sess ssh.Session, fp, name, remote string) (*session, *refusal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return nil, &refusal{code: "shutdown", msg: "the server is shutting down; connect again in a few minutes"}
	}
	if m := s.cfg.MaxSessions; m > 0 && len(s.sessions) >= m {
		return nil, &refusal{code: "server-full", msg: fmt.Sprintf("the tutor is full (%d learners connected); try again in a few minutes", m)}
	}
	var id identity
	if fp == "" {
		slot := -1
		for i, used := range s.guests {
			if !used {
				slot = i
				break
			}
		}
		if slot < 0 {
			slot = len(s.guests)
			s.guests = append(s.guests, false)
		}
		s.guests[slot] = true
		id = identity{key: fmt.Sprintf("guest:%d", slot+1), name: name, guest: true, slot: slot}
	} else {
		if m := s.cfg.MaxSessionsPerKey; m > 0 && s.perKey[fp] >= m {
			return nil, &refusal{code: "key-limit", msg: fmt.Sprintf("you already have %d sessions open with this key (the limit); close one and connect again", m)}
		}
		s.perKey[fp]++
		id = identity{key: fp, fp: fp, name: name, slot: -1}
	}
	se := &session{s: s, sess: sess, id: id, remote: remote, done: make(chan struct{})}
	s.sessions[se] = struct{}{}
	s.sessWG.Add(1)
	return se, nil
}

// release forgets a finished session and frees its counts.
func (s *Server) release(se *session) {
	s.mu.Lock()
	delete(s.sessions, se)
	if se.id.guest {
		s.guests[se.id.slot] = false
	} else if s.perKey[se.id.fp]--; s.perKey[se.id.fp] <= 0 {
		delete(s.perKey, se.id.fp)
	}
	s.mu.Unlock()
	s.sessWG.Done()
}

// refuse tells the client why in one line, logs it, and ends the session.
func (s *Server) refuse(sess ssh.Session, r refusal, remote, name, fp string) {
	if fp == "" && len(r.offered) > 0 {
		fp = strings.Join(r.offered, ",")
	}
	s.log.Warn("refused", "reason", r.code, "remote", remote, "user", name, "key", fp)
	s.cfg.Metrics.refused(r.code)
	_, _ = fmt.Fprintf(sess.Stderr(), "lambdatutor: %s\n", r.msg)
	_ = sess.Exit(1)
}

// session is one learner's running tutor.
type session struct {
	s      *Server
	sess   ssh.Session
	id     identity
	remote string
	// done is closed when the session ends; the input reader then
	// returns EOF.
	done chan struct{}
	// size is the client's latest window size, capped. Bubble Tea and
	// watch deliver sizes from goroutines of their own, so they can reach
	// the program out of order; the program's filter gives every size
	// message this latest size, so the last one handled is the client's.
	size atomic.Pointer[tea.WindowSizeMsg]
}

// Why a session ended.
const (
	endQuit       = "quit"
	endDisconnect = "disconnected"
	endIdle       = "idle"
	endShutdown   = "shutdown"
	endPanic      = "panic"
	endError      = "error"
)

// run serves the TUI until the learner quits, disconnects, idles out, or
// the server shuts down; then it says why, and ends the session.
func (se *session) run() {
	s, sess, id := se.s, se.sess, se.id
	start := time.Now()
	pty, winCh, _ := sess.Pty()
	pty.Window.Width, pty.Window.Height = capWindow(pty.Window.Width, pty.Window.Height)
	env := append(sess.Environ(), "TERM="+pty.Term)
	noColor := getenv(env, "NO_COLOR") != "" || pty.Term == "dumb"
	s.log.Info("session start", "user", id.name, "key", id.key, "remote", se.remote,
		"guest", id.guest, "term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height)

	ending := endError
	var runErr error
	var unsaved *tui.Unsaved
	defer func() {
		close(se.done)
		if r := recover(); r != nil {
			ending, runErr = endPanic, fmt.Errorf("panic: %v", r)
			s.log.Error("session panic", "user", id.name, "key", id.key, "panic", r, "stack", string(debug.Stack()))
		}
		if id.guest {
			se.clearGuest()
		}
		se.farewell(ending, unsaved)
		kv := []any{"user", id.name, "key", id.key, "remote", se.remote, "reason", ending,
			"duration", time.Since(start).Round(time.Millisecond)}
		if runErr != nil {
			kv = append(kv, "err", runErr)
		}
		s.log.Info("session end", kv...)
	}()

	// The session's own context: the TUI's store writes use it, so it
	// stays valid until the TUI has saved and stopped.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	userID, err := se.user(ctx)
	if err != nil {
		runErr = err
		_, _ = fmt.Fprintf(sess.Stderr(), "lambdatutor: cannot load your progress (%v); try again later, and tell the instructor if it persists\n", err)
		return
	}

	app := tui.New(ctx, tui.Options{
		Catalog: s.cfg.Catalog, Bank: s.cfg.Bank, Exercises: s.cfg.Exercises, Store: s.cfg.Store, UserID: userID, NoColor: noColor,
		Resume: !id.guest, Guest: id.guest, UserName: id.name, RecoveryDir: s.cfg.RecoveryDir,
		Instructor: s.isInstructor(id.fp), ClassHasInstructors: s.instructors != nil,
	})
	// The model is told the window size before the program starts, so that
	// the program's first view already has content: otherwise the first
	// frame waits for the size message's trip through the event loop and
	// one more renderer tick.
	se.size.Store(&tea.WindowSizeMsg{Width: pty.Window.Width, Height: pty.Window.Height})
	if pty.Window.Width > 0 && pty.Window.Height > 0 {
		app.Update(*se.size.Load())
	}
	var model tea.Model = app
	if s.wrapModel != nil {
		model = s.wrapModel(model)
	}
	input := &sessionInput{r: sess, activity: make(chan struct{}, 1), eof: make(chan struct{}), done: se.done, limit: newInputLimiter()}
	profile := colorprofile.Env(env)
	if noColor {
		profile = colorprofile.Ascii
	}
	// The session's input is decoded here and handed to the program with
	// Send, not read by the program itself: Bubble Tea's own reader hands
	// each event to the event loop and blocks for ever once the loop has
	// ended (an event read while the program quits, or a program killed
	// after the grace time), keeping the whole program, screen buffers
	// and all, alive after the session. Send gives up once the program
	// has ended, so this reader always finishes with the session.
	p := tea.NewProgram(model,
		tea.WithInput(nil),
		tea.WithOutput(sess),
		tea.WithEnvironment(env),
		tea.WithWindowSize(pty.Window.Width, pty.Window.Height),
		tea.WithColorProfile(profile),
		tea.WithoutSignalHandler(),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg.(type) {
			case tea.SuspendMsg: // no ctrl+z over SSH
				return tea.ResumeMsg{}
			case tea.WindowSizeMsg:
				return *se.size.Load()
			}
			return msg
		}),
	)

	// Buffered, so that a burst of keys read at once is seen at once.
	events := make(chan uv.Event, 1024)
	go func() {
		defer close(events)
		// It ends when input does: at the client's EOF, or once the
		// session is done (sessionInput then reports EOF).
		_ = uv.NewTerminalReader(input, pty.Term).StreamEvents(context.Background(), events)
	}()
	go forwardEvents(events, p.Send)

	finished := make(chan struct{})
	go func() {
		defer close(finished)
		defer func() {
			if r := recover(); r != nil {
				ending, runErr = endPanic, fmt.Errorf("panic: %v", r)
				s.log.Error("session panic", "user", id.name, "key", id.key, "panic", r, "stack", string(debug.Stack()))
			}
		}()
		if _, err := p.Run(); err != nil {
			runErr = err
		}
	}()

	reason := se.watch(p, winCh, input, finished)
	<-finished
	// The TUI's writes run in the background: wait for them (as long as
	// a session may take to stop), and say what did not make it.
	unsaved = app.Close(s.grace)
	if unsaved != nil {
		s.log.Warn("changes not saved at session end", "user", id.name, "key", id.key,
			"changes", len(unsaved.What), "kept", unsaved.Kept, "err", unsaved.Err)
	}
	switch {
	case ending == endPanic:
	case errors.Is(runErr, tea.ErrProgramPanic):
		ending = endPanic
		s.log.Error("session panic", "user", id.name, "key", id.key, "err", runErr)
	case reason != "":
		ending = reason
	case runErr != nil:
		ending = endError
	default:
		ending = endQuit
	}
}

// watch forwards window sizes and waits for the program to finish or for
// a reason to stop it: disconnect, idle time, or shutdown. To stop it, it
// sends tui.QuitMsg, the TUI's own quit, which saves the reading position
// and code being edited; a program that does not stop within the grace
// time is killed. It returns the reason, or "" when the learner quit.
func (se *session) watch(p *tea.Program, winCh <-chan ssh.Window, in *sessionInput, finished <-chan struct{}) string {
	s := se.s
	var idle <-chan time.Time
	var timer *time.Timer
	if s.cfg.IdleTimeout > 0 {
		timer = time.NewTimer(s.cfg.IdleTimeout)
		defer timer.Stop()
		idle = timer.C
	}
	reason := ""
	for reason == "" {
		select {
		case <-finished:
			return ""
		case w, ok := <-winCh:
			if !ok {
				winCh = nil
				continue
			}
			if size, changed := se.resize(w); changed {
				go p.Send(size)
			}
		case <-in.activity:
			if timer != nil {
				if !timer.Stop() {
					select {
					case <-timer.C:
					default:
					}
				}
				timer.Reset(s.cfg.IdleTimeout)
			}
		case <-idle:
			reason = endIdle
		case <-in.eof:
			reason = endDisconnect
		case <-se.sess.Context().Done():
			reason = endDisconnect
		case <-s.stop:
			reason = endShutdown
		}
	}
	go p.Send(tui.QuitMsg{})
	select {
	case <-finished:
	case <-time.After(s.grace):
		s.log.Warn("session did not stop in time; killing it", "user", se.id.name, "key", se.id.key, "reason", reason)
		p.Kill()
	}
	return reason
}

// resize records the client's new window size, capped, and reports
// whether it differs from the one the program has: a size the program
// already has is not sent again, since each size sent costs a full
// repaint (a client could otherwise keep asking for the largest window).
func (se *session) resize(w ssh.Window) (tea.WindowSizeMsg, bool) {
	width, height := capWindow(w.Width, w.Height)
	size := tea.WindowSizeMsg{Width: width, Height: height}
	if old := se.size.Load(); old != nil && *old == size {
		return size, false
	}
	se.size.Store(&size)
	return size, true
}

// user creates or loads the session's progress user.
func (se *session) user(ctx context.Context) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	u, err := se.s.cfg.Store.EnsureUser(ctx, se.id.key, se.id.name)
	if err != nil {
		return 0, err
	}
	if se.id.guest {
		// A slot is reused; start from nothing even after a crash.
		if err := se.s.cfg.Store.Reset(ctx, u.ID); err != nil {
			return 0, err
		}
	}
	return u.ID, nil
}

// clearGuest deletes a guest's progress when the session ends.
func (se *session) clearGuest() {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	u, err := se.s.cfg.Store.EnsureUser(ctx, se.id.key, "")
	if err == nil {
		err = se.s.cfg.Store.Reset(ctx, u.ID)
	}
	if err != nil {
		se.s.log.Error("cannot clear guest progress", "key", se.id.key, "err", err)
	}
}

// farewell tells the learner why the session ended (nothing when they
// quit) and closes it.
func (se *session) farewell(ending string, unsaved *tui.Unsaved) {
	var msg string
	code := 0
	saved := "your progress is saved"
	switch {
	case se.id.guest:
		saved = "guest progress is not kept"
	case unsaved != nil:
		// Never "saved" when it is not: say what is not, and where it
		// waits. A learner who quit is told too.
		saved = unsaved.Message("on the server", "you connect again")
		if ending == endQuit {
			msg = saved
		}
	}
	switch ending {
	case endShutdown:
		msg = "the server is shutting down; " + saved + ". Connect again in a few minutes"
	case endIdle:
		msg = fmt.Sprintf("disconnected after %v without a key press; %s. Connect again to continue", se.s.cfg.IdleTimeout, saved)
	case endPanic:
		msg, code = "the tutor hit an internal error and this session ended; connect again (the server log has the details)", 1
	case endError:
		code = 1
	}
	if msg != "" {
		_, _ = fmt.Fprintf(se.sess.Stderr(), "\nlambdatutor: %s\n", msg)
	}
	_ = se.sess.Exit(code)
}

// sessionInput is the TUI's input: the session's stdin, reporting each
// read (activity, for the idle timeout) and the end of input (eof). At the
// end of input it does not return io.EOF, which would stop the program
// before it saves, but waits for done.
type sessionInput struct {
	r        io.Reader
	activity chan struct{}
	eof      chan struct{}
	eofOnce  sync.Once
	done     <-chan struct{}
	err      error // the end of input, returned once done is closed
	limit    *inputLimiter
}

func (in *sessionInput) Read(p []byte) (int, error) {
	if in.err == nil {
		n, err := in.r.Read(p)
		if n > 0 {
			select {
			case in.activity <- struct{}{}:
			default:
			}
			if in.limit != nil {
				in.limit.took(n, in.done)
			}
		}
		if err == nil {
			return n, nil
		}
		in.err = err
		in.eofOnce.Do(func() { close(in.eof) })
		if n > 0 {
			return n, nil
		}
	}
	<-in.done
	return 0, io.EOF
}

// sshCommand is how to connect to this server, for messages.
func sshCommand(sess ssh.Session) string {
	port := "2222"
	if _, p, err := net.SplitHostPort(sess.LocalAddr().String()); err == nil {
		port = p
	}
	return "ssh -p " + port + " HOST"
}

// remoteIP is the host part of addr.
func remoteIP(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

// displayName makes the SSH user name safe to show: printable, at most 32
// characters.
func displayName(user string) string {
	var b strings.Builder
	n := 0
	for _, r := range user {
		if n == 32 {
			break
		}
		if unicode.IsPrint(r) {
			b.WriteRune(r)
			n++
		}
	}
	if b.Len() == 0 {
		return "learner"
	}
	return b.String()
}

func getenv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// safeUser is a client's SSH user name as it may go into a log line or
// on screen: its printable characters only (no newline to forge a log
// line, no escape sequence), as displayName makes it.
func safeUser(name string) string { return displayName(name) }

// pasteBurst is how many text keys arriving together make a burst: more
// than anyone types between two reads of the connection. A terminal
// without bracketed paste sends pasted text as keys; a burst goes to the
// TUI as one message (tui.KeyBurst: one paste into the editor, one frame)
// instead of one Update and one frame per character, which froze the
// session for minutes on a large paste.
const pasteBurst = 16

// maxBurst bounds one paste made of keys, so that the screen is redrawn
// while a huge one is still arriving.
const maxBurst = 64 << 10

// forwardEvents sends the terminal's events to the program, bursts of
// text keys together.
func forwardEvents(events <-chan uv.Event, send func(tea.Msg)) {
	var burst []uv.Event
	for ev := range events {
		burst = append(burst[:0], ev)
		if _, ok := keyText(ev); ok {
		gather:
			for len(burst) < maxBurst {
				select {
				case next, ok := <-events:
					if !ok {
						break gather
					}
					burst = append(burst, next)
					if _, ok := keyText(next); !ok {
						break gather
					}
				default:
					break gather
				}
			}
		}
		n := len(burst)
		if _, ok := keyText(burst[n-1]); !ok {
			n-- // the event that ended the burst
		}
		if n < pasteBurst {
			for _, e := range burst {
				send(e)
			}
			continue
		}
		keys := make([]tea.KeyPressMsg, n)
		for i, e := range burst[:n] {
			keys[i] = tea.KeyPressMsg(e.(uv.KeyPressEvent))
		}
		send(tui.KeyBurst{Keys: keys})
		for _, e := range burst[n:] {
			send(e)
		}
	}
}

// keyText is the text a key press types when it is part of pasted text:
// printable characters, enter and tab.
func keyText(ev uv.Event) (string, bool) {
	k, ok := ev.(uv.KeyPressEvent)
	if !ok {
		return "", false
	}
	switch {
	case k.Code == uv.KeyEnter && k.Mod == 0:
		return "\n", true
	case k.Code == uv.KeyTab && k.Mod == 0:
		return "\t", true
	case k.Text != "" && k.Mod&^uv.ModShift == 0:
		return k.Text, true
	}
	return "", false
}
