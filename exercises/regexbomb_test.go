package exercises

import (
	"context"
	"testing"
	"time"
)

// A learner's regex bomb (backtracking with a lookahead, which runs
// outside the JavaScript VM's interrupt checks) must not hold the check
// slot for ever: its check ends, and another learner's check queued
// behind it then runs.
func TestRegexBombReleasesTheCheckSlot(t *testing.T) {
	ex, err := loadGood(t).Get("greet")
	if err != nil {
		t.Fatal(err)
	}
	bomb := ex.SolutionCode(Node)
	bomb.Files["lib/greet.js"] = "exports.greet = (g, n) => /^(a+)+(?=b)$/.test('a'.repeat(64)) ? '' : g + ' ' + n;\n"
	type out struct {
		res *CheckResult
		err error
	}
	first, second := make(chan out, 1), make(chan out, 1)
	go func() {
		r, err := Check(context.Background(), ex, bomb, CheckOptions{WallLimit: 3 * time.Second})
		first <- out{r, err}
	}()
	time.Sleep(200 * time.Millisecond) // let the bomb take the slot
	go func() {
		r, err := Check(context.Background(), ex, ex.SolutionCode(Node), CheckOptions{})
		second <- out{r, err}
	}()
	for i, ch := range []chan out{first, second} {
		select {
		case o := <-ch:
			if o.err != nil {
				t.Fatalf("check %d: %v", i+1, o.err)
			}
			if i == 0 && o.res.Passed {
				t.Error("the regex bomb passed")
			}
			if i == 1 && !o.res.Passed {
				t.Errorf("the solution queued behind the bomb failed:\n%s", o.res.Panel(100))
			}
		case <-time.After(3 * time.Minute):
			t.Fatalf("check %d has not finished: the regex bomb holds the check slot", i+1)
		}
	}
}
