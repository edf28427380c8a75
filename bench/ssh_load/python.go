package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// runPython measures the server's memory with N learners that each hold
// a warm Python execution environment: every session opens the
// playground, switches it to Python, invokes the example twice (a cold
// start, then a warm one) and waits. Once all N hold their environment,
// the server's RSS is read; then the sessions end.
func runPython(ctx context.Context, ns string, ramp, timeout time.Duration) int {
	fmt.Printf("ssh_load -python: loopback, one server process, ramp %v\n", ramp)
	fmt.Printf("load average before: %s\n", loadavg())
	fmt.Printf("%6s %9s %22s %22s %12s %14s %14s\n", "N", "warm", "cold invoke p50/p99", "warm invoke p50/p99", "RSS before", "RSS all warm", "RSS/learner")
	counts, err := parseNs(ns)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssh_load:", err)
		return 2
	}
	failed := false
	for _, n := range counts {
		r, err := runPythonOnce(ctx, n, ramp, timeout)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ssh_load:", err)
			return 1
		}
		sort.Slice(r.cold, func(i, j int) bool { return r.cold[i] < r.cold[j] })
		sort.Slice(r.warm, func(i, j int) bool { return r.warm[i] < r.warm[j] })
		fmt.Printf("%6d %4d/%-4d %9s / %-10s %9s / %-10s %9.1f MB %11.1f MB %11.2f MB\n",
			n, r.ok, n, ms(pct(r.cold, 50)), ms(pct(r.cold, 99)), ms(pct(r.warm, 50)), ms(pct(r.warm, 99)),
			mb(r.rssBefore), mb(r.rssWarm), mb((r.rssWarm-r.rssBefore)/int64(n)))
		if runFailed(r.errs, r.ok, n) {
			failed = true
		}
	}
	return exitCode(failed)
}

type pythonResult struct {
	ok                 int
	cold, warm         []time.Duration
	rssBefore, rssWarm int64
	errs               []string
}

func runPythonOnce(parent context.Context, n int, ramp, timeout time.Duration) (*pythonResult, error) {
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
	c, err := startChild(ctx, self, dir, "", "", "", true)
	if err != nil {
		return nil, err
	}
	defer c.stop()
	addr, pid := c.addr, []int{c.pid}

	// One warm-up learner: the compiled interpreter, the start-up
	// snapshot and the first renders are the server's, not per learner.
	warmDone := make(chan struct{})
	close(warmDone)
	if _, _, err := pythonLearner(ctx, addr, -1, nil, warmDone); err != nil {
		return nil, fmt.Errorf("warm-up session: %w", err)
	}
	time.Sleep(500 * time.Millisecond)
	r := &pythonResult{}
	if r.rssBefore, err = sumRSS(pid); err != nil {
		return nil, err
	}

	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		warm    sync.WaitGroup
		release = make(chan struct{})
	)
	warm.Add(n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var once sync.Once
			ready := func() { once.Do(warm.Done) }
			defer ready()
			cold, hot, err := pythonLearner(ctx, addr, i, ready, release)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if len(r.errs) < 5 {
					r.errs = append(r.errs, fmt.Sprintf("session %d: %v", i, err))
				}
				return
			}
			r.cold, r.warm = append(r.cold, cold), append(r.warm, hot)
			r.ok++
		}()
		select {
		case <-time.After(ramp):
		case <-ctx.Done():
		}
	}
	allWarm := make(chan struct{})
	go func() { warm.Wait(); close(allWarm) }()
	select {
	case <-allWarm:
	case <-ctx.Done():
	}
	time.Sleep(time.Second)
	r.rssWarm, err = sumRSS(pid)
	close(release)
	wg.Wait()
	return r, err
}

// pythonLearner opens the playground on Python, invokes twice, calls
// ready (when not nil) with its warm environment in place, and quits
// when release closes. It returns how long each invoke took to show.
func pythonLearner(ctx context.Context, addr string, id int, ready func(), release <-chan struct{}) (cold, warm time.Duration, err error) {
	key, err := sshtest.NewKey()
	if err != nil {
		return 0, 0, err
	}
	term, err := sshtest.Dial(addr, sshtest.Options{User: fmt.Sprintf("learner%d", id), Key: key, Width: 120, Height: 40, Timeout: waitTimeout})
	if err != nil {
		return 0, 0, fmt.Errorf("dial: %w", err)
	}
	defer term.Close()
	step := func(k, want string, wait time.Duration) (time.Duration, error) {
		start := time.Now()
		if err := term.Press(k); err != nil {
			return 0, err
		}
		if s, err := term.WaitFor(wait, want); err != nil {
			return 0, fmt.Errorf("key %q: %q did not show: %w\n%s", k, want, err, s)
		}
		return time.Since(start), nil
	}
	if _, err := term.WaitFor(waitTimeout, "lessons completed"); err != nil {
		return 0, 0, err
	}
	if _, err := step("3", "Press r to invoke", waitTimeout); err != nil {
		return 0, 0, err
	}
	if _, err := step("t", "python3.13", waitTimeout); err != nil {
		return 0, 0, err
	}
	// Cold starts queue for the two cores: allow a minute.
	if cold, err = step("r", "#1  cold", time.Minute); err != nil {
		return 0, 0, err
	}
	if warm, err = step("r", "#2  warm", time.Minute); err != nil {
		return 0, 0, err
	}
	if ready != nil {
		ready()
	}
	select {
	case <-release:
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	}
	if err := term.Press(sshtest.CtrlC); err != nil {
		return 0, 0, err
	}
	if err := term.Wait(waitTimeout); err != nil {
		return 0, 0, fmt.Errorf("quit: %w", err)
	}
	return cold, warm, nil
}
