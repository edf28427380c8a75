package pack

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/quiz"
)

// example is the example pack the README points to; CI checks it here.
const example = "../examples/packs/skyrail"

// copyExample copies the example pack into a temporary folder to break.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "skyrail")
	if err := os.CopyFS(dir, os.DirFS(example)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// edit replaces old by new in the pack file rel, which must contain it.
func edit(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineOf is the 1-based line of the n-th line (from 1) of rel that
// contains s, plus delta.
func lineOf(t *testing.T, dir, rel, s string, n, delta int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, s) {
			if n--; n == 0 {
				return strconv.Itoa(i + 1 + delta)
			}
		}
	}
	t.Fatalf("%s has no line with %q", rel, s)
	return ""
}

// TestExamplePack runs `pack lint` on the example pack, dev check
// included (skipped with -short): no findings, and every id namespaced.
func TestExamplePack(t *testing.T) {
	p, findings, err := Lint(context.Background(), example, Options{DevCheck: !testing.Short()})
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) > 0 {
		t.Fatalf("the example pack has findings:\n%v", findings)
	}
	if p.Meta.ID != "skyrail" || len(p.Lessons) < 3 || len(p.Questions) != 20 || len(p.Exercises) != 2 {
		t.Fatalf("pack %+v: %d lessons, %d questions, %d exercises; want 3+, 20, 2", p.Meta, len(p.Lessons), len(p.Questions), len(p.Exercises))
	}
	for _, l := range p.Lessons {
		if !strings.HasPrefix(l.ID, "skyrail/") || l.Pack != p.Meta.Title {
			t.Errorf("lesson %q (pack %q) is not namespaced", l.ID, l.Pack)
		}
		// Links between the pack's lessons keep local ids; readers find the titles.
		if got := l.LinkTitles["releases-with-aliases"]; got != "Releases with versions and the live alias" {
			t.Errorf("lesson %q: link title of releases-with-aliases is %q", l.ID, got)
		}
	}
	kinds := map[quiz.Kind]int{}
	for _, q := range p.Questions {
		kinds[q.Kind]++
		if !strings.HasPrefix(q.ID, "skyrail/") || !strings.HasPrefix(q.Primary(), "skyrail/") {
			t.Errorf("question %q (topic %q) is not namespaced", q.ID, q.Primary())
		}
	}
	if len(kinds) != 5 {
		t.Errorf("the example uses question kinds %v; show all five", kinds)
	}
	for _, ex := range p.Exercises {
		if !strings.HasPrefix(ex.ID, "skyrail/") || !strings.HasPrefix(ex.Lesson, "skyrail/") || !strings.HasPrefix(ex.Dir, "skyrail/") {
			t.Errorf("exercise %q (lesson %q, dir %q) is not namespaced", ex.ID, ex.Lesson, ex.Dir)
		}
	}
	// A topic that names a built-in lesson keeps its id.
	q := p.Questions[len(p.Questions)-1]
	for _, qq := range p.Questions {
		if qq.ID == "skyrail/naming-and-tags/secrets" {
			q = qq
		}
	}
	if q.ID != "skyrail/naming-and-tags/secrets" || q.Topics[1] != "security" {
		t.Errorf("question %s topics %v; want the built-in topic security kept", q.ID, q.Topics)
	}
}

