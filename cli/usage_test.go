package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// TestUsageErrors: a mistake in the command line exits 2 with one clear
// line (a suggestion for a mistyped command, what is missing or extra);
// a failure exits 1 (issue 10 item 14).
func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"lesons"}, 2, "lambdatutor: unknown command \"lesons\" for \"lambdatutor\"; did you mean \"lessons\"? (see `lambdatutor --help`)\n"},
		{[]string{"lessons", "shwo"}, 2, "lambdatutor: unknown command \"shwo\" for \"lambdatutor lessons\"; did you mean \"show\"? (see `lambdatutor lessons --help`)\n"},
		{[]string{"lessons", "show"}, 2, "lambdatutor: missing ID; usage: lambdatutor lessons show ID (see `lambdatutor lessons show --help`)\n"},
		{[]string{"lessons", "show", "a", "b"}, 2, "lambdatutor: too many arguments (\"b\"); usage: lambdatutor lessons show ID (see `lambdatutor lessons show --help`)\n"},
		{[]string{"invoke"}, 2, "lambdatutor: missing FILE; usage: lambdatutor invoke FILE (see `lambdatutor invoke --help`)\n"},
		{[]string{"quiz", "extra"}, 2, "lambdatutor: \"extra\" is not an argument of lambdatutor quiz, which takes none; usage: lambdatutor quiz (see `lambdatutor quiz --help`)\n"},
		{[]string{"--nope"}, 2, "lambdatutor: unknown flag: --nope; see `lambdatutor --help`\n"},
		{[]string{"cost", "--memory", "lots"}, 2, ""},
		{[]string{"lessons", "show", "999"}, 1, fmt.Sprintf("lambdatutor: there is no lesson number 999; the lessons are numbered 1 to %d (see `lambdatutor lessons`)\n", lastLesson(t))},
		{[]string{"events", "show", "nope"}, 1, ""},
	}
	for _, tc := range cases {
		_, errOut, code := run(t, tempDB(t), tc.args...)
		if code != tc.code || (tc.stderr != "" && errOut != tc.stderr) {
			t.Errorf("%v: exit %d, stderr\n%q\nwant exit %d, stderr\n%q", tc.args, code, errOut, tc.code, tc.stderr)
		}
	}
	out, _, code := run(t, tempDB(t), "--help")
	if code != 0 || !strings.Contains(out, "Exit status: 0 on success; 1 when the command failed") || !strings.Contains(out, "2 when\nthe command line is wrong") {
		t.Errorf("--help does not document the exit status:\n%s", out)
	}
}

// lastLesson is the number of the last lesson in `lambdatutor lessons`.
func lastLesson(t *testing.T) int {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	all := cat.All()
	return all[len(all)-1].Order
}

// TestLessonShowByNumber: `lessons show 3` opens the lesson numbered 3 in
// `lambdatutor lessons`.
func TestLessonShowByNumber(t *testing.T) {
	list, _, _ := run(t, tempDB(t), "lessons", "--json")
	var ls []lessonJSON
	if err := json.Unmarshal([]byte(list), &ls); err != nil {
		t.Fatal(err)
	}
	var title string
	for _, l := range ls {
		if l.Order == 3 {
			title = l.Title
		}
	}
	out, errOut, code := run(t, tempDB(t), "lessons", "show", "3")
	if code != 0 || title == "" || !strings.HasPrefix(out, "# "+title+"\n") {
		t.Fatalf("exit %d %s; want the lesson %q:\n%.200s", code, errOut, title, out)
	}
}

// TestFlagHelp: no flag help shows a command as the flag's value or two
// defaults.
func TestFlagHelp(t *testing.T) {
	for _, args := range [][]string{{"invoke", "--help"}, {"cost", "--help"}, {"quiz", "--help"}} {
		out, _, _ := run(t, tempDB(t), args...)
		for _, bad := range []string{"--template lambdatutor", "--topic lambdatutor", "(default) (default", "; default none) (default"} {
			if strings.Contains(out, bad) {
				t.Errorf("%v shows %q:\n%s", args, bad, out)
			}
		}
	}
	out, _, _ := run(t, tempDB(t), "invoke", "--help")
	for _, want := range []string{"--template NAME", "(default none)"} {
		if !strings.Contains(out, want) {
			t.Errorf("invoke --help lacks %q:\n%s", want, out)
		}
	}
}

// TestNoFlagNamesACommandAsItsValue: pflag takes a `back-quoted` word of a
// flag's help as the name of its value, so "see `lambdatutor events`"
// shows as "--template lambdatutor events". Every flag of every command.
func TestNoFlagNamesACommandAsItsValue(t *testing.T) {
	root := NewRoot(&Factory{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard, Getenv: func(string) string { return "" }}, "1.2.3", nil)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if name, _ := pflag.UnquoteUsage(f); strings.Contains(name, " ") {
				t.Errorf("%s --%s shows its value as %q", c.CommandPath(), f.Name, name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
