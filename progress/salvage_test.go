package progress

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// damagedDB writes a progress database with n lesson records, then
// overwrites pages in the middle of the file with garbage, as a failing
// disk would. It returns the path and the user id.
func damagedDB(t *testing.T, n int) (string, int64) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "progress.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	u := mustUser(t, s, LocalUserKey, "ada")
	for i := 0; i < n; i++ {
		if err := s.SavePosition(ctx, u.ID, fmt.Sprintf("lesson-%05d-%s", i, strings.Repeat("x", 60)), i); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("the WAL was not checkpointed at close")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(b) / page
	for p := pages / 2; p < pages/2+2; p++ {
		for i := p * page; i < (p+1)*page; i++ {
			b[i] = 0xA5
		}
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, u.ID
}

// The advice printed for a damaged database works: `progress salvage`
// copies every row that can be read into a new file that then opens and
// exports.
func TestSalvageDamagedDatabase(t *testing.T) {
	ctx := context.Background()
	const n = 3000
	path, uid := damagedDB(t, n)
	s, err := Open(path)
	if err == nil {
		_, err = s.Export(ctx, uid)
		s.Close()
	}
	if err == nil {
		t.Fatal("the damaged database exported without an error; the test did not damage it")
	}
	wantErr(t, err, "is damaged", "progress salvage")
	if strings.Contains(err.Error(), "progress export`") {
		t.Errorf("the advice still suggests export, which fails the same way: %v", err)
	}

	out := filepath.Join(t.TempDir(), "salvaged.db")
	rep, err := Salvage(ctx, path, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("salvaged %v, damaged tables %v, skipped %d", rep.Rows, rep.Damaged, rep.Skipped)
	if rep.Rows["users"] != 1 || rep.Rows["lesson_records"] < n*8/10 || rep.Rows["lesson_records"] >= n {
		t.Errorf("salvaged %v; want the user and most (but, with the damage, not all) of the %d lesson records", rep.Rows, n)
	}
	if len(rep.Damaged) == 0 {
		t.Error("no table is reported damaged")
	}
	s2, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	u, err := s2.EnsureUser(ctx, LocalUserKey, "ada")
	if err != nil || u.ID != uid {
		t.Fatalf("user in the salvaged file: %+v, %v", u, err)
	}
	e, err := s2.Export(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Lessons) != rep.Rows["lesson_records"] {
		t.Errorf("the salvaged file exports %d lesson records, want %d", len(e.Lessons), rep.Rows["lesson_records"])
	}

	if _, err := Salvage(ctx, path, out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("salvage into an existing file: %v", err)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	if _, err := rawDB(t, other).Exec("PRAGMA application_id = 1234; CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	if _, err := Salvage(ctx, other, filepath.Join(t.TempDir(), "x.db")); err == nil || !errors.Is(err, err) || !strings.Contains(err.Error(), "not a lambdatutor progress database") {
		t.Errorf("salvage of another program's file: %v", err)
	}
}
