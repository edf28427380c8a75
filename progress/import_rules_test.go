package progress

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"
)

// An import is held to the rules the app writes by: a quiz card with
// values FSRS never produces (difficulty outside 1..10, zero or huge
// stability on a reviewed card, counts or times that overflow the
// scheduler's arithmetic) or an id with control characters would break
// every later quiz session, so each is refused, naming the field and the
// rule, and nothing is changed.
func TestImportHeldToTheAppsRules(t *testing.T) {
	ctx := context.Background()
	s, c := openTest(t)
	u := mustUser(t, s, LocalUserKey, "ada")
	now := c.now()
	good := func() *Export {
		return &Export{Format: ExportFormat, Version: ExportVersion, ExportedAt: now,
			User:    ExportUser{Key: "local"},
			Lessons: []LessonRecord{{ID: "x", Offset: 1, CompletedAt: now}},
			Cards: []Card{{ID: "pricing/x", State: 2, Due: now.Add(72 * time.Hour), Stability: 3.2, Difficulty: 5.1,
				ScheduledDays: 3, Reps: 2, LastReview: now}},
			Reviews: []Review{{QuestionID: "pricing/x", CardID: "pricing/x", Grade: 3, Correct: true, Mode: "practice", ReviewedAt: now}},
		}
	}
	if err := s.Import(ctx, u.ID, good()); err != nil {
		t.Fatalf("a valid export: %v", err)
	}
	bad := map[string]struct {
		spoil func(e *Export)
		want  string
	}{
		"difficulty 0 on a reviewed card": {func(e *Export) { e.Cards[0].Difficulty = 0 }, "difficulty 1 to 10"},
		"difficulty 11":                   {func(e *Export) { e.Cards[0].Difficulty = 11 }, "difficulty 11 is over 10"},
		"difficulty 1e308":                {func(e *Export) { e.Cards[0].Difficulty = 1e308 }, "over 10"},
		"stability 0 on a reviewed card":  {func(e *Export) { e.Cards[0].Stability = 0 }, "stability above 0"},
		"stability 1e308":                 {func(e *Export) { e.Cards[0].Stability = 1e308 }, "stability"},
		"reps MaxInt":                     {func(e *Export) { e.Cards[0].Reps = math.MaxInt }, "reps and lapses must be at most"},
		"scheduled days MaxInt":           {func(e *Export) { e.Cards[0].ScheduledDays = math.MaxInt }, "day counts must be at most"},
		"due in year 9999":                {func(e *Export) { e.Cards[0].Due = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC) }, "not between 2000 and 2200"},
		"due before the last review":      {func(e *Export) { e.Cards[0].Due = now.Add(-time.Hour) }, "before its last review"},
		"last review in year 1":           {func(e *Export) { e.Cards[0].LastReview = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC) }, "not between 2000 and 2200"},
		"card id with an escape":          {func(e *Export) { e.Cards[0].ID = "p\x1b[2J"; e.Reviews[0].CardID = "p\x1b[2J" }, "control or format characters"},
		"question id too long":            {func(e *Export) { e.Reviews[0].QuestionID = strings.Repeat("q", 5000) }, "over the 200-byte limit"},
		"review mode unknown":             {func(e *Export) { e.Reviews[0].Mode = "exam" }, `mode "exam"`},
		"review in year 3000":             {func(e *Export) { e.Reviews[0].ReviewedAt = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }, "not between 2000 and 2200"},
		"lesson id with a newline":        {func(e *Export) { e.Lessons[0].ID = "x\nforged" }, "control or format characters"},
		"lesson completed in year 1":      {func(e *Export) { e.Lessons[0].CompletedAt = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC) }, "not between 2000 and 2200"},
		"exercise id with a bell":         {func(e *Export) { e.Exercises = []ExerciseRecord{{ID: "hello\a", StartedAt: now}} }, "control or format characters"},
	}
	for name, b := range bad {
		e := good()
		b.spoil(e)
		err := s.Import(ctx, u.ID, e)
		if err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), "invalid progress export") {
			t.Errorf("%s: err = %v; want it refused with %q", name, err, b.want)
		}
	}
	cards, _, err := s.QuizData(ctx, u.ID)
	if err != nil || len(cards) != 1 || cards[0].Difficulty != 5.1 {
		t.Errorf("after the refused imports the cards are %+v (%v); want the valid import's one card", cards, err)
	}
}
