package quiz

// Content tests over the lessons, the question bank and the event
// templates together: the classes of factual error a review found and a
// program can find again.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/sandbox/events"
)

// bankDate is the date the question bank was last checked against the
// runtime table (questions carry no date of their own).
const bankDate = "2026-12-03"

// runtime is one row of testdata/runtimes.tsv.
type runtime struct {
	id         string
	deprecated string // YYYY-MM-DD, or "" when no date is set
}

// supportedOn reports whether r is still a supported runtime on date.
func (r runtime) supportedOn(date string) bool { return r.deprecated == "" || r.deprecated > date }

func readRuntimes(t *testing.T) map[string]runtime {
	t.Helper()
	f, err := os.Open("testdata/runtimes.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table := map[string]runtime{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			t.Fatalf("testdata/runtimes.tsv: %q: want id<TAB>deprecated[<TAB>note]", line)
		}
		r := runtime{id: cols[0]}
		if cols[1] != "-" {
			if _, err := time.Parse(time.DateOnly, cols[1]); err != nil {
				t.Fatalf("testdata/runtimes.tsv: %q: %v", line, err)
			}
			r.deprecated = cols[1]
		}
		table[r.id] = r
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return table
}

var (
	runtimeID = regexp.MustCompile(`\b(nodejs[0-9]+\.x|python3\.[0-9]+|java[0-9]+(?:\.al2023|\.al2)?|dotnet[0-9]+|ruby[0-9]+\.[0-9]+|provided\.al2(?:023)?)\b`)
	isoDate   = regexp.MustCompile(`\b20[0-9]{2}-[01][0-9]-[0-3][0-9]\b`)
	// notCurrent marks a line that talks about a runtime's end, not its
	// being current.
	notCurrent = regexp.MustCompile(`(?i)deprecat|retir|past|blocked|no longer|until|end of|moved`)
)

// contentText is one piece of lesson or question text to check, with where
// it comes from and the date it was checked on.
type contentText struct {
	where string // "lessons/content/x.md:12" or "bank/x.yaml:3 question \"id\""
	date  string
	text  string
}

// allContent returns every lesson line and every text of every question.
func allContent(t *testing.T) []contentText {
	t.Helper()
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	var out []contentText
	for _, l := range cat.All() {
		raw, err := os.ReadFile("../lessons/content/" + l.Path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			out = append(out, contentText{where: fmt.Sprintf("lessons/content/%s:%d", l.Path, i+1), date: l.VerifiedOn, text: line})
		}
	}
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range b.All() {
		where := fmt.Sprintf("bank/%s:%d question %q", q.File, q.Line, q.ID)
		texts := []string{q.Prompt, q.Log, q.ModelAnswer, q.Explanation}
		for _, c := range q.Choices {
			if c.Correct {
				texts = append(texts, c.Text)
			}
		}
		texts = append(texts, q.Order...)
		texts = append(texts, q.Sources...)
		for _, s := range texts {
			out = append(out, contentText{where: where, date: bankDate, text: s})
		}
	}
	return out
}

// TestRuntimeClaims checks what lessons and questions say about runtimes
// against the dated table: every runtime named is in the table, a line that
// calls runtimes current names only supported ones, a deprecation date next
// to a runtime is the table's, and the lesson tables of current runtimes
// list exactly the supported ones.
func TestRuntimeClaims(t *testing.T) {
	table := readRuntimes(t)
	for _, c := range allContent(t) {
		// Split question texts into sentences; lesson lines are short already.
		for _, s := range strings.SplitAfter(c.text, ". ") {
			ids := runtimeID.FindAllStringIndex(s, -1)
			for k, loc := range ids {
				id := s[loc[0]:loc[1]]
				r, ok := table[id]
				if !ok {
					t.Errorf("%s: runtime %q is not in testdata/runtimes.tsv; add it with its deprecation date", c.where, id)
					continue
				}
				end := len(s)
				if k+1 < len(ids) {
					end = ids[k+1][0]
				}
				seg := s[loc[1]:end]
				if strings.Contains(strings.ToLower(seg), "deprecat") {
					if d := isoDate.FindString(seg); d != "" && r.deprecated != "" && d != r.deprecated && !strings.Contains(seg, "moved") && !strings.Contains(seg, "from "+d) {
						t.Errorf("%s: %s is said to deprecate on %s; the table says %s", c.where, id, d, r.deprecated)
					}
				}
			}
			if strings.Contains(strings.ToLower(s), "current") && !notCurrent.MatchString(s) {
				for _, id := range runtimeID.FindAllString(s, -1) {
					if r, ok := table[id]; ok && !r.supportedOn(c.date) {
						t.Errorf("%s: calls %s current, but it was deprecated on %s (checked on %s)", c.where, id, r.deprecated, c.date)
					}
				}
			}
		}
	}
	checkCurrentRuntimeTables(t, table)
}

