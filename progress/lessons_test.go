package progress

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func TestEnsureUser(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	local := mustUser(t, s, LocalUserKey, "ada")
	if local.Key != "local" || local.Name != "ada" || !local.CreatedAt.Equal(c.now()) || local.ID == 0 {
		t.Fatalf("created %+v", local)
	}
	c.advance(time.Hour)
	again := mustUser(t, s, LocalUserKey, "ada")
	if again != local {
		t.Errorf("same key again: %+v, want %+v", again, local)
	}
	kept := mustUser(t, s, LocalUserKey, "")
	if kept.Name != "ada" || kept.ID != local.ID {
		t.Errorf("empty name replaced the stored one: %+v", kept)
	}
	renamed := mustUser(t, s, LocalUserKey, "ada2")
	if renamed.Name != "ada2" || renamed.ID != local.ID || !renamed.CreatedAt.Equal(local.CreatedAt) {
		t.Errorf("rename: %+v", renamed)
	}
	ssh := mustUser(t, s, "SHA256:uL2nTNbA6Jb0Xdo/6MJVeYWhWHqY5Y8r8gMjYFxXUIo", "bob")
	if ssh.ID == local.ID {
		t.Errorf("two keys share id %d", ssh.ID)
	}
	for _, bad := range []string{"", " local", "local\n"} {
		if _, err := s.EnsureUser(ctx, bad, "x"); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
}

func TestPositions(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, LocalUserKey, "")
	other := mustUser(t, s, "SHA256:other", "bob")

	if _, _, ok, err := s.LastPosition(ctx, u.ID); ok || err != nil {
		t.Fatalf("new user has a last position (ok=%v, err=%v)", ok, err)
	}
	if off, err := s.Position(ctx, u.ID, "intro"); off != 0 || err != nil {
		t.Fatalf("unviewed lesson: %d, %v", off, err)
	}

	steps := []struct {
		lesson string
		offset int
	}{{"intro", 10}, {"cold-starts", 5}, {"intro", 30}, {"pricing", 0}}
	for _, st := range steps {
		c.advance(time.Minute)
		if err := s.SavePosition(ctx, u.ID, st.lesson, st.offset); err != nil {
			t.Fatal(err)
		}
	}
	id, off, ok, err := s.LastPosition(ctx, u.ID)
	if err != nil || !ok || id != "pricing" || off != 0 {
		t.Errorf("LastPosition = %q %d %v %v, want pricing 0 true", id, off, ok, err)
	}
	if off, _ := s.Position(ctx, u.ID, "intro"); off != 30 {
		t.Errorf("intro offset %d, want 30", off)
	}
	if _, _, ok, _ := s.LastPosition(ctx, other.ID); ok {
		t.Error("another user's position leaked")
	}

	wantErr(t, s.SavePosition(ctx, u.ID, "intro", -1), "negative")
	wantErr(t, s.SavePosition(ctx, u.ID, "", 1), "lesson id")
	wantErr(t, s.SavePosition(ctx, u.ID, " intro", 1), "lesson id")
	if off, _ := s.Position(ctx, u.ID, "intro"); off != 30 {
		t.Errorf("rejected saves changed the offset to %d", off)
	}

	recs, err := s.Lessons(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)
	want := map[string]LessonRecord{
		"intro":       {ID: "intro", Offset: 30, ViewedAt: start.Add(3 * time.Minute)},
		"cold-starts": {ID: "cold-starts", Offset: 5, ViewedAt: start.Add(2 * time.Minute)},
		"pricing":     {ID: "pricing", Offset: 0, ViewedAt: start.Add(4 * time.Minute)},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("Lessons =\n%v\nwant\n%v", recs, want)
	}
}

func TestCompletedAndSummary(t *testing.T) {
	s, c := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, LocalUserKey, "")
	start := c.now()

	sum, err := s.Summary(ctx, u.ID)
	if err != nil || !reflect.DeepEqual(sum, Summary{}) {
		t.Fatalf("empty summary = %+v, %v", sum, err)
	}

	if err := s.SavePosition(ctx, u.ID, "intro", 12); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	// Completing a lesson never viewed creates its record.
	if err := s.SetCompleted(ctx, u.ID, "pricing", true); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	if err := s.SetCompleted(ctx, u.ID, "intro", true); err != nil {
		t.Fatal(err)
	}
	c.advance(time.Minute)
	// Completing again keeps the first time.
	if err := s.SetCompleted(ctx, u.ID, "pricing", true); err != nil {
		t.Fatal(err)
	}
	// Un-completing and the rest of the record.
	if err := s.SetCompleted(ctx, u.ID, "cold-starts", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCompleted(ctx, u.ID, "cold-starts", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCompleted(ctx, u.ID, "never-seen", false); err != nil {
		t.Fatal(err)
	}

	sum, err = s.Summary(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := Summary{
		Completed: []LessonRecord{
			{ID: "pricing", CompletedAt: start.Add(time.Minute)},
			{ID: "intro", Offset: 12, CompletedAt: start.Add(2 * time.Minute), ViewedAt: start},
		},
		Started:    3, // intro, pricing, cold-starts; not never-seen
		LastLesson: "intro",
		LastOffset: 12,
	}
	if !reflect.DeepEqual(sum, want) {
		t.Errorf("Summary =\n%+v\nwant\n%+v", sum, want)
	}
	recs, _ := s.Lessons(ctx, u.ID)
	if recs["cold-starts"].Completed() || !recs["intro"].Completed() {
		t.Errorf("Completed(): cold-starts %v intro %v", recs["cold-starts"].Completed(), recs["intro"].Completed())
	}
	// SetCompleted does not move the last lesson.
	if id, _, _, _ := s.LastPosition(ctx, u.ID); id != "intro" {
		t.Errorf("last lesson %q after SetCompleted, want intro", id)
	}
}

func TestReset(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, LocalUserKey, "")
	keep := mustUser(t, s, "SHA256:keep", "")
	for _, id := range []int64{u.ID, keep.ID} {
		if err := s.SavePosition(ctx, id, "intro", 3); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCompleted(ctx, id, "intro", true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Reset(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if sum, err := s.Summary(ctx, u.ID); err != nil || !reflect.DeepEqual(sum, Summary{}) {
		t.Errorf("after reset: %+v, %v", sum, err)
	}
	if sum, _ := s.Summary(ctx, keep.ID); sum.Started != 1 || sum.LastLesson != "intro" {
		t.Errorf("reset touched another user: %+v", sum)
	}
	// The user survives a reset.
	if again := mustUser(t, s, LocalUserKey, ""); again.ID != u.ID {
		t.Errorf("user id changed after reset: %d, want %d", again.ID, u.ID)
	}
}
