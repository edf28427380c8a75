// Command ssh_load is a bounded load test of the tutor's SSH server, on
// loopback only. For each N it starts a fresh server in a child process (so
// that the server's memory can be read from /proc), opens N concurrent
// sessions with distinct keys that navigate like learners (open the lesson
// list, open a lesson, scroll, page, go back, open another), and reports:
//
//   - first frame: from dialling to the home screen being on the client's
//     emulated terminal (x/vt);
//   - keystroke to screen: from sending a key to the screen showing its
//     effect;
//   - server RSS: before the sessions (after one warm-up session), the
//     most seen while they ran, and the difference per session.
//
// With -instances K the sessions are spread over K server processes that
// share one progress database: with -db postgres a throwaway PostgreSQL
// cluster (initdb/pg_ctl from Debian's postgresql package, on a loopback
// port), with -db sqlite (the default) one SQLite file. Each server also
// reports its store's write latency (p50, p99 of the write transactions,
// commit included).
//
// Every wait has a timeout and the whole run has a deadline, so it always
// stops by itself. Run it with bench/ssh-load.sh, or:
//
//	go run ./bench/ssh_load -n 50,200
//	go run ./bench/ssh_load -n 400 -instances 2 -db postgres
//
// With -hostile K, K hostile sessions (hostile.go: memory bombs, regex
// bombs, huge pastes, giant windows) run beside the N measured ones, and
// the run prints issue 19's bars: the learners' keystroke p99 at most
// 100 ms and the server's RSS under 2 GB.
//
//	go run ./bench/ssh_load -n 50 -hostile 5
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/progress/pgtest"
	"github.com/lambdatutor/lambdatutor/sandbox/python"
	"github.com/lambdatutor/lambdatutor/sshserver"
	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

