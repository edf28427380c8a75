package lessons

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestEmbeddedContent validates every lesson shipped in the binary.
func TestEmbeddedContent(t *testing.T) {
	if err := Validate(); err != nil {
		t.Fatal(err)
	}
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(content, "content")
	full, err := Load(sub)
	if err != nil {
		t.Fatal(err)
	}
	// The start-up scan must find exactly the sections the full parse finds.
	for _, l := range full.All() {
		fast, _ := c.Get(l.ID)
		if !reflect.DeepEqual(fast.Sections, l.Sections) {
			t.Errorf("%s: start-up sections %v, full parse %v", l.ID, fast.Sections, l.Sections)
		}
	}
	if c.Len() < 16 {
		t.Errorf("have %d lessons, want at least 16", c.Len())
	}
	orders := map[int]string{}
	for _, l := range c.All() {
		if prev, ok := orders[l.Order]; ok {
			t.Errorf("%s and %s share order %d", prev, l.ID, l.Order)
		}
		orders[l.Order] = l.ID
		if l.Section(Slug(CheckSectionTitle)) == nil {
			t.Errorf("%s: no check-yourself section", l.ID)
		}
	}
	// At least three sections, and three check-yourself questions.
	for _, p := range c.ShapeProblems() {
		t.Error(p)
	}
}

// TestSeedTopicsCovered checks that every section of the seed summary is
// taught somewhere, and that none of its known errors is repeated as true.
func TestSeedTopicsCovered(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{
		"what-is-lambda", "how-it-works", "use-cases", "first-function", "event-sources",
		"limits", "pricing", "cold-starts", "lambda-vs-ec2-vs-fargate", "interview-answers",
		"execution-environment", "concurrency-and-scaling", "invocation-types", "error-handling",
		"security", "observability", "packaging-and-deployment", "cost-optimisation",
	} {
		if _, err := c.Get(id); err != nil {
			t.Errorf("missing lesson: %v", err)
		}
	}
	pricing, err := c.Get("pricing")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"50,000 GB-s", "$1.03", "$0.87", "$0.00", "$0.005"} {
		if !strings.Contains(pricing.Body, want) {
			t.Errorf("pricing lesson does not mention %s", want)
		}
	}
	// The seed's wrong monthly figure may only appear next to the word "wrong".
	for _, line := range strings.Split(pricing.Body, "\n") {
		if strings.Contains(line, "$0.005") && !regexp.MustCompile(`(?i)wrong|incorrect|not \$0\.005|off by`).MatchString(line) {
			t.Errorf("pricing lesson states $0.005 without calling it wrong: %q", line)
		}
	}
	cold, _ := c.Get("cold-starts")
	if cold != nil && !strings.Contains(strings.ToLower(cold.Body), "shorter execution") {
		t.Errorf("cold-starts lesson must correct the seed's \"use shorter execution times\" advice")
	}
	for _, l := range c.All() {
		low := strings.ToLower(l.Body)
		if strings.Contains(low, "disappears after execution") && !strings.Contains(low, "wrong") && !strings.Contains(low, "not ") {
			t.Errorf("%s repeats the seed's \"disappears after execution\" claim", l.ID)
		}
	}
}

func lesson(id, body string) string {
	return "---\nid: " + id + "\ntitle: T " + id + "\norder: 1\nsummary: s\ntags: [a]\nsources:\n  - \"[AWS] Lambda quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html\"\nverified_on: 2026-11-27\n---\n\nIntro.\n\n" + body
}

const goodBody = "## One\n\ntext\n\n## Check yourself\n\n- q? — a.\n"

