package quiz

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Grade is how well a question was recalled, the four FSRS ratings.
type Grade int

// The grades, as FSRS numbers them.
const (
	// Again: wrong, or not recalled. Counts as a lapse.
	Again Grade = 1
	// Hard: right, with difficulty (or with a hint).
	Hard Grade = 2
	// Good: right.
	Good Grade = 3
	// Easy: right without effort (automatic kinds: right and fast).
	Easy Grade = 4
)

// Grades lists the grades in order, for self-grading menus.
func Grades() []Grade { return []Grade{Again, Hard, Good, Easy} }

func (g Grade) String() string {
	switch g {
	case Again:
		return "Again"
	case Hard:
		return "Hard"
	case Good:
		return "Good"
	case Easy:
		return "Easy"
	}
	return fmt.Sprintf("Grade(%d)", int(g))
}

// Valid reports whether g is one of the four grades.
func (g Grade) Valid() bool { return g >= Again && g <= Easy }

// Correct reports whether the grade counts as a right answer (anything but
// Again).
func (g Grade) Correct() bool { return g >= Hard && g <= Easy }

// ParseGrade reads a self-grade: 1-4, or again/hard/good/easy (or their
// first letter), case-insensitively.
func ParseGrade(s string) (Grade, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "again", "a":
		return Again, nil
	case "2", "hard", "h":
		return Hard, nil
	case "3", "good", "g":
		return Good, nil
	case "4", "easy", "e":
		return Easy, nil
	}
	return 0, &AnswerError{Reason: fmt.Sprintf("%q is not a grade: type 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)", strings.TrimSpace(s))}
}

// AnswerError says why a typed answer could not be read (a letter out of
// range, text where a number is needed). Nothing was recorded: show Reason
// and ask again.
type AnswerError struct {
	Reason string
}

func (e *AnswerError) Error() string { return e.Reason }

func answerErr(format string, args ...any) error {
	return &AnswerError{Reason: fmt.Sprintf(format, args...)}
}

// EasyWithin is how fast a right answer to q must come to be graded Easy
// instead of Good: 15 s for single choice, 25 s for multiple select, 30 s
// for ordering and 45 s for numeric questions at difficulty 1, times 1.5 at
// difficulty 2 and 2 at difficulty 3. Free answers are self-graded.
func EasyWithin(q *Question) time.Duration {
	base := map[Kind]time.Duration{Single: 15 * time.Second, Multi: 25 * time.Second, Order: 30 * time.Second, Numeric: 45 * time.Second}[q.Kind]
	switch q.Difficulty {
	case 2:
		return base * 3 / 2
	case 3:
		return base * 2
	}
	return base
}

// AutoGrade maps an automatically graded answer to a grade: wrong → Again;
// right → Easy when answered within EasyWithin(q), else Good; a right
// answer after a hint is capped at Hard.
func AutoGrade(q *Question, correct, hintUsed bool, elapsed time.Duration) Grade {
	switch {
	case !correct:
		return Again
	case hintUsed:
		return Hard
	case elapsed <= EasyWithin(q):
		return Easy
	}
	return Good
}

// Letter is the label of the i-th (0-based) shown option: "a", "b", ...
func Letter(i int) string { return string(rune('a' + i)) }

