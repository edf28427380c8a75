package class

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/suggest"
)

// A plan file (serve --plan) lists the assignments of a course:
//
//	assignments:
//	  - lesson: what-is-lambda
//	    due: 2026-12-08
//	  - exercise: hello-world
//	    due: 2026-12-10
//	  - topic: cold-starts      # a quiz topic (a lesson id)
//	    due: 2026-12-12
//
// Each entry names exactly one lesson, exercise or topic, with its due date.

// LoadPlan reads and checks a plan file. Every problem is reported, each as
// path:line: what is wrong and what to do.
func LoadPlan(path string, c *Content) ([]progress.PlanItem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the plan file: %w; give --plan a YAML file of assignments", err)
	}
	return ParsePlan(path, data, c)
}

// ParsePlan checks a plan file's contents; name is its path in messages.
func ParsePlan(name string, data []byte, c *Content) ([]progress.PlanItem, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML (%w); see the example in `lambdatutor serve --help`", name, err)
	}
	var problems []string
	add := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty; list the course's assignments under \"assignments:\"", name)
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: a plan file is a mapping with one key, \"assignments:\", holding a list", name, doc.Line)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Value != "assignments" {
			add(k.Line, "unknown key %q; a plan file has only \"assignments:\"", k.Value)
			continue
		}
		list = v
	}
	if list == nil {
		if len(problems) == 0 {
			add(doc.Line, "no \"assignments:\" list")
		}
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	if list.Kind != yaml.SequenceNode {
		add(list.Line, "\"assignments:\" must be a list of entries such as \"- lesson: what-is-lambda\" with \"due: 2026-12-08\"")
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	var items []progress.PlanItem
	seen := map[string]int{}
	for _, e := range list.Content {
		if e.Kind != yaml.MappingNode {
			add(e.Line, "an assignment is a mapping: \"- lesson: ID\" (or exercise: or topic:) and \"due: YYYY-MM-DD\"")
			continue
		}
		var (
			p       progress.PlanItem
			idLine  int
			hasDue  bool
			entryOK = true
		)
		for i := 0; i+1 < len(e.Content); i += 2 {
			k, v := e.Content[i], e.Content[i+1]
			switch k.Value {
			case progress.PlanLesson, progress.PlanExercise, progress.PlanTopic:
				if p.Kind != "" {
					add(k.Line, "an assignment names one thing, but this one has both %s and %s; split it in two", p.Kind, k.Value)
					entryOK = false
					continue
				}
				p.Kind, p.Item, idLine = k.Value, strings.TrimSpace(v.Value), v.Line
			case "due":
				hasDue = true
				if _, err := time.Parse(time.DateOnly, v.Value); err != nil {
					add(v.Line, "due date %q is not a date; write it as YYYY-MM-DD", v.Value)
					entryOK = false
					continue
				}
				p.Due = v.Value
			default:
				add(k.Line, "unknown key %q; an assignment has lesson, exercise or topic, and due", k.Value)
				entryOK = false
			}
		}
		if p.Kind == "" {
			add(e.Line, "the assignment names no lesson, exercise or topic")
			continue
		}
		if !hasDue {
			add(e.Line, "the %s %q has no due date; add \"due: YYYY-MM-DD\"", p.Kind, p.Item)
			continue
		}
		if err := c.CheckItem(p.Kind, p.Item); err != nil {
			add(idLine, "%v", err)
			continue
		}
		if !entryOK {
			continue
		}
		key := p.Kind + " " + p.Item
		if first, ok := seen[key]; ok {
			add(idLine, "the %s %q is assigned twice (first on line %d); keep one", p.Kind, p.Item, first)
			continue
		}
		seen[key] = idLine
		items = append(items, p)
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return items, nil
}

// CheckItem checks that the lesson, exercise or quiz topic id exists; the
// error suggests close ids.
func (c *Content) CheckItem(kind, id string) error {
	var ids []string
	switch kind {
	case progress.PlanLesson:
		if _, err := c.Lessons.Get(id); err == nil {
			return nil
		}
		for _, l := range c.Lessons.All() {
			ids = append(ids, l.ID)
		}
	case progress.PlanExercise:
		for _, e := range c.Exercises.All() {
			if e.ID == id {
				return nil
			}
			ids = append(ids, e.ID)
		}
	case progress.PlanTopic:
		if c.topicCards[id] > 0 {
			return nil
		}
		for t := range c.topicCards {
			ids = append(ids, t)
		}
		sort.Strings(ids)
	default:
		return fmt.Errorf("unknown kind %q; an assignment is a lesson, an exercise or a topic", kind)
	}
	msg := fmt.Sprintf("there is no %s %q", kind, id)
	if kind == progress.PlanTopic {
		msg = fmt.Sprintf("no quiz question has the topic %q", id)
	}
	if close := suggest.Closest(id, ids, 3); len(close) > 0 {
		for i := range close {
			close[i] = strconv.Quote(close[i])
		}
		return fmt.Errorf("%s; did you mean %s?", msg, strings.Join(close, " or "))
	}
	list := map[string]string{progress.PlanLesson: "lambdatutor lessons", progress.PlanExercise: "lambdatutor exercises", progress.PlanTopic: "lambdatutor lessons (topics are lesson ids)"}[kind]
	return fmt.Errorf("%s; see `%s` for the ids", msg, list)
}
