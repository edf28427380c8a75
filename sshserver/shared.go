package sshserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/lambdatutor/lambdatutor/progress"
)

// LeaseTTL is how long a session counts against its key's limit in the
// progress database after its server last renewed it: the sessions of a
// server that crashed stop counting after at most this long. A running
// server renews its sessions every LeaseTTL/3.
const LeaseTTL = 90 * time.Second

// DefaultInstance names this server process in the progress database's
// live sessions: host:pid.
func DefaultInstance() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "localhost"
	}
	return fmt.Sprintf("%s:%d", h, os.Getpid())
}

// Metrics are the server's Prometheus metrics: sessions running, sessions
// served, and refusals by reason. Create them with NewMetrics and pass them
// in Config.Metrics.
type Metrics struct {
	started  prometheus.Counter
	refusals *prometheus.CounterVec
	sessions func() float64
}

// NewMetrics registers the server's metrics with reg; sessions reads the
// number of sessions running (Server.Sessions, set by New when nil).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		started: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "lambdatutor_sessions_started_total", Help: "SSH sessions admitted since the server started.",
		}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lambdatutor_refusals_total", Help: "Connections and sessions refused, by reason (the reason field of the refused log line).",
		}, []string{"reason"}),
	}
	reg.MustRegister(m.started, m.refusals, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "lambdatutor_sessions", Help: "SSH sessions running now on this server.",
	}, func() float64 {
		if m.sessions == nil {
			return 0
		}
		return m.sessions()
	}))
	return m
}

func (m *Metrics) refused(reason string) {
	if m != nil {
		m.refusals.WithLabelValues(reason).Inc()
	}
}

func (m *Metrics) admitted() {
	if m != nil {
		m.started.Inc()
	}
}

// lease takes one of the key's sessions in the progress database, so that
// the per-key limit holds over every server sharing it. It returns 0 when
// the session needs no lease (no limit, or a guest), a refusal when the key
// is at its limit, and, when the database fails, 0 after logging it: the
// session is then let in (its progress cannot be saved either, and it says
// so).
func (s *Server) lease(se *session) (int64, *refusal) {
	m := s.cfg.MaxSessionsPerKey
	if m <= 0 || se.id.guest {
		return 0, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	id, err := s.cfg.Store.AcquireSession(ctx, se.id.fp, s.cfg.Instance, m, LeaseTTL)
	if errors.Is(err, progress.ErrSessionLimit) {
		return 0, &refusal{code: "key-limit", msg: fmt.Sprintf("you already have %d sessions open with this key (the limit, over all of the class's servers); close one and connect again", m)}
	}
	if err != nil {
		s.log.Warn("cannot count the key's sessions in the progress database; letting the session in", "key", se.id.fp, "err", err)
		return 0, nil
	}
	s.mu.Lock()
	s.leases[id] = struct{}{}
	s.mu.Unlock()
	return id, nil
}

func (s *Server) unlease(id int64) {
	if id == 0 {
		return
	}
	s.mu.Lock()
	delete(s.leases, id)
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.cfg.Store.ReleaseSession(ctx, id); err != nil {
		s.log.Warn("cannot end the session's lease; it expires by itself", "lease", id, "err", err, "expires_in", LeaseTTL)
	}
}

// renewLeases keeps this server's sessions counted until stop is closed.
func (s *Server) renewLeases(stop <-chan struct{}) {
	t := time.NewTicker(LeaseTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		s.mu.Lock()
		ids := make([]int64, 0, len(s.leases))
		for id := range s.leases {
			ids = append(ids, id)
		}
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), LeaseTTL/3)
		if err := s.cfg.Store.RenewSessions(ctx, ids, LeaseTTL); err != nil {
			s.log.Warn("cannot renew the sessions' leases", "sessions", len(ids), "err", err)
		}
		cancel()
	}
}
