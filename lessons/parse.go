package lessons

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"
)

// frontMatter is the YAML header of a lesson file. Every field is required.
type frontMatter struct {
	ID         string   `yaml:"id"`
	Title      string   `yaml:"title"`
	Order      int      `yaml:"order"`
	Summary    string   `yaml:"summary"`
	Tags       []string `yaml:"tags"`
	Sources    []string `yaml:"sources"`
	VerifiedOn string   `yaml:"verified_on"`
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+): `) })

var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

// CheckSectionTitle is the title of the section every lesson ends with.
const CheckSectionTitle = "Check yourself"

var md = sync.OnceValue(func() goldmark.Markdown { return goldmark.New(goldmark.WithExtensions(extension.GFM)) })

// parse reads one lesson file. It returns the lesson (nil when the file is too
// broken to use) and every problem found. With full unset it only reads the
// front matter and finds the sections by scanning lines, which is what the
// binary does at start-up; the full parse (goldmark) also checks code blocks
// and headings, and is what the content tests run.
func parse(path string, data []byte, full bool) (*Lesson, []Problem) {
	var ps []Problem
	add := func(line int, format string, args ...any) {
		ps = append(ps, Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	src := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(src, "---\n") {
		add(1, "missing front matter: the file must start with a line \"---\"")
		return nil, ps
	}
	end := strings.Index(src[4:], "\n---\n")
	if end < 0 {
		add(1, "front matter is not closed: add a line \"---\" after it")
		return nil, ps
	}
	header := src[4 : 4+end+1]
	body := src[4+end+5:]
	bodyLine := strings.Count(src[:4+end+5], "\n") + 1

	var fm frontMatter
	dec := yaml.NewDecoder(strings.NewReader(header))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		// Each YAML error at its line in the file (the header starts on line 2).
		msgs := []string{err.Error()}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs = te.Errors
		}
		for _, msg := range msgs {
			msg = strings.TrimPrefix(msg, "yaml: ")
			line := 2
			if m := yamlLine().FindStringSubmatch(msg); m != nil {
				n, _ := strconv.Atoi(m[1])
				line = n + 1
				msg = strings.Replace(msg, m[0], "", 1)
			}
			add(line, "front matter: %s", strings.Replace(msg, " in type lessons.frontMatter", "", 1))
		}
		return nil, ps
	}
	fieldLine := func(key string) int {
		for i, l := range strings.Split(header, "\n") {
			if strings.HasPrefix(l, key+":") {
				return i + 2
			}
		}
		return 1
	}
	want := strings.TrimSuffix(path, ".md")
	switch {
	case fm.ID == "":
		add(1, "front matter: id is missing")
	case !idPattern().MatchString(fm.ID):
		add(fieldLine("id"), "front matter: id %q must be lower-case words joined by '-'", fm.ID)
	case fm.ID != want:
		add(fieldLine("id"), "front matter: id %q does not match the file name (want %q)", fm.ID, want)
	}
	if strings.TrimSpace(fm.Title) == "" {
		add(1, "front matter: title is missing")
	}
	if fm.Order <= 0 {
		add(fieldLine("order"), "front matter: order must be a positive number")
	}
	if strings.TrimSpace(fm.Summary) == "" {
		add(1, "front matter: summary is missing")
	}
	if len(fm.Tags) == 0 {
		add(1, "front matter: tags are missing")
	}
	if len(fm.Sources) == 0 {
		add(1, "front matter: sources are missing: name where the lesson's facts come from")
	}
	if fm.VerifiedOn == "" {
		add(1, "front matter: verified_on is missing")
	} else if _, err := time.Parse("2006-01-02", fm.VerifiedOn); err != nil {
		add(fieldLine("verified_on"), "front matter: verified_on %q is not a date (YYYY-MM-DD)", fm.VerifiedOn)
	}

	l := &Lesson{
		ID: fm.ID, Title: fm.Title, Order: fm.Order, Summary: strings.TrimSpace(fm.Summary),
		Tags: fm.Tags, Sources: fm.Sources, VerifiedOn: fm.VerifiedOn,
		Path: path, Body: body,
	}

	if !full {
		l.Sections = scanSections(body, bodyLine)
		return l, ps
	}
	bsrc := []byte(body)
	lineOf := func(offset int) int { return bodyLine + bytes.Count(bsrc[:offset], []byte("\n")) }
	doc := md().Parser().Parse(text.NewReader(bsrc))
	seen := map[string]bool{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			line := bodyLine
			if n.Lines().Len() > 0 {
				line = lineOf(n.Lines().At(0).Start)
			}
			title := string(n.Text(bsrc)) //nolint:staticcheck // plain heading text is what we want
			switch n.Level {
			case 1:
				add(line, "heading %q is level 1: the title comes from front matter, use \"##\" for sections", title)
			case 2:
				a := Slug(title)
				if seen[a] {
					add(line, "two sections are called %q: section titles must differ", title)
				}
				seen[a] = true
				l.Sections = append(l.Sections, Section{Title: title, Anchor: a, Line: line})
			}
		case *ast.FencedCodeBlock:
			if len(n.Language(bsrc)) == 0 {
				line := bodyLine
				if n.Lines().Len() > 0 {
					line = lineOf(n.Lines().At(0).Start) - 1
				}
				add(line, "code block has no language: write ```js, ```python, ```json, ```text ...")
			}
		}
		return ast.WalkContinue, nil
	})
	if len(l.Sections) < 2 {
		add(bodyLine, "lesson needs at least two \"##\" sections, found %d", len(l.Sections))
	}
	if n := len(l.Sections); n > 0 && l.Sections[n-1].Title != CheckSectionTitle {
		add(l.Sections[n-1].Line, "the last section must be \"## %s\" (a short list of questions)", CheckSectionTitle)
	}
	return l, ps
}

// scanSections finds the "##" headings of a body line by line, skipping
// fenced code blocks. For valid lessons it agrees with the goldmark parse (a
// test checks this on every lesson).
func scanSections(body string, firstLine int) []Section {
	var out []Section
	fence := ""
	for i, line := range strings.Split(body, "\n") {
		trim := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trim, fence) && strings.TrimSpace(strings.TrimLeft(trim, fence[:1])) == "" {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			n := len(trim) - len(strings.TrimLeft(trim, trim[:1]))
			fence = strings.Repeat(trim[:1], n)
			continue
		}
		if strings.HasPrefix(line, "## ") {
			title := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[3:]), "#"))
			out = append(out, Section{Title: title, Anchor: Slug(title), Line: firstLine + i})
		}
	}
	return out
}

// Slug turns a heading into its GitHub-style anchor: lower case, spaces to
// '-', and everything but letters, digits, '-' and '_' removed.
func Slug(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(title)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
			b.WriteRune(r)
		}
	}
	return b.String()
}

var linkPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([a-z0-9-]+)\.md(?:#([a-z0-9_-]+))?$`) })

