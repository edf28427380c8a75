package python

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// TestHandlersMatchNativeCPython runs every handler in testdata/handlers
// in the sandbox and under the machine's own python3 (the oracle: same
// bootstrap, plain pipes for the channel), and compares the responses and
// the log text. Timestamps are the only thing masked: the sandbox's clock
// is virtual. Set LAMBDATUTOR_PYTHON to choose the oracle interpreter.
func TestHandlersMatchNativeCPython(t *testing.T) {
	oracle := os.Getenv("LAMBDATUTOR_PYTHON")
	if oracle == "" {
		oracle = "python3"
	}
	path, err := exec.LookPath(oracle)
	if err != nil {
		t.Skipf("no %s on PATH: the differential test needs CPython as its oracle (apt-get install python3, or set LAMBDATUTOR_PYTHON)", oracle)
	}
	dirs, err := filepath.Glob(filepath.Join("testdata", "handlers", "*"))
	if err != nil || len(dirs) < 25 {
		t.Fatalf("testdata/handlers: %d handlers, %v", len(dirs), err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(filepath.Join(dir, "lambda_function.py"))
			if err != nil {
				t.Fatal(err)
			}
			var events []json.RawMessage
			b, err := os.ReadFile(filepath.Join(dir, "events.json"))
			if err != nil || json.Unmarshal(b, &events) != nil {
				t.Fatalf("events.json: %v", err)
			}
			cfg := sandbox.Config{Runtime: "python3.12", Handler: "lambda_function.lambda_handler",
				Files: map[string]string{"lambda_function.py": string(src)}}
			_, f := deploy(t, cfg.Runtime, cfg.Files, nil)
			var responses, logs []string
			var ids []string
			var stream string
			for _, ev := range events {
				r := run(t, f, string(ev))
				responses = append(responses, string(r.Response))
				logs = append(logs, appLines(r)...)
				ids = append(ids, r.RequestID)
				stream = r.LogStream
			}
			nativeResponses, nativeLog := runNative(t, path, cfg.WithDefaults(), events, ids, stream)
			for i := range events {
				if responses[i] != nativeResponses[i] {
					t.Errorf("event %d: response\nsandbox: %s\nnative:  %s", i+1, responses[i], nativeResponses[i])
				}
			}
			if got, want := maskTime(strings.Join(logs, "\n")), maskTime(nativeLog); got != want {
				t.Errorf("log text\nsandbox:\n%s\nnative %s:\n%s", got, oracle, want)
			}
		})
	}
}

var timestampRE = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`)

func maskTime(s string) string { return timestampRE.ReplaceAllString(s, "<time>") }

// runNative runs the bootstrap under a native interpreter with the
// handler in a temporary task root, and returns each invoke's response
// and the whole log text.
func runNative(t *testing.T, python string, cfg sandbox.Config, events []json.RawMessage, ids []string, stream string) ([]string, string) {
	t.Helper()
	src := cfg.Files["lambda_function.py"]
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "lambda_function.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	boot := filepath.Join(t.TempDir(), "bootstrap.py")
	if err := os.WriteFile(boot, []byte(bootstrap), 0o644); err != nil {
		t.Fatal(err)
	}
	toGuest, guestIn, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	guestOut, fromGuest, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-S", boot)
	cmd.Dir = root
	cmd.ExtraFiles = []*os.File{toGuest, fromGuest} // fds 3 and 4
	cmd.Env = []string{"LAMBDATUTOR_CHANNEL=3,4", "TMPDIR=" + t.TempDir(), "LAMBDA_TASK_ROOT=" + root, "TZ=UTC", "LANG=en_US.UTF-8", "PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1",
		"AWS_REGION=" + cfg.Region, "AWS_LAMBDA_FUNCTION_NAME=" + cfg.FunctionName, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + strconv.Itoa(cfg.MemoryMB),
		"AWS_LAMBDA_FUNCTION_VERSION=" + cfg.Version(), "AWS_LAMBDA_LOG_GROUP_NAME=" + cfg.LogGroup(), "AWS_LAMBDA_LOG_STREAM_NAME=" + stream}
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toGuest.Close()
	fromGuest.Close()
	defer guestOut.Close()
	in := bufio.NewReader(guestOut)
	send := func(msg []byte) {
		if err := binary.Write(guestIn, binary.BigEndian, uint32(len(msg))); err != nil {
			t.Fatal(err)
		}
		if _, err := guestIn.Write(msg); err != nil {
			t.Fatal(err)
		}
	}
	recv := func() []byte {
		var n uint32
		if err := binary.Read(in, binary.BigEndian, &n); err != nil {
			t.Fatalf("native bootstrap: %v\noutput:\n%s", err, stdout.String())
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(in, b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	send([]byte(`{"handler": "lambda_function.lambda_handler"}`))
	initAns := recv()
	var out []string
	arn := cfg.FunctionARN()
	for i, ev := range events {
		if initAns[0] != 'R' {
			out = append(out, string(initAns[1:]))
			continue
		}
		head := `{"requestId": "` + ids[i] + `", "deadlineMs": ` + strconv.FormatInt(1<<50, 10) + `, "arn": "` + arn + `"}`
		send(append([]byte(head+"\n"), ev...))
		ans := recv()
		if ans[0] != 'R' && ans[0] != 'E' {
			t.Fatalf("native answer %q", ans)
		}
		out = append(out, strings.ReplaceAll(string(ans[1:]), root, sandbox.TaskRoot))
	}
	guestIn.Close()
	_ = cmd.Wait()
	return out, strings.ReplaceAll(strings.TrimRight(stdout.String(), "\n"), root, sandbox.TaskRoot)
}