func main() {
	child := flag.Bool("serve-child", false, "internal: run the server for the parent process")
	dir := flag.String("dir", "", "internal: data directory of the child server")
	childDB := flag.String("child-db", "", "internal: progress database of the child server")
	childPython := flag.Bool("child-python", false, "internal: the child server prepares Python at start, as `lambdatutor serve` does")
	instances := flag.Int("instances", 1, "server processes sharing one progress database; sessions are spread over them")
	dbKind := flag.String("db", "sqlite", "progress database: sqlite (one file) or postgres (a throwaway local cluster)")
	ns := flag.String("n", "50,200", "comma-separated numbers of concurrent sessions, one run each")
	keys := flag.Int("keys", 40, "key presses per session")
	think := flag.Duration("think", time.Second, "mean pause between a session's key presses (±50%)")
	ramp := flag.Duration("ramp", 20*time.Millisecond, "delay between session starts")
	timeout := flag.Duration("timeout", 4*time.Minute, "deadline of each run")
	profile := flag.String("server-cpuprofile", "", "write the server's CPU profile of each run to FILE.N")
	gogc := flag.String("server-gogc", "", "GOGC of the server process (default: inherited, i.e. 100)")
	breakdown := flag.Bool("breakdown", false, "also print keystroke latency by kind of key press")
	python := flag.Bool("python", false, "each session instead opens the playground, switches it to Python and invokes twice (a cold then a warm start), and holds its warm Python environment; the server's RSS is read once every session holds one")
	hostile := flag.Int("hostile", 0, "hostile sessions beside the measured ones (memory bombs, regex bombs, huge pastes, giant windows); prints the bars of issue 19")
	paste := flag.Int("hostile-paste", 1<<20, "bytes of each hostile paste")
	hostileAlone := flag.Bool("hostile-alone", false, "with -hostile, first run the same learners alone, and print the ratio of the keystroke p99s (for a busy machine)")
	kinds := flag.String("hostile-kinds", strings.Join(hostileKinds, ","), "kinds of hostile session, taken in turn")
	idle := flag.Duration("idle", 0, "instead hold N sessions idle on the home screen for this long and print the server's CPU time per idle session (issue 19, item 7)")
	flag.Parse()

	if *child {
		if err := serveChild(*dir, *childDB, *profile, *childPython); err != nil {
			fmt.Fprintln(os.Stderr, "ssh_load child:", err)
			os.Exit(1)
		}
		return
	}
	if *instances < 1 || (*dbKind != "sqlite" && *dbKind != "postgres") {
		fmt.Fprintln(os.Stderr, "ssh_load: -instances must be 1 or more and -db sqlite or postgres")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *python {
		os.Exit(runPython(ctx, *ns, *ramp, *timeout))
	}
	if *idle > 0 {
		os.Exit(runIdle(ctx, *ns, *idle, *ramp, *timeout, *profile))
	}
	hostileOpts = hostileOptions{sessions: *hostile, paste: *paste, kinds: strings.Split(*kinds, ","), alone: *hostileAlone}
	for _, k := range hostileOpts.kinds {
		if !slices.Contains(hostileKinds, k) {
			fmt.Fprintf(os.Stderr, "ssh_load: -hostile-kinds: unknown kind %q; the kinds are %s\n", k, strings.Join(hostileKinds, ", "))
			os.Exit(2)
		}
	}
	os.Exit(run(ctx, *instances, *dbKind, *ns, *keys, *think, *ramp, *timeout, *profile, *gogc, *breakdown))
}

// run measures each N and returns the exit code; the throwaway PostgreSQL
// cluster, if any, is stopped before it returns.
func run(ctx context.Context, instances int, dbKind, ns string, keys int, think, ramp, timeout time.Duration, profile, gogc string, breakdown bool) int {
	var pg *pgtest.Server
	if dbKind == "postgres" {
		var err error
		if pg, err = pgtest.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "ssh_load: start PostgreSQL:", err)
			return 1
		}
		defer pg.Stop()
	}
	fmt.Printf("ssh_load: loopback, %d server process(es) on one %s database (GOGC %s), %d key presses per session, think %v, ramp %v, %d CPUs\n",
		instances, dbKind, orDefault(gogc, orDefault(os.Getenv("GOGC"), "100")), keys, think, ramp, runtime.NumCPU())
	fmt.Printf("load average before: %s\n", loadavg())
	fmt.Printf("%6s %9s %22s %26s %12s %12s %14s %18s %24s\n", "N", "sessions", "first frame p50/p99", "keystroke p50/p99 (n)", "RSS before", "RSS peak", "RSS/session", "CPU server/client", "store write p50/p99 (n)")
	counts, err := parseNs(ns)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssh_load:", err)
		return 2
	}
	failed := false
	for _, n := range counts {
		var err error
		prof := ""
		if profile != "" {
			prof = fmt.Sprintf("%s.%d", profile, n)
		}
		db := ""
		if pg != nil {
			if db, err = pg.NewDatabase(ctx); err != nil {
				fmt.Fprintln(os.Stderr, "ssh_load:", err)
				return 1
			}
		}
		// With -hostile-alone, the same learners first run without the
		// hostile sessions, in the same conditions (a busy machine).
		var alone *result
		if hostileOpts.sessions > 0 && hostileOpts.alone {
			k := hostileOpts.sessions
			hostileOpts.sessions = 0
			alone, err = runOnce(ctx, n, instances, db, keys, think, ramp, timeout, "", gogc)
			hostileOpts.sessions = k
			if err != nil {
				fmt.Fprintln(os.Stderr, "ssh_load:", err)
				return 1
			}
			printRow(n, alone)
			fmt.Println("   (the row above: the same learners alone; the row below: beside the hostile sessions)")
			failed = runFailed(alone.errs, alone.ok, n) || failed
		}
		r, err := runOnce(ctx, n, instances, db, keys, think, ramp, timeout, prof, gogc)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ssh_load:", err)
			return 1
		}
		printRow(n, r)
		if breakdown {
			kinds := make([]string, 0, len(r.byKind))
			for k := range r.byKind {
				kinds = append(kinds, k)
			}
			sort.Strings(kinds)
			for _, k := range kinds {
				d := r.byKind[k]
				sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
				fmt.Printf("   %-22s p50 %9s  p99 %9s  max %9s  (%d)\n", k, ms(pct(d, 50)), ms(pct(d, 99)), ms(pct(d, 100)), len(d))
			}
		}
		if r.hostile != nil {
			fmt.Println("   " + r.hostile.String())
			p99, peak := pct(r.keys, 99), mb(r.rssPeak)
			fmt.Printf("   bar: keystroke p99 of the %d learners %s <= 100 ms: %s\n", n, ms(p99), metOrNot(p99 <= 100*time.Millisecond))
			fmt.Printf("   bar: server RSS peak %.1f MB < 2048 MB: %s\n", peak, metOrNot(peak < 2048))
			if alone != nil && pct(alone.keys, 99) > 0 {
				fmt.Printf("   keystroke p99 beside the hostile sessions / alone: %s / %s = %.2f\n",
					ms(p99), ms(pct(alone.keys, 99)), float64(p99)/float64(pct(alone.keys, 99)))
			}
			for _, e := range r.hostile.errs {
				fmt.Println("   error:", e)
			}
		}
		if runFailed(r.errs, r.ok, n) {
			failed = true
		}
	}
	return exitCode(failed)
}

