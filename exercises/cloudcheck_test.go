package exercises

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func builtin(t *testing.T, id string) *Exercise {
	t.Helper()
	cat, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := cat.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// The checker deploys the learner's lambdatutor.yaml, not the
// reference's: a policy that allows everything gets the receipt written
// (test 1) and is refused by the least-privilege test (test 2).
func TestProjectCheckUsesTheLearnersPolicy(t *testing.T) {
	ex := builtin(t, "least-privilege")
	code := ex.SolutionCode(Node)
	yaml := code.Files[ProjectFile]
	i := strings.Index(yaml, "    policy:")
	j := strings.Index(yaml, "tables:")
	code.Files[ProjectFile] = yaml[:i] + "    policy:\n      Version: \"2012-10-17\"\n      Statement:\n        - {Effect: Allow, Action: \"*\", Resource: \"*\"}\n" + yaml[j:]
	res := check(t, ex, code, CheckOptions{})
	if !res.Tests[0].Passed || res.Tests[1].Passed {
		t.Fatalf("want test 1 passed and test 2 failed with Action *:\n%s", res.Panel(100))
	}
	got := ""
	for _, m := range res.Tests[1].Mismatches {
		got += m.What + ": " + m.Expected + " / " + m.Actual + "\n"
	}
	if !strings.Contains(got, "denies s3:DeleteObject on arn:aws:s3:::receipts/o-2.txt / allowed") {
		t.Errorf("the mismatches do not name the over-broad permission:\n%s", got)
	}

	// The starter's policy: AccessDenied is counted in the trace.
	res = check(t, ex, ex.StarterCode(Node), CheckOptions{})
	if res.Passed || !strings.Contains(res.Tests[0].Response, "not authorized to perform: s3:PutObject") {
		t.Fatalf("the starter should fail on AccessDenied:\n%s", res.Panel(100))
	}
}

func TestProjectCheckCountsCallsAndItems(t *testing.T) {
	ex := builtin(t, "idempotent-payments")
	// Read-then-write passes the responses but not the call count.
	code := ex.SolutionCode(Node)
	code.Files["index.js"] = strings.Replace(code.Files["index.js"], "  try {", "  await ddb.send(new (require(\"@aws-sdk/lib-dynamodb\").GetCommand)({TableName: TABLE, Key: {paymentId: event.paymentId}})).catch(() => {});\n  try {", 1)
	res := check(t, ex, code, CheckOptions{})
	if res.Tests[0].Passed {
		t.Fatalf("a GetItem before the put should fail test 1:\n%s", res.Panel(100))
	}
	if m := res.Tests[0].Mismatches; len(m) != 1 || m[0].What != "calls dynamodb:GetItem" || !strings.HasPrefix(m[0].Actual, "2 (calls made: dynamodb:GetItem → AccessDeniedException ×2") {
		t.Errorf("mismatches = %+v", m)
	}
	// The starter overwrites: one item, no failed conditional put.
	res = check(t, ex, ex.StarterCode(Node), CheckOptions{})
	if res.Tests[0].Passed || res.Tests[1].Passed {
		t.Fatalf("the starter passed a test:\n%s", res.Panel(100))
	}
}

func TestProjectFileErrors(t *testing.T) {
	ex := builtin(t, "least-privilege")
	code := ex.SolutionCode(Node)
	code.Files[ProjectFile] = strings.Replace(code.Files[ProjectFile], "tables:", "tabels:", 1)
	res := check(t, ex, code, CheckOptions{})
	if res.ConfigPath != ProjectFile || !strings.Contains(res.ConfigError, "lambdatutor.yaml:") || res.Tests[0].Problem == "" {
		t.Fatalf("a misspelled key should stop the check with its line: %q %q", res.ConfigPath, res.ConfigError)
	}
	if p := res.Panel(100); !strings.Contains(p, "lambdatutor.yaml is broken, so no test ran") {
		t.Errorf("panel:\n%s", p)
	}
	delete(code.Files, ProjectFile)
	res = check(t, ex, code, CheckOptions{})
	if !strings.Contains(res.ConfigError, "lambdatutor.yaml is missing") {
		t.Errorf("a deleted project file: %q", res.ConfigError)
	}
}

func TestProjectExerciseYAMLErrors(t *testing.T) {
	const proj = "functions:\n  f:\n    handler: index.handler\ntables:\n  items: {partitionKey: id}\nqueues:\n  jobs:\n"
	files := func(yaml string, project bool) fstest.MapFS {
		fs := fstest.MapFS{
			"01-demo/exercise.yaml":                      {Data: []byte(yaml)},
			"01-demo/README.md":                          {Data: []byte("# Demo\n")},
			"01-demo/node/starter/index.js":              {Data: []byte("exports.handler = async () => 1;\n")},
			"01-demo/node/solution/index.js":             {Data: []byte("exports.handler = async () => 2;\n")},
			"01-demo/python/starter/lambda_function.py":  {Data: []byte("def lambda_handler(e, c):\n    return 1\n")},
			"01-demo/python/solution/lambda_function.py": {Data: []byte("def lambda_handler(e, c):\n    return 2\n")},
		}
		if project {
			for _, p := range []string{"node/starter", "node/solution", "python/starter", "python/solution"} {
				fs["01-demo/"+p+"/"+ProjectFile] = &fstest.MapFile{Data: []byte(proj)}
			}
		}
		return fs
	}
	head := "id: demo\ntitle: Demo\ndifficulty: 1\nconcept: c\nhints: [a, b, c]\n"
	cases := []struct {
		name, yaml string
		project    bool
		want       string
	}{
		{"cloud fields without project", head + "tests:\n  - name: t\n    seed: {items: {items: [{id: a}]}}\n    steps: [{event: {json: {}}}]\n", false, "need a project exercise: add project: true"},
		{"project without the file", head + "project: true\ntests:\n  - name: t\n    steps: [{event: {json: {}}}]\n", false, "missing: a project exercise (project: true)"},
		{"unknown table", head + "project: true\ntests:\n  - name: t\n    steps: [{event: {json: {}}}]\n    expect: {items: {orders: []}}\n", true, `table "orders" is not declared in the Node.js solution's lambdatutor.yaml (it declares: items)`},
		{"two actions", head + "project: true\ntests:\n  - name: t\n    steps: [{event: {json: {}}, send_messages: {queue: jobs, bodies: [x]}}]\n", true, "does exactly one of event (to a function), put_object or send_messages"},
		{"expectation on an upload", head + "project: true\ntests:\n  - name: t\n    steps: [{send_messages: {queue: jobs, bodies: [x]}, expect: {ok: true}}]\n", true, "have no response to expect"},
		{"function settings", head + "project: true\nfunction: {memory_mb: 256}\ntests:\n  - name: t\n    steps: [{event: {json: {}}}]\n", true, "configures its functions in lambdatutor.yaml"},
		{"bad call", head + "project: true\ntests:\n  - name: t\n    steps: [{event: {json: {}}}]\n    expect: {calls: [{call: PutItem}]}\n", true, `"PutItem" must be written as service:Operation`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(files(c.yaml, c.project))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want a problem containing %q, got:\n%v", c.want, err)
			}
		})
	}
}

