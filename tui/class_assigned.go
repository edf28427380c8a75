package tui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/class"
)

// classMenuItem is the home entry of the Class screen, added for
// instructors only.
func classMenuItem(c *common) menuItem {
	return menuItem{
		label: "Class",
		desc:  "instructors: the roster, quiz accuracy by topic, exercises, each learner's progress and code, the course plan",
		open:  func() tea.Cmd { return c.open(newClassScreen(c)) },
	}
}

// maxAssignedLines bounds the plan items listed on the home screen.
const maxAssignedLines = 4

// assignedLines are the home screen's lines about the class: the
// learner's assignments (late first, then by due date, done ones only
// counted) and, when the server has instructors, that they can see the
// learner's work.
func assignedLines(c *common) []string {
	st := c.styles
	var out []string
	if c.ClassHasInstructors {
		out = append(out, st.dim.Render("Your instructors can see your progress and the code you write in the exercises."))
	}
	if c.Store == nil || c.Guest {
		return out
	}
	// Most sessions have no plan: one small query, and the catalogs are
	// not loaded.
	if plan, err := c.Store.Plan(c.ctx); err != nil || len(plan) == 0 {
		return out
	}
	content, err := classContent(c)
	if err != nil {
		return out
	}
	items, err := class.Assigned(c.ctx, c.Store, content, c.UserID, time.Now())
	if err != nil || len(items) == 0 {
		return out
	}
	var late, due, done int
	for _, it := range items {
		switch it.Status {
		case class.StatusLate:
			late++
		case class.StatusDue:
			due++
		default:
			done++
		}
	}
	out = append(out, st.accent.Render(fmt.Sprintf("Assigned: %d due, %d late, %d of %d done.", due, late, done, len(items))))
	shown := 0
	for _, want := range []string{class.StatusLate, class.StatusDue} {
		for _, it := range items {
			if it.Status != want {
				continue
			}
			if shown == maxAssignedLines {
				out = append(out, st.dim.Render(fmt.Sprintf("      … and %d more", late+due-shown)))
				return out
			}
			line := fmt.Sprintf("  due %s  %s: %s", it.Due, it.Kind, it.Title)
			if it.Kind == "topic" {
				line += fmt.Sprintf(" (answer %d of its questions right)", content.TopicGoalFor(it.Item))
			}
			if want == class.StatusLate {
				out = append(out, st.errText.Render("LATE")+line)
			} else {
				out = append(out, "    "+line)
			}
			shown++
		}
	}
	return out
}
