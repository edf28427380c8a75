package tui

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lambdatutor/lambdatutor/lessons"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
)

// openOrders opens the playground on the Orders example (a project with a
// table, a queue and the queue's consumer).
func openOrders(t *testing.T) (*App, *playground) {
	t.Helper()
	s, uid := testStore(t)
	a, _ := openPlayground(t, s, uid)
	return a, toOrders(t, a)
}

// toOrders opens the playground from the home screen (unless it is open)
// and turns to the Orders example.
func toOrders(t *testing.T, a *App) *playground {
	t.Helper()
	if _, ok := a.top().(*playground); !ok {
		drive(a, keys("3")...)
	}
	p := a.top().(*playground)
	for starters[p.starter].name != "orders" {
		drive(a, keys("s")...)
	}
	return p
}

// cloudText is the whole Cloud pane, as the learner scrolls through it.
func cloudText(p *playground) string {
	return strings.Join(strings.Fields(ansi.Strip(p.cloudView())), " ")
}

// An invoke of a handler that writes to DynamoDB and SQS updates the
// Cloud pane: the item, the queue the consumer emptied, the consumer's
// update, and the SDK calls with their outcome. A second invoke adds an
// item; C clears the state.
func TestCloudPaneAfterInvoke(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	a, p := openOrders(t)
	if got := cloudText(p); !strings.Contains(got, "Orders (id:S) · 0 items") || !strings.Contains(got, "None yet") {
		t.Fatalf("before any invoke the pane shows the declared resources:\n%s", p.cloudView())
	}
	invokeNow(t, a, p)
	if out := p.output(); !strings.Contains(out, "#1  cold") || !strings.Contains(out, `"statusCode": 201`) ||
		!strings.Contains(out, "#2  ship-order via sqs") || !strings.Contains(out, "c shows them in the Cloud pane") {
		t.Fatalf("output after the invoke:\n%s", out)
	}
	drive(a, keys("c")...)
	if !strings.Contains(screenText(a), "── Cloud") {
		t.Fatalf("c did not show the Cloud pane:\n%s", screenText(a))
	}
	got := cloudText(p)
	for _, want := range []string{
		"Orders (id:S) · 1 item", `"item":"value1"`, `"status":"shipped"`,
		"orders · 0 visible, 0 in flight · to orders-dlq after 3 receives",
		"orders-dlq · 0 visible, 0 in flight · dead-letter queue of orders",
		"place-order dynamodb:PutItem table/Orders allowed",
		"place-order sqs:SendMessage orders allowed",
		"ship-order dynamodb:UpdateItem table/Orders allowed",
		"State: in memory for this session",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the Cloud pane lacks %q:\n%s", want, p.cloudView())
		}
	}
	// A code change deploys again, and the items stay.
	p.ed.SetValue(strings.Replace(p.ed.Value(), `status: "placed"`, `status: "new"`, 1))
	p.changed("Code changed")
	invokeNow(t, a, p)
	if got := cloudText(p); !strings.Contains(got, "Orders (id:S) · 2 items") {
		t.Errorf("after a second invoke:\n%s", p.cloudView())
	}
	if out := p.output(); !strings.Contains(out, "#3  cold") || !strings.Contains(out, "#4  ship-order via sqs") {
		t.Errorf("the invocations are not numbered one by one:\n%s", out)
	}
	// Leaving the playground and coming back keeps the session's state.
	drive(a, esc)
	p = toOrders(t, a)
	if got := cloudText(p); !strings.Contains(got, "Orders (id:S) · 2 items") {
		t.Errorf("after leaving and reopening the playground:\n%s", p.cloudView())
	}
	drive(a, keys("C")...)
	if got := cloudText(p); !strings.Contains(got, "Orders (id:S) · 0 items") || !strings.Contains(got, "Cloud state cleared") {
		t.Errorf("after C:\n%s", p.cloudView())
	}
	invokeNow(t, a, p)
	if got := cloudText(p); !strings.Contains(got, "Orders (id:S) · 1 item") {
		t.Errorf("after C and an invoke:\n%s", p.cloudView())
	}
	// Nothing is written to the state directory `lambdatutor invoke` uses.
	if ents, _ := os.ReadDir(state); len(ents) != 0 {
		t.Errorf("the playground wrote to XDG_STATE_HOME: %v", ents)
	}
}

