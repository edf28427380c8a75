package python

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
	_ "github.com/lambdatutor/lambdatutor/sandbox/nodejs"
)

// The same handler in both languages: it summarises any event, counts its
// invocations in module state, logs one line and may sleep.
const parityNode = `
let invocations = 0;
exports.handler = async (event, context) => {
  invocations++;
  console.log("records", (event.Records || []).length);
  if (event.sleepMs) { await new Promise((r) => setTimeout(r, event.sleepMs)); }
  const out = { invocations, kind: "unknown", count: 0, items: [] };
  if (event.Records) {
    out.count = event.Records.length;
    for (const r of event.Records) {
      if (r.s3) { out.kind = "s3"; out.items.push(decodeURIComponent(r.s3.object.key.replace(/\+/g, " "))); }
      else if (r.kinesis) { out.kind = "kinesis"; out.items.push(Buffer.from(r.kinesis.data, "base64").toString("utf8")); }
      else if (r.Sns) { out.kind = "sns"; out.items.push(r.Sns.Message); }
      else if (r.dynamodb) { out.kind = "dynamodb"; out.items.push(r.eventName); }
      else if (r.body !== undefined) { out.kind = "sqs"; out.items.push(r.body); }
    }
  } else if (event.httpMethod) {
    out.kind = "rest"; out.items.push(event.httpMethod + " " + event.path);
  } else if (event.requestContext && event.requestContext.http) {
    out.kind = "http"; out.items.push(event.requestContext.http.method + " " + event.rawPath);
  }
  return { statusCode: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify(out) };
};
`

const parityPython = `import json
import base64
import time
from urllib.parse import unquote_plus

STATE = {"invocations": 0}

def lambda_handler(event, context):
    STATE["invocations"] += 1
    print("records", len(event.get("Records", [])))
    if event.get("sleepMs"):
        time.sleep(event["sleepMs"] / 1000)
    out = {"invocations": STATE["invocations"], "kind": "unknown", "count": 0, "items": []}
    if "Records" in event:
        out["count"] = len(event["Records"])
        for r in event["Records"]:
            if "s3" in r:
                out["kind"] = "s3"
                out["items"].append(unquote_plus(r["s3"]["object"]["key"]))
            elif "kinesis" in r:
                out["kind"] = "kinesis"
                out["items"].append(base64.b64decode(r["kinesis"]["data"]).decode("utf-8"))
            elif "Sns" in r:
                out["kind"] = "sns"
                out["items"].append(r["Sns"]["Message"])
            elif "dynamodb" in r:
                out["kind"] = "dynamodb"
                out["items"].append(r["eventName"])
            elif "body" in r:
                out["kind"] = "sqs"
                out["items"].append(r["body"])
    elif "httpMethod" in event:
        out["kind"] = "rest"
        out["items"].append(event["httpMethod"] + " " + event["path"])
    elif "http" in event.get("requestContext", {}):
        out["kind"] = "http"
        out["items"].append(event["requestContext"]["http"]["method"] + " " + event["rawPath"])
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(out, separators=(",", ":"))}
`

