package nodejs

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// The differential corpus: handlers written in the styles real projects
// use (testdata/realworld, one file each; a first line "// event: {...}"
// gives the event), run under the tutor and under real Node.js through
// testdata/noderun.cjs, which calls them as the nodejs22.x runtime client
// does. Response and log text must be the same once timestamps, request
// ids, dates and stack columns are normalised.

// nodeOracle returns the path of node, or skips the test.
func nodeOracle(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the differential tests compare with real Node.js (CI installs Debian's nodejs)")
	}
	return p
}

var (
	needsNodeRE = regexp.MustCompile(`^// node >= (\d+): (.*)`)
	isoTimeRE   = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`)
	nodePidRE   = regexp.MustCompile(`\(node:\d+\)`)
	dateTextRE  = regexp.MustCompile(`[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d{4} \d\d:\d\d:\d\d GMT\+0000 \(Coordinated Universal Time\)`)
	otherFrame  = regexp.MustCompile(`(,")?\s+at [^"\n]*(node:internal|/var/runtime|noderun\.cjs|<anonymous>|node:)[^"\n]*"?`)
)

// normalise makes the tutor's and Node's output comparable: times,
// request ids and Date strings become placeholders; frames inside Node or
// the runtime go. Frames in the function's code stay whole: name, file,
// line and column.
func normalise(s, dir, reqID string) string {
	if dir != "" {
		s = strings.ReplaceAll(s, dir, "/var/task")
	}
	s = strings.ReplaceAll(s, reqID, "REQID")
	s = isoTimeRE.ReplaceAllString(s, "TIME")
	s = nodePidRE.ReplaceAllString(s, "(node:PID)")
	s = dateTextRE.ReplaceAllString(s, "DATE")
	s = otherFrame.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, `,"`) {
			return ""
		}
		return ""
	})
	return s
}

type nodeResult struct {
	Logs     []string `json:"logs"`
	Response string   `json:"response"`
	Prelude  *string  `json:"prelude"` // a streamed response's HTTP prelude
}

func runNode(t *testing.T, node, dir, file, event string) nodeResult {
	t.Helper()
	runner, _ := filepath.Abs("testdata/noderun.cjs")
	cmd := exec.Command(node, runner, filepath.Join(dir, file), event)
	cmd.Env = []string{"TZ=:UTC", "PATH=" + os.Getenv("PATH"), "AWS_REGION=us-east-1", "AWS_LAMBDA_FUNCTION_NAME=my-function"}
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("node: %v\n%s\n%s", err, out.String(), errb.String())
	}
	var r nodeResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("node output: %v\n%s", err, out.String())
	}
	return r
}

// tutorLogs are the function's own log entries (no START/END/REPORT).
func tutorLogs(r *sandbox.Result) []string {
	var out []string
	for _, l := range r.Logs {
		if strings.HasPrefix(l, "START ") || strings.HasPrefix(l, "END ") || strings.HasPrefix(l, "REPORT ") || strings.HasPrefix(l, "INIT_START") {
			continue
		}
		out = append(out, l)
	}
	return out
}

func TestRealWorldHandlersMatchNode(t *testing.T) {
	node := nodeOracle(t)
	files, err := filepath.Glob("testdata/realworld/*.*js")
	if err != nil || len(files) < 40 {
		t.Fatalf("the corpus needs at least 40 handlers; found %d (%v)", len(files), err)
	}
	for _, path := range files {
		path := path
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			first, rest, _ := strings.Cut(string(src), "\n")
			event, ok := strings.CutPrefix(first, "// event: ")
			if !ok {
				t.Fatalf("%s: the first line must be // event: {...}", name)
			}
			// "// node >= N: why" on the second line: the handler shows
			// what older node does differently from the nodejs22.x the
			// tutor follows.
			if m := needsNodeRE.FindStringSubmatch(rest); m != nil {
				if want, _ := strconv.Atoi(m[1]); nodeMajor(t, node) < want {
					t.Skipf("node %d is older than %s, which this handler needs: %s", nodeMajor(t, node), m[1], m[2])
				}
			}
			target := "index.js"
			if strings.HasSuffix(name, ".mjs") {
				target = "index.mjs"
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, target), src, 0o644); err != nil {
				t.Fatal(err)
			}
			want := runNode(t, node, dir, target, event)
			_, f := deploy(t, "nodejs22.x", map[string]string{target: string(src)}, nil)
			r := run(t, f, event)
			reqID := "11111111-2222-3333-4444-555555555555"
			gotResp := string(r.Response)
			if r.Error != nil {
				gotResp = string(r.Error.Payload())
			}
			gotLogs := normalise(strings.Join(tutorLogs(r), "\n"), "", r.RequestID)
			wantLogs := normalise(strings.Join(want.Logs, "\n"), dir, reqID)
			if g, w := normalise(gotResp, "", r.RequestID), normalise(want.Response, dir, reqID); g != w {
				t.Errorf("response:\n tutor %s\n node  %s", g, w)
			}
			if want.Prelude != nil && (r.Stream == nil || string(r.Stream.Prelude) != *want.Prelude) {
				t.Errorf("stream prelude: tutor %+v, node %s", r.Stream, *want.Prelude)
			}
			if gotLogs != wantLogs {
				t.Errorf("logs:\n--- tutor\n%s\n--- node\n%s", gotLogs, wantLogs)
			}
		})
	}
}