// printRow prints one run's row of the table.
func printRow(n int, r *result) {
	sort.Slice(r.writes, func(i, j int) bool { return r.writes[i] < r.writes[j] })
	fmt.Printf("%6d %4d/%-4d %9s / %-10s %9s / %-8s (%5d) %9.1f MB %9.1f MB %11.2f MB %8.2f / %.2f cores %9s / %-9s (%d)\n",
		n, r.ok, n, ms(pct(r.first, 50)), ms(pct(r.first, 99)),
		ms(pct(r.keys, 50)), ms(pct(r.keys, 99)), len(r.keys),
		mb(r.rssBefore), mb(r.rssPeak), mb((r.rssPeak-r.rssBefore)/int64(n)), r.serverCores, r.clientCores,
		ms(pct(r.writes, 50)), ms(pct(r.writes, 99)), len(r.writes))
}

// runFailed prints a run's errors and reports whether it lost sessions.
func runFailed[E any](errs []E, ok, n int) bool {
	for _, e := range errs {
		fmt.Println("   error:", e)
	}
	return ok != n
}

// exitCode prints the load average after the runs and returns the exit
// status: 1 when a run lost sessions.
func exitCode(failed bool) int {
	fmt.Printf("load average after: %s\n", loadavg())
	if failed {
		return 1
	}
	return 0
}

// loadavg is the machine's 1, 5 and 15 minute load averages: other work
// on the machine shows in the latencies.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// serveChild runs the server on a loopback port, prints its address and
// serves until its standard input closes (the parent ended); it then prints
// the duration of every store write transaction, in microseconds, on one
// line: "WRITES d1 d2 ...".
func serveChild(dir, db, profile string, prepare bool) error {
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if db == "" {
		db = filepath.Join(dir, "progress.db")
	}
	var (
		wmu    sync.Mutex
		writes []int64
	)
	store, err := progress.Open(db, progress.WithObserver(func(op string, d time.Duration, err error) {
		if op == "write" {
			wmu.Lock()
			writes = append(writes, d.Microseconds())
			wmu.Unlock()
		}
	}))
	if err != nil {
		return err
	}
	defer store.Close()
	cat, err := lessons.Default()
	if err != nil {
		return err
	}
	key, _, err := sshserver.LoadOrCreateHostKey(filepath.Join(dir, "host_key"))
	if err != nil {
		return err
	}
	// The per-key limit as `serve` has it by default: each session also
	// takes and gives back its place in the database's count.
	srv, err := sshserver.New(sshserver.Config{Catalog: cat, Store: store, HostKey: key, MaxSessionsPerKey: sshserver.DefaultMaxSessionsPerKey})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if prepare {
		python.PrepareInBackground() // as `lambdatutor serve` does
	}
	fmt.Println("ADDR", l.Addr())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	err = srv.Serve(l)
	wmu.Lock()
	defer wmu.Unlock()
	var b strings.Builder
	b.WriteString("WRITES")
	for _, w := range writes {
		fmt.Fprintf(&b, " %d", w)
	}
	fmt.Println(b.String())
	return err
}

