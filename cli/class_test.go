package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/progress"
)

func TestClassReport(t *testing.T) {
	db := tempDB(t)
	s, err := progress.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ada, _ := s.EnsureUser(ctx, "SHA256:adaadaadaadaadaada", "ada")
	s.EnsureUser(ctx, "guest:1", "visitor")
	if err := s.SetCompleted(ctx, ada.ID, "what-is-lambda", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPlanItem(ctx, progress.PlanItem{Kind: progress.PlanLesson, Item: "what-is-lambda", Due: "2026-12-08"}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	out, errOut, code := run(t, db, "class", "report")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"1 learners", "ada", "SHA256:adaadaad", "1/1", "Quiz accuracy by topic", "hello-world", "due 2026-12-08"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "visitor") {
		t.Errorf("the report lists a guest:\n%s", out)
	}

	out, _, code = run(t, db, "class", "report", "--json")
	var j struct {
		Learners []struct {
			Name        string `json:"name"`
			LessonsRead int    `json:"lessons_read"`
			PlanDone    int    `json:"plan_done"`
		} `json:"learners"`
		ExerciseStats []struct{ ID string } `json:"exercise_stats"`
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != 0 {
		t.Fatalf("--json: exit %d, %v\n%s", code, err, out)
	}
	if len(j.Learners) != 1 || j.Learners[0].Name != "ada" || j.Learners[0].LessonsRead != 1 || j.Learners[0].PlanDone != 1 || len(j.ExerciseStats) == 0 {
		t.Errorf("--json: %+v", j)
	}

	out, _, code = run(t, db, "class", "report", "--csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "name,key,first_seen") || !strings.HasSuffix(lines[0], "lesson:what-is-lambda") || !strings.HasSuffix(lines[1], ",1,0,done") {
		t.Errorf("--csv: exit %d\n%s", code, out)
	}

	_, errOut, code = run(t, db, "class", "report", "--json", "--csv")
	if code == 0 || !strings.Contains(errOut, "choose one") {
		t.Errorf("--json --csv: exit %d, %q", code, errOut)
	}
}

func TestServePlanErrors(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(plan, []byte("assignments:\n  - lesson: cold-start\n    due: 2026-12-08\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, filepath.Join(dir, "p.db"), "serve", "--host-key", filepath.Join(dir, "k"), "--plan", plan, "--listen", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errOut, plan+`:2: there is no lesson "cold-start"; did you mean "cold-starts"?`) {
		t.Errorf("bad plan: exit %d, %q", code, errOut)
	}
	_, errOut, code = run(t, filepath.Join(dir, "p.db"), "serve", "--host-key", filepath.Join(dir, "k"), "--plan", filepath.Join(dir, "missing.yaml"))
	if code != 1 || !strings.Contains(errOut, "give --plan a YAML file") {
		t.Errorf("missing plan: exit %d, %q", code, errOut)
	}
	_, errOut, code = run(t, filepath.Join(dir, "p.db"), "serve", "--host-key", filepath.Join(dir, "k"), "--instructors", filepath.Join(dir, "missing.keys"))
	if code != 1 || !strings.Contains(errOut, "--instructors") {
		t.Errorf("missing instructors file: exit %d, %q", code, errOut)
	}
}

func TestServePlanIsStored(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(plan, []byte("assignments:\n  - exercise: hello-world\n    due: 2026-12-10\n  - topic: cold-starts\n    due: 2026-12-12\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := progress.Open(filepath.Join(dir, "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.SetPlanItem(ctx, progress.PlanItem{Kind: progress.PlanLesson, Item: "pricing", Due: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	if err := loadPlan(ctx, s, plan); err != nil {
		t.Fatal(err)
	}
	items, err := s.Plan(ctx)
	if err != nil || len(items) != 3 || items[1].Item != "hello-world" || items[1].Source != progress.PlanFromFile || items[0].Source != progress.PlanFromScreen {
		t.Errorf("plan after --plan: %+v %v", items, err)
	}
}
