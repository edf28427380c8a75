package sshserver

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// pasteLines is n lines of code, the last one marked.
func pasteLines(n int) string {
	var b strings.Builder
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(&b, "const v%d = %d; // pasted line\r", i, i)
	}
	b.WriteString("const LAST_LINE_MARK = 1;")
	return b.String()
}

// TestLargePastesKeepTheSessionResponsive: in the playground's editor, a
// 22 KB paste without bracketed paste goes in whole; a 1 MB paste, without
// and with bracketed paste, is refused with the editor's limit named as
// the tutor's own, and the session answers the next keys at once with
// nothing typed before lost. (Before, a 22 KB paste took minutes and a
// 1 MB one froze the session.)
func TestLargePastesKeepTheSessionResponsive(t *testing.T) {
	t.Parallel()
	ts := startServer(t, Config{})
	term := dial(t, ts.addr, sshtest.Options{Key: newKey(t), Width: 120, Height: 40})
	waitFor(t, term, "lessons completed")
	press(t, term, "3")
	waitFor(t, term, "Playground")
	press(t, term, sshtest.Enter)
	waitFor(t, term, "(editing)")

	start := time.Now()
	defer func() { t.Logf("phases: %v", time.Since(start)) }()
	small := pasteLines(22 << 10 / 36)
	press(t, term, small)
	waitFor(t, term, "LAST_LINE_MARK")

	// Without bracketed paste, the text arrives as keys: the parts that
	// fit go in, the rest is refused, and undo takes the parts back.
	huge := strings.Repeat("const big = 'a line of a huge paste';\r", (1<<20)/39)
	t.Logf("22 KB paste in: %v", time.Since(start))
	press(t, term, huge)
	screen := waitFor(t, term, "lambdatutor limit, not Lambda's")
	if !strings.Contains(screen, "256 KB") {
		t.Errorf("the limit message does not name the limit:\n%s", screen)
	}
	for i := 0; i < 8; i++ {
		press(t, term, "\x1a") // ctrl+z
	}
	t.Logf("1 MB as keys refused: %v", time.Since(start))
	press(t, term, "TYPED1")
	waitFor(t, term, "TYPED1")
	t.Logf("typed after undo: %v", time.Since(start))

	// With bracketed paste it is one paste, refused as a whole.
	press(t, term, sshtest.Esc)
	waitFor(t, term, "── index.js ")
	press(t, term, sshtest.Enter)
	waitFor(t, term, "(editing)")
	press(t, term, "\x1b[200~"+huge+"\x1b[201~")
	if s, err := term.WaitFor(40*time.Second, "this would make 1."); err != nil {
		t.Fatalf("%v\n%s", err, s)
	} // MB: the whole paste
	t.Logf("1 MB bracketed refused: %v", time.Since(start))
	press(t, term, "TYPED2")
	waitFor(t, term, "TYPED1TYPED2")
	// Leaving the editor works at once.
	press(t, term, sshtest.Esc)
	waitFor(t, term, "── index.js ")
}