// checkCurrentRuntimeTables finds every lesson table whose header says
// "Current runtimes" and checks that it lists exactly the runtimes
// supported on the lesson's date.
func checkCurrentRuntimeTables(t *testing.T, table map[string]runtime) {
	t.Helper()
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, l := range cat.All() {
		lines := strings.Split(l.Body, "\n")
		for i := 0; i < len(lines); i++ {
			if !strings.HasPrefix(lines[i], "|") || !strings.Contains(strings.ToLower(lines[i]), "current runtimes") {
				continue
			}
			found++
			listed := map[string]bool{}
			for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
				for _, id := range runtimeID.FindAllString(lines[j], -1) {
					listed[id] = true
				}
			}
			var missing, extra []string
			for id, r := range table {
				if r.supportedOn(l.VerifiedOn) && !listed[id] {
					missing = append(missing, id)
				}
			}
			for id := range listed {
				if r, ok := table[id]; ok && !r.supportedOn(l.VerifiedOn) {
					extra = append(extra, id)
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			if len(missing) > 0 || len(extra) > 0 {
				t.Errorf("%s: the table of current runtimes (checked on %s) misses %v and lists deprecated %v", l.Path, l.VerifiedOn, missing, extra)
			}
		}
	}
	if found == 0 {
		t.Error("no lesson has a table of current runtimes; the runtime check has nothing to compare")
	}
}

// TestRuntimeClaimsCatchDeprecated proves the runtime check can fail: a
// current-runtimes claim naming dotnet8 after 2026-11-10 is caught.
func TestRuntimeClaimsCatchDeprecated(t *testing.T) {
	table := readRuntimes(t)
	r := table["dotnet8"]
	if r.supportedOn("2026-12-03") || !r.supportedOn("2026-11-01") {
		t.Errorf("dotnet8 in the table: %+v", r)
	}
	if !table["java8.al2"].supportedOn("2026-12-03") {
		t.Error("java8.al2 is supported until 2027-06-30")
	}
}

// s3Key finds S3 object keys written as JSON in lessons, questions and
// templates.
var s3Key = regexp.MustCompile(`"key"\s*:\s*"([^"]*)"`)

// TestS3KeysUsePlusForSpaces: S3 event notifications form-encode object
// keys, so a space arrives as "+" ("red flower.jpg" -> "red+flower.jpg",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
// No lesson, question or event template may show a key with %20 or a raw
// space.
func TestS3KeysUsePlusForSpaces(t *testing.T) {
	check := func(where, text string) {
		if strings.Contains(text, "%20") {
			t.Errorf("%s: %%20 for a space; S3 notifications encode a space as +", where)
		}
		for _, m := range s3Key.FindAllStringSubmatch(text, -1) {
			if strings.Contains(m[1], " ") {
				t.Errorf("%s: S3 key %q has a raw space; S3 notifications encode it as +", where, m[1])
			}
		}
	}
	for _, c := range allContent(t) {
		check(c.where, c.text)
	}
	plus := false
	for _, name := range events.Names() {
		body, err := events.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		check("sandbox/events/templates/"+name+".json", string(body))
		var ev struct {
			Records []struct {
				S3 *struct {
					Object struct {
						Key string `json:"key"`
					} `json:"object"`
				} `json:"s3"`
			} `json:"Records"`
		}
		if json.Unmarshal(body, &ev) == nil {
			for _, r := range ev.Records {
				if r.S3 != nil && strings.Contains(r.S3.Object.Key, "+") {
					plus = true
				}
			}
		}
	}
	if !plus {
		t.Error("no S3 event template shows a key with + for a space")
	}
}

// outsideRef matches references to files that are not in the repository:
// the project's shared notes, checked facts and seed summary.
var outsideRef = regexp.MustCompile(`(?i)FACTS\.md|DESIGN\.md|\.\./shared|/work/|shared/(?:events|notes|seed|data)|seed/aws-lambda-explainer|lessons-brief`)

// TestNoReferenceOutsideRepository: lessons and questions cite their
// sources by URL or by a public repository path, never by a file beside
// this repository that a reader of the tutor cannot open.
func TestNoReferenceOutsideRepository(t *testing.T) {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range cat.All() {
		raw, err := os.ReadFile("../lessons/content/" + l.Path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			if m := outsideRef.FindString(line); m != "" {
				t.Errorf("lessons/content/%s:%d refers to %q, a file outside the repository; cite the AWS page (URL) instead", l.Path, i+1, m)
			}
		}
	}
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range b.All() {
		for _, s := range append(append([]string{q.Prompt, q.Explanation, q.ModelAnswer, q.Log}, q.Sources...), q.Order...) {
			if m := outsideRef.FindString(s); m != "" {
				t.Errorf("bank/%s:%d question %q refers to %q, a file outside the repository; cite the AWS page (URL) instead: %q", q.File, q.Line, q.ID, m, s)
			}
		}
	}
	for _, tmpl := range Templates() {
		for seed := uint64(1); seed <= 50; seed++ {
			q, err := Generate(tmpl.Name, seed)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range append([]string{q.Prompt, q.Explanation}, q.Sources...) {
				if m := outsideRef.FindString(s); m != "" {
					t.Fatalf("template %s refers to %q, a file outside the repository: %q", tmpl.Name, m, s)
				}
			}
		}
	}
}

// recycleClaim matches statements of the periodic recycle interval.
var recycleClaim = regexp.MustCompile(`(?i)(every|about|roughly|after)\s+(2|two)\s*(h\b|hours?)`)

// TestRecycleIntervalIsAnObservation: the "every 2 hours" recycle comes
// from one third-party observation; wherever it is stated, the same text
// says so.
func TestRecycleIntervalIsAnObservation(t *testing.T) {
	qualifier := regexp.MustCompile(`(?i)observ|saw|seen|not a (documented )?rule|third-party`)
	for _, c := range allContent(t) {
		if recycleClaim.MatchString(c.text) && !qualifier.MatchString(c.text) {
			t.Errorf("%s: states a 2-hour recycle as fact; it is one third-party observation: %q", c.where, c.text)
		}
	}
}

// newTopicsFromOrder is the first lesson order of the topics added for the
// 2026 interview (issue 11); each of them comes with at least
// minQuestionsPerNewTopic questions of its own.
const (
	newTopicsFromOrder      = 20
	minQuestionsPerNewTopic = 8
)

// TestNewTopicsHaveQuestions: every lesson added for the 2026 interview
// topics has its own bank file with at least 8 questions.
func TestNewTopicsHaveQuestions(t *testing.T) {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	perTopic := map[string]int{}
	for _, q := range b.All() {
		perTopic[q.Primary()]++
	}
	n := 0
	for _, l := range cat.All() {
		if l.Order < newTopicsFromOrder {
			continue
		}
		n++
		if perTopic[l.ID] < minQuestionsPerNewTopic {
			t.Errorf("lesson %s (order %d) has %d questions in bank/%s.yaml; want at least %d covering its check-yourself",
				l.ID, l.Order, perTopic[l.ID], l.ID, minQuestionsPerNewTopic)
		}
	}
	if n == 0 {
		t.Error("no lessons from order 20 on")
	}
}
