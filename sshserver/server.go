// Package sshserver serves the tutor over SSH to a whole class: every
// learner who connects with `ssh -p 2222 host` gets the same TUI as the local
// binary, with progress kept under the SHA256 fingerprint of their public
// key.
//
// Each session is independent: its own tea.Program, its own context
// (cancelled when it ends) and its own user in the progress store. The
// server only offers interactive sessions (a PTY is required; exec,
// subsystems, port and agent forwarding are refused), enforces limits
// (total and per-key sessions, new connections per address, idle time), and
// on Shutdown tells every learner, lets their progress be written, and
// exits. Every refusal is one line to the client and one log line.
package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// Defaults for the command line (Config's zero values mean "no limit").
const (
	DefaultAddr              = "127.0.0.1:2222"
	DefaultMaxSessions       = 250
	DefaultMaxSessionsPerKey = 3
	DefaultConnsPerMinute    = 30
	DefaultIdleTimeout       = 30 * time.Minute
	DefaultNoSessionTimeout  = 30 * time.Second
)

// handshakeTimeout bounds the SSH handshake and authentication.
const handshakeTimeout = 30 * time.Second

// refusedConnLinger is how long a connection refused by the rate limit is
// kept open to show its reason before it is closed.
const refusedConnLinger = 15 * time.Second

// Config configures a Server. Catalog, Store and HostKey are required.
type Config struct {
	// Addr is the address ListenAndServe listens on (DefaultAddr if empty).
	Addr string
	// HostKey is the server's host key (see LoadOrCreateHostKey).
	HostKey gossh.Signer
	Catalog *lessons.Catalog
	Store   *progress.Store
	// Bank and Exercises are the questions and exercises with those of
	// content packs (serve --pack); nil means the built-in ones.
	Bank      *quiz.Bank
	Exercises *exercises.Catalog
	// MaxSessions caps concurrent sessions; 0 means no cap.
	MaxSessions int
	// MaxSessionsPerKey caps concurrent sessions of one public key; 0 means
	// no cap.
	MaxSessionsPerKey int
	// ConnsPerMinute caps new connections per remote IP address a minute
	// (bursts up to the same number); 0 means no cap.
	ConnsPerMinute int
	// IdleTimeout ends a session after this long without a key press; 0
	// means never.
	IdleTimeout time.Duration
	// NoSessionTimeout closes a connection that has no session (it never
	// asked for one, or its sessions ended) after this long; 0 means
	// never (then only IdleTimeout's backstop closes it).
	NoSessionTimeout time.Duration
	// AllowKeysFile, when set, is an authorized_keys file: only its keys
	// get in (and guests, with Guest). It is re-read when it changes.
	AllowKeysFile string
	// InstructorsFile, when set, is an authorized_keys file of the class's
	// instructors: their sessions get the Class screen, and they get in
	// even when AllowKeysFile does not list them. It is re-read when it
	// changes.
	InstructorsFile string
	// Guest lets clients without an accepted key in as guests, whose
	// progress is kept only for the session.
	Guest bool
	// Logger receives structured logs of connections, sessions and
	// refusals; nil discards them.
	Logger *log.Logger
	// Instance names this server in the progress database's count of
	// sessions per key (DefaultInstance if empty). Servers sharing one
	// database hold MaxSessionsPerKey together.
	Instance string
	// Metrics, when set, counts sessions and refusals (NewMetrics).
	Metrics *Metrics
	// ProxyProtocol reads the PROXY protocol header (v1 or v2) that a load
	// balancer such as HAProxy (send-proxy) puts before each connection,
	// so that logs and the per-address limit see the learner's address,
	// not the load balancer's. Turn it on only when nothing but the load
	// balancer can reach the port: anyone else could send a false header.
	ProxyProtocol bool
	// ShutdownGrace is how long a session may take to save and close once
	// told to stop (at shutdown, idle or disconnect) before it is killed;
	// 0 means 5 s.
	ShutdownGrace time.Duration
	// RecoveryDir is where a learner's changes that could not be written
	// to the store before their session ended (the database locked by
	// another process) wait for their next session; empty means a folder
	// beside the database file (see tui.Options.RecoveryDir).
	RecoveryDir string
}

// Server is an SSH server for the tutor. Create it with New.
type Server struct {
	cfg   Config
	log   *log.Logger
	srv   *ssh.Server
	allow *allowList
	rate  *rateLimiter
	grace time.Duration

	mu       sync.Mutex
	closing  bool
	sessions map[*session]struct{}
	// sessionless counts open connections without a session.
	sessionless int
	perKey      map[string]int
	guests      []bool // guest slots in use; slot i is user key "guest:<i+1>"
	sessWG      sync.WaitGroup
	stop        chan struct{} // closed by Shutdown

	// leases are the live_sessions rows of running sessions (shared.go).
	leases map[int64]struct{}
	// listeners are closed by Shutdown itself: the ssh server only closes
	// those its Serve has registered, which a Shutdown right after Serve
	// was called may come before.
	listeners []net.Listener

	// instructors are the keys of InstructorsFile, nil without one.
	instructors *allowList

	// wrapModel, when set (tests), wraps each session's model.
	wrapModel func(tea.Model) tea.Model
}