var letterSep = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[\s,;/+&]+|\band\b`) })

// parseLetters reads option letters ("b", "a,c", "ac", "c a b d"; digits
// 1-6 also work) for n shown options.
func parseLetters(s string, n int) ([]int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return nil, answerErr("type a letter from a to %s", Letter(n-1))
	}
	var tokens []string
	for _, f := range letterSep().Split(s, -1) {
		if f == "" {
			continue
		}
		f = strings.Trim(f, "().")
		if len(f) > 1 && isAllLetters(f) {
			for _, r := range f {
				tokens = append(tokens, string(r))
			}
			continue
		}
		tokens = append(tokens, f)
	}
	var out []int
	seen := map[int]bool{}
	for _, t := range tokens {
		i := -1
		switch {
		case len(t) == 1 && t[0] >= 'a' && t[0] <= 'z':
			i = int(t[0] - 'a')
		default:
			if v, err := strconv.Atoi(t); err == nil {
				i = v - 1
			} else {
				return nil, answerErr("%q is not an option letter: type letters from a to %s", t, Letter(n-1))
			}
		}
		if i < 0 || i >= n {
			return nil, answerErr("%s is not an option here: type a letter from a to %s", t, Letter(n-1))
		}
		if seen[i] {
			return nil, answerErr("%s is given twice: give each letter once", Letter(i))
		}
		seen[i] = true
		out = append(out, i)
	}
	if len(out) == 0 {
		return nil, answerErr("type a letter from a to %s", Letter(n-1))
	}
	return out, nil
}

func isAllLetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// unitWords maps what a learner may type after a number to a unit and a
// factor into it.
var unitWords = map[string]struct {
	unit   string
	factor float64
}{
	"$": {"USD", 1}, "usd": {"USD", 1}, "us$": {"USD", 1}, "dollar": {"USD", 1}, "dollars": {"USD", 1},
	"ms": {"ms", 1}, "msec": {"ms", 1}, "millisecond": {"ms", 1}, "milliseconds": {"ms", 1},
	"s": {"seconds", 1}, "sec": {"seconds", 1}, "secs": {"seconds", 1}, "second": {"seconds", 1}, "seconds": {"seconds", 1},
	"min": {"seconds", 60}, "mins": {"seconds", 60}, "minute": {"seconds", 60}, "minutes": {"seconds", 60},
	"gb-s": {"GB-s", 1}, "gbs": {"GB-s", 1}, "gb-sec": {"GB-s", 1}, "gb-second": {"GB-s", 1}, "gb-seconds": {"GB-s", 1}, "gb s": {"GB-s", 1}, "gb·s": {"GB-s", 1},
	"mb": {"MB", 1}, "mib": {"MB", 1}, "gb": {"MB", 1024}, "gib": {"MB", 1024},
	"vcpu": {"vCPU", 1}, "vcpus": {"vCPU", 1}, "cpu": {"vCPU", 1}, "cpus": {"vCPU", 1},
	"environments": {"environments", 1}, "environment": {"environments", 1}, "envs": {"environments", 1}, "env": {"environments", 1},
	"execution environments": {"environments", 1}, "concurrent": {"environments", 1}, "instances": {"environments", 1},
	"requests": {"requests", 1}, "request": {"requests", 1}, "req": {"requests", 1}, "rps": {"requests", 1},
	"requests/s": {"requests", 1}, "req/s": {"requests", 1}, "invocations": {"requests", 1}, "requests per second": {"requests", 1},
	"%": {"percent", 1}, "percent": {"percent", 1}, "pct": {"percent", 1},
}

// multipliers may follow a number ("2M requests", "1.5k").
var multipliers = map[string]float64{
	"k": 1e3, "thousand": 1e3, "M": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9,
}

var numberPrefix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?(?:[0-9][0-9,_]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?`)
})

