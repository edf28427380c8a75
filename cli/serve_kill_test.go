package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/progress/pgtest"
	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

var listeningRE = regexp.MustCompile(`msg=listening addr=(\S+)`)

// startServeProcess runs `lambdatutor serve` in a process of its own and
// returns its SSH address.
func startServeProcess(t *testing.T, db string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	all := append([]string{"serve", "--listen", "127.0.0.1:0", "--log-format", "logfmt"}, args...)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join(all, "\n"), "LAMBDATUTOR_DB="+db)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case a := <-addr:
		return cmd, a
	case <-time.After(30 * time.Second):
		t.Fatal("serve process did not start listening")
	}
	return nil, ""
}

// TestKillServeLosesNoReportedWrite has 20 learners answer quiz questions
// on an instance running in its own process, SIGKILLs it in the middle, and
// checks that every answer the instance reported saved (the screen said
// "graded") is in the shared PostgreSQL database; then a learner finds
// them on a second instance.
func TestKillServeLosesNoReportedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 20 SSH sessions against a server process")
	}
	url := pgtest.DB(t)
	hostKey := filepath.Join(t.TempDir(), "host_key")
	cmd, addr := startServeProcess(t, url, "--host-key", hostKey)

	const learners, killAfter, maxEach = 20, 40, 8
	keys := make([]gossh.Signer, learners)
	reported := make([]atomic.Int64, learners)
	var total atomic.Int64
	killed := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, learners)
	for i := range learners {
		k, err := sshtest.NewKey()
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k
		wg.Add(1)
		go func() {
			defer wg.Done()
			term, err := sshtest.Dial(addr, sshtest.Options{User: fmt.Sprintf("l%d", i), Key: k})
			if err != nil {
				errs <- err
				return
			}
			defer term.Close()
			steps := []func() error{
				func() error { _, err := term.WaitFor(termWait, "lessons completed"); return err },
				func() error { return term.Press("4") },
				func() error { _, err := term.WaitFor(termWait, "Drill Lambda interview questions"); return err },
				func() error { return term.Press(sshtest.Enter) },
			}
			for _, step := range steps {
				if err := step(); err != nil {
					errs <- fmt.Errorf("learner %d before the kill: %w", i, err)
					return
				}
			}
			for n := 1; n <= maxEach; n++ {
				if _, err := term.WaitFor(termWait, fmt.Sprintf("Question %d of", n)); err != nil {
					break
				}
				if err := answer(term); err != nil {
					break // killed
				}
				reported[i].Add(1)
				if total.Add(1) == killAfter {
					close(killed)
				}
				if err := term.Press(sshtest.Enter); err != nil {
					break
				}
			}
		}()
	}
	select {
	case <-killed:
	case <-time.After(3 * time.Minute):
		t.Fatalf("only %d answers reported in 3 minutes", total.Load())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	ctx := context.Background()
	s, err := progress.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var saved int
	for i, k := range keys {
		u, err := s.EnsureUser(ctx, gossh.FingerprintSHA256(k.PublicKey()), "")
		if err != nil {
			t.Fatal(err)
		}
		_, reviews, err := s.QuizData(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		saved += len(reviews)
		if got, want := len(reviews), int(reported[i].Load()); got < want {
			t.Errorf("learner %d: %d answers in the database, but the killed instance reported %d saved", i, got, want)
		}
	}
	t.Logf("killed after %d reported answers; %d in the database", total.Load(), saved)

	// Instance B serves the same learner's answers.
	addrB, _, _ := startServe(t, map[string]string{"LAMBDATUTOR_DB": url}, "--host-key", hostKey)
	term, err := sshtest.Dial(addrB, sshtest.Options{User: "l0", Key: keys[0]})
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	waitScreen(t, term, "lessons completed")
	pressKeys(t, term, "5") // Progress
	if n := reported[0].Load(); n > 0 {
		waitScreen(t, term, "Quiz: ")
		s := waitScreen(t, term, " answered")
		var got int
		if _, err := fmt.Sscanf(s[strings.Index(s, "Quiz: "):], "Quiz: %d answered", &got); err != nil || got < int(n) {
			t.Errorf("instance B shows %d answers (%v), want at least %d:\n%s", got, err, n, s)
		}
	}
}
