package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sshserver/sshtest"
)

// Hostile sessions run beside the measured learners (-hostile K): they do
// what issue 19 found could hurt everyone, over and over, until the
// learners are done. Their own latencies are not measured; what they
// cost the others shows in the learners' keystroke latency and in the
// server's memory.
//
//   - memory: a Node.js handler in the playground that allocates until it
//     is stopped (a growing array of 1 MB strings);
//   - builtins: single built-in calls far larger than the function's
//     memory: new Array(1e8).fill(0), 'x'.repeat(2e8), Array(2e8).join('x');
//   - regex: a backtracking regex with a lookahead;
//   - paste: a large bracketed paste into the playground's editor, then
//     invokes of what it made;
//   - window: window sizes of 100000x100000 and 5000x3000, changed while
//     moving around the menus.
var hostileKinds = []string{"memory", "regex", "paste", "window", "builtins"}

var hostileCode = map[string][]string{
	"memory":   {`const a = []; for (;;) a.push('x'.repeat(1 << 20) + a.length);`},
	"builtins": {`new Array(1e8).fill(0);`, `'x'.repeat(2e8);`, `Array(2e8).join('x');`},
	"regex":    {`/^(a+)+(?=b)$/.test('a'.repeat(64));`},
}

// hostileStats is what the hostile sessions did.
type hostileStats struct {
	mu       sync.Mutex
	invokes  map[string]int
	resizes  int
	pasted   int
	sessions int
	errs     []string
}

func (s *hostileStats) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var parts []string
	for _, k := range hostileKinds {
		if n, ok := s.invokes[k]; ok {
			parts = append(parts, fmt.Sprintf("%d %s invokes", n, k))
		}
	}
	return fmt.Sprintf("%d hostile sessions beside them: %s, %d KB pasted, %d window changes",
		s.sessions, strings.Join(parts, ", "), s.pasted>>10, s.resizes)
}

// hostileSession runs one hostile session of the given kind until ctx
// ends.
func hostileSession(ctx context.Context, id int, kind, addr string, paste int, st *hostileStats) error {
	key, err := sshtest.NewKey()
	if err != nil {
		return err
	}
	term, err := sshtest.Dial(addr, sshtest.Options{User: fmt.Sprintf("hostile%d", id), Key: key, Width: 100, Height: 30, Timeout: waitTimeout})
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer term.Close()
	// Ending the run closes the session, which ends any wait.
	defer context.AfterFunc(ctx, func() { term.Close() })()
	if _, err := term.WaitFor(waitTimeout, "lessons completed"); err != nil {
		return err
	}
	st.mu.Lock()
	st.sessions++
	st.mu.Unlock()
	if kind == "window" {
		return hostileWindows(ctx, term, st)
	}
	if err := term.Press("3"); err != nil {
		return err
	}
	if _, err := term.WaitFor(waitTimeout, "nodejs22.x"); err != nil {
		return err
	}
	var code []string
	if kind == "paste" {
		var b strings.Builder
		for i := 0; b.Len() < paste; i++ {
			fmt.Fprintf(&b, "// pasted line %d: the quick brown fox jumps over the lazy dog\n", i)
		}
		code = []string{b.String()}
	} else {
		for _, c := range hostileCode[kind] {
			code = append(code, "\nexports.handler = async () => { "+c+" };\n")
		}
	}
	for i := 0; ctx.Err() == nil; i++ {
		// Edit: to the end of the code, paste, stop editing, invoke.
		if i < len(code) || kind == "paste" {
			c := code[i%len(code)]
			if err := term.Press(sshtest.Enter, "\x1b[1;5F", "\x1b[200~"+c+"\x1b[201~"); err != nil {
				return err
			}
			if kind == "paste" {
				st.mu.Lock()
				st.pasted += len(c)
				st.mu.Unlock()
			}
			if err := stopEditing(ctx, term); err != nil {
				return err
			}
		}
		if err := term.Press("r"); err != nil {
			return err
		}
		// Each invoke adds its line "#n ..." to the list of invocations.
		_, err := term.WaitUntil(2*time.Minute, func(s string) bool {
			return ctx.Err() != nil || strings.Contains(s, fmt.Sprintf("#%d ", i+1))
		})
		if err != nil && !errors.Is(err, sshtest.ErrTimeout) {
			return err
		}
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: invoke %d did not end in 2 minutes", kind, i+1)
		}
		st.mu.Lock()
		st.invokes[kind]++
		st.mu.Unlock()
	}
	return nil
}

// stopEditing presses Esc until the editor has stopped editing (a lone
// Esc read together with the next key would be alt+key).
func stopEditing(ctx context.Context, term *sshtest.Term) error {
	for ctx.Err() == nil {
		time.Sleep(300 * time.Millisecond)
		if err := term.Press(sshtest.Esc); err != nil {
			return err
		}
		_, err := term.WaitUntil(5*time.Second, func(s string) bool { return !strings.Contains(s, "(editing)") })
		if err == nil {
			time.Sleep(300 * time.Millisecond)
			return nil
		}
		if !errors.Is(err, sshtest.ErrTimeout) || strings.Contains(err.Error(), "session ended") {
			return err
		}
	}
	return nil
}

// hostileWindows asks for giant windows while moving around the menus.
func hostileWindows(ctx context.Context, term *sshtest.Term, st *hostileStats) error {
	sizes := [][2]int{{100000, 100000}, {5000, 3000}, {100, 30}}
	keys := []string{"1", sshtest.Down, sshtest.Down, sshtest.Enter, "j", "j", "q", "q"}
	for i := 0; ctx.Err() == nil; i++ {
		s := sizes[i%len(sizes)]
		if err := term.WindowChange(s[0], s[1]); err != nil {
			return err
		}
		if err := term.Press(keys[i%len(keys)]); err != nil {
			return err
		}
		st.mu.Lock()
		st.resizes++
		st.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}

// startHostile starts o.sessions hostile sessions on the servers; stop ends them
// and waits for them.
func startHostile(ctx context.Context, o hostileOptions, addrs []string) (st *hostileStats, stop func()) {
	st = &hostileStats{invokes: map[string]int{}}
	hctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for i := range o.sessions {
		kind := o.kinds[i%len(o.kinds)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := hostileSession(hctx, i, kind, addrs[i%len(addrs)], o.paste, st); err != nil && hctx.Err() == nil {
				st.mu.Lock()
				st.errs = append(st.errs, fmt.Sprintf("hostile session %d (%s): %v", i, kind, err))
				st.mu.Unlock()
			}
		}()
	}
	return st, func() {
		cancel()
		wg.Wait()
	}
}
