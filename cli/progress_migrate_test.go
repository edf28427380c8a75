package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/progress/pgtest"
)

// TestProgressMigrate moves a class's SQLite file into PostgreSQL with
// `progress migrate`, then reads the learner's progress there through
// LAMBDATUTOR_DB and --db set to the URL.
func TestProgressMigrate(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "class.db")
	s, err := progress.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.EnsureUser(ctx, progress.LocalUserKey, "ada")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetCompleted(ctx, u.ID, "pricing", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SavePosition(ctx, u.ID, "cold-starts", 17); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"SHA256:a", "SHA256:b"} {
		if _, err := s.EnsureUser(ctx, k, "learner"); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	url := pgtest.DB(t)
	out, errOut, code := run(t, "", "progress", "migrate", "--from", file, "--to", url, "--json")
	if code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, errOut)
	}
	var got migrateJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Users != 3 || got.Rows["lesson_records"] != 2 || got.From != file || got.To != url {
		t.Errorf("migrate --json = %+v", got)
	}

	out, errOut, code = run(t, url, "progress")
	if code != 0 || !strings.Contains(out, "("+url+")") || !strings.Contains(out, "Pricing") {
		t.Errorf("progress on PostgreSQL through LAMBDATUTOR_DB: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = run(t, "", "--db", url, "progress", "export")
	if code != 0 || !strings.Contains(out, `"offset": 17`) || !strings.Contains(out, `"last_lesson": "cold-starts"`) {
		t.Errorf("progress export on PostgreSQL through --db: exit %d\n%s%s", code, out, errOut)
	}

	// A second run copies nothing and says why.
	_, errOut, code = run(t, "", "progress", "migrate", "--from", file, "--to", url)
	if code == 0 || !strings.Contains(errOut, "already has learners with the same keys") || !strings.Contains(errOut, "nothing was copied") {
		t.Errorf("second migrate: exit %d: %s", code, errOut)
	}
	// Mistakes get a clear error.
	for args, want := range map[string]string{
		"--to " + url:                          "needs both --from",
		"--from " + file + "x --to " + url:     "there is no progress database file there",
		"--from " + url + " --to " + url:       "are the same database",
		"--from " + file + " --to postgres://": "",
	} {
		_, errOut, code := run(t, "", append([]string{"progress", "migrate"}, strings.Fields(args)...)...)
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("migrate %s: exit %d: %s; want an error with %q", args, code, errOut, want)
		}
	}
}

func TestProgressMigrateText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	from, to := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	s, err := progress.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnsureUser(ctx, "SHA256:x", "x"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	out, errOut, code := run(t, "", "progress", "migrate", "--from", from, "--to", to)
	if code != 0 || out != "Copied 1 learners\nfrom "+from+"\ninto "+to+"\n" {
		t.Errorf("exit %d: %q %s", code, out, errOut)
	}
}
