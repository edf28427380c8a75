package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
	"github.com/lambdatutor/lambdatutor/sandbox/project/projecttest"
)

func init() { projecttest.Register() }

// runCloud runs the command with XDG_STATE_HOME set to state.
func runCloud(t *testing.T, state string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := &Factory{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(k string) string {
		switch k {
		case "LAMBDATUTOR_DB":
			return filepath.Join(state, "progress.db")
		case "XDG_STATE_HOME":
			return state
		}
		return ""
	}}
	code := Execute(context.Background(), f, "1.2.3", args)
	return out.String(), errOut.String(), code
}

// shopCopy copies testdata/cloudshop to a temporary folder.
func shopCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("testdata/cloudshop")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/cloudshop", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// invoke deploys the project beside the handler, runs the producer
// (a test engine making SDK calls), then the real Node.js handlers its
// calls trigger: the S3 notification, the stream record, the SQS batch
// whose poison message comes back after the visibility timeout and lands
// in the DLQ. The content is kept for the next run; show and reset print
// and clear it.
func TestProjectInvokeShowReset(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Node.js handlers")
	}
	dir := shopCopy(t)
	state := t.TempDir()
	projectFile := filepath.Join(dir, "lambdatutor.yaml")
	out, errOut, code := runCloud(t, state, "invoke", filepath.Join(dir, "producer.json"), "--function", "producer", "--deterministic", "--trace-aws")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	t.Run("invoke-stdout", func(t *testing.T) { golden.RequireEqual(t, out) })
	t.Run("invoke-stderr", func(t *testing.T) { golden.RequireEqual(t, errOut) })

	sp, err := statePath(state, projectFile)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(sp)
	if err != nil {
		t.Fatalf("no state file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the state file's mode is %v, want 0600", fi.Mode().Perm())
	}
	if !strings.HasPrefix(sp, filepath.Join(state, "lambdatutor", "cloud")+string(filepath.Separator)) {
		t.Errorf("state file at %s", sp)
	}

	show := func() string {
		out, errOut, code := runCloud(t, state, "cloud", "show", "--project", projectFile)
		if code != 0 {
			t.Fatalf("cloud show: exit %d: %s", code, errOut)
		}
		return strings.ReplaceAll(out, dir, "DIR")
	}
	t.Run("show", func(t *testing.T) { golden.RequireEqual(t, show()) })

	// A second run starts from the saved content: the DLQ gets a second
	// poison message, the object and the item are still there.
	if _, errOut, code := runCloud(t, state, "invoke", filepath.Join(dir, "producer.json"), "--function", "producer", "--deterministic"); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errOut)
	}
	out, _, _ = runCloud(t, state, "cloud", "show", "--project", projectFile, "--json")
	var v cloudView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	var dlq account.QueueSnapshot
	for _, q := range v.Queues {
		if q.Name == "orders-dlq" {
			dlq = q
		}
	}
	if dlq.Visible != 2 || len(v.Buckets[0].Objects) != 1 || len(v.Tables[0].Items) != 1 || !v.Saved {
		t.Errorf("after two runs: %+v", v)
	}

	out, errOut, code = runCloud(t, state, "cloud", "reset", "--project", projectFile)
	if code != 0 {
		t.Fatalf("cloud reset: exit %d: %s", code, errOut)
	}
	t.Run("reset", func(t *testing.T) { golden.RequireEqual(t, strings.ReplaceAll(out, dir, "DIR")) })
	if _, err := os.Stat(sp); !os.IsNotExist(err) {
		t.Errorf("the state file is still there: %v", err)
	}
	out, _, _ = runCloud(t, state, "cloud", "reset", "--project", projectFile)
	if !strings.HasPrefix(out, "Nothing to remove") {
		t.Errorf("a second reset: %q", out)
	}
}

// A write that fails half-way leaves the previous state whole, and no
// temporary file behind.
func TestStateWriteIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	if err := writeFileAtomic(path, func(f *os.File) error { _, err := f.WriteString(`{"old":true}`); return err }); err != nil {
		t.Fatal(err)
	}
	err := writeFileAtomic(path, func(f *os.File) error {
		if _, err := f.WriteString(`{"new":`); err != nil {
			return err
		}
		return errors.New("crash")
	})
	if err == nil {
		t.Fatal("a failed write reported success")
	}
	b, _ := os.ReadFile(path)
	if string(b) != `{"old":true}` {
		t.Errorf("after a failed write the state is %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}

// A mistake in the project file is reported at its line, exit status 2.
func TestBadProjectFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lambdatutor.yaml"), []byte("functions:\n  f:\n    handler: index.handler\n    memory: 64\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.mjs"), []byte("export const handler = async () => 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCloud(t, t.TempDir(), "invoke", filepath.Join(dir, "index.mjs"))
	if code != 2 || !strings.Contains(errOut, filepath.Join(dir, "lambdatutor.yaml")+":4: ") || !strings.Contains(errOut, "128 to 10240") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	_, errOut, code = runCloud(t, t.TempDir(), "cloud", "show", "--project", filepath.Join(dir, "lambdatutor.yaml"))
	if code != 2 || !strings.Contains(errOut, ":4: ") {
		t.Errorf("cloud show: exit %d: %s", code, errOut)
	}
}

// cloud --help documents the project file with an example.
func TestCloudHelpDocumentsTheProjectFile(t *testing.T) {
	out, _, code := runCloud(t, t.TempDir(), "cloud", "--help")
	for _, want := range []string{"lambdatutor.yaml", "functions:", "policy:", "reportBatchItemFailures", "deadLetterQueue", "cloud show", "cloud reset"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("cloud --help lacks %q (exit %d)", want, code)
		}
	}
}

// --json prints one object per invocation: the invoke first, then each
// triggered one with its function, source and what became of it.
func TestProjectInvokeJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Node.js handlers")
	}
	dir := shopCopy(t)
	out, errOut, code := runCloud(t, t.TempDir(), "invoke", filepath.Join(dir, "producer.json"), "--function", "producer", "--deterministic", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var sources []string
	for i, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %d is not JSON: %s", i+1, l)
		}
		if i == 0 {
			if v["requestId"] == nil || v["function"] != nil {
				t.Errorf("the first line is not the invoke: %s", l)
			}
			continue
		}
		sources = append(sources, fmt.Sprint(v["function"], "/", v["source"]))
	}
	want := "thumbnail/s3 audit/dynamodb consumer/sqs consumer/sqs consumer/sqs"
	if got := strings.Join(sources, " "); got != want {
		t.Errorf("triggered: %s, want %s", got, want)
	}
}

// The example in cloud --help is a valid project file.
func TestCloudHelpExampleParses(t *testing.T) {
	_, rest, ok := strings.Cut(cloudLong, "The project file (lambdatutor.yaml):\n")
	example, _, ok2 := strings.Cut(rest, "\nThe account is")
	if !ok || !ok2 {
		t.Fatal("cloud --help has no example project file")
	}
	var lines []string
	for _, l := range strings.Split(example, "\n") {
		lines = append(lines, strings.TrimPrefix(l, "  "))
	}
	if _, err := project.Parse("help.yaml", []byte(strings.Join(lines, "\n"))); err != nil {
		t.Errorf("the example in cloud --help does not parse: %v", err)
	}
}
