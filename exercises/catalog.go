package exercises

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/events"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
	"github.com/lambdatutor/lambdatutor/suggest"
)

//go:embed all:content
var content embed.FS

// Catalog holds the exercises in their order.
type Catalog struct {
	list []*Exercise
	byID map[string]*Exercise
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default returns the catalog of the exercises embedded in the binary,
// parsed and validated on first use. A non-nil error lists every problem
// (a bug in the content); the catalog then holds the exercises that are
// fine.
func Default() (*Catalog, error) {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(content, "content")
		if err != nil {
			defaultErr = fmt.Errorf("built-in exercises are missing: %w", err)
			defaultCat = &Catalog{byID: map[string]*Exercise{}}
			return
		}
		defaultCat, defaultErr = Load(sub)
	})
	return defaultCat, defaultErr
}

// ContentFS is the embedded content folder, for tools that copy it.
func ContentFS() fs.FS {
	sub, _ := fs.Sub(content, "content")
	return sub
}

// NewCatalog makes a catalog of exercises already loaded, in the order
// given (the built-in exercises, then each content pack's). Ids must be
// unique.
func NewCatalog(list []*Exercise) (*Catalog, error) {
	c := &Catalog{byID: make(map[string]*Exercise, len(list))}
	for _, e := range list {
		if _, dup := c.byID[e.ID]; dup {
			return nil, fmt.Errorf("exercise id %q is used twice; ids must be unique", e.ID)
		}
		c.byID[e.ID] = e
		c.list = append(c.list, e)
	}
	return c, nil
}

// All returns the exercises in order.
func (c *Catalog) All() []*Exercise { return c.list }

// Len is the number of exercises.
func (c *Catalog) Len() int { return len(c.list) }

// Get finds an exercise by id, folder name ("01-hello-world") or number
// ("1", "01"). The error suggests close ids.
func (c *Catalog) Get(id string) (*Exercise, error) {
	id = strings.TrimSpace(id)
	if e, ok := c.byID[id]; ok {
		return e, nil
	}
	for _, e := range c.list {
		if e.Dir == id {
			return e, nil
		}
	}
	if n, err := strconv.Atoi(id); err == nil {
		for _, e := range c.list {
			if e.Order == n {
				return e, nil
			}
		}
	}
	ids := make([]string, len(c.list))
	for i, e := range c.list {
		ids[i] = e.ID
	}
	var close []string
	for _, s := range suggest.Closest(id, ids, 3) {
		close = append(close, strconv.Quote(s))
	}
	if len(close) > 0 {
		return nil, fmt.Errorf("exercise %q not found; did you mean %s? see `lambdatutor exercises`", id, strings.Join(close, " or "))
	}
	return nil, fmt.Errorf("exercise %q not found; see `lambdatutor exercises` for the ids", id)
}

// Index is the position of an exercise in All, -1 when unknown.
func (c *Catalog) Index(id string) int {
	for i, e := range c.list {
		if e.ID == id {
			return i
		}
	}
	return -1
}

// Problem is one thing wrong with the content.
type Problem struct {
	// Path is the file, relative to the content root.
	Path string
	// Line is the 1-based line in Path, 0 when unknown.
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
	}
	return p.Path + ": " + p.Msg
}

// Problems is every problem Load found.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in the exercises:\n  %s", len(ps), strings.Join(lines, "\n  "))
}

