package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/pack"
)

// TestPackContentInTheTutor opens the tutor with the example content pack:
// its lessons are in the list marked with the pack's title, its exercises
// in the exercise list, its topics in the interview trainer, and its
// questions counted on the progress screen.
func TestPackContentInTheTutor(t *testing.T) {
	p, err := pack.Load("../examples/packs/skyrail")
	if err != nil {
		t.Fatal(err)
	}
	base, err := pack.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	c, err := pack.Merge(base, []*pack.Pack{p})
	if err != nil {
		t.Fatal(err)
	}
	s, uid := testStore(t)
	a := testApp(t, Options{Catalog: c.Lessons, Bank: c.Bank, Exercises: c.Exercises, Store: s, UserID: uid, NoColor: true})
	drive(a, tea.WindowSizeMsg{Width: 100, Height: 32})

	drive(a, keys("1")...)
	drive(a, keys("/releases with")...)
	drive(a, enter)
	if got := screenText(a); !strings.Contains(got, "Releases with versions and the live alias") || !strings.Contains(got, "[Lambda at Skyrail Freight") {
		t.Errorf("lesson list does not show the pack lesson with its pack:\n%s", got)
	}
	drive(a, esc, esc)

	drive(a, keys("2")...)
	if got := screenText(a); !strings.Contains(got, fmt.Sprintf("0 of %d solved", c.Exercises.Len())) {
		t.Errorf("exercise list does not count the pack's exercises:\n%s", got)
	}
	drive(a, esc)

	drive(a, keys("4")...)
	qs, ok := a.top().(*quizSetup)
	if !ok {
		t.Fatalf("top screen is %T", a.top())
	}
	found := false
	for _, tp := range qs.topics {
		found = found || tp == "skyrail/releases-with-aliases"
	}
	if !found {
		t.Errorf("the interview trainer does not offer the pack's topics: %v", qs.topics)
	}
	drive(a, esc)

	drive(a, keys("5")...)
	if got := screenText(a); !strings.Contains(got, fmt.Sprintf("(%d questions)", c.Bank.Len())) {
		t.Errorf("progress screen does not count the pack's questions (%d):\n%s", c.Bank.Len(), got)
	}
}
