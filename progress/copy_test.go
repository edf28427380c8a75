package progress

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestCopyAll copies a SQLite class database into the backend under test
// (PostgreSQL on the PostgreSQL run: `progress migrate`), then checks that
// every learner's progress, attempt log and drafts arrived, and that a
// second copy is refused and changes nothing.
func TestCopyAll(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	src, err := Open(filepath.Join(t.TempDir(), "class.db"), WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	keys := []string{LocalUserKey, "SHA256:ada", "SHA256:bob"}
	for i, k := range keys {
		u := mustUser(t, src, k, "learner"+k)
		if i == 2 {
			continue // bob has no progress at all
		}
		seed(t, src, c, u.ID)
		seedQuiz(t, src, c, u.ID)
		for j := range 3 {
			if _, err := src.RecordExerciseAttempt(ctx, u.ID, ExerciseAttempt{ExerciseID: "hello", Runtime: "python", Passed: j == 2, TestsPassed: j, TestsTotal: 2}); err != nil {
				t.Fatal(err)
			}
			c.advance(time.Second)
		}
		if err := src.SaveDraft(ctx, u.ID, DraftKey{Kind: "playground", Name: "s3", Runtime: "node"}, "exports.handler = async () => "+k); err != nil {
			t.Fatal(err)
		}
		if err := src.SetSetting(ctx, u.ID, SettingExerciseRuntime, "python"); err != nil {
			t.Fatal(err)
		}
	}
	dst, err := Open(testDB(t, "shared.db"), WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	mustUser(t, dst, "SHA256:already-here", "")

	stats, err := CopyAll(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	want := CopyStats{Users: 3, Rows: map[string]int{"lesson_records": 6, "quiz_cards": 4, "quiz_reviews": 6,
		"exercise_records": 2, "exercise_attempts": 6, "drafts": 2, "settings": 2}}
	if !reflect.DeepEqual(stats, want) {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	for _, k := range keys {
		su := mustUser(t, src, k, "")
		du := mustUser(t, dst, k, "")
		if du.Name != su.Name || !du.CreatedAt.Equal(su.CreatedAt) {
			t.Errorf("user %q: %+v, want %+v", k, du, su)
		}
		se, err := src.Export(ctx, su.ID)
		if err != nil {
			t.Fatal(err)
		}
		de, err := dst.Export(ctx, du.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(se, de) {
			t.Errorf("user %q differs after the copy:\n%+v\nwant\n%+v", k, de, se)
		}
		sa, _ := src.ExerciseAttempts(ctx, su.ID, "hello")
		da, _ := dst.ExerciseAttempts(ctx, du.ID, "hello")
		if !reflect.DeepEqual(sa, da) {
			t.Errorf("user %q: attempts %+v, want %+v", k, da, sa)
		}
		dk := DraftKey{Kind: "playground", Name: "s3", Runtime: "node"}
		scode, sok, _ := src.Draft(ctx, su.ID, dk)
		dcode, dok, _ := dst.Draft(ctx, du.ID, dk)
		if scode != dcode || sok != dok {
			t.Errorf("user %q: draft %q %v, want %q %v", k, dcode, dok, scode, sok)
		}
		sv, sok, _ := src.Setting(ctx, su.ID, SettingExerciseRuntime)
		dv, dok, _ := dst.Setting(ctx, du.ID, SettingExerciseRuntime)
		if sv != dv || sok != dok {
			t.Errorf("user %q: setting %q %v, want %q %v", k, dv, dok, sv, sok)
		}
	}

	// Again: every key is there now, so nothing is copied.
	before, _ := dst.Export(ctx, mustUser(t, dst, "SHA256:ada", "").ID)
	_, err = CopyAll(ctx, src, dst)
	wantErr(t, err, "already has learners with the same keys (SHA256:ada, SHA256:bob, local)", "nothing was copied", "empty database")
	after, _ := dst.Export(ctx, mustUser(t, dst, "SHA256:ada", "").ID)
	if !reflect.DeepEqual(before, after) {
		t.Error("a refused copy changed the target")
	}
}

// TestCopyAllKnowsEveryTable fails when a migration adds a table that
// CopyAll neither copies nor deliberately leaves.
func TestCopyAllKnowsEveryTable(t *testing.T) {
	sqliteOnly(t)
	s, _ := openTest(t)
	rows, err := s.db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		known := slices.Contains(notCopied, name)
		for _, ct := range copyTables {
			known = known || ct.name == name
		}
		if !known {
			t.Errorf("table %s is neither in copyTables nor in notCopied: decide whether `progress migrate` copies it", name)
		}
	}
}