var (
	dirRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)$`) })
	idRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`) })
	lineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+)`) })
	typeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` in type exercises\.\w+`) })
)

// Load parses and validates every exercise folder (NN-id) at the root of
// fsys. It returns the catalog of the valid exercises and, when anything
// is wrong, a Problems error listing all of it.
func Load(fsys fs.FS) (*Catalog, error) { return LoadWith(fsys, LoadOptions{}) }

// LoadOptions change how LoadWith resolves what exercises refer to.
type LoadOptions struct {
	// Lesson finds the lesson an exercise's "lesson:" names; nil means the
	// built-in lessons. A content pack passes its own lessons first. A nil
	// lesson without an error skips the check (a lesson that exists but
	// has problems of its own).
	Lesson func(id string) (*lessons.Lesson, error)
}

// LoadWith is Load with options.
func LoadWith(fsys fs.FS, opts LoadOptions) (*Catalog, error) {
	if opts.Lesson == nil {
		opts.Lesson = builtinLesson
	}
	c := &Catalog{byID: map[string]*Exercise{}}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return c, fmt.Errorf("list exercises: %w", err)
	}
	var ps Problems
	orders := map[int]string{}
	for _, ent := range entries {
		if !ent.IsDir() {
			continue
		}
		m := dirRE().FindStringSubmatch(ent.Name())
		if m == nil {
			ps = append(ps, Problem{Path: ent.Name(), Msg: "folder name must be NN-id, such as 01-hello-world"})
			continue
		}
		ex, eps := loadOne(fsys, ent.Name(), opts.Lesson)
		ps = append(ps, eps...)
		if ex == nil {
			continue
		}
		ex.Order, _ = strconv.Atoi(m[1])
		if ex.ID != m[2] {
			ps = append(ps, Problem{Path: ent.Name() + "/exercise.yaml", Msg: fmt.Sprintf("id %q does not match the folder name %q", ex.ID, ent.Name())})
			continue
		}
		if other, dup := orders[ex.Order]; dup {
			ps = append(ps, Problem{Path: ent.Name(), Msg: fmt.Sprintf("number %02d is also used by %s", ex.Order, other)})
			continue
		}
		if _, dup := c.byID[ex.ID]; dup {
			ps = append(ps, Problem{Path: ent.Name(), Msg: fmt.Sprintf("id %q is used twice", ex.ID)})
			continue
		}
		orders[ex.Order] = ent.Name()
		c.byID[ex.ID] = ex
		c.list = append(c.list, ex)
	}
	sort.Slice(c.list, func(i, j int) bool { return c.list[i].Order < c.list[j].Order })
	if len(ps) > 0 {
		return c, ps
	}
	return c, nil
}

// loadOne parses one folder; a nil exercise means it is unusable.
func loadOne(fsys fs.FS, dir string, lesson func(string) (*lessons.Lesson, error)) (*Exercise, Problems) {
	var ps Problems
	bad := func(file string, line int, format string, args ...any) {
		ps = append(ps, Problem{Path: path.Join(dir, file), Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	data, err := fs.ReadFile(fsys, path.Join(dir, "exercise.yaml"))
	if err != nil {
		bad("exercise.yaml", 0, "cannot read: %v", err)
		return nil, ps
	}
	var sp spec
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&sp); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				line := 0
				if m := lineRE().FindStringSubmatch(e); m != nil {
					line, _ = strconv.Atoi(m[1])
					e = strings.Replace(e, m[0]+": ", "", 1)
				}
				bad("exercise.yaml", line, "%s", typeRE().ReplaceAllString(e, ""))
			}
			return nil, ps
		}
		line := 0
		if m := lineRE().FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if line > 0 {
			msg = strings.Replace(msg, fmt.Sprintf("line %d: ", line), "", 1)
		}
		bad("exercise.yaml", line, "%s", msg)
		return nil, ps
	}
	ex := &Exercise{Dir: dir, ID: sp.ID, Title: strings.TrimSpace(sp.Title), Concept: strings.TrimSpace(sp.Concept),
		Tags: sp.Tags, Difficulty: sp.Difficulty, Hints: sp.Hints, ConfigFile: sp.ConfigFile, Project: sp.Project,
		Function: sp.Function, Tests: sp.Tests,
		Starter: map[Runtime]map[string]string{}, Solution: map[Runtime]map[string]string{}, SolutionConfig: map[Runtime]string{}}
	y := "exercise.yaml"
	if !idRE().MatchString(ex.ID) {
		bad(y, 0, "id %q must be kebab-case: lower-case letters, digits and hyphens", ex.ID)
	}
	if ex.Title == "" {
		bad(y, 0, "title is missing")
	}
	if ex.Concept == "" {
		bad(y, 0, "concept is missing: one sentence on the Lambda idea the exercise teaches")
	}
	if ex.Project && (ex.ConfigFile || sp.Function.MemoryMB != nil || sp.Function.TimeoutS != nil || len(sp.Function.Env) > 0 ||
		sp.Function.EphemeralMB != nil || sp.Function.ReservedConcurrency != nil || sp.Function.AccountConcurrency != nil) {
		bad(y, 0, "a project exercise configures its functions in %s: remove function: and config_file: from exercise.yaml", ProjectFile)
	}
	if ex.Difficulty < 1 || ex.Difficulty > 3 {
		bad(y, 0, "difficulty %d must be 1, 2 or 3", ex.Difficulty)
	}
	if len(ex.Hints) != 3 {
		bad(y, 0, "there must be exactly three hints, from a nudge to a near-solution; found %d", len(ex.Hints))
	}
	for i, h := range ex.Hints {
		if strings.TrimSpace(h) == "" {
			bad(y, 0, "hint %d is empty", i+1)
		}
	}
	ex.Lesson, ex.LessonAnchor, _ = strings.Cut(sp.Lesson, "#")
	if msg := checkLesson(ex.Lesson, ex.LessonAnchor, lesson); msg != "" {
		bad(y, 0, "%s", msg)
	}
	readme, err := fs.ReadFile(fsys, path.Join(dir, "README.md"))
	if err != nil || len(bytes.TrimSpace(readme)) == 0 {
		bad("README.md", 0, "the task README.md is missing or empty")
	}
	ex.README = string(readme)

	// Code: starter and solution per runtime.
	projects := map[Runtime]*project.Project{} // the solutions' projects
	for _, rt := range Runtimes {
		for _, kind := range []string{"starter", "solution"} {
			root := path.Join(dir, string(rt), kind)
			files, cfg, err := readTree(fsys, root)
			if errors.Is(err, fs.ErrNotExist) {
				files, err = map[string]string{}, nil
			}
			if err != nil {
				bad(path.Join(string(rt), kind), 0, "cannot read the %s %s code: %v", rt.Title(), kind, err)
				continue
			}
			if _, ok := files[rt.MainFile()]; !ok {
				bad(path.Join(string(rt), kind), 0, "%s is missing: the handler is %s", rt.MainFile(), rt.Handler())
			}
			if ex.Project {
				where := path.Join(string(rt), kind, ProjectFile)
				src, ok := files[ProjectFile]
				if !ok {
					bad(where, 0, "missing: a project exercise (project: true) declares its functions and resources in %s beside each starter and solution", ProjectFile)
				} else if proj, err := project.Parse(path.Join(dir, where), []byte(src)); err != nil {
					ps = append(ps, Problem{Path: path.Join(dir, where), Msg: err.Error()})
				} else if kind == "solution" {
					projects[rt] = proj
				}
			} else if _, ok := files[ProjectFile]; ok {
				bad(path.Join(string(rt), kind, ProjectFile), 0, "the exercise is not a project exercise: add project: true to exercise.yaml, or remove the file")
			}
			if kind == "starter" {
				ex.Starter[rt] = files
				if cfg != "" {
					bad(path.Join(string(rt), kind, "config.json"), 0, "the starter config.json belongs at the exercise root, shared by both runtimes")
				}
			} else {
				ex.Solution[rt] = files
				ex.SolutionConfig[rt] = cfg
			}
		}
	}
	if cfg, err := fs.ReadFile(fsys, path.Join(dir, "config.json")); err == nil {
		ex.StarterConfig = string(cfg)
		if !ex.ConfigFile {
			bad("config.json", 0, "config.json is present but exercise.yaml does not say config_file: true")
		}
		if _, err := ParseConfig(ex.StarterConfig); err != nil {
			bad("config.json", 0, "%v", err)
		}
	} else if ex.ConfigFile {
		bad("config.json", 0, "config_file is true but config.json is missing")
	}
	for _, rt := range Runtimes {
		if ex.SolutionConfig[rt] == "" {
			ex.SolutionConfig[rt] = ex.StarterConfig
		} else if _, err := ParseConfig(ex.SolutionConfig[rt]); err != nil {
			bad(path.Join(string(rt), "solution", "config.json"), 0, "%v", err)
		}
	}

	// Tests.
	if len(ex.Tests) == 0 {
		bad(y, 0, "there are no tests")
	}
	ex.events = make([][][]byte, len(ex.Tests))
	for i, t := range ex.Tests {
		where := fmt.Sprintf("test %d (%q)", i+1, t.Name)
		if strings.TrimSpace(t.Name) == "" {
			bad(y, 0, "test %d has no name", i+1)
		}
		if t.SameFunctionAsPrevious && i == 0 {
			bad(y, 0, "%s: the first test has no previous function to share", where)
		}
		cfg := testConfig(ex, Node, ex.Function.merge(t.Function), ConfigFile{})
		if err := cfg.WithDefaults().Validate(); err != nil {
			bad(y, 0, "%s: function configuration: %v", where, err)
		}
		if a := ex.Function.merge(t.Function).AccountConcurrency; a != nil && *a < 1 {
			bad(y, 0, "%s: account_concurrency must be 1 or more", where)
		}
		if len(t.Steps) == 0 {
			bad(y, 0, "%s has no steps", where)
		}
		for _, msg := range checkProjectTest(ex, t, projects) {
			bad(y, 0, "%s: %s", where, msg)
		}
		ex.events[i] = make([][]byte, len(t.Steps))
		for j, st := range t.Steps {
			sw := fmt.Sprintf("%s, step %d", where, j+1)
			if st.PutObject != nil || st.SendMessages != nil {
				continue // no event; checkProjectTest checked the step
			}
			if st.Repeat < 0 || st.Concurrent < 0 {
				bad(y, 0, "%s: repeat and concurrent must be 1 or more", sw)
			}
			if st.Async && st.Concurrent > 1 {
				bad(y, 0, "%s: a step is either async or concurrent, not both", sw)
			}
			ev, err := buildEvent(fsys, dir, st.Event)
			if err != nil {
				bad(y, 0, "%s: %v", sw, err)
				continue
			}
			ex.events[i][j] = ev
			for _, v := range []any{st.Expect.Response, st.Expect.BodyJSON} {
				if _, err := normalize(v); err != nil {
					bad(y, 0, "%s: expectation is not JSON: %v", sw, err)
				}
			}
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return ex, nil
}

// checkLesson returns what is wrong with a lesson reference, "" if fine.
func checkLesson(id, anchor string, lesson func(string) (*lessons.Lesson, error)) string {
	if id == "" {
		return ""
	}
	l, err := lesson(id)
	if err != nil {
		return fmt.Sprintf("lesson: %v", err)
	}
	if l == nil {
		return "" // the lesson exists but cannot be read; that is reported apart
	}
	if anchor != "" && l.Section(anchor) == nil {
		var anchors []string
		for _, s := range l.Sections {
			anchors = append(anchors, s.Anchor)
		}
		return fmt.Sprintf("lesson %q has no section #%s; its sections are: %s", id, anchor, strings.Join(anchors, ", "))
	}
	return ""
}

// builtinLesson finds a lesson of the built-in catalog.
func builtinLesson(id string) (*lessons.Lesson, error) {
	cat, err := lessons.Default()
	if err != nil {
		return nil, fmt.Errorf("cannot check lesson %q: the lessons do not load: %w", id, err)
	}
	return cat.Get(id)
}

// readTree reads every file under root into a map keyed by the path
// relative to root; a config.json at its top is returned apart.
func readTree(fsys fs.FS, root string) (map[string]string, string, error) {
	files := map[string]string{}
	cfg := ""
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, root+"/")
		if rel == "config.json" {
			cfg = string(b)
			return nil
		}
		files[rel] = string(b)
		return nil
	})
	return files, cfg, err
}

// buildEvent makes a step's event JSON.
func buildEvent(fsys fs.FS, dir string, es EventSpec) ([]byte, error) {
	n := 0
	for _, set := range []bool{es.Template != "", es.JSON != nil, es.File != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, errors.New("the event needs exactly one of template, json or file")
	}
	var base []byte
	switch {
	case es.Template != "":
		b, err := events.Get(es.Template)
		if err != nil {
			return nil, err
		}
		base = b
	case es.File != "":
		p := path.Clean(path.Join(dir, es.File))
		if !strings.HasPrefix(p, dir+"/") {
			return nil, fmt.Errorf("event file %q must be inside the exercise folder", es.File)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("event file: %w", err)
		}
		base = b
	default:
		v, err := normalize(es.JSON)
		if err != nil {
			return nil, fmt.Errorf("event json: %w", err)
		}
		base = sandbox.MarshalJSON(v)
	}
	var v any
	if err := json.Unmarshal(base, &v); err != nil {
		return nil, fmt.Errorf("the event is not JSON: %w", err)
	}
	keys := make([]string, 0, len(es.Set))
	for k := range es.Set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		val, err := normalize(es.Set[k])
		if err != nil {
			return nil, fmt.Errorf("set %s: %w", k, err)
		}
		if v, err = setPath(v, strings.Split(k, "."), val); err != nil {
			return nil, fmt.Errorf("set %s: %w", k, err)
		}
	}
	return sandbox.MarshalJSON(v), nil
}

// setPath sets val at the path in v, creating objects on the way.
func setPath(v any, keys []string, val any) (any, error) {
	if len(keys) == 0 {
		return val, nil
	}
	k := keys[0]
	switch c := v.(type) {
	case []any:
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(c) {
			return nil, fmt.Errorf("%q is not an index of an array of %d", k, len(c))
		}
		nv, err := setPath(c[i], keys[1:], val)
		if err != nil {
			return nil, err
		}
		c[i] = nv
		return c, nil
	case map[string]any:
		nv, err := setPath(c[k], keys[1:], val)
		if err != nil {
			return nil, err
		}
		c[k] = nv
		return c, nil
	default:
		// Missing, null or a scalar: replaced by an object.
		m := map[string]any{}
		nv, err := setPath(nil, keys[1:], val)
		if err != nil {
			return nil, err
		}
		m[k] = nv
		return m, nil
	}
}

// normalize turns a YAML value into the JSON value it stands for
// (numbers as float64, objects as map[string]any).
func normalize(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}
