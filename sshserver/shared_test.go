package sshserver

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	gossh "golang.org/x/crypto/ssh"

	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// TestKeyLimitAcrossServers runs two servers on one progress database, as
// two instances behind a load balancer: the per-key limit counts the
// sessions of both, and the metrics count the refusal.
func TestKeyLimitAcrossServers(t *testing.T) {
	regA, regB := prometheus.NewRegistry(), prometheus.NewRegistry()
	a := startServer(t, Config{MaxSessionsPerKey: 1, Instance: "a", Metrics: NewMetrics(regA)})
	b := startServer(t, Config{MaxSessionsPerKey: 1, Instance: "b", Store: a.store, Metrics: NewMetrics(regB)})
	key := newKey(t)
	first := dial(t, a.addr, sshtest.Options{Key: key})
	waitFor(t, first, "lessons completed")

	second := dial(t, b.addr, sshtest.Options{Key: key})
	if code := waitEnd(t, second); code != 1 {
		t.Errorf("second session of the key on the other server: exit status %d, want 1", code)
	}
	if got := second.Stderr(); !strings.Contains(got, "already have 1 sessions open with this key (the limit, over all of the class's servers)") {
		t.Errorf("stderr %q, want the per-key refusal over all servers", got)
	}
	waitLog(t, b, "reason=key-limit")

	// Another key gets in on b; once the first session ends, the key gets in there too.
	other := dial(t, b.addr, sshtest.Options{Key: newKey(t)})
	waitFor(t, other, "lessons completed")
	first.Close()
	waitSessions(t, a, 0)
	third := dial(t, b.addr, sshtest.Options{Key: key})
	waitFor(t, third, "lessons completed")

	if got := metricValue(t, regB, "lambdatutor_refusals_total", "reason", "key-limit"); got != 1 {
		t.Errorf("b counted %v key-limit refusals, want 1", got)
	}
	if got := metricValue(t, regB, "lambdatutor_sessions", "", ""); got != 2 {
		t.Errorf("b reports %v sessions, want 2", got)
	}
	if got := metricValue(t, regA, "lambdatutor_sessions_started_total", "", ""); got != 1 {
		t.Errorf("a started %v sessions, want 1", got)
	}
}

// metricValue reads one counter or gauge from reg (with label=value when
// label is not "").
func metricValue(t *testing.T, reg *prometheus.Registry, name, label, value string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			match := label == ""
			for _, lp := range m.GetLabel() {
				match = match || (lp.GetName() == label && lp.GetValue() == value)
			}
			if !match {
				continue
			}
			if c := m.GetCounter(); c != nil {
				return c.GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	return 0
}

// TestShutdownRightAfterServe stops servers at once after Serve was
// called: Serve must return every time (the listener is closed even when
// the ssh server has not registered it yet).
func TestShutdownRightAfterServe(t *testing.T) {
	ts := startServer(t, Config{})
	for range 200 {
		srv, err := New(Config{Catalog: ts.cfg.Catalog, Store: ts.store, HostKey: ts.cfg.HostKey})
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- srv.Serve(l) }()
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		if err := srv.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Serve after Shutdown: %v", err)
			}
		case <-time.After(wait):
			t.Fatal("Serve did not return after Shutdown")
		}
	}
}

// TestProxyProtocol serves a connection that starts with a PROXY protocol
// header, as HAProxy's send-proxy sends it: the learner's address in the
// header is the one the server logs.
func TestProxyProtocol(t *testing.T) {
	ts := startServer(t, Config{ProxyProtocol: true})
	conn, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	port := ts.addr[strings.LastIndex(ts.addr, ":")+1:]
	if _, err := conn.Write([]byte("PROXY TCP4 203.0.113.7 127.0.0.1 40000 " + port + "\r\n")); err != nil {
		t.Fatal(err)
	}
	key := newKey(t)
	c, chans, reqs, err := gossh.NewClientConn(conn, ts.addr, &gossh.ClientConfig{
		User: "ana", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: wait,
	})
	if err != nil {
		t.Fatal(err)
	}
	client := gossh.NewClient(c, chans, reqs)
	defer client.Close()
	term, err := sshtest.Open(client, sshtest.Options{User: "ana", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	waitFor(t, term, "lessons completed")
	waitLog(t, ts, "remote=203.0.113.7")
}
