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

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/progress"
)

// run executes the command line against a database in a temp dir and returns
// stdout, stderr and the exit code.
func run(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := &Factory{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(k string) string {
		if k == "LAMBDATUTOR_DB" {
			return db
		}
		return ""
	}}
	code := Execute(context.Background(), f, "1.2.3", args)
	return out.String(), errOut.String(), code
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "progress.db") }

// lessonTotal is the number of embedded lessons, which progress lines count
// against ("0 of N lessons completed").
func lessonTotal(t *testing.T) int {
	t.Helper()
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	return cat.Len()
}

func TestLessonsList(t *testing.T) {
	db := tempDB(t)
	out, errOut, code := run(t, db, "lessons")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"ID", "TITLE", "cold-starts", "Cold starts", fmt.Sprintf("0 of %d lessons completed", lessonTotal(t))} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("plain output has escape sequences")
	}
	out, _, code = run(t, db, "lessons", "--json")
	var ls []lessonJSON
	if code != 0 || json.Unmarshal([]byte(out), &ls) != nil || len(ls) != lessonTotal(t) || ls[0].ID != "what-is-lambda" {
		t.Fatalf("--json: exit %d, %d lessons\n%s", code, len(ls), out)
	}
}

func TestLessonShow(t *testing.T) {
	db := tempDB(t)
	out, _, code := run(t, db, "lessons", "show", "pricing")
	if code != 0 || !strings.HasPrefix(out, "# Pricing") || !strings.Contains(out, "## Sources") {
		t.Fatalf("exit %d:\n%.300s", code, out)
	}
	_, errOut, code := run(t, db, "lessons", "show", "cold-start")
	if code == 0 || !strings.Contains(errOut, `did you mean "cold-starts"?`) {
		t.Errorf("unknown id: exit %d, stderr %q", code, errOut)
	}
	out, _, code = run(t, db, "lessons", "show", "cold-starts", "--json")
	var j struct {
		ID       string `json:"id"`
		Sections []struct{ Title string }
		Markdown string
	}
	if code != 0 || json.Unmarshal([]byte(out), &j) != nil || j.ID != "cold-starts" || len(j.Sections) < 3 {
		t.Errorf("--json: exit %d: %.200s", code, out)
	}
}

func TestProgressExportImportReset(t *testing.T) {
	db := tempDB(t)
	dir := t.TempDir()
	// Record some progress through the store, as the TUI would.
	f := &Factory{Getenv: func(string) string { return "" }, DBPath: db}
	s, u, err := f.LocalUser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.SavePosition(ctx, u.ID, "cold-starts", 12); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCompleted(ctx, u.ID, "pricing", true); err != nil {
		t.Fatal(err)
	}
	f.Close()

	out, _, code := run(t, db, "progress")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("1 of %d completed", lessonTotal(t))) || !strings.Contains(out, "Last read: Cold starts") {
		t.Fatalf("summary exit %d:\n%s", code, out)
	}
	backup := filepath.Join(dir, "backup.json")
	if _, e, code := run(t, db, "progress", "export", backup); code != 0 {
		t.Fatalf("export: %s", e)
	}
	if _, e, code := run(t, db, "progress", "reset"); code == 0 || !strings.Contains(e, "--yes") {
		t.Errorf("reset without --yes: exit %d %q", code, e)
	}
	if _, e, code := run(t, db, "progress", "reset", "--yes"); code != 0 {
		t.Fatalf("reset: %s", e)
	}
	out, _, _ = run(t, db, "progress")
	if !strings.Contains(out, fmt.Sprintf("0 of %d completed", lessonTotal(t))) {
		t.Errorf("after reset:\n%s", out)
	}

	// Broken files change nothing.
	bad := map[string]string{
		"not json":        "{lessons",
		"wrong format":    `{"format":"other","version":1,"lessons":[]}`,
		"unknown lesson":  strings.Replace(readFile(t, backup), `"cold-starts"`, `"cold-start"`, -1),
		"negative offset": strings.Replace(readFile(t, backup), `"offset": 12`, `"offset": -1`, 1),
	}
	for name, content := range bad {
		p := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		before, _, _ := run(t, db, "progress", "export")
		_, e, code := run(t, db, "progress", "import", p)
		if code == 0 || !strings.Contains(e, "nothing was changed") {
			t.Errorf("%s: exit %d, stderr %q", name, code, e)
		}
		after, _, _ := run(t, db, "progress", "export")
		if stripTime(before) != stripTime(after) {
			t.Errorf("%s: a failed import changed progress", name)
		}
	}

	out, e, code := run(t, db, "progress", "import", backup)
	if code != 0 || !strings.Contains(out, "Imported 2 lesson records (1 completed)") {
		t.Fatalf("import: exit %d %s %s", code, out, e)
	}
	out, _, _ = run(t, db, "progress")
	if !strings.Contains(out, fmt.Sprintf("1 of %d completed", lessonTotal(t))) || !strings.Contains(out, "Last read: Cold starts") {
		t.Errorf("after import:\n%s", out)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stripTime drops the export time, which differs between two exports.
func stripTime(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, `"exported_at"`) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func TestUnwritableDB(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(file, "progress.db")
	_, e, code := run(t, db, "lessons")
	if code == 0 || !strings.Contains(e, db) || !strings.Contains(e, "--db") {
		t.Errorf("exit %d, stderr %q", code, e)
	}
}

func TestVersionAndCompletion(t *testing.T) {
	db := tempDB(t)
	out, _, code := run(t, db, "--version")
	if code != 0 || out != "lambdatutor 1.2.3\n" {
		t.Errorf("--version: %d %q", code, out)
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		out, e, code := run(t, db, "completion", sh)
		if code != 0 || !strings.Contains(out, "lambdatutor") {
			t.Errorf("completion %s: exit %d %s", sh, code, e)
		}
	}
	if _, _, code := run(t, db, "completion", "powershell2"); code == 0 {
		t.Error("completion accepted an unknown shell")
	}
}

// TestEveryCommandHasAnExample walks the command tree: every command's help
// shows at least one example line.
func TestEveryCommandHasAnExample(t *testing.T) {
	root := NewRoot(&Factory{Getenv: func(string) string { return "" }}, "x", nil)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%q has no example", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func TestTUINeedsATerminal(t *testing.T) {
	_, e, code := run(t, tempDB(t))
	if code == 0 || !strings.Contains(e, "needs an interactive terminal") {
		t.Errorf("exit %d, stderr %q", code, e)
	}
}

// TestLessonShowRawCitesURLs: --raw ends with the Sources section, each
// source with its URL, and cites no file outside the repository.
func TestLessonShowRawCitesURLs(t *testing.T) {
	out, _, code := run(t, tempDB(t), "lessons", "show", "python-subset", "--raw")
	_, sources, ok := strings.Cut(out, "\n## Sources\n")
	if code != 0 || !ok || strings.Contains(out, "FACTS.md") || strings.Contains(out, "shared/") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(sources), "\n- ") {
		if !strings.Contains(line, "https://") {
			t.Errorf("source without a URL: %q", line)
		}
	}
}