// ParseNumber reads a typed number for a question in unit, leniently:
// "$1.03", "1.03 USD", "1,000", "1 000" is not accepted but "1_000" is,
// "2M" and "1.5k", "0.2 s" for a question in ms (converted), "37.5%". A
// lone comma with other than three digits after it is a decimal comma
// ("1,03"). An unknown or different unit is an *AnswerError that says what
// to type.
func ParseNumber(s, unit string) (float64, error) {
	raw := strings.TrimSpace(s)
	t := strings.TrimSpace(strings.TrimLeft(raw, "≈~"))
	if t == "" {
		return 0, answerErr("type a number%s", inUnit(unit))
	}
	neg := false
	if strings.HasPrefix(t, "-") && !numberPrefix().MatchString(t) {
		neg, t = true, strings.TrimSpace(t[1:]) // "-$0.20"
	}
	prefixUnit := ""
	lower := strings.ToLower(t)
	for _, p := range []string{"us$", "$", "usd"} {
		if strings.HasPrefix(lower, p) {
			prefixUnit = "USD"
			t = strings.TrimSpace(t[len(p):])
			break
		}
	}
	num := numberPrefix().FindString(t)
	if num == "" {
		return 0, answerErr("%q is not a number: type a number%s, like %s", raw, inUnit(unit), FormatNumber(example(unit), unit))
	}
	v, err := parseDecimal(num)
	if err != nil {
		return 0, answerErr("%q: %v", raw, err)
	}
	if neg {
		v = -v
	}
	rest := strings.TrimSpace(t[len(num):])
	if m, ok := multipliers[firstWord(rest)]; ok {
		v *= m
		rest = strings.TrimSpace(rest[len(firstWord(rest)):])
	} else if m, ok := multipliers[strings.ToLower(firstWord(rest))]; ok && firstWord(rest) != "m" {
		v *= m
		rest = strings.TrimSpace(rest[len(firstWord(rest)):])
	}
	got := prefixUnit
	factor := 1.0
	if rest != "" {
		uw, ok := unitWords[strings.ToLower(rest)]
		if !ok {
			return 0, answerErr("read the number %s but not the unit %q: type just the number%s", trimNumber(v), rest, inUnit(unit))
		}
		if got != "" && uw.unit != got {
			return 0, answerErr("%q mixes two units: type just the number%s", raw, inUnit(unit))
		}
		got, factor = uw.unit, uw.factor
	}
	if got == "" || got == unit {
		return v * factor, nil
	}
	// Convertible pairs.
	switch {
	case got == "seconds" && unit == "ms":
		return v * factor * 1000, nil
	case got == "ms" && unit == "seconds":
		return v / 1000, nil
	}
	return 0, answerErr("the answer is in %s, not %s: type the number%s", unit, got, inUnit(unit))
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

func inUnit(unit string) string {
	if unit == "" {
		return ""
	}
	return " in " + unit
}

func example(unit string) float64 {
	switch unit {
	case "USD":
		return 1.03
	case "vCPU":
		return 0.5
	case "percent":
		return 37.5
	}
	return 250
}

// parseDecimal reads digits with optional thousands separators (",", "_")
// or a single decimal comma.
func parseDecimal(s string) (float64, error) {
	s = strings.ReplaceAll(s, "_", "")
	if strings.Contains(s, ",") {
		intPart, frac, hasDot := strings.Cut(s, ".")
		groups := strings.Split(strings.TrimLeft(intPart, "+-"), ",")
		thousands := len(groups[0]) >= 1 && len(groups[0]) <= 3 && !strings.HasPrefix(groups[0], "0")
		for _, g := range groups[1:] {
			if len(g) != 3 {
				thousands = false
			}
		}
		switch {
		case thousands:
			s = strings.ReplaceAll(intPart, ",", "")
			if hasDot {
				s += "." + frac
			}
		case !hasDot && len(groups) == 2:
			s = strings.Replace(intPart, ",", ".", 1) // decimal comma
		default:
			return 0, fmt.Errorf("cannot read %q as a number: use a dot for decimals and commas only between groups of three digits (1,234.5)", s)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("cannot read %q as a number", s)
	}
	return v, nil
}

// FormatNumber formats a number with its unit for display: "$1.03",
// "50,000 GB-s", "0.29 vCPU", "37.5%".
func FormatNumber(v float64, unit string) string {
	switch unit {
	case "USD":
		if math.Abs(v) >= 0.01 || v == 0 {
			return "$" + groupThousands(strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64))
		}
		return "$" + strconv.FormatFloat(v, 'g', 3, 64)
	case "percent":
		return trimNumber(v) + "%"
	}
	return trimNumber(v) + " " + unit
}

// trimNumber prints v with at most 4 decimals, thousands grouped.
func trimNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return groupThousands(s)
}

func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// Coverage says which key points a free answer mentioned. It is a hint for
// self-grading, never the grade.
type Coverage struct {
	// Points are the question's key points in bank order.
	Points []PointCoverage
	// Covered is how many Points were mentioned.
	Covered int
}

// PointCoverage is one key point and whether the answer mentioned it.
type PointCoverage struct {
	Point     string
	Mentioned bool
}

// String is the hint line: "you covered 3 of 5 points".
func (c Coverage) String() string {
	return fmt.Sprintf("you covered %d of %d points", c.Covered, len(c.Points))
}

// CheckKeyPoints reports which of q's key points the answer mentions: a
// point counts when any of its keywords appears in the answer (compared in
// lower case, with runs of white space as one space).
func CheckKeyPoints(q *Question, answer string) Coverage {
	text := " " + strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(answer, "’", "'"))), " ") + " "
	var c Coverage
	for _, kp := range q.KeyPoints {
		hit := false
		for _, k := range kp.Keywords {
			if strings.Contains(text, strings.ToLower(k)) {
				hit = true
				break
			}
		}
		if hit {
			c.Covered++
		}
		c.Points = append(c.Points, PointCoverage{Point: kp.Point, Mentioned: hit})
	}
	return c
}
