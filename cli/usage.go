package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"
)

// Exit statuses, documented in `lambdatutor --help`.
const (
	exitFailure = 1 // the command ran and failed
	exitUsage   = 2 // the command line is wrong
)

// exitCodesHelp ends the root command's help.
const exitCodesHelp = `Exit status: 0 on success; 1 when the command failed (a test or check
failed, an invocation returned an error, a file could not be read); 2 when
the command line is wrong (an unknown command or flag, a missing or extra
argument).`

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// checkUsage makes every mistake in the command line a usageError with a
// clear message: an unknown command gets "did you mean", a missing or extra
// argument names what the command takes, and a bad flag points to --help.
func checkUsage(root *cobra.Command) {
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{fmt.Errorf("%w; see `%s --help`", err, c.CommandPath())}
	})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		orig := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			if cmd.HasAvailableSubCommands() && len(args) > 0 {
				return &usageError{unknownCommand(cmd, args[0])}
			}
			if orig == nil {
				return nil
			}
			if err := orig(cmd, args); err != nil {
				return &usageError{argsError(cmd, args, err)}
			}
			return nil
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// unknownCommand says that name is not a command of cmd, with the closest
// ones.
func unknownCommand(cmd *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q for %q", name, cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg += "; did you mean " + quoteList(s) + "?"
	}
	return errors.New(msg + " (see `" + cmd.CommandPath() + " --help`)")
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

var argCountRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`accepts (?:at most )?(\d+) arg\(s\), received (\d+)`)
})

// argsError rewrites cobra's "accepts 1 arg(s), received 0" as what is
// missing or extra, with the command's usage.
func argsError(cmd *cobra.Command, args []string, err error) error {
	usage := "usage: " + cmd.CommandPath()
	if f := strings.Fields(cmd.Use); len(f) > 1 {
		usage += " " + strings.Join(f[1:], " ")
	}
	usage += " (see `" + cmd.CommandPath() + " --help`)"
	m := argCountRE().FindStringSubmatch(err.Error())
	if m == nil {
		if strings.HasPrefix(err.Error(), "unknown command") {
			return fmt.Errorf("%q is not an argument of %s, which takes none; %s", args[0], cmd.CommandPath(), usage)
		}
		return fmt.Errorf("%w; %s", err, usage)
	}
	want, _ := strconv.Atoi(m[1])
	got, _ := strconv.Atoi(m[2])
	if got < want {
		var names []string
		for _, f := range strings.Fields(cmd.Use)[1:] {
			if !strings.HasPrefix(f, "[") && !strings.HasPrefix(f, "-") {
				names = append(names, f)
			}
		}
		return fmt.Errorf("missing %s; %s", strings.Join(names[got:], " "), usage)
	}
	return fmt.Errorf("too many arguments (%s); %s", quoteList(args[want:]), usage)
}