func parityPair(t *testing.T) (node, python *sandbox.Function) {
	t.Helper()
	acct := sandbox.NewAccount(sandbox.Options{Deterministic: true})
	t.Cleanup(acct.Close)
	var err error
	node, err = acct.NewFunction(sandbox.Config{FunctionName: "node-fn", Runtime: "nodejs22.x", Handler: "index.handler", Files: map[string]string{"index.js": parityNode}})
	if err != nil {
		t.Fatal(err)
	}
	python, err = acct.NewFunction(sandbox.Config{FunctionName: "python-fn", Runtime: "python3.13", Handler: "lambda_function.lambda_handler", Files: map[string]string{"lambda_function.py": parityPython}})
	if err != nil {
		t.Fatal(err)
	}
	return node, python
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("response %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("response %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

var (
	nodeLineRE   = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t[0-9a-f-]{36}\tINFO\trecords \d+$`)
	pythonLineRE = regexp.MustCompile(`^records \d+$`)
)

// checkBilling verifies the REPORT figures bill as Lambda does today:
// duration plus INIT on a cold on-demand invoke, rounded up to 1 ms.
func checkBilling(t *testing.T, name string, r *sandbox.Result) {
	t.Helper()
	ms := r.Report.DurationMs
	if r.Report.InitDurationMs != nil {
		ms += *r.Report.InitDurationMs
	}
	if want := int64(math.Ceil(ms - 1e-9)); r.Report.BilledDurationMs != want {
		t.Errorf("%s: Billed Duration %d ms, want %d (REPORT %s)", name, r.Report.BilledDurationMs, want, r.Report.Line())
	}
	if r.Cost.DurationUSD <= 0 || r.Cost.RequestUSD <= 0 {
		t.Errorf("%s: cost %+v, want request and duration charges", name, r.Cost)
	}
}

func TestParityWithNodeOnSampleEvents(t *testing.T) {
	node, python := parityPair(t)
	events := []string{"apigw-request.json", "apigw-v2-request-no-authorizer.json", "lambda-urls-request.json",
		"s3-event.json", "sqs-event.json", "sns-event.json", "dynamodb-event.json", "kinesis-event.json"}
	for i, name := range events {
		ev := sampleEvent(t, name)
		n := run(t, node, ev)
		p := run(t, python, ev)
		if n.Error != nil || p.Error != nil {
			t.Fatalf("%s: errors node=%v python=%v\n%s\n%s", name, n.Error, p.Error, n.LogText(), p.LogText())
		}
		if !jsonEqual(t, n.Response, p.Response) {
			t.Errorf("%s: responses differ\nnode   %s\npython %s", name, n.Response, p.Response)
		}
		// The body is built with JSON.stringify and json.dumps(...,
		// separators=(",", ":")): byte-identical.
		var nb, pb struct{ Body string }
		_ = json.Unmarshal(n.Response, &nb)
		_ = json.Unmarshal(p.Response, &pb)
		if nb.Body != pb.Body || !strings.Contains(pb.Body, `"invocations":`) {
			t.Errorf("%s: bodies differ\nnode   %s\npython %s", name, nb.Body, pb.Body)
		}
		// Lifecycle: the first invoke of each is cold, the rest warm.
		if n.Cold != (i == 0) || p.Cold != (i == 0) {
			t.Errorf("%s: cold node=%v python=%v, want %v", name, n.Cold, p.Cold, i == 0)
		}
		if (n.Report.InitDurationMs != nil) != n.Cold || (p.Report.InitDurationMs != nil) != p.Cold {
			t.Errorf("%s: Init Duration must appear exactly on cold invokes", name)
		}
		// Logs: the same line in each runtime's format.
		if got := appLines(n); len(got) != 1 || !nodeLineRE.MatchString(got[0]) {
			t.Errorf("%s: node log lines %q", name, got)
		}
		if got := appLines(p); len(got) != 1 || !pythonLineRE.MatchString(got[0]) {
			t.Errorf("%s: python log lines %q", name, got)
		}
		checkBilling(t, "node "+name, n)
		checkBilling(t, "python "+name, p)
	}
}

func TestParityLifecycleAfterTimeout(t *testing.T) {
	node, python := parityPair(t)
	for _, f := range []*sandbox.Function{node, python} {
		name := f.Config().Runtime
		first := run(t, f, `{}`)
		warm := run(t, f, `{}`)
		timedOut := run(t, f, `{"sleepMs": 5000}`)
		after := run(t, f, `{}`)
		if !first.Cold || warm.Cold || timedOut.Cold || !after.Cold {
			t.Errorf("%s: cold flags %v %v %v %v, want true false false true", name, first.Cold, warm.Cold, timedOut.Cold, after.Cold)
		}
		if timedOut.Error == nil || timedOut.Error.Type != sandbox.ErrTypeTimeout || !strings.HasSuffix(timedOut.Error.Message, "Task timed out after 3.00 seconds") {
			t.Fatalf("%s: timeout error %+v", name, timedOut.Error)
		}
		if timedOut.Report.DurationMs != 3000 || timedOut.Report.BilledDurationMs != 3000 {
			t.Errorf("%s: timed-out REPORT %s, want the full timeout billed", name, timedOut.Report.Line())
		}
		// Module state was reset with the environment: the counter
		// starts again at 1.
		var body struct{ Body string }
		_ = json.Unmarshal(after.Response, &body)
		if !strings.Contains(body.Body, `"invocations":1,`) {
			t.Errorf("%s: after the reset body = %s", name, body.Body)
		}
		var wb struct{ Body string }
		_ = json.Unmarshal(warm.Response, &wb)
		if !strings.Contains(wb.Body, `"invocations":2,`) {
			t.Errorf("%s: warm body = %s, want module state kept", name, wb.Body)
		}
	}
}

// TestParityErrorsAndContext: an uncaught error ends both invocations
// with the error object, and both contexts name the same function facts.
func TestParityErrorsAndContext(t *testing.T) {
	acct := sandbox.NewAccount(sandbox.Options{Deterministic: true})
	defer acct.Close()
	node, err := acct.NewFunction(sandbox.Config{Runtime: "nodejs24.x", Handler: "index.handler", MemoryMB: 256, Files: map[string]string{"index.js": `
exports.handler = async (event, context) => {
  if (event.fail) { throw new Error("boom"); }
  return { name: context.functionName, version: context.functionVersion, arn: context.invokedFunctionArn,
           mem: Number(context.memoryLimitInMB), group: context.logGroupName, left: context.getRemainingTimeInMillis() > 2000 };
};`}})
	if err != nil {
		t.Fatal(err)
	}
	python, err := acct.NewFunction(sandbox.Config{FunctionName: "my-py", Runtime: "python3.12", Handler: "lambda_function.lambda_handler", MemoryMB: 256, Files: map[string]string{"lambda_function.py": `
def lambda_handler(event, context):
    if event.get("fail"):
        raise Exception("boom")
    return {"name": context.function_name, "version": context.function_version, "arn": context.invoked_function_arn,
            "mem": context.memory_limit_in_mb, "group": context.log_group_name, "left": context.get_remaining_time_in_millis() > 2000}
`}})
	if err != nil {
		t.Fatal(err)
	}
	n := run(t, node, `{}`)
	p := run(t, python, `{}`)
	wantResponse(t, n, `{"name":"my-function","version":"$LATEST","arn":"arn:aws:lambda:us-east-1:123456789012:function:my-function","mem":256,"group":"/aws/lambda/my-function","left":true}`)
	wantResponse(t, p, `{"name": "my-py", "version": "$LATEST", "arn": "arn:aws:lambda:us-east-1:123456789012:function:my-py", "mem": 256, "group": "/aws/lambda/my-py", "left": true}`)
	nf := run(t, node, `{"fail": true}`)
	pf := run(t, python, `{"fail": true}`)
	if nf.Error == nil || pf.Error == nil || nf.Error.Message != "boom" || pf.Error.Message != "boom" || nf.Error.Type != "Error" || pf.Error.Type != "Exception" {
		t.Fatalf("errors node=%+v python=%+v", nf.Error, pf.Error)
	}
	// A handled error keeps the environment in both runtimes.
	if n2, p2 := run(t, node, `{}`), run(t, python, `{}`); n2.Cold || p2.Cold {
		t.Errorf("an uncaught handler error must not reset the environment: node cold=%v python cold=%v", n2.Cold, p2.Cold)
	}
	if _, err := node.Invoke(context.Background(), []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
}
