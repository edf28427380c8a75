package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox/events"
)

func TestEventsList(t *testing.T) {
	f, out, _ := costFactory()
	cmd := NewCmdEvents(f, nil)
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.HasPrefix(s, "NAME") {
		t.Errorf("no header:\n%s", s)
	}
	for _, n := range events.Names() {
		if !strings.Contains(s, n+" ") || !strings.Contains(s, events.Describe(n)) {
			t.Errorf("list lacks %s:\n%s", n, s)
		}
	}
	if !strings.Contains(s, "S3 ObjectCreated:Put notification (asynchronous)") {
		t.Errorf("list:\n%s", s)
	}
}

func TestEventsListJSON(t *testing.T) {
	f, out, _ := costFactory()
	cmd := NewCmdEvents(f, nil)
	cmd.SetArgs([]string{"--json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	var items []struct{ Name, Description string }
	if err := json.Unmarshal(out.Bytes(), &items); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(items) != len(events.Names()) || items[0].Name != "hello-world" || items[0].Description == "" {
		t.Errorf("items = %+v", items)
	}
}

func TestEventsShow(t *testing.T) {
	f, out, _ := costFactory()
	cmd := NewCmdEvents(f, nil)
	cmd.SetArgs([]string{"show", "hello-world"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"key1\": \"value1\",\n  \"key2\": \"value2\",\n  \"key3\": \"value3\"\n}\n"
	if out.String() != want {
		t.Errorf("show hello-world = %q, want %q", out.String(), want)
	}
	for _, n := range events.Names() {
		out.Reset()
		if err := eventShow(out, &EventShowOptions{Name: n}); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(out.Bytes()) || !strings.HasSuffix(out.String(), "}\n") {
			t.Errorf("show %s printed invalid JSON:\n%s", n, out)
		}
	}
}

// An unknown name exits non-zero through the real root command, with a suggestion.
func TestEventsShowUnknownExitsNonZero(t *testing.T) {
	f, out, errOut := costFactory()
	code := Execute(context.Background(), f, "test", []string{"events", "show", "sqs-batch"})
	if code == 0 {
		t.Fatalf("exit code 0 for an unknown template; stdout %q", out)
	}
	msg := errOut.String()
	for _, want := range []string{`unknown event template "sqs-batch"`, `did you mean "sqs"?`, "hello-world, apigw-rest", "lambdatutor events"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q: %s", want, msg)
		}
	}
	if out.Len() != 0 {
		t.Errorf("stdout should be empty, got %q", out)
	}
}

func TestCostAndEventsAreRegistered(t *testing.T) {
	f, out, _ := costFactory()
	if code := Execute(context.Background(), f, "test", []string{"cost", "--requests", "1000000", "--duration", "200ms", "--memory", "256", "--no-free-tier"}); code != 0 {
		t.Fatalf("cost exit code %d", code)
	}
	if !strings.Contains(out.String(), "$1.03") {
		t.Errorf("cost output:\n%s", out)
	}
	out.Reset()
	if code := Execute(context.Background(), f, "test", []string{"events"}); code != 0 || !strings.Contains(out.String(), "eventbridge-scheduled") {
		t.Errorf("events exit code %d, output:\n%s", code, out)
	}
	cmd := NewCmdEventShow(f, nil)
	names, _ := cmd.ValidArgsFunction(cmd, nil, "s")
	if len(names) != 3 || !strings.HasPrefix(names[0], "s3-put\t") {
		t.Errorf("completion for %q = %q", "s", names)
	}
}
