// Package quiz is lambdatutor's interview trainer: the embedded question
// bank (bank/*.yaml), grading of typed answers, numeric questions generated
// from the billing engine, spaced-repetition scheduling (FSRS) and quiz
// sessions (practice, timed mock interview, weak spots) that both the TUI
// and the `lambdatutor quiz` command drive.
//
// A session, as a screen drives it:
//
//	bank, err := quiz.Default()  // parsed once, on first use (~20 ms)
//	s, err := quiz.NewSession(ctx, bank, store, quiz.Options{Mode: quiz.Mock, UserID: id})
//	for {
//		it, ok := s.Current() // the question: it.Question.Prompt, .Log, it.Choices / it.Items
//		if !ok {
//			break // all answered, s.End() called, or a mock's time is up
//		}
//		// show s.Remaining() in mock mode; s.Hint() on request (not in mock)
//		fb, err := s.Submit(ctx, typed) // *AnswerError: show Reason, ask again
//		if fb.NeedsSelfGrade {          // free answers: show fb.ModelAnswer, fb.Coverage
//			fb, err = s.SelfGrade(ctx, quiz.Good) // the learner's choice
//		}
//		// show fb.Correct, fb.CorrectAnswer, fb.Explanation, fb.NextDue
//	}
//	d := s.Debrief() // score per topic, weakest topics, answers to review, time per question
//
// Reviews and card states are saved in the progress store as each answer
// is recorded, so ending early loses nothing answered.
package quiz

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed bank/*.yaml
var bankFS embed.FS

// Kind is the kind of a question: how it is answered and graded.
type Kind string

// The question kinds.
const (
	// Single is single choice: exactly one option is correct; answer with
	// its letter ("b").
	Single Kind = "single"
	// Multi is multiple select: two or more options are correct; answer
	// with all of their letters ("a,c" or "ac").
	Multi Kind = "multi"
	// Numeric asks for a number in a unit, accepted within a tolerance
	// ("1.03", "$1.03", "1.03 USD", "1,000").
	Numeric Kind = "numeric"
	// Order asks to put items in order; answer with the letters of the
	// shown items in the right order ("c a b d" or "cabd").
	Order Kind = "order"
	// Free is a free answer: the learner writes an answer, then compares it
	// with the model answer and grades themself (SelfGrade).
	Free Kind = "free"
)

// Units a numeric question may use.
var units = []string{"USD", "ms", "GB-s", "MB", "vCPU", "environments", "requests", "seconds", "percent"}

// Question is one question of the bank (or a generated one). Fields that do
// not belong to its Kind are empty.
type Question struct {
	// ID is stable and unique: "<topic>/<slug>" for the bank,
	// "gen/<template>/<seed>" for generated questions.
	ID   string `yaml:"id"`
	Kind Kind   `yaml:"kind"`
	// Topics are lesson ids; the first is the primary topic (for bank
	// questions, the file's name).
	Topics []string `yaml:"topics"`
	// Difficulty is 1 (easy), 2 (medium) or 3 (hard).
	Difficulty int `yaml:"difficulty"`
	// Prompt is the question text (plain text, inline `code` allowed).
	Prompt string `yaml:"prompt"`
	// Log is an optional log excerpt to show under the prompt, verbatim
	// (tabs included): "read the log" questions.
	Log string `yaml:"log"`
	// Choices are the options of Single and Multi questions, in bank order;
	// sessions show them shuffled (Item.Choices).
	Choices []Choice `yaml:"choices"`
	// Numeric is the expected answer of a Numeric question.
	Numeric *NumericAnswer `yaml:"numeric"`
	// Order lists an Order question's items in the correct order; sessions
	// show them shuffled (Item.Items).
	Order []string `yaml:"order"`
	// ModelAnswer is a Free question's complete answer.
	ModelAnswer string `yaml:"model_answer"`
	// KeyPoints are what a good Free answer mentions (3-6).
	KeyPoints []KeyPoint `yaml:"key_points"`
	// Explanation is shown after answering.
	Explanation string `yaml:"explanation"`
	// Sources say where the facts come from: an AWS page by URL, or a public
	// repository path ("[code] owner/repo path").
	Sources []string `yaml:"sources"`

	// File is the bank file the question came from ("pricing.yaml"), or ""
	// for a generated question.
	File string `yaml:"-"`
	// Line is the question's line in File.
	Line int `yaml:"-"`
}

// Choice is one option of a Single or Multi question.
type Choice struct {
	Text    string `yaml:"text"`
	Correct bool   `yaml:"correct"`
}

// NumericAnswer is the answer of a Numeric question.
type NumericAnswer struct {
	Answer float64 `yaml:"answer"`
	// Unit is one of USD, ms, GB-s, MB, vCPU, environments, requests,
	// seconds, percent.
	Unit string `yaml:"unit"`
	// Tolerance is absolute: answers within Answer ± Tolerance are right.
	Tolerance float64 `yaml:"tolerance"`
	// Compute, when set, recomputes Answer with the billing engine (see
	// Compute.Eval); the content test checks that they agree.
	Compute *Compute `yaml:"compute"`
}

// KeyPoint is one point a free answer should make. It counts as mentioned
// when any of its (lower-case) keywords appears in the learner's text.
type KeyPoint struct {
	Point    string   `yaml:"point"`
	Keywords []string `yaml:"keywords"`
}

// Primary returns the question's primary topic (its first).
func (q *Question) Primary() string {
	if len(q.Topics) == 0 {
		return ""
	}
	return q.Topics[0]
}

// Generated reports whether q was generated rather than taken from the bank.
func (q *Question) Generated() bool { return strings.HasPrefix(q.ID, genPrefix) }

// CorrectAnswer renders the correct answer of q in bank order, for
// feedback: the correct options' texts, the number with its unit, the
// ordered items, or the model answer.
func (q *Question) CorrectAnswer() string {
	switch q.Kind {
	case Single, Multi:
		var parts []string
		for _, c := range q.Choices {
			if c.Correct {
				parts = append(parts, c.Text)
			}
		}
		return strings.Join(parts, "; ")
	case Numeric:
		return FormatNumber(q.Numeric.Answer, q.Numeric.Unit)
	case Order:
		var b strings.Builder
		for i, it := range q.Order {
			fmt.Fprintf(&b, "%d. %s\n", i+1, it)
		}
		return strings.TrimRight(b.String(), "\n")
	case Free:
		return strings.TrimSpace(q.ModelAnswer)
	}
	return ""
}

// Bank is a validated set of questions. It is read-only and safe for
// concurrent use.
type Bank struct {
	questions []*Question
	byID      map[string]*Question
}

var (
	defaultOnce sync.Once
	defaultBank *Bank
	defaultErr  error
)

// Default returns the bank embedded in the binary. It is parsed and
// validated once, on first use (not at start-up).
func Default() (*Bank, error) {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(bankFS, "bank")
		if err != nil {
			defaultErr = fmt.Errorf("built-in question bank is missing: %w", err)
			return
		}
		defaultBank, defaultErr = LoadBank(sub)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("the built-in question bank is broken (this is a bug, please report it): %w", defaultErr)
		}
	})
	return defaultBank, defaultErr
}

// LoadBank parses and validates every *.yaml file at the root of fsys.
// Parsing is strict (unknown fields are errors). All problems are reported
// together (as Problems), each naming the file, line, question id and
// field.
func LoadBank(fsys fs.FS) (*Bank, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list question bank files: %w", err)
	}
	if len(names) == 0 {
		return nil, errors.New("no question bank files (*.yaml) found")
	}
	sort.Strings(names)
	b := &Bank{byID: map[string]*Question{}}
	var problems Problems
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			problems = append(problems, Problem{File: name, Msg: err.Error()})
			continue
		}
		qs, ps := parseBankFile(name, data)
		problems = append(problems, ps...)
		for _, q := range qs {
			if prev, dup := b.byID[q.ID]; dup {
				problems = append(problems, Problem{File: name, Line: q.Line, ID: q.ID, Field: "id",
					Msg: fmt.Sprintf("is already used at %s:%d; ids must be unique across files", prev.File, prev.Line)})
				continue
			}
			b.byID[q.ID] = q
			b.questions = append(b.questions, q)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return b, nil
}

// parseBankFile decodes one file strictly (unknown fields are problems)
// and validates its questions. The YAML is parsed once, into a node tree
// that is checked for unknown keys and then decoded.
func parseBankFile(name string, data []byte) ([]*Question, []Problem) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlProblems(name, err, nil, nil)
	}
	lines, ids := questionLines(&root)
	if ps := unknownKeys(name, &root); len(ps) > 0 {
		return nil, ps
	}
	var doc struct {
		Questions []*Question `yaml:"questions"`
	}
	if len(root.Content) > 0 {
		if err := root.Content[0].Decode(&doc); err != nil {
			return nil, yamlProblems(name, err, lines, ids)
		}
	}
	if len(doc.Questions) == 0 {
		return nil, []Problem{{File: name, Msg: "has no questions; start it with \"questions:\" and a list"}}
	}
	topic := strings.TrimSuffix(name, path.Ext(name))
	var ps []Problem
	for i, q := range doc.Questions {
		if q == nil {
			ps = append(ps, Problem{File: name, Msg: fmt.Sprintf("question %d is empty", i+1)})
			continue
		}
		q.File = name
		if i < len(lines) {
			q.Line = lines[i]
		}
		ps = append(ps, validate(q, topic)...)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return doc.Questions, nil
}

// yamlKeys returns the yaml keys of struct type t's fields.
func yamlKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			keys[tag] = true
		}
	}
	return keys
}

var (
	questionKeys = yamlKeys(reflect.TypeFor[Question]())
	// nestedKeys are the keys allowed in the mappings under a question key.
	nestedKeys = map[string]map[string]bool{
		"choices":    yamlKeys(reflect.TypeFor[Choice]()),
		"numeric":    yamlKeys(reflect.TypeFor[NumericAnswer]()),
		"compute":    yamlKeys(reflect.TypeFor[Compute]()),
		"key_points": yamlKeys(reflect.TypeFor[KeyPoint]()),
	}
)

// unknownKeys reports every mapping key the schema does not have.
func unknownKeys(name string, root *yaml.Node) []Problem {
	if len(root.Content) == 0 {
		return nil
	}
	var ps []Problem
	var check func(n *yaml.Node, allowed map[string]bool, where, id string)
	check = func(n *yaml.Node, allowed map[string]bool, where, id string) {
		if n.Kind == yaml.SequenceNode {
			for _, item := range n.Content {
				check(item, allowed, where, id)
			}
			return
		}
		if n.Kind != yaml.MappingNode {
			return // a type error, reported when decoding
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if !allowed[k.Value] {
				names := make([]string, 0, len(allowed))
				for a := range allowed {
					names = append(names, a)
				}
				sort.Strings(names)
				ps = append(ps, Problem{File: name, Line: k.Line, ID: id,
					Msg: fmt.Sprintf("unknown field %q%s; allowed: %s (see the bank schema)", k.Value, where, strings.Join(names, ", "))})
				continue
			}
			if sub, ok := nestedKeys[k.Value]; ok {
				check(n.Content[i+1], sub, " in "+k.Value, id)
			}
		}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Value != "questions" {
			ps = append(ps, Problem{File: name, Line: k.Line, Msg: fmt.Sprintf("unknown top-level field %q; a bank file has only \"questions\"", k.Value)})
			continue
		}
		if v.Kind != yaml.SequenceNode {
			continue
		}
		for _, q := range v.Content {
			id := ""
			for j := 0; j+1 < len(q.Content); j += 2 {
				if q.Content[j].Value == "id" {
					id = q.Content[j+1].Value
				}
			}
			check(q, questionKeys, "", id)
		}
	}
	return ps
}

// questionLines returns the line and id of each item of the top-level
// "questions" list.
func questionLines(root *yaml.Node) (lines []int, ids []string) {
	if root == nil || len(root.Content) == 0 {
		return nil, nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "questions" || m.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range m.Content[i+1].Content {
			lines = append(lines, item.Line)
			id := ""
			for j := 0; j+1 < len(item.Content); j += 2 {
				if item.Content[j].Value == "id" {
					id = item.Content[j+1].Value
				}
			}
			ids = append(ids, id)
		}
	}
	return lines, ids
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+): `) })

// yamlProblems turns a parsing or decoding error into problems that name
// the question each reported line falls in.
func yamlProblems(name string, err error, lines []int, ids []string) []Problem {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var ps []Problem
	for _, msg := range msgs {
		p := Problem{File: name, Msg: strings.TrimPrefix(msg, "yaml: ")}
		if m := yamlLine().FindStringSubmatch(p.Msg); m != nil {
			fmt.Sscan(m[1], &p.Line)
			p.Msg = strings.Replace(p.Msg, m[0], "", 1)
			for i, l := range lines {
				if l <= p.Line {
					p.ID = ids[i]
				}
			}
		}
		p.Msg = strings.Replace(p.Msg, "into quiz.", "into ", 1)
		ps = append(ps, p)
	}
	return ps
}

// Problem is one thing wrong with a bank file.
type Problem struct {
	File  string // bank file, e.g. "pricing.yaml"
	Line  int    // 0 if unknown
	ID    string // question id, "" if unknown
	Field string // e.g. "numeric.unit", "" if not about one field
	Msg   string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString("bank/" + p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.ID != "" {
		fmt.Fprintf(&b, "question %q: ", p.ID)
	}
	if p.Field != "" {
		b.WriteString(p.Field + " ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in a bank; it is the error LoadBank
// returns.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in the question bank:\n%s", len(ps), strings.Join(lines, "\n"))
}

var (
	idPattern    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$`) })
	topicPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })
)

// validate checks one question against the schema; topic is its file's
// name without extension ("" to skip the file checks, for generated
// questions).
func validate(q *Question, topic string) []Problem {
	var ps []Problem
	bad := func(field, format string, args ...any) {
		ps = append(ps, Problem{File: q.File, Line: q.Line, ID: q.ID, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	switch {
	case q.ID == "":
		bad("id", "is missing; give every question a stable id like %q", topic+"/what-it-asks")
	case topic != "" && !idPattern().MatchString(q.ID):
		bad("id", "must be \"<topic>/<kebab-slug>\" in lower case")
	case topic != "" && !strings.HasPrefix(q.ID, topic+"/"):
		bad("id", "must start with the file's topic %q", topic+"/")
	}
	if len(q.Topics) == 0 {
		bad("topics", "is missing; list lesson ids, the file's topic first")
	} else {
		if topic != "" && q.Topics[0] != topic {
			bad("topics", "must start with the file's topic %q (the primary topic), not %q", topic, q.Topics[0])
		}
		seen := map[string]bool{}
		for _, t := range q.Topics {
			if !topicPattern().MatchString(t) {
				bad("topics", "entry %q is not a lesson id (lower-case kebab-case)", t)
			}
			if seen[t] {
				bad("topics", "lists %q twice", t)
			}
			seen[t] = true
		}
	}
	if q.Difficulty < 1 || q.Difficulty > 3 {
		bad("difficulty", "is %d; use 1 (easy), 2 (medium) or 3 (hard)", q.Difficulty)
	}
	if strings.TrimSpace(q.Prompt) == "" {
		bad("prompt", "is missing")
	}
	if strings.TrimSpace(q.Explanation) == "" {
		bad("explanation", "is missing; every question explains its answer")
	}
	if len(q.Sources) == 0 {
		bad("sources", "is missing; cite the AWS page (URL) the facts come from")
	}
	for i, s := range q.Sources {
		if strings.TrimSpace(s) == "" {
			bad(fmt.Sprintf("sources[%d]", i), "is empty")
		}
	}

	has := map[string]bool{
		"choices":      q.Choices != nil,
		"numeric":      q.Numeric != nil,
		"order":        q.Order != nil,
		"model_answer": q.ModelAnswer != "",
		"key_points":   q.KeyPoints != nil,
	}
	needs := map[Kind][]string{
		Single:  {"choices"},
		Multi:   {"choices"},
		Numeric: {"numeric"},
		Order:   {"order"},
		Free:    {"model_answer", "key_points"},
	}
	want, ok := needs[q.Kind]
	if !ok {
		bad("kind", "is %q; use single, multi, numeric, order or free", q.Kind)
		return ps
	}
	for _, f := range []string{"choices", "numeric", "order", "model_answer", "key_points"} {
		required := contains(want, f)
		if required && !has[f] {
			bad(f, "is missing; a %s question needs it", q.Kind)
		}
		if !required && has[f] {
			bad(f, "does not belong in a %s question; remove it", q.Kind)
		}
	}
	switch q.Kind {
	case Single, Multi:
		ps = append(ps, validateChoices(q)...)
	case Numeric:
		if q.Numeric != nil {
			ps = append(ps, validateNumeric(q)...)
		}
	case Order:
		if q.Order != nil && (len(q.Order) < 3 || len(q.Order) > 6) {
			bad("order", "has %d items; use 3 to 6", len(q.Order))
		}
		seen := map[string]bool{}
		for i, it := range q.Order {
			if strings.TrimSpace(it) == "" {
				bad(fmt.Sprintf("order[%d]", i), "is empty")
			}
			if seen[it] {
				bad(fmt.Sprintf("order[%d]", i), "repeats %q", it)
			}
			seen[it] = true
		}
	case Free:
		if q.KeyPoints != nil && (len(q.KeyPoints) < 3 || len(q.KeyPoints) > 6) {
			bad("key_points", "has %d points; use 3 to 6", len(q.KeyPoints))
		}

		for i, kp := range q.KeyPoints {
			f := fmt.Sprintf("key_points[%d]", i)
			if strings.TrimSpace(kp.Point) == "" {
				bad(f+".point", "is empty")
			}
			if len(kp.Keywords) == 0 {
				bad(f+".keywords", "is missing; give at least one lower-case keyword")
			}
			for j, k := range kp.Keywords {
				if strings.TrimSpace(k) == "" || k != strings.ToLower(k) {
					bad(fmt.Sprintf("%s.keywords[%d]", f, j), "%q must be non-empty and lower-case", k)
				}
			}
		}
	}
	return ps
}

func validateChoices(q *Question) []Problem {
	var ps []Problem
	bad := func(field, format string, args ...any) {
		ps = append(ps, Problem{File: q.File, Line: q.Line, ID: q.ID, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if q.Choices == nil {
		return nil
	}
	if len(q.Choices) < 3 || len(q.Choices) > 6 {
		bad("choices", "has %d options; use 3 to 6", len(q.Choices))
	}
	correct := 0
	seen := map[string]bool{}
	for i, c := range q.Choices {
		if strings.TrimSpace(c.Text) == "" {
			bad(fmt.Sprintf("choices[%d].text", i), "is empty")
		}
		if seen[c.Text] {
			bad(fmt.Sprintf("choices[%d].text", i), "repeats %q", c.Text)
		}
		seen[c.Text] = true
		if c.Correct {
			correct++
		}
	}
	switch {
	case q.Kind == Single && correct != 1:
		bad("choices", "marks %d options correct; a single-choice question has exactly one", correct)
	case q.Kind == Multi && correct < 2:
		bad("choices", "marks %d option(s) correct; a multi-select question has at least two (use kind single for one)", correct)
	case q.Kind == Multi && correct == len(q.Choices):
		bad("choices", "marks every option correct; include at least one wrong option")
	}
	return ps
}

func validateNumeric(q *Question) []Problem {
	var ps []Problem
	bad := func(field, format string, args ...any) {
		ps = append(ps, Problem{File: q.File, Line: q.Line, ID: q.ID, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	n := q.Numeric
	if math.IsNaN(n.Answer) || math.IsInf(n.Answer, 0) {
		bad("numeric.answer", "must be a finite number")
	}
	if !contains(units, n.Unit) {
		bad("numeric.unit", "is %q; use one of %s", n.Unit, strings.Join(units, ", "))
	}
	if !(n.Tolerance >= 0) || math.IsInf(n.Tolerance, 0) {
		bad("numeric.tolerance", "is %v; it must be 0 or more (absolute, in the unit)", n.Tolerance)
	}
	if n.Compute == nil {
		if n.Unit == "USD" {
			bad("numeric.compute", "is missing; a cost question needs a compute block so that its answer is recomputed with the billing engine")
		}
		return ps
	}
	if err := n.Compute.check(); err != nil {
		bad("numeric.compute", "%v", err)
		return ps
	}
	v, err := n.Compute.Eval()
	if err != nil {
		bad("numeric.compute", "%v", err)
		return ps
	}
	if !agrees(v, n.Answer, n.Tolerance) {
		bad("numeric.answer", "is %v ± %v, but its compute block (%s) gives %v; correct the answer or the block", n.Answer, n.Tolerance, n.Compute.Fn, v)
	}
	return ps
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// NewBank makes a bank of questions already validated, in the order given
// (the built-in bank, then each content pack's). Ids must be unique.
func NewBank(qs []*Question) (*Bank, error) {
	b := &Bank{byID: make(map[string]*Question, len(qs))}
	for _, q := range qs {
		if prev, dup := b.byID[q.ID]; dup {
			return nil, fmt.Errorf("question id %q is used at %s:%d and at %s:%d; ids must be unique", q.ID, prev.File, prev.Line, q.File, q.Line)
		}
		b.byID[q.ID] = q
		b.questions = append(b.questions, q)
	}
	return b, nil
}

// TopicProblems reports every question topic that isLesson does not know:
// topics are lesson ids.
func (b *Bank) TopicProblems(isLesson func(id string) bool) Problems {
	var ps Problems
	for _, q := range b.questions {
		for _, t := range q.Topics {
			if !isLesson(t) {
				ps = append(ps, Problem{File: q.File, Line: q.Line, ID: q.ID, Field: "topics",
					Msg: fmt.Sprintf("names %q, which is not a lesson id", t)})
			}
		}
	}
	return ps
}

// KeyPointProblems reports every free question whose model answer does
// not make one of its own key points (uses none of the point's keywords):
// a content rule the bank's tests and `pack lint` apply, not Load (a test
// bank may hold a partial answer on purpose).
func (b *Bank) KeyPointProblems() Problems {
	var ps Problems
	for _, q := range b.questions {
		if q.Kind != Free {
			continue
		}
		for i, p := range CheckKeyPoints(q, q.ModelAnswer).Points {
			if !p.Mentioned {
				ps = append(ps, Problem{File: q.File, Line: q.Line, ID: q.ID, Field: fmt.Sprintf("key_points[%d]", i),
					Msg: fmt.Sprintf("%q: the model answer uses none of its keywords; add one to the answer or the keywords", p.Point)})
			}
		}
	}
	return ps
}

// SourceURLProblems reports every source that gives no http(s) address a
// learner can open. The newer topics of the built-in bank and every
// content pack must pass it.
func (b *Bank) SourceURLProblems() Problems {
	var ps Problems
	for _, q := range b.questions {
		for i, s := range q.Sources {
			if !strings.Contains(s, "https://") && !strings.Contains(s, "http://") {
				ps = append(ps, Problem{File: q.File, Line: q.Line, ID: q.ID, Field: fmt.Sprintf("sources[%d]", i),
					Msg: fmt.Sprintf("%q has no URL; give the page's address", s)})
			}
		}
	}
	return ps
}

// All returns the bank's questions, by file then position. The slice must
// not be modified.
func (b *Bank) All() []*Question { return b.questions }

// Len is the number of questions in the bank.
func (b *Bank) Len() int { return len(b.questions) }

// Question returns the question with id: a bank question, or a generated
// one ("gen/<template>/<seed>", regenerated from its seed). ok is false for
// an unknown id.
func (b *Bank) Question(id string) (*Question, bool) {
	if q, ok := b.byID[id]; ok {
		return q, true
	}
	if strings.HasPrefix(id, genPrefix) {
		q, err := GenerateID(id)
		if err == nil {
			return q, true
		}
	}
	return nil, false
}

// Topics returns every topic used by the bank, sorted.
func (b *Bank) Topics() []string {
	seen := map[string]bool{}
	var out []string
	for _, q := range b.questions {
		for _, t := range q.Topics {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// HasTopic reports whether any question (bank or generator) is tagged with
// topic.
func (b *Bank) HasTopic(topic string) bool {
	for _, q := range b.questions {
		if contains(q.Topics, topic) {
			return true
		}
	}
	for _, t := range Templates() {
		if contains(t.Topics, topic) {
			return true
		}
	}
	return false
}