// TestLintCatches breaks the example pack one way at a time: each break is
// reported at its file and line, and Load refuses the pack.
func TestLintCatches(t *testing.T) {
	cases := []struct {
		name  string
		spoil func(t *testing.T, dir string)
		// want returns the finding expected, with its path and line.
		want func(t *testing.T, dir string) string
	}{
		{"broken front matter",
			func(t *testing.T, dir string) {
				edit(t, dir, "lessons/naming-and-tags.md", "order: 1\n", "order: 1\ncolour: red\n")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "lessons/naming-and-tags.md") + ":5: front matter: field colour not found"
			}},
		{"unclosed front matter",
			func(t *testing.T, dir string) {
				edit(t, dir, "lessons/budgets-and-defaults.md", "verified_on: 2026-12-03\n---\n", "verified_on: 2026-12-03\n")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "lessons/budgets-and-defaults.md") + ":1: front matter is not closed"
			}},
		{"duplicate question id",
			func(t *testing.T, dir string) {
				edit(t, dir, "bank/releases-with-aliases.yaml", "id: releases-with-aliases/version-immutable", "id: releases-with-aliases/what-triggers-call")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "bank/releases-with-aliases.yaml") + ":" + lineOf(t, dir, "bank/releases-with-aliases.yaml", "id: releases-with-aliases/what-triggers-call", 2, 0) +
					`: question "releases-with-aliases/what-triggers-call": id is already used at releases-with-aliases.yaml:` +
					lineOf(t, dir, "bank/releases-with-aliases.yaml", "id: releases-with-aliases/what-triggers-call", 1, 0)
			}},
		{"numeric answer that disagrees with its compute block",
			func(t *testing.T, dir string) {
				edit(t, dir, "bank/budgets-and-defaults.yaml", "answer: 4.40", "answer: 4.80")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "bank/budgets-and-defaults.yaml") + ":" + lineOf(t, dir, "bank/budgets-and-defaults.yaml", "id: budgets-and-defaults/monthly-arm64", 1, 0) +
					`: question "budgets-and-defaults/monthly-arm64": numeric.answer is 4.8 ± 0.01, but its compute block (monthly_cost) gives 4.4`
			}},
		{"topic that is no lesson",
			func(t *testing.T, dir string) {
				edit(t, dir, "bank/naming-and-tags.yaml", "topics: [naming-and-tags, security]", "topics: [naming-and-tags, secrets-manager]")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "bank/naming-and-tags.yaml") + ":" + lineOf(t, dir, "bank/naming-and-tags.yaml", "id: naming-and-tags/secrets", 1, 0) +
					`: question "naming-and-tags/secrets": topics names "secrets-manager", which is not a lesson id`
			}},
		{"lesson source without a URL",
			func(t *testing.T, dir string) {
				edit(t, dir, "lessons/naming-and-tags.md", `"[AWS] Tagging Lambda functions: https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html"`, `"[AWS] Tagging Lambda functions"`)
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "lessons/naming-and-tags.md") + ":8: front matter: source \"[AWS] Tagging Lambda functions\" has no http(s) URL"
			}},
		{"link to a lesson the pack does not have",
			func(t *testing.T, dir string) {
				edit(t, dir, "lessons/naming-and-tags.md", "(releases-with-aliases.md#the-live-alias)", "(releases.md#the-live-alias)")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "lessons/naming-and-tags.md") + ":" + lineOf(t, dir, "lessons/naming-and-tags.md", "(releases.md", 1, 0) + `: link to unknown lesson "releases"`
			}},
		{"code block without a language",
			func(t *testing.T, dir string) {
				edit(t, dir, "lessons/naming-and-tags.md", "```text\ndepot-scanner-prod", "```\ndepot-scanner-prod")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "lessons/naming-and-tags.md") + ":" + lineOf(t, dir, "lessons/naming-and-tags.md", "depot-scanner-prod", 1, -1) + ": code block has no language"
			}},
		{"exercise naming an unknown lesson",
			func(t *testing.T, dir string) {
				edit(t, dir, "exercises/01-check-tags/exercise.yaml", "lesson: naming-and-tags#tags-every-function-carries", "lesson: naming#tags")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "exercises/01-check-tags/exercise.yaml") + `: lesson: lesson "naming" not found`
			}},
		{"check yourself with one question",
			func(t *testing.T, dir string) {
				edit(t, dir, "lessons/budgets-and-defaults.md", "- What architecture does a new Skyrail function use? — arm64.\n- Why is the API timeout 10 s and not 60 s? — API Gateway stops waiting at 29 s by default.\n", "")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "lessons/budgets-and-defaults.md") + ":" + lineOf(t, dir, "lessons/budgets-and-defaults.md", "## Check yourself", 1, 0) + `: "## Check yourself" has 1 questions`
			}},
		{"pack.yaml without a licence",
			func(t *testing.T, dir string) {
				edit(t, dir, "pack.yaml", "licence: CC-BY-4.0\n", "")
			},
			func(t *testing.T, dir string) string {
				return filepath.Join(dir, "pack.yaml") + ":1: licence is missing"
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyExample(t)
			tc.spoil(t, dir)
			p, findings, err := Lint(context.Background(), dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want(t, dir)
			found := false
			for _, f := range findings {
				found = found || strings.HasPrefix(f.String(), want)
			}
			if !found || p != nil {
				t.Errorf("findings do not include %q (pack %v):\n%v", want, p, findings)
			}
			if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Load did not refuse the pack with the finding: %v", err)
			}
		})
	}
}

