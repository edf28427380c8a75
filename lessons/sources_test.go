package lessons

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// sourceLine is the form of a lesson source: a kind in brackets, a title
// a learner can read, and one address to open, "[AWS] Lambda quotas:
// https://docs.aws.amazon.com/...".
var sourceLine = regexp.MustCompile(`^\[(AWS|code|3rd)\] (.+): (https?://\S+)$`)

// sourceProblem says what is wrong with one source entry, or "" when it
// is well formed: the learner must be able to open every source.
func sourceProblem(s string) string {
	m := sourceLine.FindStringSubmatch(s)
	if m == nil {
		if !strings.Contains(s, "http://") && !strings.Contains(s, "https://") {
			return "has no http(s) URL: give the page's address so that a learner can open it"
		}
		return `is not of the form "[AWS|code|3rd] Title: URL" with one URL at the end`
	}
	if strings.Contains(m[2], "://") {
		return "has more than one URL: give each source its own line"
	}
	u, err := url.Parse(m[3])
	if err != nil || u.Host == "" || !strings.Contains(u.Host, ".") {
		return "has an address that is not a URL: " + m[3]
	}
	if u.Host == "github.com" && len(strings.Split(strings.Trim(u.Path, "/"), "/")) < 2 {
		return "names GitHub without OWNER/REPO: " + m[3]
	}
	return ""
}

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
			if p := sourceProblem(s); p != "" {
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
		if sourceProblem(s) == "" {
			t.Errorf("%q accepted", s)
		}
	}
	good := []string{
		"[AWS] Lambda quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
		"[code] apex/up issue #663 (Task timed out after N seconds): https://github.com/apex/up/issues/663",
		"[3rd] Xebia, Lambda terminates instances preemptively: https://xebia.com/blog/til-that-aws-lambda-terminates-instances-preemptively/",
	}
	for _, s := range good {
		if p := sourceProblem(s); p != "" {
			t.Errorf("%q rejected: %s", s, p)
		}
	}
}