// A policy without sqs:SendMessage: the call is denied as AWS denies it,
// and the pane says so next to the call.
func TestCloudPaneShowsDeniedCalls(t *testing.T) {
	a, p := openOrders(t)
	drive(a, keys("p")...)
	if !strings.Contains(screenText(a), "── lambdatutor.yaml  (p: index.js)") {
		t.Fatalf("p did not open the project file:\n%s", screenText(a))
	}
	p.proj.SetValue(strings.Replace(p.proj.Value(), "Action: sqs:SendMessage", "Action: sqs:GetQueueAttributes", 1))
	p.edited()
	invokeNow(t, a, p)
	got := cloudText(p)
	if !strings.Contains(got, "place-order sqs:SendMessage orders denied: AccessDeniedException") {
		t.Errorf("the denied call:\n%s", p.cloudView())
	}
	if !strings.Contains(p.output(), "AccessDeniedException") {
		t.Errorf("the handler's error:\n%s", p.output())
	}
	// A mistake in the file is shown with its line, and nothing runs.
	p.proj.SetValue("functions:\n  f:\n    handler: index.handler\n    memory: lots\n")
	p.edited()
	if got := cloudText(p); !strings.Contains(got, "The project file has a mistake") || !strings.Contains(got, "lambdatutor.yaml:4") {
		t.Errorf("a mistake in the file:\n%s", p.cloudView())
	}
	if cmd := p.invoke(); cmd != nil {
		t.Error("an invoke started with a broken project file")
	}
}

// Python handlers reach the same services through boto3.
func TestCloudPanePython(t *testing.T) {
	a, p := openOrders(t)
	drive(a, keys("t")...)
	invokeNow(t, a, p)
	got := cloudText(p)
	for _, want := range []string{"Orders (id:S) · 1 item", `"status":"shipped"`, "place-order dynamodb:PutItem table/Orders allowed"} {
		if !strings.Contains(got, want) {
			t.Errorf("python: the Cloud pane lacks %q:\n%s\noutput:\n%s", want, p.cloudView(), p.output())
		}
	}
}

// Two sessions (two SSH learners) have separate clouds.
func TestCloudPanePerSession(t *testing.T) {
	a1, p1 := openOrders(t)
	_, p2 := openOrders(t)
	invokeNow(t, a1, p1)
	if !strings.Contains(cloudText(p1), "1 item") {
		t.Fatalf("first session:\n%s", p1.cloudView())
	}
	p2.refreshCloud()
	if got := cloudText(p2); !strings.Contains(got, "Orders (id:S) · 0 items") {
		t.Errorf("the second session sees the first one's items:\n%s", p2.cloudView())
	}
}

// An example without a project says how to get one.
func TestCloudPaneWithoutProject(t *testing.T) {
	s, uid := testStore(t)
	a, p := openPlayground(t, s, uid)
	drive(a, keys("c")...)
	got := strings.Join(strings.Fields(screenText(a)), " ")
	for _, want := range []string{"No project file", "p opens it"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, screenText(a))
		}
	}
	// The template's comment lines are no project: the example runs alone.
	invokeNow(t, a, p)
	if !strings.Contains(p.output(), "#1  cold") {
		t.Errorf("output:\n%s", p.output())
	}
}

