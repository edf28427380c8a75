package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"charm.land/log/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sshserver"
)

// readyTimeout bounds the database check of /readyz.
const readyTimeout = 2 * time.Second

// health is serve's --health-listen endpoint, for a load balancer and
// Prometheus: /healthz (the process runs), /readyz (it accepts learners
// and the progress database answers) and /metrics (Prometheus text format,
// from client_golang: sessions, refusals, invocations, store latency, and
// the Go runtime's and the process's own).
type health struct {
	reg      *prometheus.Registry
	metrics  *sshserver.Metrics
	store    *progress.Store
	draining atomic.Bool
	srv      *http.Server
	l        net.Listener
}

// newHealth prepares the metrics; it must run before the factory opens the
// store, whose latency it observes. It returns nil when addr is "".
func newHealth(f *Factory, addr string) (*health, error) {
	if addr == "" {
		return nil, nil
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s for health checks: %w; choose another address with --health-listen", addr, err)
	}
	h := &health{reg: prometheus.NewRegistry(), l: l}
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "lambdatutor_store_seconds",
		Help:    "Time taken by progress database transactions: op=write (a write transaction, commit included) or read (a snapshot read).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"op"})
	storeErrors := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "lambdatutor_store_errors_total", Help: "Progress database transactions that failed, by op.",
	}, []string{"op"})
	h.reg.MustRegister(latency, storeErrors,
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "lambdatutor_invocations_total", Help: "Handler invocations run by learners (exercise checks and the playground) in this process.",
		}, func() float64 { return float64(sandbox.ProcessInvocations()) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	h.metrics = sshserver.NewMetrics(h.reg)
	f.StoreOptions = append(f.StoreOptions, progress.WithObserver(func(op string, d time.Duration, err error) {
		latency.WithLabelValues(op).Observe(d.Seconds())
		if err != nil {
			storeErrors.WithLabelValues(op).Inc()
		}
	}))
	return h, nil
}

// handler serves the three paths.
func (h *health) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if h.draining.Load() {
			http.Error(w, "shutting down: not accepting learners", http.StatusServiceUnavailable)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := h.store.Ping(ctx); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(h.reg, promhttp.HandlerOpts{}))
	return mux
}

// start serves the endpoint in the background.
func (h *health) start(store *progress.Store, logger *log.Logger) {
	h.store = store
	h.srv = &http.Server{Handler: h.handler(), ReadHeaderTimeout: 10 * time.Second}
	logger.Info("health and metrics", "addr", h.l.Addr().String(), "paths", "/healthz /readyz /metrics")
	go func() {
		if err := h.srv.Serve(h.l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("health endpoint stopped", "err", err)
		}
	}()
}

// drain makes /readyz fail, so the load balancer sends no new learners.
func (h *health) drain() {
	if h != nil {
		h.draining.Store(true)
	}
}

func (h *health) close() {
	if h == nil {
		return
	}
	if h.srv != nil {
		h.srv.Close()
	} else {
		h.l.Close()
	}
}

// serverMetrics is nil-safe for Config.Metrics.
func (h *health) serverMetrics() *sshserver.Metrics {
	if h == nil {
		return nil
	}
	return h.metrics
}
