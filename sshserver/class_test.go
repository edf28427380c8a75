package sshserver

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// TestClassWithThreeClients: two learners and an instructor over SSH. The
// instructor's roster shows what the learners do within a refresh; a
// learner's home has no Class entry, and no key reaches the Class screen.
func TestClassWithThreeClients(t *testing.T) {
	t.Parallel()
	prof, ada, bob := newKey(t), newKey(t), newKey(t)
	file := filepath.Join(t.TempDir(), "staff.keys")
	if err := os.WriteFile(file, gossh.MarshalAuthorizedKey(prof.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	// Only the learners are on the class list: the instructor gets in by
	// the instructors file.
	allow := filepath.Join(t.TempDir(), "class.keys")
	if err := os.WriteFile(allow, append(gossh.MarshalAuthorizedKey(ada.PublicKey()), gossh.MarshalAuthorizedKey(bob.PublicKey())...), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, Config{InstructorsFile: file, AllowKeysFile: allow})

	at := dial(t, ts.addr, sshtest.Options{User: "ada", Key: ada, Width: 110, Height: 32})
	bt := dial(t, ts.addr, sshtest.Options{User: "bob", Key: bob, Width: 110, Height: 32})
	home := waitFor(t, at, "lessons completed")
	waitFor(t, bt, "lessons completed")
	if strings.Contains(body(home), "Class") {
		t.Errorf("a learner's home has a Class entry:\n%s", home)
	}
	if !strings.Contains(home, "instructors can see your progress and the code") {
		t.Errorf("the learner is not told that instructors see their code:\n%s", home)
	}

	pt := dial(t, ts.addr, sshtest.Options{User: "prof", Key: prof, Width: 110, Height: 32})
	waitFor(t, pt, "7  Class")
	press(t, pt, "7")
	waitFor(t, pt, "[Roster]")
	waitFor(t, pt, "3 learners")

	// ada completes the first lesson, bob the first two.
	press(t, at, "1")
	waitFor(t, at, "1. What AWS Lambda is")
	press(t, at, sshtest.Enter)
	waitFor(t, at, "lesson 1 of "+total)
	press(t, at, "c")
	waitFor(t, at, "completed")
	press(t, bt, "1")
	waitFor(t, bt, "1. What AWS Lambda is")
	press(t, bt, sshtest.Enter)
	waitFor(t, bt, "lesson 1 of "+total)
	press(t, bt, "c", "n")
	waitFor(t, bt, "lesson 2 of "+total)
	press(t, bt, "c")
	waitFor(t, bt, "completed")

	row := func(name, lessons string) *regexp.Regexp {
		return regexp.MustCompile(`(?m)^\S*\s*` + name + `\s+SHA256:\S+\s+.*\s` + regexp.QuoteMeta(lessons+"/"+total) + `\s`)
	}
	screen, err := pt.WaitUntil(wait, func(s string) bool {
		return row("ada", "1").MatchString(s) && row("bob", "2").MatchString(s)
	})
	if err != nil {
		t.Fatalf("the instructor's roster does not show both learners' lessons: %v\n%s", err, screen)
	}

	// A learner's keys never reach the Class screen: every digit, the
	// letters the home knows, and walking the whole menu.
	isHome := func(s string) bool {
		return strings.Contains(s, "Interview trainer") && strings.Contains(s, "leave lambdatutor")
	}
	backHome := func(after []string) {
		t.Helper()
		for range 6 {
			s, err := at.WaitStable(150*time.Millisecond, wait)
			if err != nil {
				t.Fatal(err)
			}
			if isHome(s) {
				return
			}
			press(t, at, sshtest.Esc) // back, one screen at a time
		}
		t.Fatalf("could not get back home after %q", after)
	}
	backHome(nil)
	var seqs [][]string
	// Single keys, ending with c (Continue), which leaves the menu's cursor
	// on its first entry; then down and enter through every entry but the
	// last (Quit).
	for _, k := range strings.Split("0123456789C/sSarlc", "") {
		seqs = append(seqs, []string{k})
	}
	for range 6 {
		seqs = append(seqs, []string{sshtest.Down, sshtest.Enter})
	}
	for _, seq := range seqs {
		press(t, at, seq...)
		s, err := at.WaitStable(150*time.Millisecond, wait)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(s, "[Roster]") || strings.Contains(s, "› Class") {
			t.Fatalf("keys %q opened the Class screen for a learner:\n%s", seq, s)
		}
		backHome(seq)
	}
}

func TestInstructorsFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "staff.keys")
	if err := os.WriteFile(bad, []byte("# staff\nssh-ed25519 AAAA\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadKeyList(bad, "--instructors"); err == nil || !strings.Contains(err.Error(), "staff.keys:2:") {
		t.Errorf("bad file: %v, want an error naming the line", err)
	}
	if _, err := loadKeyList(filepath.Join(dir, "missing"), "--instructors"); err == nil || !strings.Contains(err.Error(), "give --instructors a file") {
		t.Errorf("missing file: %v", err)
	}
}
