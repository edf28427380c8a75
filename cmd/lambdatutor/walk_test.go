package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestEndToEndWalk visits every screen of the real binary in tmux at 60x20
// (the advertised minimum), 100x30 and 200x50. On each it checks that no
// line is cut without "…" (a line that fills the whole width and does not
// end in "…" was cut by the terminal) and that every key of the screen is
// listed: under ? (in columns or pages), or in the footer of a screen that
// takes typed text.
func TestEndToEndWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test")
	}
	t.Parallel()
	bin := buildBinary(t)
	for _, size := range [][2]int{{60, 20}, {100, 30}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel()
			walk(t, bin, size[0], size[1])
		})
	}
}

// Keys each screen must list (the key column of its help).
var (
	globalKeys   = []string{"q/esc", "?", "ctrl+c"}
	homeKeys     = []string{"↑/k", "↓/j", "enter", "1-6", "q", "?", "ctrl+c"}
	listKeys     = []string{"↑/k", "↓/j", "enter", "/", "←/h/pgup", "→/l/pgdn"}
	readerKeys   = []string{"↑/k", "↓/j", "b/pgup", "space/pgdn", "g/home", "G/end", "]/tab", "[/shift+tab", "n", "p", "c"}
	exerciseKeys = []string{"1/2/3", "enter", "r", "↑/↓ pgup/pgdn", "t", "f", "h", "s", "x x", "e"}
	playKeys     = []string{"r", "n", "enter", "x", "+/-", "a", "v", "e", "s", "t", "↑/↓ pgup/pgdn", "c", "p", "C"}
	trainerKeys  = []string{"↑/↓", "←/→", "enter"}
	scrollKeys   = []string{"↑/↓ pgup/pgdn"}
	scaleKeys    = []string{"→", "←", "+", "-", "v", "M", "m", "a", "C", "c", "P", "p", "s"}
	// Screens that take typed text list their keys in the footer.
	editorFooter = []string{"esc stop editing", "ctrl+r", "ctrl+z undo", "tab indent", "ctrl+c quit"}
	quizFooter   = []string{"enter submit", "tab hint", "↑/↓ pgup/pgdn scroll", "esc end the session", "ctrl+c quit"}
)

func walk(t *testing.T, bin string, w, h int) {
	tm := newTmux(t)
	tm.start(bin+" --db "+filepath.Join(t.TempDir(), "progress.db"), w, h, "TERM=xterm-256color", "NO_COLOR=1")
	v := &visit{t: t, tm: tm, w: w}

	v.at("home", "lessons completed", homeKeys)
	// esc is "back" everywhere, but home has nothing to go back to: it
	// stays (q quits, at the end of the walk).
	tm.keys("Escape")
	v.at("home after esc", "lessons completed", nil)
	tm.keys("1")
	v.at("lesson list", "What AWS Lambda is", append(listKeys, globalKeys...))
	tm.keys("Enter")
	v.at("reader", "lesson 1 of ", append(readerKeys, globalKeys...))
	// The text keeps a reading width on a wide terminal, as glow does.
	lines := strings.Split(tm.screen(), "\n")
	for _, l := range lines[2 : len(lines)-3] {
		if n := ansi.StringWidth(strings.TrimRight(l, " ")); n > 100 {
			t.Errorf("%d wide: a lesson line of %d cells: %q", w, n, l)
		}
	}
	tm.keys("G")
	v.at("reader at the end", "100%", nil)
	tm.keys("q")
	v.at("lesson list again", "1. What AWS Lambda is", nil)
	tm.keys("q")
	v.at("home with Continue", "c  Continue", nil)

	tm.keys("2")
	v.at("exercise list", "solved", append(listKeys, globalKeys...))
	tm.keys("Enter")
	v.at("exercise task", "[1 Task]", append(exerciseKeys, globalKeys...))
	tm.keys("2")
	v.at("exercise code", "[2 Code", nil)
	tm.keys("Enter")
	v.footer("exercise editor", "(editing)", editorFooter)
	tm.keys("Escape")
	v.at("exercise code after editing", "[2 Code: index.js]", nil)
	tm.keys("r")
	v.at("exercise results", "[3 Results]", nil)
	tm.waitGone("Running the tests")
	v.at("exercise results", "[3 Results]", nil)
	tm.keys("q")
	v.at("exercise list again", "solved", nil)
	tm.keys("q")

	tm.keys("3")
	v.at("playground", "event hello-world", append(playKeys, globalKeys...))
	tm.keys("e")
	v.at("playground event", "Event hello-world", nil)
	tm.keys("e", "r")
	v.at("playground invoked", "#1  cold", nil)
	for i := 0; i < 8; i++ {
		tm.keys("PgDn")
		v.at("playground output", "Playground", nil)
	}
	if !strings.Contains(v.seen, "REPORT RequestId") || !strings.Contains(v.seen, "Cost of this invocation") {
		t.Errorf("pgdn never showed the REPORT line and the cost")
	}
	tm.keys("Enter")
	v.footer("playground editor", "(editing)", editorFooter)
	tm.keys("Escape")
	v.at("playground after editing", "── index.js\n", nil)
	// The Cloud pane: none without a project; the Orders example's table
	// and queues after an invoke, its SDK calls further down, C clears.
	tm.keys("c")
	v.at("playground cloud pane without a project", "No project file", nil)
	tm.keys("c", "s", "s", "s", "s", "s", "s")
	v.at("playground orders example", "with lambdatutor.yaml", nil)
	tm.keys("r")
	v.at("playground orders invoked", "ship-order via sqs", nil)
	tm.keys("c")
	v.at("playground cloud pane", "Orders (id:S) · 1 item", nil)
	for i := 0; i < 6; i++ {
		tm.keys("PgDn")
		v.at("playground cloud pane scrolled", "── Cloud", nil)
	}
	if !strings.Contains(v.seen, "ship-order  dynamodb:UpdateItem  table/Orders  allowed") {
		t.Errorf("%d wide: pgdn never showed the SDK calls in the Cloud pane", w)
	}
	tm.keys("C")
	v.at("playground cloud pane cleared", "Cloud state cleared", nil)
	tm.keys("p")
	v.at("playground project file", "── lambdatutor.yaml  (p: index.js)", nil)
	tm.keys("q")

	tm.keys("4")
	v.at("trainer", "Drill Lambda", append(trainerKeys, globalKeys...))
	tm.keys("Enter")
	v.footer("quiz question", "Question 1 of", quizFooter)
	// The question is drawn at random: "a" answers a single or multi
	// question; a numeric one refuses it and is told "1", an order question
	// refuses it and is given the example order its message shows, and a
	// free answer is then graded by the learner.
	tm.keys("a", "Enter")
	s := tm.stable()
	switch example := regexp.MustCompile(`like "([a-z ]+)"`).FindStringSubmatch(s); {
	case strings.Contains(s, "is not a number"):
		tm.keys("BSpace", "1", "Enter")
	case example != nil:
		tm.keys("BSpace")
		tm.keys(example[1], "Enter")
	case strings.Contains(s, "grade yourself"):
		tm.keys("3")
	}
	v.at("quiz after an answer", "enter next question", nil)
	tm.keys("Escape")
	v.at("debrief", "Session ended.", append(scrollKeys, globalKeys...))
	tm.keys("q")
	v.at("trainer again", "Drill Lambda", nil)
	tm.keys("q")

	tm.keys("5")
	v.at("progress", "Lessons: 0 of ", append(scrollKeys, globalKeys...))
	tm.keys("q")

	tm.keys("6")
	v.at("scale", "invocations", append(scaleKeys, globalKeys...))
	tm.keys("v")
	v.at("scale, other charts", "Cold starts per", nil)
	tm.keys("q")
	v.at("home at the end", "c  Continue", nil)
	tm.keys("q")
	tm.waitExit()
}

