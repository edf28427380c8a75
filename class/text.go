package class

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lambdatutor/lambdatutor/report"
)

// Percent shows an accuracy: "73%", or "-" when nothing was answered.
func Percent(p int) string {
	if p < 0 {
		return "-"
	}
	return strconv.Itoa(p) + "%"
}

// Day shows a time as its UTC date, "-" for the zero time.
func Day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// PlanCell is a learner's completion of the plan: "2/3 (1 late)", "-"
// without a plan.
func (l Learner) PlanCell() string {
	if len(l.Items) == 0 {
		return "-"
	}
	s := fmt.Sprintf("%d/%d", l.PlanDone, len(l.Items))
	if l.PlanLate > 0 {
		s += fmt.Sprintf(" (%d late)", l.PlanLate)
	}
	return s
}

// WriteText prints the report as plain text tables.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Class report, %s UTC: %d learners.\n\n", r.GeneratedAt.Format("2006-01-02 15:04"), len(r.Learners))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "NAME\tKEY\tFIRST SEEN\tLAST SEEN\tLESSONS\tEXERCISES\tQUIZ\tOVERDUE\tPLAN\n")
	for _, l := range r.Learners {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d/%d\t%d/%d\t%s\t%d\t%s\n", report.Plain(l.Name), l.Fingerprint, Day(l.FirstSeen), Day(l.LastSeen),
			l.LessonsRead, r.Lessons, l.ExercisesSolved, r.Exercises, Percent(l.Accuracy()), l.ReviewsOverdue, l.PlanCell())
	}
	tw.Flush()
	if len(r.Learners) == 0 {
		b.WriteString("(no learner has connected yet)\n")
	}
	b.WriteString("\nQuiz accuracy by topic, weakest first:\n")
	if len(r.Topics) == 0 {
		b.WriteString("  (no answers yet)\n")
	}
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, t := range r.Topics {
		fmt.Fprintf(tw, "  %s\t%d/%d right\t%s\t%d learners\n", t.Title, t.Correct, t.Answered, Percent(t.Accuracy()), t.Learners)
	}
	tw.Flush()
	b.WriteString("\nExercises:\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  EXERCISE\tTRIED\tPASSED\tMEDIAN ATTEMPTS\tHINTS\n")
	for _, e := range r.ExerciseStats {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\t%d\n", e.ID, e.Tried, e.Passed, strconv.FormatFloat(e.MedianAttempts, 'f', -1, 64), e.Hints)
	}
	tw.Flush()
	b.WriteString("\nCourse plan:\n")
	if len(r.Plan) == 0 {
		b.WriteString("  (no assignments; set them with serve --plan FILE or on the Class screen)\n")
	}
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, p := range r.Plan {
		fmt.Fprintf(tw, "  due %s\t%s %s\t%d/%d done\t%d late\n", p.Due, p.Kind, p.Item, p.Done, len(r.Learners), p.Late)
	}
	tw.Flush()
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCSV prints the roster as CSV, one row per learner, with a column
// per plan item holding done, due or late.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	head := []string{"name", "key", "first_seen", "last_seen", "lessons_read", "exercises_solved",
		"quiz_answered", "quiz_correct", "quiz_accuracy", "reviews_overdue", "plan_done", "plan_late"}
	for _, p := range r.Plan {
		head = append(head, p.Kind+":"+p.Item)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, l := range r.Learners {
		acc := ""
		if a := l.Accuracy(); a >= 0 {
			acc = strconv.Itoa(a)
		}
		row := []string{csvSafe(report.Plain(l.Name)), l.Key, l.FirstSeen.UTC().Format(time.RFC3339), l.LastSeen.UTC().Format(time.RFC3339),
			strconv.Itoa(l.LessonsRead), strconv.Itoa(l.ExercisesSolved), strconv.Itoa(l.QuizAnswered), strconv.Itoa(l.QuizCorrect),
			acc, strconv.Itoa(l.ReviewsOverdue), strconv.Itoa(l.PlanDone), strconv.Itoa(l.PlanLate)}
		for _, it := range l.Items {
			row = append(row, it.Status)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a learner's name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
