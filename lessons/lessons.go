// Package lessons is the lesson catalog: it parses the embedded Markdown lessons
// (front matter plus a body of "##" sections), validates them, and answers
// lookups by id with suggestions for near misses.
package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/lambdatutor/lambdatutor/suggest"
)

//go:embed content/*.md
var content embed.FS

// Lesson is one parsed lesson file.
type Lesson struct {
	ID         string
	Title      string
	Order      int
	Summary    string
	Tags       []string
	Sources    []string
	VerifiedOn string
	// Pack is the title of the content pack the lesson comes from, "" for
	// a built-in lesson.
	Pack string
	// LinkTitles are the titles of the lessons a content pack's lesson may
	// link to as "other-id.md", by that local id (nil for built-in lessons,
	// whose links name built-in lessons).
	LinkTitles map[string]string

	// Path is the file the lesson came from, relative to the content root.
	Path string
	// Body is the Markdown after the front matter.
	Body string
	// Sections are the "##" headings of the body, in order.
	Sections []Section
}

// Section is one "##" heading of a lesson.
type Section struct {
	Title string
	// Anchor is the GitHub-style slug used in links: lesson-id.md#anchor.
	Anchor string
	// Line is the 1-based line of the heading in the lesson file.
	Line int
}

// Catalog holds the lessons in their reading order.
type Catalog struct {
	lessons []*Lesson
	byID    map[string]*Lesson
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default returns the catalog of the lessons embedded in the binary. It is
// parsed once, on first use.
func Default() (*Catalog, error) {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(content, "content")
		if err != nil {
			defaultErr = err
			return
		}
		defaultCat, defaultErr = load(sub, false)
	})
	return defaultCat, defaultErr
}

// Load parses and validates every *.md file at the root of fsys: front
// matter, sections, code blocks and links. All problems are reported
// together, each with its file and line.
func Load(fsys fs.FS) (*Catalog, error) { return load(fsys, true) }

// Validate checks the embedded lessons as Load checks any folder. The binary
// itself only reads what it needs at start-up; tests run Validate.
func Validate() error {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		return err
	}
	_, err = Load(sub)
	return err
}

func load(fsys fs.FS, full bool) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("list lessons: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no lessons found: the content folder has no .md files")
	}
	var problems Problems
	c := &Catalog{byID: map[string]*Lesson{}}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems = append(problems, Problem{Path: name, Msg: err.Error()})
			continue
		}
		l, ps := parse(name, data, full)
		problems = append(problems, ps...)
		if l == nil {
			continue
		}
		if prev, ok := c.byID[l.ID]; ok {
			problems = append(problems, Problem{Path: name, Line: 2, Msg: fmt.Sprintf("id %q is already used by %s", l.ID, prev.Path)})
			continue
		}
		c.byID[l.ID] = l
		c.lessons = append(c.lessons, l)
	}
	sort.SliceStable(c.lessons, func(i, j int) bool {
		if c.lessons[i].Order != c.lessons[j].Order {
			return c.lessons[i].Order < c.lessons[j].Order
		}
		return c.lessons[i].ID < c.lessons[j].ID
	})
	if full {
		problems = append(problems, c.checkLinks(fsys)...)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return c, nil
}

// NewCatalog makes a catalog of lessons already parsed and validated, in
// the order given (built-in lessons, then each content pack's). Ids must be
// unique.
func NewCatalog(ls []*Lesson) (*Catalog, error) {
	c := &Catalog{byID: make(map[string]*Lesson, len(ls))}
	for _, l := range ls {
		if prev, ok := c.byID[l.ID]; ok {
			return nil, fmt.Errorf("lesson id %q is used by %s and by %s; ids must be unique", l.ID, prev.Path, l.Path)
		}
		c.byID[l.ID] = l
		c.lessons = append(c.lessons, l)
	}
	return c, nil
}

// All returns the lessons in reading order. The slice must not be modified.
func (c *Catalog) All() []*Lesson { return c.lessons }

// Len is the number of lessons.
func (c *Catalog) Len() int { return len(c.lessons) }

// Get returns the lesson with the given id, or an error that suggests the
// closest ids.
func (c *Catalog) Get(id string) (*Lesson, error) {
	if l, ok := c.byID[id]; ok {
		return l, nil
	}
	msg := fmt.Sprintf("lesson %q not found", id)
	if s := c.Suggest(id); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", quoteJoin(s))
	}
	return nil, &NotFoundError{ID: id, msg: msg + " see `lambdatutor lessons` for the list"}
}

// NotFoundError is returned by Get for an unknown id.
type NotFoundError struct {
	ID  string
	msg string
}

func (e *NotFoundError) Error() string { return e.msg }

// Index is the position of the lesson in reading order, or -1.
func (c *Catalog) Index(id string) int {
	for i, l := range c.lessons {
		if l.ID == id {
			return i
		}
	}
	return -1
}

// Suggest returns up to three ids close to id.
func (c *Catalog) Suggest(id string) []string {
	ids := make([]string, len(c.lessons))
	for i, l := range c.lessons {
		ids[i] = l.ID
	}
	return suggest.Closest(id, ids, 3)
}

func quoteJoin(ids []string) string {
	q := make([]string, len(ids))
	for i, s := range ids {
		q[i] = fmt.Sprintf("%q", s)
	}
	switch len(q) {
	case 1:
		return q[0]
	case 2:
		return q[0] + " or " + q[1]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Problem is one validation failure in a lesson file.
type Problem struct {
	Path string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("lessons/content/%s:%d: %s", p.Path, p.Line, p.Msg)
	}
	return fmt.Sprintf("lessons/content/%s: %s", p.Path, p.Msg)
}

// Problems is the error returned by Load when lessons are invalid.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in the lesson content:\n%s", len(ps), strings.Join(lines, "\n"))
}
