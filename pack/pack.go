// Package pack reads content packs: an instructor's own lessons, questions
// and exercises, kept in a folder beside the built-in content and loaded
// with `lambdatutor --pack DIR` or `lambdatutor serve --pack DIR`.
//
// A pack is a folder:
//
//	pack.yaml               id, title, version, author, licence
//	lessons/*.md            lessons, with the built-in lessons' front matter
//	bank/*.yaml             questions, in the built-in bank's format
//	exercises/NN-id/        exercises, in the built-in exercise layout
//
// Inside the pack, ids are written as in the built-in content ("deploy",
// "deploy/what-it-asks"); loaded, they are namespaced by the pack id
// ("acme/deploy", "acme/deploy/what-it-asks", exercise "acme/tag-it"), and
// that is the id the learner types, sees and has stored in their progress.
// A question topic or an exercise's lesson names a lesson of the pack, or
// else a built-in lesson.
//
// Lint runs every check the built-in content passes in its tests; Load
// runs the same checks except the exercise dev check (it runs code) and
// refuses a pack with any finding.
package pack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/lambdatutor/lambdatutor/exercises"
	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/quiz"
)

// Meta is pack.yaml.
type Meta struct {
	// ID namespaces the pack's ids: lower-case words joined by '-'.
	ID      string `yaml:"id" json:"id"`
	Title   string `yaml:"title" json:"title"`
	Version string `yaml:"version" json:"version"`
	Author  string `yaml:"author" json:"author"`
	Licence string `yaml:"licence" json:"licence"`
}

// Pack is a loaded, valid pack; its content carries namespaced ids.
type Pack struct {
	// Dir is the folder as given.
	Dir  string
	Meta Meta
	// Lessons are in the pack's reading order, each with Pack set to the
	// pack's title.
	Lessons   []*lessons.Lesson
	Questions []*quiz.Question
	Exercises []*exercises.Exercise
}

// Finding is one thing wrong with a pack, at a file (as a path under the
// folder given) and a line (0 when the problem is not on one line).
type Finding struct {
	Path string `json:"path"`
	Line int    `json:"line,omitempty"`
	Msg  string `json:"message"`
}

func (f Finding) String() string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", f.Path, f.Line, f.Msg)
	}
	return f.Path + ": " + f.Msg
}

// Findings is every finding of a pack; as an error it is the reason a pack
// was refused.
type Findings []Finding

func (fs Findings) Error() string {
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = f.String()
	}
	return fmt.Sprintf("%d problem(s) in the content pack:\n%s", len(fs), strings.Join(lines, "\n"))
}

// ErrNotAPack is returned for a path that is not a folder.
var ErrNotAPack = errors.New("not a content pack folder")

// Options choose what Lint checks.
type Options struct {
	// DevCheck runs every exercise's starter (it must fail a test) and
	// solution (they must all pass) in both runtimes: seconds per exercise.
	DevCheck bool
}

