package exercises

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
)

// MaxPanelLogLines is how many log lines of a failing invocation the
// results panel shows (the last ones).
const MaxPanelLogLines = 12

// Summary is one line: "hello-world (Node.js): 2 of 3 tests passed".
func (r *CheckResult) Summary() string {
	verdict := fmt.Sprintf("%d of %d tests passed", r.PassedCount, len(r.Tests))
	if r.Passed {
		verdict = fmt.Sprintf("all %d tests passed", len(r.Tests))
	}
	return fmt.Sprintf("%s (%s): %s", r.ExerciseID, r.Runtime.Title(), verdict)
}

// Panel is the results panel as plain text, lines at most width columns
// where the content allows (0 means 80): a summary, a syntax or
// config.json error first, then every test, and for a failing test its
// expected and actual values side by side, the REPORT line, the cost,
// the end of the log and the response.
func (r *CheckResult) Panel(width int) string {
	if width <= 0 {
		width = 80
	}
	width = max(width, 40)
	var b strings.Builder
	b.WriteString(r.Summary() + "\n")
	if r.SyntaxError != nil {
		se := r.SyntaxError
		b.WriteString("\n")
		if se.Line > 0 && se.Column > 0 {
			fmt.Fprintf(&b, "Syntax error in %s at line %d, column %d:\n", se.File, se.Line, se.Column)
		} else if se.Line > 0 {
			fmt.Fprintf(&b, "Syntax error in %s at line %d:\n", se.File, se.Line)
		} else {
			b.WriteString("Syntax error:\n")
		}
		for _, l := range wrap(se.Message, width-2) {
			b.WriteString("  " + l + "\n")
		}
		for _, l := range se.Context {
			b.WriteString("  " + l + "\n")
		}
	}
	if r.ConfigError != "" {
		name := r.ConfigPath
		if name == "" {
			name = "config.json"
		}
		b.WriteString("\n" + name + " is broken, so no test ran:\n")
		for _, l := range wrap(r.ConfigError, width-2) {
			b.WriteString("  " + l + "\n")
		}
	}
	b.WriteString("\n")
	for _, t := range r.Tests {
		mark := "✓"
		if !t.Passed {
			mark = "✗"
		}
		fmt.Fprintf(&b, "%s %d. %s\n", mark, t.Index, t.Name)
		if t.Passed {
			continue
		}
		if t.SyntaxError {
			b.WriteString("     the code does not load: see the syntax error above\n\n")
			continue
		}
		writeFailure(&b, t, width)
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func writeFailure(b *strings.Builder, t TestResult, width int) {
	const ind = "     "
	inner := width - len(ind)
	if t.Problem != "" {
		for _, l := range wrap(t.Problem, inner) {
			b.WriteString(ind + l + "\n")
		}
	}
	if r0(t) {
		return
	}
	if t.Step > 0 && t.Invocation == 0 {
		fmt.Fprintf(b, "%sat step %d\n", ind, t.Step)
	} else if t.Step > 0 {
		fmt.Fprintf(b, "%sat step %d, invocation %d\n", ind, t.Step, t.Invocation)
	} else if len(t.Mismatches) > 0 {
		fmt.Fprintf(b, "%sover the whole test\n", ind)
	}
	if len(t.Mismatches) > 0 {
		writeSideBySide(b, ind, inner, t.Mismatches)
	}
	if t.Report != "" {
		for _, l := range packFields(strings.Split(t.Report, "\t"), inner) {
			b.WriteString(ind + l + "\n")
		}
	}
	if t.Report != "" || t.CostUSD > 0 {
		what := "cost of this invocation"
		if t.Step == 0 {
			what = "cost of the test"
		}
		fmt.Fprintf(b, "%s%s: %s\n", ind, what, billing.FormatUSD(t.CostUSD))
	}
	if len(t.Triggered) > 0 {
		b.WriteString(ind + "what the triggers did:\n")
		for _, l := range t.Triggered {
			for i, w := range wrap(l, inner-4) {
				if i == 0 {
					b.WriteString(ind + "  • " + w + "\n")
				} else {
					b.WriteString(ind + "    " + w + "\n")
				}
			}
		}
	}
	if len(t.Log) > 0 {
		b.WriteString(ind + "log:\n")
		lines := t.Log
		if len(lines) > MaxPanelLogLines {
			fmt.Fprintf(b, "%s  (%d earlier lines)\n", ind, len(lines)-MaxPanelLogLines)
			lines = lines[len(lines)-MaxPanelLogLines:]
		}
		for _, l := range lines {
			if strings.HasPrefix(l, "REPORT ") {
				continue
			}
			for _, w := range wrap(strings.ReplaceAll(l, "\t", " "), inner-2) {
				b.WriteString(ind + "  " + w + "\n")
			}
		}
	}
	if t.Response != "" {
		b.WriteString(ind + "response:\n")
		resp := prettyJSON(t.Response)
		rl := strings.Split(resp, "\n")
		if len(rl) > 20 {
			rl = append(rl[:20], fmt.Sprintf("... (%d more lines)", len(rl)-20))
		}
		for _, l := range rl {
			for _, w := range wrap(l, inner-2) {
				b.WriteString(ind + "  " + w + "\n")
			}
		}
	}
}

// r0 is true for a test that failed before running anything.
func r0(t TestResult) bool { return t.Step == 0 && len(t.Mismatches) == 0 && t.Report == "" }

// writeSideBySide writes the mismatches as a table: what, expected,
// actual, each cell wrapped in its column.
func writeSideBySide(b *strings.Builder, ind string, width int, ms []Mismatch) {
	whatW := len("check")
	for _, m := range ms {
		whatW = max(whatW, utf8.RuneCountInString(m.What))
	}
	whatW = min(whatW, max(12, width/4))
	rest := width - whatW - 4
	colW := max(rest/2, 10)
	row := func(what, exp, act string) {
		wl, el, al := wrap(what, whatW), wrap(exp, colW), wrap(act, colW)
		n := max(len(wl), len(el), len(al))
		for i := 0; i < n; i++ {
			b.WriteString(ind + pad(cell(wl, i), whatW) + "  " + pad(cell(el, i), colW) + "  " + cell(al, i))
			b.WriteString("\n")
		}
	}
	row("check", "expected", "actual")
	row(strings.Repeat("─", whatW), strings.Repeat("─", colW), strings.Repeat("─", colW))
	for _, m := range ms {
		row(m.What, m.Expected, m.Actual)
	}
}

func cell(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

func pad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// wrap cuts s into lines of at most w runes, at spaces where it can.
func wrap(s string, w int) []string {
	w = max(w, 8)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		r := []rune(para)
		for len(r) > w {
			cut := w
			for i := w; i > w/2; i-- {
				if r[i] == ' ' {
					cut = i
					break
				}
			}
			out = append(out, strings.TrimRight(string(r[:cut]), " "))
			r = r[cut:]
			for len(r) > 0 && r[0] == ' ' {
				r = r[1:]
			}
		}
		out = append(out, string(r))
	}
	return out
}

// prettyJSON indents a JSON payload (no HTML escaping); other text is
// returned as it is.
func prettyJSON(s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return s
	}
	return strings.TrimRight(buf.String(), "\n")
}

// packFields joins fields with two spaces into lines of at most w runes,
// breaking between fields (a field longer than w is wrapped).
func packFields(fields []string, w int) []string {
	var out []string
	line := ""
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		switch {
		case line == "":
			line = f
		case utf8.RuneCountInString(line)+2+utf8.RuneCountInString(f) <= w:
			line += "  " + f
		default:
			out = append(out, line)
			line = f
		}
	}
	if line != "" {
		out = append(out, line)
	}
	var wrapped []string
	for _, l := range out {
		wrapped = append(wrapped, wrap(l, w)...)
	}
	return wrapped
}