// A failing project test says what the event source mapping did with the
// batch: the retries after the visibility timeout and the move to the
// dead-letter queue.
func TestProjectFailureShowsWhatTheTriggersDid(t *testing.T) {
	ex := builtin(t, "sqs-retries-dlq")
	res := check(t, ex, ex.StarterCode(Node), CheckOptions{})
	tr := res.Tests[0]
	if tr.Passed {
		t.Fatal("the starter passed test 1")
	}
	trail := strings.Join(tr.Triggered, "\n")
	for _, want := range []string{"back on orders after the visibility timeout (30s)", "moved from orders to its dead-letter queue orders-dlq"} {
		if !strings.Contains(trail, want) {
			t.Errorf("the trail lacks %q:\n%s", want, trail)
		}
	}
	if p := res.Panel(100); !strings.Contains(p, "what the triggers did:") || !strings.Contains(p, "invalid order") {
		t.Errorf("panel:\n%s", p)
	}
}

// A syntax error in code that only a trigger runs is reported as one.
func TestProjectSyntaxErrorInATriggeredFunction(t *testing.T) {
	ex := builtin(t, "sqs-retries-dlq")
	code := ex.SolutionCode(Node)
	code.Files["index.js"] = strings.Replace(code.Files["index.js"], "const batchItemFailures = [];", "const batchItemFailures = [;", 1)
	res := check(t, ex, code, CheckOptions{})
	if res.Passed || res.SyntaxError == nil || res.SyntaxError.File != "index.js" || res.SyntaxError.Line == 0 {
		t.Fatalf("want the syntax error's file and line, got %+v:\n%s", res.SyntaxError, res.Panel(100))
	}
	if !res.Tests[0].SyntaxError {
		t.Errorf("test 1 is not marked as failing on the syntax error:\n%s", res.Panel(100))
	}
}

