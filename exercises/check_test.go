package exercises

import (
	"context"
	"strings"
	"testing"
	"time"
)

func check(t *testing.T, ex *Exercise, code Code, opts CheckOptions) *CheckResult {
	t.Helper()
	res, err := Check(context.Background(), ex, code, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCheckStarterFailsSolutionPasses(t *testing.T) {
	cat := loadGood(t)
	for _, ex := range cat.All() {
		for _, rt := range checkRuntimes() {
			t.Run(ex.ID+"/"+string(rt), func(t *testing.T) {
				res := check(t, ex, ex.SolutionCode(rt), CheckOptions{})
				if !res.Passed || res.PassedCount != len(ex.Tests) {
					t.Fatalf("solution fails:\n%s", res.Panel(100))
				}
				res = check(t, ex, ex.StarterCode(rt), CheckOptions{})
				if res.Passed {
					t.Fatalf("starter passes %d tests:\n%s", res.PassedCount, res.Panel(100))
				}
			})
		}
	}
}

// TestCheckTestsHaveTheirOwnRequestIDs: each test is its own invocation,
// so no two failing tests show the same RequestId.
func TestCheckTestsHaveTheirOwnRequestIDs(t *testing.T) {
	ex, _ := loadGood(t).Get("greet")
	code := ex.SolutionCode(Node)
	code.Files["lib/greet.js"] = "exports.greet = (g, n) => g + ' ' + n;\n"
	res := check(t, ex, code, CheckOptions{})
	seen := map[string]int{}
	for _, tr := range res.Tests {
		if tr.Report == "" {
			continue
		}
		id, _, _ := strings.Cut(strings.TrimPrefix(tr.Report, "REPORT RequestId: "), "\t")
		if prev, ok := seen[id]; ok {
			t.Errorf("tests %d and %d both report RequestId %s", prev, tr.Index, id)
		}
		seen[id] = tr.Index
	}
	if len(seen) < 2 {
		t.Fatalf("want at least 2 failing tests with a REPORT line, got %d:\n%s", len(seen), res.Panel(100))
	}
}

func TestCheckFailureShowsExpectedActualReportAndCost(t *testing.T) {
	ex, _ := loadGood(t).Get("greet")
	code := ex.SolutionCode(Node)
	code.Files["lib/greet.js"] = "exports.greet = (g, n) => g + ' ' + n;\n"
	res := check(t, ex, code, CheckOptions{})
	first := res.Tests[0]
	if first.Passed || first.Step != 1 || first.Invocation != 1 {
		t.Fatalf("first test: %+v", first)
	}
	if len(first.Mismatches) != 1 || first.Mismatches[0].What != "body_json.message" ||
		first.Mismatches[0].Expected != `"Hello, Ada!"` || first.Mismatches[0].Actual != `"Hello Ada"` {
		t.Errorf("mismatches %+v", first.Mismatches)
	}
	if !strings.HasPrefix(first.Report, "REPORT RequestId: ") || !strings.Contains(first.Report, "Init Duration") || first.CostUSD <= 0 {
		t.Errorf("report %q cost %v", first.Report, first.CostUSD)
	}
	panel := res.Panel(100)
	for _, want := range []string{"greet (Node.js): 2 of 4 tests passed", "✗ 1. greets the name", "check", "expected", "actual",
		`body_json.message`, `"Hello, Ada!"`, `"Hello Ada"`, "REPORT RequestId:", "cost of this invocation: $0.000000", "greeting Ada", "✓ 3."} {
		if !strings.Contains(panel, want) {
			t.Errorf("panel lacks %q:\n%s", want, panel)
		}
	}
	// Expected and actual are side by side on one line.
	found := false
	for _, l := range strings.Split(panel, "\n") {
		if strings.Contains(l, `"Hello, Ada!"`) && strings.Contains(l, `"Hello Ada"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("expected and actual are not side by side:\n%s", panel)
	}
	for _, l := range strings.Split(panel, "\n") {
		if n := len([]rune(l)); n > 100 {
			t.Errorf("line of %d columns in a 100-column panel: %q", n, l)
		}
	}
}

func TestCheckWholeTestExpectations(t *testing.T) {
	ex, _ := loadGood(t).Get("greet")
	// Without the reservation, the burst of 5 is not throttled.
	code := ex.SolutionCode(Node)
	code.Config = `{"memory_mb": 128}`
	res := check(t, ex, code, CheckOptions{})
	last := res.Tests[3]
	if last.Passed || last.Step != 0 || len(last.Mismatches) != 2 ||
		last.Mismatches[1].What != "throttles" || last.Mismatches[1].Expected != "3" || last.Mismatches[1].Actual != "0" ||
		last.Mismatches[0].What != "invocations" || last.Mismatches[0].Actual != "5" {
		t.Errorf("burst test: %+v", last)
	}
	if !strings.Contains(res.Panel(80), "over the whole test") {
		t.Errorf("panel:\n%s", res.Panel(80))
	}
}

func TestCheckSyntaxErrorShowsLineAndColumn(t *testing.T) {
	ex, _ := loadGood(t).Get("count")
	cases := map[Runtime]string{
		Node:   "let count = 0;\nexports.handler = async () => {\n  return { count: ++count ;\n};\n",
		Python: "STATE = {\"count\": 0}\n\ndef lambda_handler(event, context):  return STATE[}\n",
	}
	for _, rt := range checkRuntimes() {
		res := check(t, ex, Code{Runtime: rt, Files: map[string]string{rt.MainFile(): cases[rt]}}, CheckOptions{})
		se := res.SyntaxError
		// Node's runtime names the column; Python's (awslambdaric) names
		// the file and line only, so the panel shows the line.
		where := "at line 3, column"
		if rt == Python {
			where = "at line 3:"
		}
		if se == nil || se.File != rt.MainFile() || se.Line != 3 || (rt == Node && se.Column < 1) {
			t.Fatalf("%s: syntax error %+v\n%s", rt, se, res.Panel(100))
		}
		panel := res.Panel(100)
		if !strings.Contains(panel, "Syntax error in "+rt.MainFile()+" "+where) || !strings.Contains(panel, "   3 | ") ||
			!strings.Contains(panel, "the code does not load") || res.Tests[0].Passed {
			t.Errorf("%s panel:\n%s", rt, panel)
		}
	}
}

func TestCheckHostileCodeEndsInAResult(t *testing.T) {
	ex, _ := loadGood(t).Get("count")
	cases := []struct {
		name string
		code Code
		want string
	}{
		{"endless loop", Code{Runtime: Node, Files: map[string]string{"index.js": "exports.handler = async () => { for (;;) {} };"}}, "Sandbox.Timedout"},
		{"endless loop at init", Code{Runtime: Node, Files: map[string]string{"index.js": "while (true) {}\nexports.handler = async () => 1;"}}, "Sandbox.Timedout"},
		{"no handler", Code{Runtime: Node, Files: map[string]string{"index.js": "exports.other = 1;"}}, "Runtime.HandlerNotFound"},
		{"no file", Code{Runtime: Node, Files: map[string]string{"main.js": "exports.handler = 1;"}}, "Runtime.ImportModuleError"},
	}
	if hasPython() {
		cases = append(cases, struct {
			name string
			code Code
			want string
		}{"python endless loop", Code{Runtime: Python, Files: map[string]string{"lambda_function.py": "def lambda_handler(event, context):\n    n = 0\n    for i in range(1000000000):\n        n += i\n    return n\n"}}, "Sandbox.Timedout"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := check(t, ex, c.code, CheckOptions{WallLimit: 2 * time.Second, TotalWallLimit: time.Second})
			if res.Passed || len(res.Tests) != 2 {
				t.Fatalf("passed: %+v", res)
			}
			// The first test (no step expectations) fails on its counts;
			// the second, on the same function, shows the error, unless
			// the check's real-time budget ran out first.
			if !strings.Contains(res.Tests[1].Response, c.want) && !strings.Contains(res.Tests[1].Problem, "real time") {
				t.Errorf("response %q, want %s\n%s", res.Tests[1].Response, c.want, res.Panel(100))
			}
		})
	}
}

// firstTest is the exercise with its first test only.
func firstTest(ex *Exercise) *Exercise {
	one := *ex
	one.Tests, one.events = ex.Tests[:1], ex.events[:1]
	return &one
}

func TestCheckMemoryBombEndsOutOfMemory(t *testing.T) {
	ex, _ := loadGood(t).Get("greet")
	code := Code{Runtime: Node, Config: `{"timeout_s": 60, "memory_mb": 256}`,
		Files: map[string]string{"index.js": "exports.handler = async () => { const a = []; let i = 0; while (true) a.push('x'.repeat(1 << 20) + i++); };"}}
	res := check(t, firstTest(ex), code, CheckOptions{})
	ended := strings.Contains(res.Tests[0].Response, "Runtime.OutOfMemory") ||
		(raceEnabled && strings.Contains(res.Tests[0].Response, "Sandbox.Timedout"))
	if res.Passed || !ended {
		t.Fatalf("memory bomb:\n%s", res.Panel(100))
	}
}

func TestCheckWallLimitStopsATest(t *testing.T) {
	ex, _ := loadGood(t).Get("greet")
	code := Code{Runtime: Node, Files: map[string]string{"index.js": "exports.handler = async () => { for (;;) {} };"},
		Config: `{"timeout_s": 900, "memory_mb": 10240}`}
	res := check(t, ex, code, CheckOptions{WallLimit: 300 * time.Millisecond})
	if res.Passed || !strings.Contains(res.Tests[0].Problem, "real time") {
		t.Fatalf("first test: %+v", res.Tests[0])
	}
}

func TestCheckConfigErrors(t *testing.T) {
	ex, _ := loadGood(t).Get("greet")
	code := ex.SolutionCode(Node)
	code.Config = `{"memory_mb": 128,}`
	res := check(t, ex, code, CheckOptions{})
	if res.ConfigError == "" || res.Passed || res.PassedCount != 0 || !strings.Contains(res.Panel(80), "config.json is broken") {
		t.Errorf("broken config.json:\n%s", res.Panel(80))
	}
	code.Config = `{"memory_mb": 64}`
	res = check(t, ex, code, CheckOptions{})
	if res.Passed || !strings.Contains(res.Tests[0].Problem, "memorySize") {
		t.Errorf("memory 64: %+v", res.Tests[0])
	}
	if _, err := Check(context.Background(), ex, Code{Runtime: "ruby"}, CheckOptions{}); err == nil {
		t.Error("unknown runtime accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Check(ctx, ex, ex.SolutionCode(Node), CheckOptions{}); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestCheckIsDeterministic(t *testing.T) {
	ex, _ := loadGood(t).Get("greet")
	code := ex.StarterCode(Node)
	a := check(t, ex, code, CheckOptions{}).Panel(100)
	b := check(t, ex, code, CheckOptions{}).Panel(100)
	if a != b {
		t.Errorf("two checks differ:\n%s\n---\n%s", a, b)
	}
}

func TestCheckClipsHugeOutput(t *testing.T) {
	ex, _ := loadGood(t).Get("greet")
	code := Code{Runtime: Node, Files: map[string]string{"index.js": `exports.handler = async () => {
  for (let i = 0; i < 5000; i++) console.log('line ' + i + ' ' + 'x'.repeat(3000));
  return 'y'.repeat(1 << 20);
};`}}
	res := check(t, firstTest(ex), code, CheckOptions{})
	tr := res.Tests[0]
	if res.Passed || len(tr.Response) > 9<<10 || len(tr.Log) > maxLogLines+1 {
		t.Fatalf("response %d bytes, %d log lines", len(tr.Response), len(tr.Log))
	}
	for _, l := range tr.Log {
		if len(l) > maxLogLineBytes+40 {
			t.Errorf("log line of %d bytes kept", len(l))
		}
	}
	if p := res.Panel(80); len(p) > 64<<10 {
		t.Errorf("panel of %d bytes", len(p))
	}
}