// TestProgressExportImportCode: the export carries the code drafts and the
// exercise attempt log, and import restores them and says what it
// imported, exercises included (issue 10 item 20).
func TestProgressExportImportCode(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	f := &Factory{Getenv: func(string) string { return "" }, DBPath: db}
	s, u, err := f.LocalUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetCompleted(ctx, u.ID, "pricing", true); err != nil {
		t.Fatal(err)
	}
	for _, passed := range []bool{false, true} {
		if _, err := s.RecordExerciseAttempt(ctx, u.ID, progress.ExerciseAttempt{ExerciseID: "hello-world", Runtime: "node", Passed: passed, TestsTotal: 3}); err != nil {
			t.Fatal(err)
		}
	}
	drafts := map[progress.DraftKey]string{
		{Kind: "exercise", Name: "sqs-partial-batch", Runtime: "python"}: "def lambda_handler(event, context):\n    return {}\n",
		{Kind: "playground", Name: "hello", Runtime: "node"}:             "exports.handler = async () => 'mine';\n",
	}
	for k, code := range drafts {
		if err := s.SaveDraft(ctx, u.ID, k, code); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()

	backup := filepath.Join(t.TempDir(), "backup.json")
	if _, e, code := run(t, db, "progress", "export", backup); code != 0 {
		t.Fatalf("export: %s", e)
	}
	exported := readFile(t, backup)
	for _, want := range []string{`"drafts": [`, `"code": "exports.handler = async () => 'mine';\n"`, `"exercise_attempts": [`, `"passed": true`} {
		if !strings.Contains(exported, want) {
			t.Errorf("export lacks %s:\n%s", want, exported)
		}
	}
	if _, e, code := run(t, db, "progress", "reset", "--yes"); code != 0 {
		t.Fatalf("reset: %s", e)
	}
	out, e, code := run(t, db, "progress", "import", backup)
	want := "Imported 1 lesson record (1 completed) from " + backup + ".\n" +
		"Imported 0 quiz reviews and 0 quiz cards.\n" +
		"Imported 1 exercise record (1 solved) and 2 check runs.\n" +
		"Imported 2 code drafts.\n"
	if code != 0 || out != want {
		t.Fatalf("import: exit %d %s\n%s\nwant\n%s", code, e, out, want)
	}
	f = &Factory{Getenv: func(string) string { return "" }, DBPath: db}
	defer f.Close()
	s, u, err = f.LocalUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k, code := range drafts {
		if got, ok, err := s.Draft(ctx, u.ID, k); err != nil || !ok || got != code {
			t.Errorf("draft %+v after import: %q %v %v", k, got, ok, err)
		}
	}
	if as, err := s.ExerciseAttempts(ctx, u.ID, "hello-world"); err != nil || len(as) != 2 || !as[1].Passed {
		t.Errorf("attempt log after import: %+v %v", as, err)
	}
}