// New checks cfg and builds the server; it does not listen yet.
func New(cfg Config) (*Server, error) {
	switch {
	case cfg.Catalog == nil:
		return nil, errors.New("sshserver: no lesson catalog given (this is a bug)")
	case cfg.Store == nil:
		return nil, errors.New("sshserver: no progress store given (this is a bug)")
	case cfg.HostKey == nil:
		return nil, errors.New("sshserver: no host key given; load one with LoadOrCreateHostKey")
	case cfg.MaxSessions < 0, cfg.MaxSessionsPerKey < 0, cfg.ConnsPerMinute < 0, cfg.IdleTimeout < 0, cfg.NoSessionTimeout < 0:
		return nil, errors.New("limits cannot be negative; use 0 for no limit")
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	s := &Server{
		cfg:      cfg,
		log:      cfg.Logger,
		rate:     newRateLimiter(cfg.ConnsPerMinute, time.Now),
		grace:    cfg.ShutdownGrace,
		sessions: map[*session]struct{}{},
		perKey:   map[string]int{},
		leases:   map[int64]struct{}{},
		stop:     make(chan struct{}),
	}
	if s.cfg.Instance == "" {
		s.cfg.Instance = DefaultInstance()
	}
	if m := s.cfg.Metrics; m != nil && m.sessions == nil {
		m.sessions = func() float64 { return float64(s.Sessions()) }
	}
	if s.log == nil {
		s.log = log.New(io.Discard)
	}
	if s.grace <= 0 {
		s.grace = 5 * time.Second
	}
	if cfg.AllowKeysFile != "" {
		a, err := loadAllowList(cfg.AllowKeysFile)
		if err != nil {
			return nil, err
		}
		s.allow = a
	}
	if cfg.InstructorsFile != "" {
		a, err := loadKeyList(cfg.InstructorsFile, "--instructors")
		if err != nil {
			return nil, err
		}
		s.instructors = a
	}
	s.srv = &ssh.Server{
		Addr:                       cfg.Addr,
		HostSigners:                []ssh.Signer{cfg.HostKey},
		Version:                    "lambdatutor",
		Handler:                    s.handle,
		PublicKeyHandler:           s.publicKey,
		KeyboardInteractiveHandler: s.keyboardInteractive,
		ConnCallback:               s.connect,
		HandshakeTimeout:           handshakeTimeout,
		EnableProxyProtocol:        cfg.ProxyProtocol,
		ChannelHandlers:            map[string]ssh.ChannelHandler{"session": s.sessionChannel},
		// No subsystem (sftp...) gets in: "default" catches every name.
		SubsystemHandlers: map[string]ssh.SubsystemHandler{"default": s.handle},
		// Port forwarding: the nil callbacks deny it, and no
		// "direct-tcpip" channel or "tcpip-forward" request handler is set.
	}
	if cfg.IdleTimeout > 0 {
		// A backstop for connections without a session; sessions end
		// themselves after IdleTimeout with a message.
		s.srv.IdleTimeout = cfg.IdleTimeout + time.Minute
	}
	return s, nil
}

// isInstructor reports whether the key with fingerprint fp is on the
// instructors list (read again when the file changed).
func (s *Server) isInstructor(fp string) bool {
	if s.instructors == nil || fp == "" {
		return false
	}
	ok, err := s.instructors.allows(fp)
	if err != nil {
		s.log.Error("cannot reload the instructors file", "file", s.cfg.InstructorsFile, "err", err)
	}
	return ok
}

// HostKeyFingerprint is the SHA256 fingerprint of the host key, for
// learners to check on first connection.
func (s *Server) HostKeyFingerprint() string {
	return gossh.FingerprintSHA256(s.cfg.HostKey.PublicKey())
}

// ListenAndServe listens on Config.Addr and serves until Shutdown.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; choose another address with --listen", s.cfg.Addr, err)
	}
	return s.Serve(l)
}

// Serve serves connections from l until Shutdown; it then returns nil.
func (s *Server) Serve(l net.Listener) error {
	favourSessions()
	s.log.Info("listening", "addr", l.Addr().String(), "host_key", s.HostKeyFingerprint(),
		"guest", s.cfg.Guest, "allow_keys", s.cfg.AllowKeysFile,
		"max_sessions", s.cfg.MaxSessions, "max_sessions_per_key", s.cfg.MaxSessionsPerKey,
		"conns_per_minute", s.cfg.ConnsPerMinute, "idle_timeout", s.cfg.IdleTimeout,
		"no_session_timeout", s.cfg.NoSessionTimeout, "go_procs", runtime.GOMAXPROCS(0))
	if s.allow != nil && s.allow.len() == 0 {
		s.log.Warn("the allowed keys file lists no key; only guests can connect", "file", s.cfg.AllowKeysFile)
	}
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		l.Close()
		return nil
	}
	s.listeners = append(s.listeners, l)
	s.mu.Unlock()
	go s.renewLeases(s.stop)
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) || errors.Is(err, net.ErrClosed) && s.isClosing() {
		return nil
	}
	return fmt.Errorf("serve ssh: %w", err)
}

// Shutdown stops accepting connections, tells every connected learner that
// the server is stopping, waits for their sessions to save and end, then
// closes what is left. It returns ctx's error if that takes longer than
// ctx allows (the sessions are then cut).
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		close(s.stop)
	}
	n := len(s.sessions)
	for _, l := range s.listeners {
		_ = l.Close()
	}
	s.mu.Unlock()
	s.log.Info("shutting down", "sessions", n)

	// Closes the listeners at once, then waits for connections; it is cut
	// short by Close below.
	go func() { _ = s.srv.Shutdown(context.Background()) }()

	done := make(chan struct{})
	go func() { s.sessWG.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("sessions still open at shutdown: %w", ctx.Err())
	}
	if cerr := s.srv.Close(); cerr != nil && err == nil && !errors.Is(cerr, net.ErrClosed) {
		err = fmt.Errorf("close ssh server: %w", cerr)
	}
	s.log.Info("stopped")
	return err
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// Sessions is the number of sessions running now.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
