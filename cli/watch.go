package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
)

// Keys of `exercises watch`.
const (
	watchQuit  = "q"
	watchHint  = "h"
	watchEnter = "enter"
	watchOther = "other"
)

// clearScreen moves the cursor home and clears the screen.
const clearScreen = "\x1b[H\x1b[2J"

// watchTerm is how `exercises watch` talks to the learner: single keys and
// a redrawn screen on a terminal (raw mode), lines in a pipe.
type watchTerm struct {
	out    io.Writer
	keys   <-chan string
	screen bool // a terminal: clear and redraw between checks
	raw    bool // keys are read one by one, without Enter
}

// legend is the key line shown under each check.
func (t *watchTerm) legend(passed bool) string {
	enter, h, q := "Enter", "h", "q"
	if !t.raw {
		h, q = "h and Enter", "q and Enter"
	}
	if passed {
		return fmt.Sprintf("%s: next exercise · %s: hint · %s: quit", enter, h, q)
	}
	return fmt.Sprintf("%s: hint · %s: quit", h, q)
}

// newWatchTerm puts a terminal in raw mode (restore undoes it) or reads
// lines from a pipe.
func newWatchTerm(ctx context.Context, f *Factory) (t *watchTerm, restore func(), err error) {
	keys := make(chan string)
	send := func(k string) bool {
		select {
		case keys <- k:
			return true
		case <-ctx.Done():
			return false
		}
	}
	restore = func() {}
	in, inFd := f.In.(interface{ Fd() uintptr })
	if inFd && isTerminal(f.In) && isTerminal(f.Out) {
		state, err := term.MakeRaw(in.Fd())
		if err != nil {
			return nil, nil, fmt.Errorf("cannot read single keys from the terminal: %w", err)
		}
		restore = func() { _ = term.Restore(in.Fd(), state) }
		go func() {
			defer close(keys)
			r := bufio.NewReader(f.In)
			for {
				b, err := r.ReadByte()
				if err != nil {
					return
				}
				k := watchOther
				switch b {
				case 'q', 'Q', 0x03, 0x04: // ctrl+c and ctrl+d quit too: raw mode has no signals
					k = watchQuit
				case 'h', 'H':
					k = watchHint
				case '\r', '\n', 'n', 'N':
					k = watchEnter
				}
				if !send(k) {
					return
				}
			}
		}()
		return &watchTerm{out: crlfWriter{f.Out}, keys: keys, screen: true, raw: true}, restore, nil
	}
	go func() {
		defer close(keys)
		sc := bufio.NewScanner(f.In)
		for sc.Scan() {
			k := watchOther
			switch strings.ToLower(strings.TrimSpace(sc.Text())) {
			case "q", "quit", "exit":
				k = watchQuit
			case "h", "hint":
				k = watchHint
			case "", "n", "next":
				k = watchEnter
			}
			if !send(k) {
				return
			}
		}
	}()
	return &watchTerm{out: f.Out, keys: keys, screen: isTerminal(f.Out)}, restore, nil
}

// crlfWriter ends lines with \r\n: in raw mode the terminal no longer
// returns the cursor to the first column on \n. Fd lets the check panel
// find the terminal's width.
type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (c crlfWriter) Fd() uintptr {
	if f, ok := c.w.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

func exercisesWatch(ctx context.Context, f *Factory, opts *ExercisesOptions, wopts *ExercisesWatchOptions, id string) error {
	svc, u, w, ex, err := workspaceExercise(ctx, f, opts, id)
	if err != nil {
		return err
	}
	interval := wopts.Interval
	if interval <= 0 {
		interval = 300 * time.Millisecond
	}
	t, restore, err := newWatchTerm(ctx, f)
	if err != nil {
		return err
	}
	defer restore()
	out := t.out
	// check clears the screen (on a terminal), shows the exercise, runs
	// its tests and says what to do next.
	check := func(note string) (bool, string, error) {
		if t.screen {
			fmt.Fprint(out, clearScreen)
		}
		fmt.Fprintf(out, "━━ %d. %s (%s) ━━\nTask: %s\nEdit: %s\n", ex.Order, ex.Title, ex.ID,
			filepath.Join(w.ExerciseDir(ex), "README.md"), w.EditTarget(ex))
		if note != "" {
			fmt.Fprintf(out, "%s\n", note)
		}
		fmt.Fprintln(out)
		fp := w.Fingerprint(ex)
		res, _, err := runCheck(ctx, svc, u, w, ex, out)
		if err != nil {
			if ctx.Err() != nil {
				return false, fp, nil
			}
			return false, fp, err
		}
		passed := res != nil && res.Passed
		if passed {
			fmt.Fprintf(out, "\nPassed! Press Enter for the next exercise, or keep editing.\n")
		} else {
			fmt.Fprintf(out, "\nWaiting for you to save %s.\n", w.EditTarget(ex))
		}
		fmt.Fprintf(out, "%s\n", t.legend(passed))
		return passed, fp, nil
	}
	if err := w.SetCurrent(ex.ID); err != nil {
		return err
	}
	passed, fp, err := check("")
	if err != nil {
		return err
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	keys := t.keys
	for {
		select {
		case <-ctx.Done():
			return nil
		case k, ok := <-keys:
			if !ok {
				keys = nil // input closed: keep watching until interrupted
				continue
			}
			switch k {
			case watchQuit:
				fmt.Fprintln(out, "Stopped watching.")
				return nil
			case watchHint:
				if err := printHint(ctx, out, svc, u, ex); err != nil {
					return err
				}
			case watchEnter:
				if !passed {
					fmt.Fprintf(out, "%s does not pass yet; save your changes to check again (%s).\n", ex.ID, t.legend(false))
					continue
				}
				next, err := svc.Next(ctx, u.ID, ex.ID)
				if err != nil {
					return err
				}
				if next == nil {
					fmt.Fprintln(out, "You have solved every exercise. Well done!")
					return nil
				}
				ex = next
				if err := w.SetCurrent(ex.ID); err != nil {
					return err
				}
				if passed, fp, err = check(""); err != nil {
					return err
				}
			default:
				fmt.Fprintf(out, "Keys: %s.\n", t.legend(passed))
			}
		case <-tick.C:
			if now := w.Fingerprint(ex); now != fp {
				if passed, fp, err = check(fmt.Sprintf("── change saved at %s, checked again ──", time.Now().Format("15:04:05"))); err != nil {
					return err
				}
			}
		}
	}
}
