package report

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/progress"
)

// Values planted in the database (by an old import, or another program)
// with escape codes are printed without them: `lambdatutor progress` must
// not let a file retitle the terminal, clear the screen or hide text.
func TestReportStripsEscapeCodes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := progress.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.EnsureUser(ctx, "local", "ada")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	evil := "evil\x1b]0;owned\x07\x1b[2J\x1b[8mhidden\x1b[0m\r\u202eid"
	now := time.Now().UTC().Format(time.RFC3339)
	for _, q := range []string{
		`INSERT INTO lesson_records (user_id, lesson_id, scroll_offset, completed_at) VALUES (?, ?, 0, ?)`,
	} {
		if _, err := raw.Exec(q, u.ID, evil, now); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(ctx, s, cat, u, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	text := r.Text()
	if strings.ContainsAny(text, "\x1b\x07\r\u202e") {
		t.Errorf("the report holds escape or control characters:\n%q", text)
	}
	if !strings.Contains(text, "evilhiddenid") {
		t.Errorf("the report lost the printable part of the id:\n%q", text)
	}
}