// The pane at 60x20 (the minimum): in-flight messages with their receive
// count and the virtual time they are visible again, a long item wrapped,
// nothing wider than the terminal, and the keys under ?.
func TestCloudPaneSmallTerminal(t *testing.T) {
	a, p := openOrders(t)
	drive(a, tea.WindowSizeMsg{Width: 60, Height: 20})
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	p.snapNow = now
	p.snap = &account.Snapshot{
		Tables:  []account.TableSnapshot{{Name: "Orders", Keys: "id:S", Items: []map[string]any{{"id": "o-1", "note": strings.Repeat("long text ", 12)}}}},
		Buckets: []account.BucketSnapshot{{Name: "uploads", Objects: []account.ObjectSnapshot{{Key: "receipts/o-1.pdf", Size: 2048, ContentType: "application/pdf"}}}},
		Queues: []account.QueueSnapshot{{Name: "orders", DeadLetterQueue: "orders-dlq", MaxReceiveCount: 3, InFlight: 1, Messages: []account.MessageSnapshot{
			{ID: "m-1", Body: `{"id":"o-1"}`, State: "in flight", Receives: 2, VisibleAt: now.Add(30 * time.Second)}}}},
	}
	p.traces, p.traced = []account.Trace{{Function: "place-order", Service: "s3", Operation: "PutObject", Resources: []string{"arn:aws:s3:::uploads/receipts/o-1.pdf"}}}, true
	drive(a, keys("c")...)
	seen := screenText(a)
	for i := 0; i < 15; i++ {
		drive(a, tea.KeyPressMsg{Code: tea.KeyPgDown})
		seen += "\n" + screenText(a)
	}
	// The phrases may wrap across a page boundary: look for them in the
	// pane's whole text at this width, and for their start on the screens.
	flat := cloudText(p)
	for _, want := range []string{
		"in flight {\"id\":\"o-1\"} received 2 times, visible again at 10:00:30 (in 30s)",
		"receipts/o-1.pdf 2048 bytes application/pdf",
		"place-order s3:PutObject uploads/receipts/o-1.pdf allowed",
		"orders · 0 visible, 1 in flight · to orders-dlq after 3 receives",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("at 60x20 the pane lacks %q:\n%s", want, seen)
		}
	}
	for _, want := range []string{"received 2 times", "application/pdf", "s3:PutObject", "1 in flight"} {
		if !strings.Contains(seen, want) {
			t.Errorf("pgdn at 60x20 never showed %q:\n%s", want, seen)
		}
	}
	for _, l := range strings.Split(seen, "\n") {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
	}
	drive(a, keys("?")...)
	help := screenText(a)
	drive(a, tea.KeyPressMsg{Code: tea.KeyRight})
	help += screenText(a)
	for _, want := range []string{"Cloud pane", "lambdatutor.yaml", "clear the cloud state"} {
		if !strings.Contains(help, want) {
			t.Errorf("? at 60x20 lacks %q:\n%s", want, help)
		}
	}
}

// wrapLine breaks a long line without spaces (an ARN in an AccessDenied
// message, an item's JSON) at the width; it used to loop for ever when the
// only space left was the hanging indent's.
func TestWrapLineWithoutSpaces(t *testing.T) {
	p := &playground{width: 40}
	long := "User: " + strings.Repeat("arn:aws:sts::123456789012:assumed-role/é", 4)
	got := p.wrapLine(long)
	if strings.ReplaceAll(strings.ReplaceAll(got, "\n", ""), " ", "") != strings.ReplaceAll(long, " ", "") {
		t.Errorf("text lost or garbled:\n%s", got)
	}
	for _, l := range strings.Split(got, "\n") {
		if ansi.StringWidth(l) > 40 {
			t.Errorf("line wider than 40: %q", l)
		}
	}
}

// The learner's lambdatutor.yaml is saved as a draft like the code, and x
// on its tab restores the example's.
func TestCloudPaneProjectDraft(t *testing.T) {
	s, uid := testStore(t)
	a, _ := openPlayground(t, s, uid)
	p := toOrders(t, a)
	drive(a, keys("p")...)
	p.proj.SetValue(p.proj.Value() + "buckets: [receipts]\n")
	p.edited()
	drive(a, esc)
	drainSaves(t, a)
	if code, ok, err := s.Draft(context.Background(), uid, p.projectDraftKey()); !ok || err != nil || !strings.Contains(code, "receipts") {
		t.Fatalf("project draft: %q %v %v", code, ok, err)
	}
	p = toOrders(t, a)
	if got := cloudText(p); !strings.Contains(got, "Buckets (1) receipts · 0 objects") {
		t.Errorf("the saved project file is not the one deployed:\n%s", p.cloudView())
	}
	drive(a, keys("p")...)
	drive(a, keys("x")...)
	if strings.Contains(p.proj.Value(), "receipts") {
		t.Error("x did not restore the example's project file")
	}
	drainSaves(t, a)
	if _, ok, _ := s.Draft(context.Background(), uid, p.projectDraftKey()); ok {
		t.Error("project draft kept after x")
	}
}

// NO_COLOR: the pane's headings are bold, never coloured; with colours
// they are amber.
func TestCloudPaneNoColor(t *testing.T) {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, noColor := range []bool{true, false} {
		a := testApp(t, Options{Catalog: cat, NoColor: noColor})
		drive(a, tea.WindowSizeMsg{Width: 80, Height: 24})
		p := toOrders(t, a)
		coloured := strings.Contains(p.cloudView(), "38;2;")
		if coloured == noColor {
			t.Errorf("NoColor %v: the Cloud pane has colours: %v\n%q", noColor, coloured, p.cloudView())
		}
	}
}
