package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// runIdle measures what idle sessions cost the server (issue 19, item 7):
// N sessions open the tutor, wait for the home screen and then do nothing.
// Once every session shows its home screen and a settling second has
// passed, the server's CPU time (user and system, from /proc) is read over
// hold; then the sessions end. For comparison the same server's CPU time is
// read over hold before the sessions open (its own background work).
func runIdle(ctx context.Context, ns string, hold, ramp, timeout time.Duration, profile string) int {
	fmt.Printf("ssh_load -idle: loopback, one server process, sessions on the home screen held idle for %v\n", hold)
	fmt.Printf("load average before: %s\n", loadavg())
	fmt.Printf("%6s %9s %20s %20s %26s\n", "N", "idle", "server CPU, alone", "server CPU, N idle", "per idle session")
	counts, err := parseNs(ns)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssh_load:", err)
		return 2
	}
	failed := false
	for _, n := range counts {
		prof := ""
		if profile != "" {
			prof = fmt.Sprintf("%s.%d", profile, n)
		}
		r, err := runIdleOnce(ctx, n, hold, ramp, timeout, prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ssh_load:", err)
			return 1
		}
		per := (r.busy - r.alone).Seconds() / float64(n) / hold.Seconds()
		fmt.Printf("%6d %4d/%-4d %17.2f s %17.2f s %14.3f ms CPU/s\n", n, r.ok, n, r.alone.Seconds(), r.busy.Seconds(), max(per, 0)*1000)
		if runFailed(r.errs, r.ok, n) {
			failed = true
		}
	}
	return exitCode(failed)
}

type idleResult struct {
	ok int
	// alone and busy are the server's CPU time over the hold period
	// without sessions and with the N idle sessions.
	alone, busy time.Duration
	errs        []string
}

func runIdleOnce(parent context.Context, n int, hold, ramp, timeout time.Duration, profile string) (*idleResult, error) {
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "ssh_load")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	c, err := startChild(ctx, self, dir, "", profile, "", false)
	if err != nil {
		return nil, err
	}
	defer c.stop()
	pids := []int{c.pid}
	r := &idleResult{}

	// One warm-up session (the catalog, the first renders), then the
	// server alone over the hold period.
	done := make(chan struct{})
	close(done)
	if err := idleSession(ctx, c.addr, -1, func() {}, done); err != nil {
		return nil, fmt.Errorf("warm-up session: %w", err)
	}
	if r.alone, err = cpuOver(ctx, pids, hold); err != nil {
		return nil, err
	}

	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		ready sync.WaitGroup
	)
	release := make(chan struct{})
	for i := range n {
		wg.Add(1)
		ready.Add(1)
		go func() {
			defer wg.Done()
			err := idleSession(ctx, c.addr, i, ready.Done, release)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if len(r.errs) < 5 {
					r.errs = append(r.errs, fmt.Sprintf("session %d: %v", i, err))
				}
				return
			}
			r.ok++
		}()
		select {
		case <-time.After(ramp):
		case <-ctx.Done():
		}
	}
	ready.Wait()
	// Let the last frames and the renderers settle.
	select {
	case <-time.After(time.Second):
	case <-ctx.Done():
	}
	r.busy, err = cpuOver(ctx, pids, hold)
	close(release)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return r, nil
}

// cpuOver is the CPU time the processes use over d.
func cpuOver(ctx context.Context, pids []int, d time.Duration) (time.Duration, error) {
	before, err := sumCPU(pids)
	if err != nil {
		return 0, err
	}
	select {
	case <-time.After(d):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	after, err := sumCPU(pids)
	if err != nil {
		return 0, err
	}
	return after - before, nil
}

// idleSession opens the tutor, waits for its home screen, calls ready
// (also when it fails), waits for release and quits.
func idleSession(ctx context.Context, addr string, id int, ready func(), release <-chan struct{}) error {
	once := sync.OnceFunc(ready)
	defer once()
	key, err := sshtest.NewKey()
	if err != nil {
		return err
	}
	size := sizes[(id+len(sizes))%len(sizes)]
	t, err := sshtest.Dial(addr, sshtest.Options{User: fmt.Sprintf("idle%d", id), Key: key,
		Width: size[0], Height: size[1], Timeout: waitTimeout})
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer t.Close()
	if _, err := t.WaitFor(waitTimeout, "lessons completed"); err != nil {
		return err
	}
	once()
	select {
	case <-release:
	case <-ctx.Done():
		return ctx.Err()
	}
	if err := t.Press(sshtest.CtrlC); err != nil {
		return err
	}
	if err := t.Wait(waitTimeout); err != nil {
		return fmt.Errorf("quit: %w", err)
	}
	return nil
}