// A test's seed is in the account before the first step, and seeding an
// object notifies nothing.
func TestProjectSeed(t *testing.T) {
	const yaml = `functions:
  f:
    handler: index.handler
    events:
      - s3: {bucket: files}
tables:
  things: {partitionKey: "id:S"}
buckets: [files]
queues:
  jobs:
secrets:
  api-key: old
`
	files := map[string]string{ProjectFile: yaml, "index.js": "exports.handler = async () => { throw new Error('must not run'); };\n"}
	proj, err := parseProject(files, "nodejs22.x")
	if err != nil {
		t.Fatal(err)
	}
	seed := SeedSpec{
		Items:    map[string][]map[string]any{"things": {{"id": "a", "n": 1}}},
		Objects:  map[string]map[string]string{"files": {"in/a.txt": "hello"}},
		Messages: map[string][]string{"jobs": {"one", "two"}},
		Secrets:  map[string]string{"api-key": "new"},
	}
	st, err := newProjectRunState(proj, files, seed, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer st.acct.Close()
	rt := st.cloud.rt
	if _, err := rt.Settle(context.Background(), DefaultSettle); err != nil || len(st.cloud.triggered) != 0 {
		t.Fatalf("seeding an object triggered %d run(s) (%v)", len(st.cloud.triggered), err)
	}
	n := 1
	ms := checkCloud(TestExpect{
		Items:    map[string][]map[string]any{"things": {{"id": "a", "n": n}}},
		Objects:  map[string][]string{"files": {"in/a.txt"}},
		Messages: map[string][]string{"jobs": {"one", "two"}},
	}, st.cloud, 0)
	if len(ms) > 0 {
		t.Errorf("seeded content not found: %+v", ms)
	}
	out, err := rt.Cloud.Secrets.Call("GetSecretValue", map[string]any{"SecretId": "api-key"})
	if err != nil || out["SecretString"] != "new" {
		t.Errorf("secret = %v, %v", out["SecretString"], err)
	}
	// A seed naming what the learner's file does not declare says so.
	seed.Items = map[string][]map[string]any{"orders": {{"id": "a"}}}
	if _, err := newProjectRunState(proj, files, seed, 1); err == nil || !strings.Contains(err.Error(), "content in table orders, and lambdatutor.yaml must declare it") {
		t.Errorf("err = %v", err)
	}
}

// An item expectation that fails names the fields in which the nearest
// item differs, and an empty table reads "none", not "null".
func TestItemMismatchNamesTheFields(t *testing.T) {
	item := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	want := []any{item("key", "in/a b.jpg", "size", 17.0, "type", "image/jpeg")}
	got := []any{item("key", "in/a+b.jpg", "size", 17.0)}
	d := nearestItemDiff("uploads item", want, got)
	var lines []string
	for _, m := range d {
		lines = append(lines, m.What+": "+m.Expected+" / "+m.Actual)
	}
	joined := strings.Join(lines, "\n")
	for _, w := range []string{`uploads item.key: "in/a b.jpg" / "in/a+b.jpg"`, `uploads item.type: "image/jpeg" / (missing)`} {
		if !strings.Contains(joined, w) {
			t.Errorf("want %q in:\n%s", w, joined)
		}
	}
	if len(d) != 2 {
		t.Errorf("want 2 differences, got:\n%s", joined)
	}
	// An item that shares no field with the expected one is not "near":
	// no field-by-field diff, the lists say it all.
	if d := nearestItemDiff("items.orders", []any{item("id", "o-3", "qty", 1.0)}, []any{item("id", "o-1", "qty", 2.0)}); d != nil {
		t.Errorf("an unrelated item was diffed: %+v", d)
	}
	// An actual item that matches another expected one is not offered.
	if d := nearestItemDiff("items.orders", []any{item("id", "o-1"), item("id", "o-3", "qty", 1.0)}, []any{item("id", "o-1", "qty", 1.0)}); d != nil {
		t.Errorf("a matched item was diffed: %+v", d)
	}
	if got := itemList(nil); got != "0 items: none" {
		t.Errorf("itemList(nil) = %q", got)
	}
	if got := itemList([]any{item("id", "a")}); got != `1 item(s): [{"id":"a"}]` {
		t.Errorf("itemList = %q", got)
	}
}
