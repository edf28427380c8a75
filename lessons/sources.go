package lessons

import (
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// sourceForm is the form of a lesson source: a kind in brackets, a title
// a learner can read, and one address to open, "[AWS] Lambda quotas:
// https://docs.aws.amazon.com/...".
var sourceForm = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\[(AWS|code|3rd)\] (.+): (https?://\S+)$`) })

// SourceProblem says what is wrong with one source entry, or "" when it
// is well formed: the learner must be able to open every source.
func SourceProblem(s string) string {
	m := sourceForm().FindStringSubmatch(s)
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

// SourceProblems checks every source of every lesson with SourceProblem,
// each reported at its line in fsys, the folder the catalog was loaded
// from. The built-in lessons' tests and `pack lint` run it.
func (c *Catalog) SourceProblems(fsys fs.FS) Problems {
	var ps Problems
	for _, l := range c.lessons {
		var lines []string
		if data, err := fs.ReadFile(fsys, l.Path); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		for _, s := range l.Sources {
			msg := SourceProblem(s)
			if msg == "" {
				continue
			}
			line := 0
			for i, text := range lines {
				if strings.HasPrefix(text, "sources:") && line == 0 {
					line = i + 1
				}
				if line > 0 && strings.Contains(text, s) {
					line = i + 1
					break
				}
			}
			ps = append(ps, Problem{Path: l.Path, Line: line, Msg: fmt.Sprintf("front matter: source %q %s", s, msg)})
		}
	}
	return ps
}

// Minimums of a lesson's shape, beyond what Load requires.
const (
	MinSections       = 3
	MinCheckQuestions = 3
)

// ShapeProblems reports lessons with fewer than MinSections "##" sections
// or a "Check yourself" section with fewer than MinCheckQuestions
// questions (list items). The built-in lessons' tests and `pack lint` run
// it.
func (c *Catalog) ShapeProblems() Problems {
	var ps Problems
	for _, l := range c.lessons {
		if n := len(l.Sections); n < MinSections {
			ps = append(ps, Problem{Path: l.Path, Msg: fmt.Sprintf("has %d \"##\" sections; a lesson needs at least %d, the last being \"## %s\"", n, MinSections, CheckSectionTitle)})
		}
		check := l.Section(Slug(CheckSectionTitle))
		i := strings.Index(l.Body, "## "+CheckSectionTitle)
		if check == nil || i < 0 {
			continue // Load reports a missing check-yourself section
		}
		if q := strings.Count(l.Body[i:], "\n- "); q < MinCheckQuestions {
			ps = append(ps, Problem{Path: l.Path, Line: check.Line, Msg: fmt.Sprintf("\"## %s\" has %d questions; write at least %d, one \"- question? — answer.\" line each", CheckSectionTitle, q, MinCheckQuestions)})
		}
	}
	return ps
}
