package cli

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/progress/pgtest"
	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

const termWait = 15 * time.Second

var (
	healthRE  = regexp.MustCompile(`"health and metrics" addr=(\S+)`)
	hostKeyRE = regexp.MustCompile(`host_key=(\S+)`)
)

// waitScreen waits until the terminal shows want.
func waitScreen(t *testing.T, term *sshtest.Term, want string) string {
	t.Helper()
	s, err := term.WaitFor(termWait, want)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func pressKeys(t *testing.T, term *sshtest.Term, keys ...string) {
	t.Helper()
	if err := term.Press(keys...); err != nil {
		t.Fatal(err)
	}
}

// answerQuestion answers the quiz question on screen (see answer).
func answerQuestion(t *testing.T, term *sshtest.Term) {
	t.Helper()
	if err := answer(term); err != nil {
		t.Fatal(err)
	}
}

// answer answers the quiz question on screen. Its kind is random, so it
// tries answers of each form until one is accepted (a refused answer is
// explained and asked again) and grades a free answer itself. It returns
// once the screen says the answer was graded, which the tutor shows only
// after the review is saved: a write the instance reported done.
func answer(term *sshtest.Term) error {
	for _, a := range []string{"a", "1", "a b c d e f", "a b c d e", "a b c d", "a b c"} {
		if err := term.Press("\x15", a, sshtest.Enter); err != nil { // ctrl+u clears the line first
			return err
		}
		s, err := term.WaitStable(300*time.Millisecond, termWait)
		if err != nil {
			return err
		}
		if strings.Contains(s, "grade yourself") {
			if err := term.Press("3"); err != nil {
				return err
			}
		}
		if strings.Contains(s, "graded") || strings.Contains(s, "grade yourself") {
			_, err := term.WaitFor(termWait, "graded")
			return err
		}
	}
	return fmt.Errorf("no answer form was accepted:\n%s", term.Screen())
}

// screenBody is the screen without its header line (which names the user).
func screenBody(s string) string {
	_, rest, _ := strings.Cut(s, "\n")
	return rest
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestTwoServeInstancesShareProgress runs two `serve` instances on one
// PostgreSQL database with one host key, as behind a TCP load balancer: a
// learner answers a question and reads on instance A, disconnects, and on
// instance B finds the answer and the reading position. Both instances
// report health, readiness and metrics.
func TestTwoServeInstancesShareProgress(t *testing.T) {
	url := pgtest.DB(t)
	hostKey := filepath.Join(t.TempDir(), "host_key")
	env := map[string]string{"LAMBDATUTOR_DB": url}
	addrA, logsA, _ := startServe(t, env, "--host-key", hostKey, "--health-listen", "127.0.0.1:0")
	addrB, logsB, stopB := startServe(t, env, "--host-key", hostKey, "--health-listen", "127.0.0.1:0")
	fpA, fpB := hostKeyRE.FindStringSubmatch(logsA.String()), hostKeyRE.FindStringSubmatch(logsB.String())
	if fpA == nil || fpB == nil || fpA[1] != fpB[1] {
		t.Fatalf("the instances do not show one host key: %v %v", fpA, fpB)
	}
	key, err := sshtest.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	dial := func(addr string) *sshtest.Term {
		term, err := sshtest.Dial(addr, sshtest.Options{User: "ana", Key: key})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { term.Close() })
		return term
	}

	// On A: answer one question, then read lesson 3 down to § 2, and quit.
	a := dial(addrA)
	waitScreen(t, a, "lessons completed")
	pressKeys(t, a, "4") // Interview trainer
	waitScreen(t, a, "Drill Lambda interview questions")
	pressKeys(t, a, sshtest.Enter)
	waitScreen(t, a, "Question 1 of")
	answerQuestion(t, a)
	pressKeys(t, a, sshtest.CtrlC)
	if err := a.Wait(termWait); err != nil {
		t.Fatal(err)
	}
	a = dial(addrA)
	waitScreen(t, a, "lessons completed")
	pressKeys(t, a, "1")
	waitScreen(t, a, "1. What AWS Lambda is")
	pressKeys(t, a, sshtest.Down, sshtest.Down, sshtest.Enter)
	waitScreen(t, a, "lesson 3 of")
	pressKeys(t, a, "]", "]", "j", "j")
	waitScreen(t, a, "§ 2/")
	before, err := a.WaitStable(300*time.Millisecond, termWait)
	if err != nil {
		t.Fatal(err)
	}
	pressKeys(t, a, sshtest.CtrlC)
	if err := a.Wait(termWait); err != nil {
		t.Fatal(err)
	}

	// On B: the reader reopens at the same place, and the answer is there.
	b := dial(addrB)
	after := waitScreen(t, b, "lesson 3 of")
	if screenBody(before) != screenBody(after) {
		t.Errorf("instance B reopened at a different place.\nA:\n%s\nB:\n%s", before, after)
	}
	pressKeys(t, b, "q") // home
	waitScreen(t, b, "Continue")
	pressKeys(t, b, "5") // Progress
	waitScreen(t, b, "Quiz: 1 answered")

	// Health, readiness and metrics, on both.
	for _, logs := range []*lockedBuffer{logsA, logsB} {
		m := healthRE.FindStringSubmatch(logs.String())
		if m == nil {
			t.Fatalf("no health listener in the logs:\n%s", logs)
		}
		base := "http://" + m[1]
		if code, body := httpGet(t, base+"/healthz"); code != 200 || body != "ok\n" {
			t.Errorf("/healthz: %d %q", code, body)
		}
		if code, body := httpGet(t, base+"/readyz"); code != 200 || body != "ready\n" {
			t.Errorf("/readyz: %d %q", code, body)
		}
		code, body := httpGet(t, base+"/metrics")
		for _, want := range []string{"lambdatutor_sessions ", "lambdatutor_sessions_started_total ", `lambdatutor_store_seconds_bucket{op="write"`,
			"lambdatutor_invocations_total ", "go_goroutines "} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("/metrics (%d) lacks %q", code, want)
			}
		}
	}
	m := healthRE.FindStringSubmatch(logsA.String())
	_, body := httpGet(t, "http://"+m[1]+"/metrics")
	if !strings.Contains(body, "lambdatutor_sessions_started_total 2") {
		t.Errorf("instance A does not count its 2 sessions:\n%s", grepLines(body, "lambdatutor_"))
	}
	mb := healthRE.FindStringSubmatch(logsB.String())
	if _, body := httpGet(t, "http://"+mb[1]+"/metrics"); !strings.Contains(body, "lambdatutor_sessions 1") {
		t.Errorf("instance B does not count its running session:\n%s", grepLines(body, "lambdatutor_"))
	}
	stopB()
}

func grepLines(s, prefix string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