// TestLintCatchesPassingStarter: an exercise whose Node.js starter is its
// solution is caught by the dev check, at the starter's folder.
func TestLintCatchesPassingStarter(t *testing.T) {
	if testing.Short() {
		t.Skip("runs exercises in the sandbox")
	}
	dir := copyExample(t)
	if err := os.RemoveAll(filepath.Join(dir, "exercises", "02-monthly-estimate")); err != nil {
		t.Fatal(err)
	}
	sol, err := os.ReadFile(filepath.Join(dir, "exercises/01-check-tags/node/solution/index.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "exercises/01-check-tags/node/starter/index.js"), sol, 0o644); err != nil {
		t.Fatal(err)
	}
	// Without the dev check the pack is fine: the layout is right.
	if _, findings, err := Lint(context.Background(), dir, Options{}); err != nil || len(findings) > 0 {
		t.Fatalf("static lint: %v %v", findings, err)
	}
	p, findings, err := Lint(context.Background(), dir, Options{DevCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "exercises/01-check-tags/node/starter") + ": the Node.js STARTER passes all 4 tests"
	if p != nil || len(findings) != 1 || !strings.HasPrefix(findings[0].String(), want) {
		t.Errorf("findings %v; want exactly %q", findings, want)
	}
}

func TestLintNotAFolder(t *testing.T) {
	for _, dir := range []string{filepath.Join(t.TempDir(), "nope"), filepath.Join(example, "pack.yaml")} {
		if _, _, err := Lint(context.Background(), dir, Options{}); !errors.Is(err, ErrNotAPack) {
			t.Errorf("Lint(%s) = %v; want ErrNotAPack", dir, err)
		}
	}
	// An empty folder is a pack with one finding: nothing in it.
	_, findings, err := Lint(context.Background(), t.TempDir(), Options{})
	if err != nil || len(findings) == 0 || !strings.Contains(findings[0].Msg, "cannot read pack.yaml") {
		t.Errorf("empty folder: %v %v", findings, err)
	}
}

// TestMerge puts a pack after the built-in content: its lessons and
// exercises are numbered on, found by id, and its questions join the bank
// and its topics.
func TestMerge(t *testing.T) {
	p, err := Load(example)
	if err != nil {
		t.Fatal(err)
	}
	base := builtin(t)
	c, err := Merge(base, []*Pack{p})
	if err != nil {
		t.Fatal(err)
	}
	if c.Lessons.Len() != base.Lessons.Len()+len(p.Lessons) || c.Bank.Len() != base.Bank.Len()+20 || c.Exercises.Len() != base.Exercises.Len()+2 {
		t.Fatalf("merged %d lessons, %d questions, %d exercises", c.Lessons.Len(), c.Bank.Len(), c.Exercises.Len())
	}
	l, err := c.Lessons.Get("skyrail/naming-and-tags")
	if err != nil || l.Order != base.Lessons.All()[base.Lessons.Len()-1].Order+1 {
		t.Errorf("pack lesson: %v, order %v", err, l)
	}
	if _, ok := c.Bank.Question("skyrail/budgets-and-defaults/monthly-arm64"); !ok || !c.Bank.HasTopic("skyrail/releases-with-aliases") {
		t.Error("pack questions did not join the bank and its topics")
	}
	// The pack's first exercise is numbered after the built-in ones.
	number := strconv.Itoa(base.Exercises.All()[base.Exercises.Len()-1].Order + 1)
	for _, id := range []string{"skyrail/check-tags", "skyrail/01-check-tags", number} {
		if ex, err := c.Exercises.Get(id); err != nil || ex.ID != "skyrail/check-tags" {
			t.Errorf("Get(%q) = %v, %v", id, ex, err)
		}
	}
	// The built-in content is untouched.
	if _, err := base.Lessons.Get("skyrail/naming-and-tags"); err == nil {
		t.Error("the built-in catalog gained a pack lesson")
	}
	if _, err := Merge(base, []*Pack{p, p}); err == nil || !strings.Contains(err.Error(), `same id "skyrail"`) {
		t.Errorf("two packs with one id: %v", err)
	}
}

func builtin(t *testing.T) Content {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