// nLessons is the number of lessons in the catalog.
var nLessons = func() int {
	c, err := lessons.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssh_load:", err)
		os.Exit(1)
	}
	return c.Len()
}()

type result struct {
	ok                 int
	first, keys        []time.Duration
	rssBefore, rssPeak int64
	errs               []string
	// serverCores and clientCores are the average CPU use of the server
	// and of this process (the clients) while the sessions ran.
	serverCores, clientCores float64
	byKind                   map[string][]time.Duration
	// writes are the servers' store write transactions.
	writes []time.Duration
	// hostile is what the hostile sessions did (nil without -hostile).
	hostile *hostileStats
}

// hostileOptions are the -hostile flags.
type hostileOptions struct {
	sessions, paste int
	kinds           []string
	alone           bool // also run the learners without the hostile sessions first
}

var hostileOpts hostileOptions

func metOrNot(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

func runOnce(parent context.Context, n, instances int, db string, keys int, think, ramp, timeout time.Duration, profile, gogc string) (*result, error) {
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
	r := &result{byKind: map[string][]time.Duration{}}
	var (
		addrs []string
		pids  []int
	)
	for i := range instances {
		prof := profile
		if prof != "" && instances > 1 {
			prof = fmt.Sprintf("%s.%d", profile, i)
		}
		c, err := startChild(ctx, self, dir, db, prof, gogc, false)
		if err != nil {
			return nil, err
		}
		defer func() { r.writes = append(r.writes, c.stop()...) }()
		addrs = append(addrs, c.addr)
		pids = append(pids, c.pid)
	}

	// One warm-up session: the lesson catalog, the first renders and the
	// SQLite connections are the server's, not per session.
	for _, addr := range addrs {
		warm := &learner{id: -1, lessons: nLessons, addr: addr, keys: 12, think: time.Millisecond, rng: rand.New(rand.NewPCG(1, 2))}
		if err := warm.run(ctx); err != nil {
			return nil, fmt.Errorf("warm-up session: %w", err)
		}
	}
	time.Sleep(500 * time.Millisecond)
	if r.rssBefore, err = sumRSS(pids); err != nil {
		return nil, err
	}

	// Sample the server's RSS while the sessions run.
	sampleDone := make(chan struct{})
	var peak int64
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-sampleDone:
				return
			case <-t.C:
				if v, err := sumRSS(pids); err == nil && v > peak {
					peak = v
				}
			}
		}
	}()

	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	wall := time.Now()
	serverCPU0, err := sumCPU(pids)
	if err != nil {
		return nil, err
	}
	clientCPU0 := selfCPU()
	stopHostile := func() {}
	if hostileOpts.sessions > 0 {
		r.hostile, stopHostile = startHostile(ctx, hostileOpts, addrs)
	}
	for i := 0; i < n; i++ {
		l := &learner{id: i, lessons: nLessons, addr: addrs[i%len(addrs)], keys: keys, think: think, rng: rand.New(rand.NewPCG(uint64(i), 7))}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := l.run(ctx)
			mu.Lock()
			defer mu.Unlock()
			if l.firstFrame > 0 {
				r.first = append(r.first, l.firstFrame)
			}
			r.keys = append(r.keys, l.latencies...)
			for k, d := range l.byKind {
				r.byKind[k] = append(r.byKind[k], d...)
			}
			if err != nil {
				if len(r.errs) < 5 {
					r.errs = append(r.errs, fmt.Sprintf("session %d: %v", l.id, err))
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
	wg.Wait()
	stopHostile()
	elapsed := time.Since(wall).Seconds()
	if serverCPU1, err := sumCPU(pids); err == nil {
		r.serverCores = (serverCPU1 - serverCPU0).Seconds() / elapsed
	}
	r.clientCores = (selfCPU() - clientCPU0).Seconds() / elapsed
	close(sampleDone)
	r.rssPeak = peak
	sort.Slice(r.first, func(i, j int) bool { return r.first[i] < r.first[j] })
	sort.Slice(r.keys, func(i, j int) bool { return r.keys[i] < r.keys[j] })
	return r, nil
}

// learner is one simulated session.
type learner struct {
	id         int
	lessons    int // in the catalog
	addr       string
	keys       int
	think      time.Duration
	rng        *rand.Rand
	firstFrame time.Duration
	latencies  []time.Duration
	byKind     map[string][]time.Duration
	term       *sshtest.Term
}

const waitTimeout = 10 * time.Second

var sizes = [][2]int{{80, 24}, {100, 30}, {120, 40}}

func (l *learner) run(ctx context.Context) error {
	key, err := sshtest.NewKey()
	if err != nil {
		return err
	}
	size := sizes[(l.id+len(sizes))%len(sizes)]
	start := time.Now()
	l.term, err = sshtest.Dial(l.addr, sshtest.Options{User: fmt.Sprintf("learner%d", l.id), Key: key,
		Width: size[0], Height: size[1], Timeout: waitTimeout})
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer l.term.Close()
	if _, err := l.term.WaitFor(waitTimeout, "lessons completed"); err != nil {
		return err
	}
	l.firstFrame = time.Since(start)

	// Open the lesson list, then lessons one after another: move to one,
	// read it (scroll, a page), go back to the list, move to the next.
	if err := l.press(ctx, "1", contains("1. What AWS Lambda is")); err != nil {
		return err
	}
	n := l.lessons
	cursor, target := 1, 1+(l.id+n)%n
	for l.keys > 0 {
		for cursor != target && l.keys > 0 {
			k := sshtest.Down
			if target < cursor {
				k = sshtest.Up
			}
			if err := l.press(ctx, k, changed); err != nil {
				return err
			}
			if k == sshtest.Down {
				cursor++
			} else {
				cursor--
			}
		}
		if l.keys == 0 {
			break
		}
		if err := l.press(ctx, sshtest.Enter, contains(fmt.Sprintf("lesson %d of %d", target, n))); err != nil {
			return err
		}
		for i := 0; i < 8 && l.keys > 0; i++ {
			k := "j"
			if i == 4 {
				k = " " // a page down
			}
			if err := l.press(ctx, k, changed); err != nil {
				return err
			}
		}
		if l.keys == 0 {
			break
		}
		if err := l.press(ctx, "q", contains(fmt.Sprintf("of %d completed", n))); err != nil {
			return err
		}
		target = 1 + target%n
	}
	if err := l.term.Press(sshtest.CtrlC); err != nil {
		return err
	}
	if err := l.term.Wait(waitTimeout); err != nil {
		return fmt.Errorf("quit: %w", err)
	}
	return nil
}

// press sends one key after the think time and records how long the
// screen took to show its effect.
func (l *learner) press(ctx context.Context, k string, done func(before, now string) bool) error {
	pause := time.Duration(float64(l.think) * (0.5 + l.rng.Float64()))
	select {
	case <-time.After(pause):
	case <-ctx.Done():
		return ctx.Err()
	}
	before := l.term.Screen()
	start := time.Now()
	if err := l.term.Press(k); err != nil {
		return err
	}
	s, err := l.term.WaitUntil(waitTimeout, func(s string) bool { return done(before, s) })
	if err != nil {
		if errors.Is(err, sshtest.ErrTimeout) {
			return fmt.Errorf("key %q: the screen did not change in %v:\n%s", k, waitTimeout, s)
		}
		return err
	}
	d := time.Since(start)
	l.latencies = append(l.latencies, d)
	if l.byKind == nil {
		l.byKind = map[string][]time.Duration{}
	}
	kind := fmt.Sprintf("%q on %s", k, screenName(before))
	l.byKind[kind] = append(l.byKind[kind], d)
	l.keys--
	return nil
}

// screenName names the screen a key was pressed on.
func screenName(s string) string {
	switch {
	case strings.Contains(s, "lessons completed"):
		return "home"
	case strings.Contains(s, " completed") && !strings.Contains(s, " · lesson "):
		return "list"
	case strings.Contains(s, " · lesson "):
		return "reader"
	}
	return "other"
}

func changed(before, now string) bool { return before != now }

func contains(want string) func(string, string) bool {
	return func(_, now string) bool { return strings.Contains(now, want) }
}

// rss is the resident set size of process pid, in bytes.
// sumRSS and sumCPU add up the servers' memory and CPU time.
func sumRSS(pids []int) (int64, error) {
	var total int64
	for _, p := range pids {
		v, err := rss(p)
		if err != nil {
			return 0, err
		}
		total += v
	}
	return total, nil
}

func sumCPU(pids []int) (time.Duration, error) {
	var total time.Duration
	for _, p := range pids {
		v, err := procCPU(p)
		if err != nil {
			return 0, err
		}
		total += v
	}
	return total, nil
}

func rss(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read the server's memory (this needs Linux /proc): %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parse VmRSS %q: %w", rest, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}

// procCPU is the CPU time (user and system) process pid has used.
func procCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read the server's CPU time (this needs Linux /proc): %w", err)
	}
	// Fields after the command name (which may hold spaces): utime and
	// stime are the 12th and 13th, in clock ticks (100 a second on Linux).
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, s)
	}
	ut, err1 := strconv.ParseInt(fields[11], 10, 64)
	st, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("parse /proc/%d/stat: %w", pid, err)
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
}

