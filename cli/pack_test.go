package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// examplePack is the example content pack of the repository.
const examplePack = "../examples/packs/skyrail"

// brokenPack copies the example pack and gives one numeric answer a value
// its compute block disagrees with.
func brokenPack(t *testing.T) (dir, finding string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "skyrail")
	if err := os.CopyFS(dir, os.DirFS(examplePack)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "bank", "budgets-and-defaults.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte("answer: 5.40"), []byte("answer: 5.90"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, p + ":"
}

func TestPackLint(t *testing.T) {
	db := tempDB(t)
	out, errOut, code := run(t, db, "pack", "lint", examplePack, "--static")
	if code != 0 || !strings.Contains(out, `pack "skyrail"`) || !strings.Contains(out, "3 lessons, 20 questions, 2 exercises; no problems") {
		t.Errorf("clean pack: exit %d\n%s%s", code, out, errOut)
	}

	dir, where := brokenPack(t)
	out, errOut, code = run(t, db, "pack", "lint", dir, "--static")
	if code != 1 || !strings.HasPrefix(out, where) || !strings.Contains(out, "numeric.answer is 5.9 ± 0.01, but its compute block (monthly_cost) gives 5.4") ||
		!strings.Contains(errOut, "1 problem(s) in the content pack") {
		t.Errorf("broken pack: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	out, _, code = run(t, db, "pack", "lint", dir, "--static", "--json")
	var j packLintJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != 1 || j.OK || len(j.Findings) != 1 || j.Findings[0].Line == 0 || !strings.HasPrefix(where, j.Findings[0].Path) {
		t.Errorf("--json: exit %d, %v\n%s", code, err, out)
	}

	for _, args := range [][]string{{"pack", "lint"}, {"pack", "lint", filepath.Join(t.TempDir(), "missing")}, {"pack", "lint", filepath.Join(examplePack, "pack.yaml")}} {
		if _, errOut, code := run(t, db, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage): %s", args, code, errOut)
		}
	}
}

// TestPackContentProgress loads the example pack with --pack and keeps
// progress on its lessons, questions and exercises in a real SQLite file,
// read back by later commands.
func TestPackContentProgress(t *testing.T) {
	db := tempDB(t)
	pk := []string{"--pack", examplePack}

	// A lesson of the pack, completed, as the reader does.
	s, err := progress.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.EnsureUser(context.Background(), progress.LocalUserKey, "learner")
	if err == nil {
		err = s.SetCompleted(context.Background(), u.ID, "skyrail/naming-and-tags", true)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, db, append(pk, "lessons", "--json")...)
	var ls []lessonJSON
	if err := json.Unmarshal([]byte(out), &ls); err != nil || code != 0 {
		t.Fatalf("lessons --json: exit %d, %v\n%s", code, err, errOut)
	}
	found := false
	for _, l := range ls {
		if l.ID == "skyrail/naming-and-tags" {
			found = l.Completed && l.Pack == "Lambda at Skyrail Freight: our deployment conventions" && l.Order == ls[len(ls)-3].Order
		}
	}
	if !found {
		t.Errorf("the pack lesson is not listed completed, with its pack, after the built-in ones:\n%s", out)
	}
	if out, _, code := run(t, db, append(pk, "lessons", "show", "skyrail/releases-with-aliases")...); code != 0 || !strings.Contains(out, "The live alias") {
		t.Errorf("lessons show: exit %d\n%s", code, out)
	}

	// An exercise of the pack, solved in a workspace.
	ws := filepath.Join(t.TempDir(), "ws")
	if _, errOut, code := run(t, db, append(pk, "exercises", "init", ws, "--runtime", "node")...); code != 0 {
		t.Fatalf("exercises init: %s", errOut)
	}
	sol, err := os.ReadFile(filepath.Join(examplePack, "exercises", "01-check-tags", "node", "solution", "index.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "skyrail", "01-check-tags", "index.js"), sol, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := run(t, db, append(pk, "exercises", "check", "skyrail/check-tags", "--dir", ws)...); code != 0 || !strings.Contains(out, "Solved") {
		t.Fatalf("exercises check: exit %d\n%s%s", code, out, errOut)
	}

	// The pack's questions of one topic, answered in the plain quiz. Each
	// line is tried until one is accepted: a letter, a number, an order,
	// a self-grade.
	answers := strings.Repeat("a\n10\na b c d\n3\n", 12)
	if out, errOut, code := runIn(t, db, answers, append(pk, "quiz", "--plain", "--topic", "skyrail/releases-with-aliases", "--count", "3", "--seed", "7")...); code != 0 {
		t.Fatalf("quiz: exit %d\n%s%s", code, out, errOut)
	}

	// The export carries the pack's ids; importing it needs the pack.
	export := filepath.Join(t.TempDir(), "export.json")
	if _, errOut, code := run(t, db, append(pk, "progress", "export", export)...); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	if _, errOut, code := run(t, tempDB(t), "progress", "import", export); code != 1 || !strings.Contains(errOut, "skyrail/naming-and-tags; nothing was changed (ids like pack/lesson come from a content pack: import with `--pack DIR`") {
		t.Errorf("import without the pack: exit %d: %s", code, errOut)
	}
	if _, errOut, code := run(t, tempDB(t), append(pk, "progress", "import", export)...); code != 0 {
		t.Errorf("import with the pack: exit %d: %s", code, errOut)
	}

	out, errOut, code = run(t, db, append(pk, "progress", "--json")...)
	var p struct {
		Completed []struct{ ID string } `json:"completed"`
		Quiz      struct {
			Answered int `json:"answered"`
			Topics   []struct {
				Topic    string `json:"topic"`
				Answered int    `json:"answered"`
			} `json:"topics"`
		} `json:"quiz"`
		Exercises struct {
			Total, Solved int
		} `json:"exercises"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil || code != 0 {
		t.Fatalf("progress --json: exit %d, %v\n%s%s", code, err, out, errOut)
	}
	topic := 0
	for _, tp := range p.Quiz.Topics {
		if tp.Topic == "skyrail/releases-with-aliases" {
			topic = tp.Answered
		}
	}
	if len(p.Completed) != 1 || p.Completed[0].ID != "skyrail/naming-and-tags" || p.Quiz.Answered != 3 || topic != 3 || p.Exercises.Solved != 1 || p.Exercises.Total < 20 {
		t.Errorf("progress on pack content: %+v\n%s", p, out)
	}
}

// TestBrokenPackRefusedAtStart: a pack with a finding stops every command
// that loads content, serve included, with the finding; nothing runs
// half-loaded.
func TestBrokenPackRefusedAtStart(t *testing.T) {
	dir, where := brokenPack(t)
	for _, args := range [][]string{
		{"--pack", dir, "lessons"},
		{"--pack", dir, "exercises"},
		{"serve", "--pack", dir, "--listen", "127.0.0.1:0", "--host-key", filepath.Join(t.TempDir(), "key")},
	} {
		out, errOut, code := run(t, tempDB(t), args...)
		if code != 1 || !strings.Contains(errOut, "is refused") || !strings.Contains(errOut, where) || out != "" {
			t.Errorf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, out, errOut)
		}
	}
	// A folder that does not exist is a mistake on the command line.
	if _, errOut, code := run(t, tempDB(t), "--pack", filepath.Join(t.TempDir(), "nope"), "lessons"); code != 2 || !strings.Contains(errOut, "give the folder that holds pack.yaml") {
		t.Errorf("missing pack folder: exit %d: %s", code, errOut)
	}
}

// TestServePack serves the tutor with the example pack: a learner over SSH
// sees the pack's lessons and exercises beside the built-in ones.
func TestServePack(t *testing.T) {
	dir := t.TempDir()
	addr, _, _ := startServe(t, map[string]string{"LAMBDATUTOR_DB": filepath.Join(dir, "class.db")},
		"--host-key", filepath.Join(dir, "host"), "--pack", examplePack)
	key, err := sshtest.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	term, err := sshtest.Dial(addr, sshtest.Options{User: "ana", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	if _, err := term.WaitFor(10*time.Second, fmt.Sprintf("%d lessons, from the basics", lessonTotal(t)+3)); err != nil {
		t.Fatal(err)
	}
	if err := term.Press("2"); err != nil {
		t.Fatal(err)
	}
	// The built-in exercises and the pack's two.
	builtin, err := exercises.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.WaitFor(10*time.Second, fmt.Sprintf("0 of %d solved", builtin.Len()+2)); err != nil {
		t.Fatal(err)
	}
}

// TestPackIDsComplete: the shell completes pack ids wherever an id is
// typed (cobra parses --pack twice while completing; one pack it stays).
func TestPackIDsComplete(t *testing.T) {
	db := tempDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "--pack", examplePack, "lessons", "show", "skyrail/r"}, "skyrail/releases-with-aliases\tReleases with versions and the live alias"},
		{[]string{"__complete", "--pack", examplePack, "exercises", "check", "sky"}, "skyrail/check-tags\tThe pipeline's tag check"},
		{[]string{"__complete", "--pack", examplePack, "quiz", "--topic", "skyrail/b"}, "skyrail/budgets-and-defaults\tOur defaults for memory, timeout and architecture"},
	} {
		out, errOut, code := run(t, db, tc.args...)
		if code != 0 || !strings.HasPrefix(out, tc.want+"\n") {
			t.Errorf("%v: exit %d\n%s%s", tc.args, code, out, errOut)
		}
	}
}

// TestPackInClass: with --pack, a course plan may assign the pack's
// lessons, exercises and topics, and class report lists them.
func TestPackInClass(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(plan, []byte("assignments:\n  - lesson: skyrail/naming-and-tags\n    due: 2026-12-10\n  - exercise: skyrail/check-tags\n    due: 2026-12-11\n  - topic: skyrail/budgets-and-defaults\n    due: 2026-12-12\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "class.db")
	s, err := progress.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.EnsureUser(ctx, "SHA256:adaadaadaadaadaada", "ada"); err != nil {
		t.Fatal(err)
	}
	// Without the pack the plan names content the tutor does not have.
	if err := loadPlan(ctx, s, plan, nil); err == nil || !strings.Contains(err.Error(), "skyrail/naming-and-tags") {
		t.Errorf("plan without the pack: %v", err)
	}
	f := &Factory{Packs: []string{examplePack}}
	c, err := f.ClassContent()
	if err != nil {
		t.Fatal(err)
	}
	if err := loadPlan(ctx, s, plan, c); err != nil {
		t.Fatalf("plan with the pack: %v", err)
	}
	s.Close()

	out, errOut, code := run(t, db, "--pack", examplePack, "class", "report")
	if code != 0 {
		t.Fatalf("class report: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"skyrail/check-tags", "skyrail/naming-and-tags", "due 2026-12-10"} {
		if !strings.Contains(out, want) {
			t.Errorf("class report lacks %q:\n%s", want, out)
		}
	}
}
