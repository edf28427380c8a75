package progress

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func testCard(id string, due time.Time) Card {
	return Card{ID: id, State: 1, Due: due, Stability: 2.5, Difficulty: 5.25, ScheduledDays: 0, Reps: 1, LastReview: due.Add(-10 * time.Minute)}
}

func testReview(qid string, grade int, at time.Time) Review {
	return Review{QuestionID: qid, CardID: qid, Grade: grade, Correct: grade > 1, Mode: "practice", Answer: "b", ReviewedAt: at, ElapsedMs: 4200}
}

// seedQuiz saves two reviews of one card and one of another.
func seedQuiz(t *testing.T, s *Store, c *clock, userID int64) {
	t.Helper()
	ctx := context.Background()
	for _, r := range []Review{
		testReview("pricing/x", 1, c.now()),
		testReview("limits/y", 3, c.now().Add(time.Minute)),
		testReview("pricing/x", 4, c.now().Add(2*time.Minute)),
	} {
		card := testCard(r.CardID, r.ReviewedAt.Add(time.Duration(r.Grade)*time.Hour))
		if err := s.SaveReview(ctx, userID, r, card); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSaveReviewAndRead(t *testing.T) {
	ctx := context.Background()
	s, c := openTest(t)
	u := mustUser(t, s, LocalUserKey, "ada")
	seedQuiz(t, s, c, u.ID)

	cards, err := s.Cards(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []Card{
		testCard("limits/y", c.now().Add(time.Minute+3*time.Hour)),
		testCard("pricing/x", c.now().Add(2*time.Minute+4*time.Hour)), // updated in place
	}
	if !reflect.DeepEqual(cards, want) {
		t.Errorf("cards:\n%+v\nwant\n%+v", cards, want)
	}
	rs, err := s.Reviews(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 || rs[0].Grade != 1 || rs[0].Correct || rs[2].Grade != 4 || rs[1].QuestionID != "limits/y" ||
		rs[0].ElapsedMs != 4200 || rs[0].Answer != "b" || rs[0].Mode != "practice" || !rs[0].ReviewedAt.Equal(c.now()) {
		t.Errorf("reviews %+v", rs)
	}
	cs2, rs2, err := s.QuizData(ctx, u.ID)
	if err != nil || !reflect.DeepEqual(cs2, cards) || !reflect.DeepEqual(rs2, rs) {
		t.Errorf("QuizData differs: %v", err)
	}
	// Another user sees nothing.
	other := mustUser(t, s, "SHA256:other", "")
	if cs, rs, err := s.QuizData(ctx, other.ID); err != nil || len(cs) != 0 || len(rs) != 0 {
		t.Errorf("other user: %v %v %v", cs, rs, err)
	}

	// Long answers are cut.
	long := testReview("limits/z", 3, c.now())
	long.Answer = strings.Repeat("x", MaxAnswerLen+10)
	if err := s.SaveReview(ctx, u.ID, long, testCard("limits/z", c.now())); err != nil {
		t.Fatal(err)
	}
	long.QuestionID, long.CardID, long.Answer = "limits/w", "limits/w", "x"+strings.Repeat("é", MaxAnswerLen)
	if err := s.SaveReview(ctx, u.ID, long, testCard("limits/w", c.now())); err != nil {
		t.Fatal(err)
	}
	rs, _ = s.Reviews(ctx, u.ID)
	for _, r := range rs {
		switch r.QuestionID {
		case "limits/z":
			if len(r.Answer) != MaxAnswerLen {
				t.Errorf("stored answer of %d bytes", len(r.Answer))
			}
		case "limits/w":
			if len(r.Answer) != MaxAnswerLen-1 || !utf8.ValidString(r.Answer) {
				t.Errorf("stored answer of %d bytes, valid UTF-8: %v", len(r.Answer), utf8.ValidString(r.Answer))
			}
		}
	}
}

func TestSaveReviewRejects(t *testing.T) {
	ctx := context.Background()
	s, c := openTest(t)
	u := mustUser(t, s, LocalUserKey, "")
	now := c.now()
	bad := map[string]struct {
		r    Review
		card Card
		want string
	}{
		"no question":   {Review{CardID: "a", Grade: 3, Mode: "practice", ReviewedAt: now}, testCard("a", now), "question id"},
		"grade 0":       {Review{QuestionID: "a", CardID: "a", Grade: 0, Mode: "practice", ReviewedAt: now}, testCard("a", now), "grade 0"},
		"grade 5":       {Review{QuestionID: "a", CardID: "a", Grade: 5, Mode: "practice", ReviewedAt: now}, testCard("a", now), "grade 5"},
		"no time":       {Review{QuestionID: "a", CardID: "a", Grade: 3, Mode: "practice"}, testCard("a", now), "review time"},
		"no mode":       {Review{QuestionID: "a", CardID: "a", Grade: 3, ReviewedAt: now}, testCard("a", now), "mode"},
		"negative time": {Review{QuestionID: "a", CardID: "a", Grade: 3, Mode: "mock", ReviewedAt: now, ElapsedMs: -1}, testCard("a", now), "negative"},
		"other card":    {testReview("a", 3, now), testCard("b", now), `review is for card "a" but the card is "b"`},
		"bad state":     {testReview("a", 3, now), Card{ID: "a", State: 4, Due: now}, "state 4"},
		"no due":        {testReview("a", 3, now), Card{ID: "a"}, "due time"},
		"negative reps": {testReview("a", 3, now), Card{ID: "a", Due: now, Reps: -1}, "reps"},
	}
	for name, tc := range bad {
		err := s.SaveReview(ctx, u.ID, tc.r, tc.card)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", name, err, tc.want)
		}
	}
	if err := s.SaveReview(ctx, 999, testReview("a", 3, now), testCard("a", now)); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("unknown user: %v", err)
	}
	if _, _, err := s.QuizData(ctx, 999); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("QuizData of unknown user: %v", err)
	}
	if cs, rs, _ := s.QuizData(ctx, u.ID); len(cs)+len(rs) != 0 {
		t.Error("rejected reviews were saved")
	}
}

func TestResetQuiz(t *testing.T) {
	ctx := context.Background()
	s, c := openTest(t)
	u := mustUser(t, s, LocalUserKey, "")
	seed(t, s, c, u.ID)
	seedQuiz(t, s, c, u.ID)
	if err := s.ResetQuiz(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if cs, rs, _ := s.QuizData(ctx, u.ID); len(cs)+len(rs) != 0 {
		t.Errorf("after ResetQuiz: %d cards, %d reviews", len(cs), len(rs))
	}
	if recs, _ := s.Lessons(ctx, u.ID); len(recs) != 3 {
		t.Errorf("ResetQuiz touched lessons: %v", recs)
	}
	if err := s.ResetQuiz(ctx, 999); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("unknown user: %v", err)
	}
}

func TestExportImportQuiz(t *testing.T) {
	ctx := context.Background()
	a, c := openTest(t)
	ua := mustUser(t, a, LocalUserKey, "ada")
	seed(t, a, c, ua.ID)
	seedQuiz(t, a, c, ua.ID)
	exp, err := a.Export(ctx, ua.ID)
	if err != nil {
		t.Fatal(err)
	}
	if exp.Version != 3 || len(exp.Cards) != 2 || len(exp.Reviews) != 3 {
		t.Fatalf("export: version %d, %d cards, %d reviews", exp.Version, len(exp.Cards), len(exp.Reviews))
	}
	var buf bytes.Buffer
	if err := exp.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version": 3`, `"cards": [`, `"reviews": [`, `"question_id": "pricing/x"`, `"grade": 4`, `"stability": 2.5`, `"elapsed_ms": 4200`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("export lacks %s:\n%s", want, buf.String())
		}
	}
	parsed, err := ParseExport(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, exp) {
		t.Fatalf("parsed export differs:\n%+v\nwant\n%+v", parsed, exp)
	}

	// Import replaces the quiz data of another user in another file.
	b, cb := openTest(t)
	ub := mustUser(t, b, "SHA256:abc", "")
	if err := b.SaveReview(ctx, ub.ID, testReview("old/q", 3, cb.now()), testCard("old/q", cb.now())); err != nil {
		t.Fatal(err)
	}
	if err := b.Import(ctx, ub.ID, parsed); err != nil {
		t.Fatal(err)
	}
	cs, rs, _ := b.QuizData(ctx, ub.ID)
	if !reflect.DeepEqual(cs, exp.Cards) || !reflect.DeepEqual(rs, exp.Reviews) {
		t.Errorf("after import:\n%+v\n%+v", cs, rs)
	}

	// A version-1 file (no quiz) still imports, and replaces the quiz
	// data with none.
	v1 := `{"format":"lambdatutor-progress","version":1,"exported_at":"2026-11-27T18:00:00Z","user":{"key":"local","name":""},"lessons":[{"id":"a","offset":1}]}`
	e1, err := ParseExport(strings.NewReader(v1))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Import(ctx, ub.ID, e1); err != nil {
		t.Fatal(err)
	}
	if cs, rs, _ := b.QuizData(ctx, ub.ID); len(cs)+len(rs) != 0 {
		t.Errorf("a version-1 import kept quiz data")
	}

	// A failing quiz insert rolls back the whole import.
	if err := b.Import(ctx, ub.ID, parsed); err != nil {
		t.Fatal(err)
	}
	failInserts(t, b, "quiz_reviews", "question_id", "limits/y")
	if err := b.Import(ctx, ub.ID, e1); err != nil {
		t.Fatal(err) // no reviews to insert: fine
	}
	if err := b.Import(ctx, ub.ID, parsed); err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("import with a failing review insert: %v", err)
	}
	if recs, _ := b.Lessons(ctx, ub.ID); len(recs) != 1 || recs["a"].Offset != 1 {
		t.Errorf("a failed import changed lessons: %v", recs)
	}
}