// selfCPU is the CPU time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := (len(d)*p + 99) / 100
	if i > 0 {
		i--
	}
	return d[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// childServer is a server child process (serveChild) on a loopback port.
type childServer struct {
	addr string
	pid  int
	// stop ends the server and returns its store write transactions.
	stop func() []time.Duration
}

func startChild(ctx context.Context, self, dir, db, profile, gogc string, python bool) (*childServer, error) {
	cmd := exec.CommandContext(ctx, self, "-serve-child", "-dir", dir, "-child-db", db, "-server-cpuprofile", profile, "-child-python="+strconv.FormatBool(python))
	if gogc != "" {
		cmd.Env = append(os.Environ(), "GOGC="+gogc)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	out := bufio.NewReader(stdout)
	stop := func() []time.Duration {
		stdin.Close() // the child shuts down, then prints its store writes
		var writes []time.Duration
		if line, err := out.ReadString('\n'); err == nil && strings.HasPrefix(line, "WRITES") {
			for _, f := range strings.Fields(line)[1:] {
				if us, err := strconv.ParseInt(f, 10, 64); err == nil {
					writes = append(writes, time.Duration(us)*time.Microsecond)
				}
			}
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		return writes
	}
	line, err := out.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "ADDR ") {
		stop()
		return nil, fmt.Errorf("the child server did not start: %q %v", line, err)
	}
	return &childServer{addr: strings.TrimSpace(strings.TrimPrefix(line, "ADDR ")), pid: cmd.Process.Pid, stop: stop}, nil
}

// parseNs reads -n: comma-separated positive numbers.
func parseNs(ns string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-n wants positive numbers, got %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}
