package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/progress"
)

// classStore is a store with two learners who did something, and the
// instructor's own user.
func classStore(t testing.TB) (*progress.Store, int64) {
	t.Helper()
	s, _ := testStore(t)
	ctx := context.Background()
	prof, err := s.EnsureUser(ctx, "SHA256:profprofprofprof", "prof")
	if err != nil {
		t.Fatal(err)
	}
	ada, _ := s.EnsureUser(ctx, "SHA256:adaadaadaadaadaada", "ada")
	bob, _ := s.EnsureUser(ctx, "SHA256:bobbobbobbobbobbob", "bob")
	if err := s.SetCompleted(ctx, ada.ID, "what-is-lambda", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordExerciseAttempt(ctx, bob.ID, progress.ExerciseAttempt{ExerciseID: "hello-world", Runtime: "node", Passed: true}); err != nil {
		t.Fatal(err)
	}
	code := "exports.handler = async () => 'bob was here';\n\x1b[2Jnot a screen clear"
	if err := s.SaveDraft(ctx, bob.ID, progress.DraftKey{Kind: "exercise", Name: "hello-world", Runtime: "node"}, code); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	q := "cold-starts/what-causes"
	card := progress.Card{ID: q, State: 2, Due: now.Add(time.Hour), Stability: 1, Difficulty: 5, LastReview: now}
	if err := s.SaveReview(ctx, ada.ID, progress.Review{QuestionID: q, CardID: q, Grade: 3, Correct: true, Mode: "practice", ReviewedAt: now}, card); err != nil {
		t.Fatal(err)
	}
	return s, prof.ID
}

func classApp(t testing.TB, s *progress.Store, uid int64, instructor bool) *App {
	a := testApp(t, Options{Catalog: testCatalog(t), Store: s, UserID: uid, NoColor: true,
		Instructor: instructor, ClassHasInstructors: true, UserName: "prof"})
	drive(a, tea.WindowSizeMsg{Width: 110, Height: 30})
	return a
}

func TestClassScreenIsForInstructorsOnly(t *testing.T) {
	s, uid := classStore(t)
	learner := classApp(t, s, uid, false)
	home := screenText(learner)
	if strings.Contains(home, "Class") {
		t.Fatalf("a learner's home offers the Class screen:\n%s", home)
	}
	if !strings.Contains(home, "instructors can see your progress and the code") {
		t.Errorf("the learner is not told that instructors see their code:\n%s", home)
	}
	// Every printable key, and the keys that move and open, from the home
	// screen: none reaches the Class screen.
	var all []tea.Msg
	for r := rune(' '); r <= '~'; r++ {
		if r == 'q' {
			continue
		}
		all = append(all, keys(string(r))[0], esc)
	}
	for range 10 {
		all = append(all, tea.KeyPressMsg{Code: tea.KeyDown}, enter, esc, esc)
	}
	for _, m := range all {
		drive(learner, m)
		for _, sc := range learner.stack {
			if _, ok := sc.(*classScreen); ok {
				t.Fatalf("key %v opened the Class screen for a learner", m)
			}
		}
		for len(learner.stack) > 1 {
			learner.back()
		}
	}

	prof := classApp(t, s, uid, true)
	if !strings.Contains(screenText(prof), "7  Class") {
		t.Fatalf("the instructor's home has no Class entry:\n%s", screenText(prof))
	}
}

// settleClass reads the class again as the Class screen's timer would: drive
// gives a command 50 ms, which a read on a busy machine may outlast.
func settleClass(a *App) {
	for _, sc := range a.stack {
		if cs, ok := sc.(*classScreen); ok {
			drive(a, cs.load(true)())
		}
	}
}

func TestClassScreen(t *testing.T) {
	s, uid := classStore(t)
	a := classApp(t, s, uid, true)
	drive(a, keys("7")...)
	settleClass(a)
	screen := screenText(a)
	for _, want := range []string{"[Roster]", "4 learners", "ada", "SHA256:adaadaad", "1/3", "100%", "bob", "1/"} {
		if !strings.Contains(screen, want) {
			t.Errorf("roster lacks %q:\n%s", want, screen)
		}
	}
	// Filter, then drill down to bob and read his code.
	drive(a, keys("/bob")...)
	drive(a, enter)
	screen = screenText(a)
	if strings.Contains(screen, "ada") || !strings.Contains(screen, `filter "bob": 1 of 4`) {
		t.Errorf("filtered roster:\n%s", screen)
	}
	drive(a, enter)
	screen = screenText(a)
	for _, want := range []string{"Class › bob", "hello-world (node)", "Exercises: 1 of"} {
		if !strings.Contains(screen, want) {
			t.Errorf("learner screen lacks %q:\n%s", want, screen)
		}
	}
	drive(a, enter)
	screen = screenText(a)
	if !strings.Contains(screen, "bob was here") || !strings.Contains(screen, "Read-only") || strings.Contains(a.View().Content, "\x1b[2J") {
		t.Errorf("code screen:\n%q", screen)
	}
	drive(a, esc, esc, esc) // back to the roster; esc clears the filter
	if screen = screenText(a); !strings.Contains(screen, "ada") {
		t.Errorf("esc did not clear the filter:\n%s", screen)
	}

	// The heat map shows numbers without colours; the exercises table.
	drive(a, keys("\t")...)
	drive(a, tea.KeyPressMsg{Code: tea.KeyTab})
	screen = screenText(a)
	if !strings.Contains(screen, "[Topics]") || !strings.Contains(screen, "Cold starts") || !strings.Contains(screen, "100") {
		t.Errorf("topics view:\n%s", screen)
	}
	drive(a, tea.KeyPressMsg{Code: tea.KeyTab})
	screen = screenText(a)
	if !strings.Contains(screen, "[Exercises]") || !strings.Contains(screen, "MEDIAN RUNS") {
		t.Errorf("exercises view:\n%s", screen)
	}

	// The plan: a bad id gets a suggestion; a good one is stored.
	drive(a, tea.KeyPressMsg{Code: tea.KeyTab})
	drive(a, keys("a")...)
	drive(a, keys("lesson cold-startz 2026-12-10")...)
	drive(a, enter)
	if screen = screenText(a); !strings.Contains(screen, `did you mean "cold-starts"?`) {
		t.Errorf("no suggestion for a mistyped id:\n%s", screen)
	}
	drive(a, keys("a")...)
	drive(a, keys("lesson what-is-lambda 2000-01-01")...)
	drive(a, enter)
	settleClass(a)
	screen = screenText(a)
	if !strings.Contains(screen, "2000-01-01") || !strings.Contains(screen, "Class screen (prof)") {
		t.Errorf("plan after adding:\n%s", screen)
	}
	plan, err := s.Plan(context.Background())
	if err != nil || len(plan) != 1 || plan[0].AddedBy != "prof" {
		t.Fatalf("stored plan %+v %v", plan, err)
	}
	// ada did it, bob is late: the roster shows it.
	drive(a, tea.KeyPressMsg{Code: tea.KeyTab})
	screen = screenText(a)
	if !strings.Contains(screen, "1/1") || !strings.Contains(screen, "0/1 (1 late)") {
		t.Errorf("roster without plan completion:\n%s", screen)
	}
	drive(a, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	drive(a, keys("d")...)
	if plan, _ := s.Plan(context.Background()); len(plan) != 0 {
		t.Errorf("d did not remove the item: %+v", plan)
	}
}

func TestHomeShowsAssignments(t *testing.T) {
	s, _ := classStore(t)
	ctx := context.Background()
	bob, _ := s.EnsureUser(ctx, "SHA256:bobbobbobbobbobbob", "")
	if err := s.ReplaceFilePlan(ctx, []progress.PlanItem{
		{Kind: progress.PlanLesson, Item: "what-is-lambda", Due: "2000-01-01"},
		{Kind: progress.PlanExercise, Item: "hello-world", Due: "2000-01-02"},
		{Kind: progress.PlanTopic, Item: "cold-starts", Due: "2999-01-01"},
	}); err != nil {
		t.Fatal(err)
	}
	a := classApp(t, s, bob.ID, false)
	screen := screenText(a)
	for _, want := range []string{"Assigned: 1 due, 1 late, 1 of 3 done.", "LATE  due 2000-01-01  lesson: What Lambda is", "due 2999-01-01  topic: Cold starts (answer 5 of its questions right)"} {
		if !strings.Contains(screen, want) {
			t.Errorf("home lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "hello-world") || strings.Contains(screen, "Hello") {
		t.Errorf("a done item is listed:\n%s", screen)
	}
}

// BenchmarkClassScreen500 reads and draws the Class screen with 500
// learners in a real SQLite file, each with lessons, answers and an
// exercise: one refresh after a change (ClassVersion, the class report)
// and the frame. The bar is 50 ms.
func BenchmarkClassScreen500(b *testing.B) {
	s, uid := testStore(b)
	seedClass(b, s, 500)
	// A server started on the class's database: closing it checkpoints
	// the bulk load from the -wal file into the database file (a running
	// server's -wal holds at most about 1000 pages of recent writes).
	path := s.Path()
	s.Close()
	s, err := progress.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	a := testApp(b, Options{Catalog: testCatalog(b), Store: s, UserID: uid, Instructor: true})
	drive(a, tea.WindowSizeMsg{Width: 120, Height: 40}, keys("7")[0])
	cs, ok := a.top().(*classScreen)
	if !ok {
		b.Fatal("7 did not open the Class screen")
	}
	a.Update(cs.load(true)()) // the first read may outlast drive's wait
	if cs.rep == nil || len(cs.rep.Learners) != 501 {
		b.Fatalf("the Class screen did not open with 501 learners")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cs.version = "" // as after a change
		msg := cs.load(i%2 == 0)()
		a.Update(msg)
		_ = a.View()
	}
}

// seedClass adds n learners who each completed some lessons, answered 30
// questions and tried an exercise, under a plan of two items.
func seedClass(b testing.TB, s *progress.Store, n int) {
	ctx := context.Background()
	bank, err := classContent(&common{Options: Options{Catalog: testCatalog(b)}})
	if err != nil {
		b.Fatal(err)
	}
	var qs []string
	for _, q := range bank.Bank.All() {
		if len(qs) < 30 {
			qs = append(qs, q.ID)
		}
	}
	sort.Strings(qs)
	now := time.Now().UTC().Truncate(time.Second)
	if err := s.ReplaceFilePlan(ctx, []progress.PlanItem{{Kind: progress.PlanLesson, Item: "what-is-lambda", Due: "2026-12-10"}, {Kind: progress.PlanTopic, Item: "cold-starts", Due: "2026-12-10"}}); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		u, err := s.EnsureUser(ctx, fmt.Sprintf("SHA256:learner%04dxxxxxxxxxxxxxxxx", i), fmt.Sprintf("learner%d", i))
		if err != nil {
			b.Fatal(err)
		}
		e := progress.Export{Format: progress.ExportFormat, Version: progress.ExportVersion, ExportedAt: now, User: progress.ExportUser{Key: u.Key, Name: u.Name}}
		for j, l := range []string{"what-is-lambda", "cold-starts", "pricing"} {
			if (i+j)%2 == 0 {
				e.Lessons = append(e.Lessons, progress.LessonRecord{ID: l, CompletedAt: now, ViewedAt: now})
			}
		}
		for j, q := range qs {
			e.Reviews = append(e.Reviews, progress.Review{QuestionID: q, CardID: q, Grade: 3, Correct: (i+j)%3 != 0, Mode: "practice", ReviewedAt: now})
			e.Cards = append(e.Cards, progress.Card{ID: q, State: 2, Due: now.Add(time.Duration(j-15) * time.Hour), Stability: 1, Difficulty: 5, LastReview: now.Add(-16 * time.Hour)})
		}
		ex := progress.ExerciseRecord{ID: "hello-world", Runtime: "node", Attempts: i%5 + 1, HintsUsed: i % 3, StartedAt: now, LastAttemptAt: now}
		if i%2 == 1 {
			ex.Passes, ex.SolvedAt = 1, now
		}
		e.Exercises = append(e.Exercises, ex)
		if err := s.Import(ctx, u.ID, &e); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWithoutAdvice(t *testing.T) {
	in := "Lessons: 1 of 3.\nNothing read yet. Press 1 on the home screen for the lessons.\nMost missed: a (2). Drill them in the interview trainer, mode Weak spots.\nReview the 1 due today in the interview trainer (mode Practice).\nExercises: none tried yet (18). Press 2 on the home screen to start.\n"
	want := "Lessons: 1 of 3.\nNothing read yet.\nMost missed: a (2).\nExercises: none tried yet (18).\n"
	if got := withoutAdvice(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