// checkLinks verifies that every link to another lesson names a lesson that
// exists and, when it has an anchor, a section of that lesson.
func (c *Catalog) checkLinks(fsys fs.FS) []Problem {
	var ps []Problem
	for _, l := range c.lessons {
		bsrc := []byte(l.Body)
		bodyLine := 1
		if data, err := fs.ReadFile(fsys, l.Path); err == nil {
			bodyLine = strings.Count(string(data), "\n") - strings.Count(l.Body, "\n") + 1
		}
		doc := md().Parser().Parse(text.NewReader(bsrc))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			link, ok := n.(*ast.Link)
			if !entering || !ok {
				return ast.WalkContinue, nil
			}
			dest := string(link.Destination)
			line := bodyLine
			if i := bytes.Index(bsrc, []byte("]("+dest)); i >= 0 {
				line = bodyLine + bytes.Count(bsrc[:i], []byte("\n"))
			}
			if strings.Contains(dest, "://") || strings.HasPrefix(dest, "mailto:") {
				return ast.WalkContinue, nil
			}
			if strings.HasPrefix(dest, "#") {
				dest = l.ID + ".md" + dest
			}
			m := linkPattern().FindStringSubmatch(dest)
			if m == nil {
				ps = append(ps, Problem{Path: l.Path, Line: line, Msg: fmt.Sprintf("link %q is neither a URL nor a lesson link like other-id.md#section", dest)})
				return ast.WalkContinue, nil
			}
			target, ok := c.byID[m[1]]
			if !ok {
				ps = append(ps, Problem{Path: l.Path, Line: line, Msg: fmt.Sprintf("link to unknown lesson %q", m[1])})
				return ast.WalkContinue, nil
			}
			if m[2] != "" && target.Section(m[2]) == nil {
				ps = append(ps, Problem{Path: l.Path, Line: line, Msg: fmt.Sprintf("link to %s: lesson %q has no section with anchor %q", dest, target.ID, m[2])})
			}
			return ast.WalkContinue, nil
		})
	}
	return ps
}

// Section returns the section with the given anchor, or nil.
func (l *Lesson) Section(anchor string) *Section {
	for i := range l.Sections {
		if l.Sections[i].Anchor == anchor {
			return &l.Sections[i]
		}
	}
	return nil
}

// Markdown is the lesson as shown to the learner: its title as a heading,
// then the body.
func (l *Lesson) Markdown() string {
	return "# " + l.Title + "\n\n" + l.Body
}

// MarkdownWithSources is Markdown followed by a "## Sources" section that
// lists the lesson's sources, each with its URL: what every reader shows
// at the end of a lesson.
func (l *Lesson) MarkdownWithSources() string {
	md := l.Markdown()
	if !strings.HasSuffix(md, "\n") {
		md += "\n"
	}
	return md + l.SourcesMarkdown()
}

// SourcesMarkdown is the "## Sources" section that ends every lesson, with
// a blank line before it.
func (l *Lesson) SourcesMarkdown() string {
	var b strings.Builder
	b.WriteString("\n## Sources\n\n")
	for _, s := range l.Sources {
		// The URL goes on a line of its own (a Markdown hard break), so
		// that a terminal wraps the title, not the address.
		i := strings.Index(s, "https://")
		if i < 0 {
			i = strings.Index(s, "http://")
		}
		if i <= 0 {
			b.WriteString("- " + s + "\n")
			continue
		}
		title := strings.TrimRight(strings.TrimSpace(s[:i]), ":")
		b.WriteString("- " + title + "  \n  " + strings.TrimSpace(s[i:]) + "\n")
	}
	return b.String()
}
