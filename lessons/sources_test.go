package lessons

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLessonSourcesHaveURLs: every source of every lesson carries exactly
// one real address, in the "[kind] Title: URL" form.
func TestLessonSourcesHaveURLs(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range c.All() {
		n += len(l.Sources)
	}
	if n == 0 {
		t.Fatal("no sources checked")
	}
	sub, err := fs.Sub(content, "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.SourceProblems(sub) {
		t.Error(p)
	}
}

// TestSourceProblemsAtTheirLine: a source without a URL is reported at
// its own line of the front matter.
func TestSourceProblemsAtTheirLine(t *testing.T) {
	src := strings.Replace(lesson("a", goodBody), "Lambda quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html", "Lambda quotas", 1)
	fsys := fstest.MapFS{"a.md": {Data: []byte(src)}}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	ps := c.SourceProblems(fsys)
	if len(ps) != 1 || !strings.HasPrefix(ps[0].String(), `lessons/content/a.md:8: front matter: source "[AWS] Lambda quotas" has no http(s) URL`) {
		t.Errorf("SourceProblems = %v", ps)
	}
}

// TestSourceProblemCatchesBadEntries shows the check failing on the kinds
// of entry the lessons used to carry.
func TestSourceProblemCatchesBadEntries(t *testing.T) {
	bad := []string{
		"[code] maxday/lambda-perf data/2026-08-22.json",
		"[AWS] Lambda operator guide, how CloudWatch structures logs",
		"FACTS.md §3.1 (log line formats)",
		"[AWS] Python context object: https://docs.aws.amazon.com/lambda/latest/dg/python-context.html (via a notes file)",
		"[AWS] https://docs.aws.amazon.com/lambda/latest/dg/limits.html",
		"[code] two: https://github.com/a/b and https://github.com/c/d",
		"[code] repo root only: https://github.com/localstack",
		"[AWS] no host: https:///lambda",
	}
	for _, s := range bad {
		if SourceProblem(s) == "" {
			t.Errorf("%q accepted", s)
		}
	}
	good := []string{
		"[AWS] Lambda quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
		"[code] apex/up issue #663 (Task timed out after N seconds): https://github.com/apex/up/issues/663",
		"[3rd] Xebia, Lambda terminates instances preemptively: https://xebia.com/blog/til-that-aws-lambda-terminates-instances-preemptively/",
	}
	for _, s := range good {
		if p := SourceProblem(s); p != "" {
			t.Errorf("%q rejected: %s", s, p)
		}
	}
}