func TestParseExportQuizRejects(t *testing.T) {
	head := `{"format":"lambdatutor-progress","version":2,"exported_at":"2026-11-27T18:00:00Z","user":{"key":"local","name":""},"lessons":[],`
	card := `{"id":"pricing/x","state":2,"due":"2026-11-28T18:00:00Z","stability":3,"difficulty":5,"reps":2}`
	review := `{"question_id":"pricing/x","card_id":"pricing/x","grade":3,"correct":true,"mode":"practice","reviewed_at":"2026-11-27T18:00:00Z","elapsed_ms":100}`
	good := head + `"cards":[` + card + `],"reviews":[` + review + `]}`
	e, err := ParseExport(strings.NewReader(good))
	if err != nil || len(e.Cards) != 1 || len(e.Reviews) != 1 || e.Cards[0].Reps != 2 || !e.Reviews[0].Correct {
		t.Fatalf("good v2 file: %+v, %v", e, err)
	}
	cases := map[string]struct{ from, to, want string }{
		"quiz in a v1 file": {`"version":2`, `"version":1`, `need "version": 2`},
		"card without id":   {`{"id":"pricing/x","state"`, `{"state"`, `cards[0] has no "id"`},
		"card bad due":      {`"due":"2026-11-28T18:00:00Z"`, `"due":"tomorrow"`, `cards[0].due is "tomorrow"`},
		"card no due":       {`"due":"2026-11-28T18:00:00Z",`, ``, `no "cards[0].due" field`},
		"card no state":     {`"state":2,`, ``, `has no "state"`},
		"card bad state":    {`"state":2`, `"state":9`, "cards[0]: card \"pricing/x\": state 9"},
		"card no stability": {`"stability":3,`, ``, `needs "stability"`},
		"duplicate card":    {`],"reviews"`, `,` + card + `],"reviews"`, `cards[1].id "pricing/x" repeats cards[0]`},
		"review no id":      {`{"question_id":"pricing/x",`, `{`, `reviews[0] has no "question_id"`},
		"review no grade":   {`"grade":3,`, ``, `needs "card_id", "grade"`},
		"review bad grade":  {`"grade":3`, `"grade":7`, "reviews[0]: grade 7"},
		"review bad time":   {`"reviewed_at":"2026-11-27T18:00:00Z"`, `"reviewed_at":"now"`, `reviews[0].reviewed_at is "now"`},
		"unknown field":     {`"elapsed_ms":100`, `"elapsed_ms":100,"mood":"happy"`, `unknown field "mood"`},
	}
	for name, tc := range cases {
		if !strings.Contains(good, tc.from) {
			t.Fatalf("%s: %q not in the document", name, tc.from)
		}
		_, err := ParseExport(strings.NewReader(strings.Replace(good, tc.from, tc.to, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "invalid progress export") {
			t.Errorf("%s: %v, want an error containing %q", name, err, tc.want)
		}
	}
}

func TestMigrateVersion1DatabaseKeepsData(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	// Build a database as the previous release did: migration 0001 only.
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations(sub)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, ms[:1]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO users (key, name, created_at) VALUES ('local', 'ada', '2026-11-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(ctx); v != len(ms) || v < 2 {
		t.Errorf("schema version %d after upgrade, want %d", v, len(ms))
	}
	u := mustUser(t, s, LocalUserKey, "")
	if u.Name != "ada" {
		t.Errorf("user after upgrade: %+v", u)
	}
	now := time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)
	if err := s.SaveReview(ctx, u.ID, testReview("a", 3, now), testCard("a", now)); err != nil {
		t.Fatal(err)
	}
}