func TestLoadReportsProblemsWithPathAndLine(t *testing.T) {
	cases := []struct {
		name string
		file string
		want string
	}{
		{"no front matter", "# hi\n", "a.md:1: missing front matter"},
		{"unclosed", "---\nid: a\n", "a.md:1: front matter is not closed"},
		{"unknown field", strings.Replace(lesson("a", goodBody), "order: 1", "order: 1\ncolour: red", 1), "a.md:5: front matter: field colour not found"},
		{"missing sources", strings.Replace(lesson("a", goodBody), "sources:\n  - \"[AWS] Lambda quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html\"\n", "", 1), "sources are missing"},
		{"id mismatch", lesson("b", goodBody), "a.md:2: front matter: id \"b\" does not match the file name"},
		{"bad date", strings.Replace(lesson("a", goodBody), "2026-11-27", "yesterday", 1), "a.md:9: front matter: verified_on"},
		{"no language", lesson("a", "## One\n\n```\ncode\n```\n\n## Check yourself\n\n- q\n"), "a.md:16: code block has no language"},
		{"h1", lesson("a", "# Big\n\n"+goodBody), "a.md:14: heading \"Big\" is level 1"},
		{"no check", lesson("a", "## One\n\nx\n\n## Two\n\ny\n"), "a.md:18: the last section must be \"## Check yourself\""},
		{"bad link", lesson("a", "## One\n\nsee [x](nope.md)\n\n## Check yourself\n\n- q\n"), "a.md:16: link to unknown lesson \"nope\""},
		{"bad anchor", lesson("a", "## One\n\nsee [x](a.md#two)\n\n## Check yourself\n\n- q\n"), "lesson \"a\" has no section with anchor \"two\""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"a.md": {Data: []byte(tc.file)}})
			if err == nil {
				t.Fatal("Load accepted a broken lesson")
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error is %T, want Problems", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%v\ndoes not contain %q", err, tc.want)
			}
		})
	}
}

func TestLoadDuplicateIDsAndGoodLinks(t *testing.T) {
	good := lesson("a", "## One\n\nsee [b](b.md#part-two) and [self](#one)\n\n## Check yourself\n\n- q\n")
	b := strings.Replace(lesson("b", "## Part two\n\nx\n\n## Check yourself\n\n- q\n"), "order: 1", "order: 2", 1)
	c, err := Load(fstest.MapFS{"a.md": {Data: []byte(good)}, "b.md": {Data: []byte(b)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.All()[1].ID; got != "b" {
		t.Errorf("order: second lesson is %q", got)
	}
	if s := c.All()[1].Sections[0]; s.Anchor != "part-two" || s.Line != 14 {
		t.Errorf("section = %+v", s)
	}
}

// TestShapeProblems: a lesson with two sections and one check-yourself
// question is reported on both counts.
func TestShapeProblems(t *testing.T) {
	c, err := Load(fstest.MapFS{"a.md": {Data: []byte(lesson("a", goodBody))}})
	if err != nil {
		t.Fatal(err)
	}
	ps := c.ShapeProblems()
	if len(ps) != 2 || ps[0].String() != `lessons/content/a.md: has 2 "##" sections; a lesson needs at least 3, the last being "## Check yourself"` ||
		!strings.HasPrefix(ps[1].String(), `lessons/content/a.md:18: "## Check yourself" has 1 questions`) {
		t.Errorf("ShapeProblems = %v", ps)
	}
}

func TestGetSuggests(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get("cold-start")
	if err == nil || !strings.Contains(err.Error(), `did you mean "cold-starts"`) {
		t.Errorf("Get(cold-start) = %v", err)
	}
	_, err = c.Get("zzzzzzzzzzzzzzzzz")
	if err == nil || strings.Contains(err.Error(), "did you mean") || !strings.Contains(err.Error(), "lambdatutor lessons") {
		t.Errorf("Get(zzz) = %v", err)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"What Init Duration measures": "what-init-duration-measures",
		"Lambda vs. EC2 (2026)":       "lambda-vs-ec2-2026",
		"Check yourself":              "check-yourself",
		"/tmp and globals":            "tmp-and-globals",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkDefaultCatalog(b *testing.B) {
	sub, _ := fs.Sub(content, "content")
	for i := 0; i < b.N; i++ {
		if _, err := load(sub, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSourcesAreURLs: every lesson source carries its URL, and no lesson,
// nor the lessons package, cites a file that is not in the repository
// (FACTS.md or anything under shared/) (issue 10 item 12).
func TestSourcesAreURLs(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	outside := regexp.MustCompile(`FACTS\.md|shared/`)
	for _, l := range c.All() {
		for _, s := range l.Sources {
			if !strings.Contains(s, "https://") && !strings.Contains(s, "http://") {
				t.Errorf("%s: source without a URL: %q", l.ID, s)
			}
		}
		if m := outside.FindString(l.MarkdownWithSources()); m != "" {
			t.Errorf("%s cites %q, a file outside the repository; cite the URL", l.ID, m)
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := outside.Find(b); m != nil {
			t.Errorf("%s refers to %q, outside the repository", f, m)
		}
	}
}