// visit checks screens of one walk; seen collects every screen shown.
type visit struct {
	t    *testing.T
	tm   *tmux
	w    int
	seen string
}

// at waits for the screen to show want, checks it for cut lines and, when
// keys is set, opens ? and checks every key is listed.
func (v *visit) at(name, want string, keys []string) {
	v.t.Helper()
	v.tm.waitFor(strings.TrimSuffix(want, "\n"))
	s := v.tm.stable()
	v.seen += s
	v.checkCut(name, s)
	if keys == nil {
		return
	}
	v.tm.keys("?")
	list := v.tm.waitFor("All keys")
	list = v.tm.stable()
	v.checkCut(name+" ?", list)
	// Turn every page of the list.
	for page := regexp.MustCompile(`page (\d+) of (\d+)`); ; {
		// The last page line seen: list keeps every page shown so far.
		all := page.FindAllStringSubmatch(list, -1)
		if len(all) == 0 {
			break
		}
		m := all[len(all)-1]
		if m[1] == m[2] {
			break
		}
		v.tm.keys("Right")
		next := fmt.Sprintf("page %d of", atoi(m[1])+1)
		v.tm.waitFor(next)
		s := v.tm.stable()
		v.checkCut(name+" ? "+next, s)
		list += s
	}
	for _, k := range keys {
		if !regexp.MustCompile(`(?m)^\s+`+regexp.QuoteMeta(k)+`\s`).MatchString(list) &&
			!regexp.MustCompile(`\s{2}`+regexp.QuoteMeta(k)+`\s{2}`).MatchString(list) {
			v.t.Errorf("%d wide, %s: ? does not list %q:\n%s", v.w, name, k, list)
		}
	}
	v.tm.keys("?")
	v.tm.waitGone("All keys")
}

// footer checks a screen that takes typed text: its footer lists every key.
func (v *visit) footer(name, want string, keys []string) {
	v.t.Helper()
	v.tm.waitFor(want)
	s := v.tm.stable()
	v.seen += s
	v.checkCut(name, s)
	for _, k := range keys {
		if !strings.Contains(s, k) {
			v.t.Errorf("%d wide, %s: the footer does not list %q:\n%s", v.w, name, k, s)
		}
	}
}

// checkCut reports lines that fill the whole width without ending in "…":
// the screens keep their text one column short of the edge, so such a line
// was cut. Rules (─) are drawn across on purpose.
func (v *visit) checkCut(name, screen string) {
	v.t.Helper()
	for i, l := range strings.Split(screen, "\n") {
		l = strings.TrimRight(l, " ")
		if ansi.StringWidth(l) < v.w || strings.HasSuffix(l, "…") || strings.Trim(l, "─│╭╮╰╯ ") == "" {
			continue
		}
		v.t.Errorf("%d wide, %s: line %d is cut without …: %q\n%s", v.w, name, i, l, screen)
	}
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}

// waitGone polls the screen until it no longer contains s.
func (tm *tmux) waitGone(s string) {
	tm.t.Helper()
	for i := 0; i < 400; i++ {
		if !strings.Contains(tm.screen(), s) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("the screen still shows %q:\n%s", s, tm.screen())
}