// reserved are pack ids that would clash with ids the tutor makes itself.
var reserved = map[string]bool{"gen": true}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+): `) })

var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

// Load reads and checks the pack in dir, without the exercise dev check.
// A pack with any finding is refused whole: the error is its Findings.
func Load(dir string) (*Pack, error) {
	p, findings, err := Lint(context.Background(), dir, Options{})
	if err != nil {
		return nil, err
	}
	if len(findings) > 0 {
		return nil, fmt.Errorf("content pack %s is refused, fix it and run `lambdatutor pack lint %s`: %w", dir, dir, findings)
	}
	return p, nil
}

// Lint reads the pack in dir and returns it (nil when anything is wrong)
// with every finding. The error is for a dir that cannot be a pack at all
// (missing, not a folder).
func Lint(ctx context.Context, dir string, opts Options) (*Pack, Findings, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %w; give the folder that holds pack.yaml", ErrNotAPack, dir, err)
	}
	if !fi.IsDir() {
		return nil, nil, fmt.Errorf("%w: %s is a file; give the folder that holds pack.yaml", ErrNotAPack, dir)
	}
	fsys := os.DirFS(dir)
	l := &linter{dir: dir}
	meta := l.meta(fsys)
	p := &Pack{Dir: dir, Meta: meta}

	local := l.lessons(fsys)
	// The pack's lesson ids are its file names, even when a lesson has
	// problems: the questions and exercises that name it are not wrong.
	lessonIDs := map[string]bool{}
	names, _ := fs.Glob(fsys, "lessons/*.md")
	for _, n := range names {
		lessonIDs[strings.TrimSuffix(path.Base(n), ".md")] = true
	}
	builtin, err := lessons.Default()
	if err != nil {
		return nil, nil, fmt.Errorf("the built-in lessons are broken (this is a bug, please report it): %w", err)
	}
	isBuiltin := func(id string) bool { _, err := builtin.Get(id); return err == nil }
	// lessonID is the loaded id of a lesson named inside the pack.
	lessonID := func(id string) string {
		if lessonIDs[id] {
			return meta.ID + "/" + id
		}
		return id
	}

	bank := l.bank(fsys, func(id string) bool { return lessonIDs[id] || isBuiltin(id) })
	exs := l.exercises(fsys, func(id string) (*lessons.Lesson, error) {
		for _, ls := range local {
			if ls.ID == id {
				return ls, nil
			}
		}
		if lessonIDs[id] {
			return nil, nil // it has problems of its own, reported apart
		}
		return builtin.Get(id)
	})
	if len(local) == 0 && bank == nil && len(exs) == 0 && len(l.findings) == 0 {
		l.add("pack.yaml", 0, "the pack has no lessons, questions or exercises; add lessons/*.md, bank/*.yaml or exercises/NN-id/")
	}
	if len(l.findings) > 0 {
		return nil, l.findings, nil
	}

	// Namespace what was checked with the pack's own ids. Links between
	// the pack's lessons keep their local ids; readers find the titles in
	// LinkTitles.
	titles := make(map[string]string, len(local))
	for _, ls := range local {
		titles[ls.ID] = ls.Title
	}
	for _, ls := range local {
		ls.LinkTitles = titles
		ls.Path = path.Join(meta.ID, "lessons", ls.Path)
		ls.ID = meta.ID + "/" + ls.ID
		ls.Pack = meta.Title
		p.Lessons = append(p.Lessons, ls)
	}
	if bank != nil {
		for _, q := range bank.All() {
			q.ID = meta.ID + "/" + q.ID
			for i, t := range q.Topics {
				q.Topics[i] = lessonID(t)
			}
			q.File = path.Join(meta.ID, q.File)
			p.Questions = append(p.Questions, q)
		}
	}
	for _, ex := range exs {
		ex.ID = meta.ID + "/" + ex.ID
		ex.Dir = meta.ID + "/" + ex.Dir
		if ex.Lesson != "" {
			ex.Lesson = lessonID(ex.Lesson)
		}
		p.Exercises = append(p.Exercises, ex)
	}
	// The dev check runs the exercises as the learner will: namespaced.
	if opts.DevCheck {
		for _, ex := range p.Exercises {
			for _, rt := range exercises.Runtimes {
				for _, pr := range exercises.DevCheck(ctx, ex, rt) {
					pr.Path = strings.TrimPrefix(pr.Path, meta.ID+"/")
					l.exerciseFindings(exercises.Problems{pr})
				}
			}
		}
		if len(l.findings) > 0 {
			return nil, l.findings, nil
		}
	}
	return p, nil, nil
}

// linter gathers findings with paths under the folder given.
type linter struct {
	dir      string
	findings Findings
}

func (l *linter) add(rel string, line int, format string, args ...any) {
	l.findings = append(l.findings, Finding{Path: filepath.Join(l.dir, filepath.FromSlash(rel)), Line: line, Msg: fmt.Sprintf(format, args...)})
}

// meta reads and checks pack.yaml.
func (l *linter) meta(fsys fs.FS) Meta {
	var m Meta
	data, err := fs.ReadFile(fsys, "pack.yaml")
	if err != nil {
		l.add("pack.yaml", 0, "cannot read pack.yaml (%v); every pack starts with one: id, title, version, author, licence", unwrapPath(err))
		return m
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		line := 0
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if mm := yamlLine().FindStringSubmatch(msg); mm != nil {
			fmt.Sscan(mm[1], &line)
			msg = strings.Replace(msg, mm[0], "", 1)
		}
		l.add("pack.yaml", line, "%s", strings.ReplaceAll(msg, "pack.Meta", "pack.yaml"))
		return m
	}
	lineOf := func(key string) int {
		for i, s := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(s, key+":") {
				return i + 1
			}
		}
		return 1
	}
	switch {
	case m.ID == "":
		l.add("pack.yaml", 1, "id is missing; it namespaces the pack's ids (lower-case words joined by '-', like acme-onboarding)")
	case !idPattern().MatchString(m.ID):
		l.add("pack.yaml", lineOf("id"), "id %q must be lower-case words joined by '-', like acme-onboarding", m.ID)
	case reserved[m.ID]:
		l.add("pack.yaml", lineOf("id"), "id %q is reserved for generated questions; choose another", m.ID)
	}
	for _, f := range []struct{ key, val string }{{"title", m.Title}, {"version", m.Version}, {"author", m.Author}, {"licence", m.Licence}} {
		if strings.TrimSpace(f.val) == "" {
			l.add("pack.yaml", 1, "%s is missing", f.key)
		}
	}
	return m
}

// sub returns the pack's sub-folder name, or nil when it does not exist.
func (l *linter) sub(fsys fs.FS, name string) fs.FS {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil
	}
	if !fi.IsDir() {
		l.add(name, 0, "must be a folder")
		return nil
	}
	s, _ := fs.Sub(fsys, name)
	return s
}

// lessons checks lessons/*.md as the built-in lessons are checked (front
// matter, sections and check-yourself questions, code languages, sources
// with URLs, links between the pack's lessons).
func (l *linter) lessons(fsys fs.FS) []*lessons.Lesson {
	sub := l.sub(fsys, "lessons")
	if sub == nil {
		return nil
	}
	if names, _ := fs.Glob(sub, "*.md"); len(names) == 0 {
		l.add("lessons", 0, "has no .md files; add lessons or remove the folder")
		return nil
	}
	cat, err := lessons.Load(sub)
	var ps lessons.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			l.add(path.Join("lessons", p.Path), p.Line, "%s", p.Msg)
		}
		return nil
	}
	if err != nil {
		l.add("lessons", 0, "%v", err)
		return nil
	}
	if ps := append(cat.SourceProblems(sub), cat.ShapeProblems()...); len(ps) > 0 {
		for _, p := range ps {
			l.add(path.Join("lessons", p.Path), p.Line, "%s", p.Msg)
		}
		return nil
	}
	return cat.All()
}

// bank checks bank/*.yaml as the built-in bank is checked (schema,
// numeric answers recomputed with their compute blocks, model answers
// that make their key points, sources with URLs, topics that are
// lessons).
func (l *linter) bank(fsys fs.FS, isLesson func(string) bool) *quiz.Bank {
	sub := l.sub(fsys, "bank")
	if sub == nil {
		return nil
	}
	b, err := quiz.LoadBank(sub)
	var ps quiz.Problems
	if errors.As(err, &ps) {
		l.quizFindings(ps)
		return nil
	}
	if err != nil {
		l.add("bank", 0, "%v", err)
		return nil
	}
	n := len(l.findings)
	l.quizFindings(b.KeyPointProblems())
	l.quizFindings(b.SourceURLProblems())
	l.quizFindings(b.TopicProblems(isLesson))
	if len(l.findings) > n {
		return nil
	}
	return b
}

func (l *linter) quizFindings(ps quiz.Problems) {
	for _, p := range ps {
		// The message without its "bank/FILE:LINE: " prefix.
		msg := p.String()
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		l.add(path.Join("bank", p.File), p.Line, "%s", msg)
	}
}

// exercises checks exercises/NN-id/ as the built-in exercises are checked.
func (l *linter) exercises(fsys fs.FS, lesson func(string) (*lessons.Lesson, error)) []*exercises.Exercise {
	sub := l.sub(fsys, "exercises")
	if sub == nil {
		return nil
	}
	cat, err := exercises.LoadWith(sub, exercises.LoadOptions{Lesson: lesson})
	var ps exercises.Problems
	if errors.As(err, &ps) {
		l.exerciseFindings(ps)
		return nil
	}
	if err != nil {
		l.add("exercises", 0, "%v", err)
		return nil
	}
	if cat.Len() == 0 {
		l.add("exercises", 0, "has no exercise folders (NN-id); add one or remove the folder")
		return nil
	}
	return cat.All()
}

func (l *linter) exerciseFindings(ps exercises.Problems) {
	for _, p := range ps {
		l.add(path.Join("exercises", p.Path), p.Line, "%s", p.Msg)
	}
}

// unwrapPath drops the *fs.PathError wrapper, whose path is relative to
// the pack and would repeat the file name.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Content is what the tutor teaches: the built-in lessons, questions and
// exercises, with those of any packs after them.
type Content struct {
	Lessons   *lessons.Catalog
	Bank      *quiz.Bank
	Exercises *exercises.Catalog
}

// Builtin is the content embedded in the binary.
func Builtin() (Content, error) {
	var c Content
	var err error
	if c.Lessons, err = lessons.Default(); err != nil {
		return Content{}, fmt.Errorf("the built-in lessons are broken (this is a bug, please report it): %w", err)
	}
	if c.Bank, err = quiz.Default(); err != nil {
		return Content{}, err
	}
	if c.Exercises, err = exercises.Default(); err != nil {
		return Content{}, fmt.Errorf("the built-in exercises are broken (this is a bug, please report it): %w", err)
	}
	return c, nil
}

// Merge returns base with the packs' content added after it, in the order
// of packs. Pack lessons and exercises are numbered on from the last
// built-in one, so that `lessons show N` and `exercises show N` reach
// them too. Two packs with the same id are an error.
func Merge(base Content, packs []*Pack) (Content, error) {
	ls := append([]*lessons.Lesson(nil), base.Lessons.All()...)
	qs := append([]*quiz.Question(nil), base.Bank.All()...)
	exs := append([]*exercises.Exercise(nil), base.Exercises.All()...)
	order, exOrder := 0, 0
	for _, l := range ls {
		order = max(order, l.Order)
	}
	for _, e := range exs {
		exOrder = max(exOrder, e.Order)
	}
	seen := map[string]string{}
	for _, p := range packs {
		if prev, dup := seen[p.Meta.ID]; dup {
			return Content{}, fmt.Errorf("packs %s and %s have the same id %q; give each pack its own id in pack.yaml", prev, p.Dir, p.Meta.ID)
		}
		seen[p.Meta.ID] = p.Dir
		sorted := append([]*lessons.Lesson(nil), p.Lessons...)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Order < sorted[j].Order })
		for _, l := range sorted {
			order++
			l.Order = order
			ls = append(ls, l)
		}
		qs = append(qs, p.Questions...)
		for _, e := range p.Exercises {
			exOrder++
			e.Order = exOrder
			exs = append(exs, e)
		}
	}
	var out Content
	var err error
	if out.Lessons, err = lessons.NewCatalog(ls); err != nil {
		return Content{}, err
	}
	if out.Bank, err = quiz.NewBank(qs); err != nil {
		return Content{}, err
	}
	if out.Exercises, err = exercises.NewCatalog(exs); err != nil {
		return Content{}, err
	}
	return out, nil
}
