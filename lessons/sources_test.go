package lessons

import (
	"testing"
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
		for _, s := range l.Sources {
			n++
			if p := SourceProblem(s); p != "" {
				t.Errorf("lesson %s: source %q %s", l.ID, s, p)
			}
		}
	}
	if n == 0 {
		t.Fatal("no sources checked")
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
