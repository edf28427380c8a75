package python

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
	"github.com/lambdatutor/lambdatutor/sandbox/sandboxtest"
)

// deployProject builds the account of the project in dir and deploys its
// first function (or the one named) with its .py files, calling the
// account through sandbox.Config.AWS.
func deployProject(t testing.TB, dir, name string) (*account.Account, *sandbox.Function) {
	t.Helper()
	p, err := project.Load(filepath.Join(dir, "lambdatutor.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	clock := &cloud.VirtualClock{}
	a, err := p.Build(clock, sandbox.DefaultRegion, sandbox.DefaultAccountID)
	if err != nil {
		t.Fatal(err)
	}
	fn := p.Functions[0]
	if name != "" {
		fn, _ = p.Function(name)
	}
	files := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.py"))
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(path)] = string(b)
	}
	rt := fn.Runtime
	if rt == "" {
		rt = "python3.12"
	}
	cfg := sandbox.Config{FunctionName: fn.Name, Runtime: rt, Handler: fn.Handler, Files: files, Env: fn.Env,
		MemoryMB: fn.MemoryMB, TimeoutSec: fn.TimeoutSec, AWS: project.Caller(a, fn, clock)}
	_, f := sandboxtest.Deploy(t, sandbox.Options{Deterministic: true}, cfg)
	return a, f
}

var docURL = regexp.MustCompile(`(?m)^# https://(boto3\.amazonaws\.com|botocore\.amazonaws\.com|docs\.aws\.amazon\.com)/\S+$`)

// TestAWSCorpus runs every handler in testdata/aws/: each directory holds
// the handler, its lambdatutor.yaml, event.json, expected.json (the
// responses of as many invocations of the event, in order: the first is
// cold, the rest warm) and expected.log (the handler's own log lines).
// Each handler cites the boto3 or AWS documentation it follows.
func TestAWSCorpus(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/aws/*/lambdatutor.yaml")
	if len(dirs) < 15 {
		t.Errorf("the corpus has %d handlers, want at least 15", len(dirs))
	}
	for _, y := range dirs {
		dir := filepath.Dir(y)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			src, _ := os.ReadFile(filepath.Join(dir, "lambda_function.py"))
			if !docURL.Match(src) {
				t.Errorf("lambda_function.py cites no boto3 or AWS documentation page (a line `# https://...`)")
			}
			event, err := os.ReadFile(filepath.Join(dir, "event.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want []json.RawMessage
			b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("expected.json: %v", err)
			}
			wantLog, _ := os.ReadFile(filepath.Join(dir, "expected.log"))
			_, f := deployProject(t, dir, "")
			var logs []string
			for i, w := range want {
				r := run(t, f, string(event))
				got := r.Response
				if r.Error != nil {
					got, _ = json.Marshal(map[string]string{"errorType": r.Error.Type, "errorMessage": r.Error.Message})
				}
				if !sameJSON(got, w) {
					t.Errorf("invocation %d:\n got %s\nwant %s", i+1, got, w)
				}
				logs = append(logs, appLines(r)...)
			}
			gotLog := strings.Join(logs, "\n")
			if strings.TrimRight(gotLog, "\n") != strings.TrimRight(string(wantLog), "\n") {
				t.Errorf("log:\n got %q\nwant %q", gotLog, wantLog)
			}
		})
	}
}

// An uncaught botocore error is reported under its class name: a modelled
// code (NoSuchKey) has a class of its own, any other (S3's AccessDenied)
// is a plain ClientError (see testdata/aws-uncaught/lambda_function.py).
func TestBoto3UncaughtErrorTypes(t *testing.T) {
	_, f := deployProject(t, "testdata/aws-uncaught", "")
	for i, want := range []struct{ typ, msg string }{
		{"NoSuchKey", "An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."},
		{"ClientError", "An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::123456789012:assumed-role/s3-uncaught-errors-role/s3-uncaught-errors is not authorized to perform: s3:PutObject"},
	} {
		r := run(t, f, `{}`)
		if r.Error == nil {
			t.Fatalf("invocation %d: no error, response %s", i+1, r.Response)
		}
		if r.Error.Type != want.typ || !strings.HasPrefix(r.Error.Message, want.msg) {
			t.Errorf("invocation %d: %s: %s\nwant %s: %s...", i+1, r.Error.Type, r.Error.Message, want.typ, want.msg)
		}
	}
}

// The ParamValidationError of a dict as SNS Message is word for word the
// machine's botocore's (python3-boto3; skipped when missing). botocore
// validates before it signs or sends, so no network is used.
func TestBoto3PublishDictMatchesBotocore(t *testing.T) {
	py3, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the ParamValidationError is not checked against botocore")
	}
	if exec.Command(py3, "-c", "import boto3").Run() != nil {
		t.Skip("python3 has no boto3 (apt install python3-boto3): the ParamValidationError is not checked against botocore")
	}
	cmd := exec.Command(py3, "-B", "-c", `import boto3
c = boto3.client("sns", region_name="us-east-1")
try:
    c.publish(TopicArn="arn:aws:sns:us-east-1:123456789012:shipments", Message={"order": 42})
except Exception as e:
    print(type(e).__name__ + ": " + str(e), end="")`)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=offline", "AWS_SECRET_ACCESS_KEY=offline", "AWS_EC2_METADATA_DISABLED=true")
	real, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	_, f := deployProject(t, "testdata/aws/sns-publish-dict", "")
	r := run(t, f, `{"order": 42}`)
	var got struct{ Type, Message string }
	if r.Error != nil || json.Unmarshal(r.Response, &got) != nil {
		t.Fatalf("handler: %+v %s", r.Error, r.Response)
	}
	if shim := got.Type + ": " + got.Message; shim != string(real) {
		t.Errorf("shim:     %q\nbotocore: %q", shim, real)
	}
}

func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// Without a project (Host.AWS nil) an SDK call fails as a ClientError that
// says what to declare and where.
func TestBoto3WithoutAProjectSaysWhatToDeclare(t *testing.T) {
	f := py(t, `
import boto3
from botocore.exceptions import ClientError

def lambda_handler(event, context):
    try:
        boto3.resource("dynamodb").Table("Orders").put_item(Item={"id": "1"})
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
`)
	r := run(t, f, `{}`)
	var got struct{ Code, Message string }
	if err := json.Unmarshal(r.Response, &got); err != nil {
		t.Fatalf("%s", r.Response)
	}
	for _, want := range []string{"no lambdatutor.yaml", "declare the table Orders", "tables:", "dynamodb:PutItem", "lambdatutor cloud --help", "offline, in-process"} {
		if !strings.Contains(got.Message, want) {
			t.Errorf("the message does not say %q: %s", want, got.Message)
		}
	}
	if got.Code != "NoProjectFile" {
		t.Errorf("code %q", got.Code)
	}
}

// The responses boto3 handlers get have the shapes of botocore's service
// models (checked with the machine's python3 and botocore, from Debian's
// python3-boto3; skipped when missing).
func TestBoto3ResponsesHaveBotocoresShapes(t *testing.T) {
	py3, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the response shapes are not checked against botocore's models")
	}
	if exec.Command(py3, "-c", "import botocore.session").Run() != nil {
		t.Skip("python3 has no botocore (apt install python3-boto3): the response shapes are not checked against botocore's models")
	}
	_, f := deployProject(t, "testdata/aws-shapes", "")
	r := run(t, f, `{}`)
	if r.Error != nil {
		t.Fatalf("%s: %s", r.Error.Type, r.Error.Message)
	}
	var calls []map[string]any
	if err := json.Unmarshal(r.Response, &calls); err != nil || len(calls) < 20 {
		t.Fatalf("%d calls: %v", len(calls), err)
	}
	cmd := exec.Command(py3, "testdata/aws-shapes/check.py")
	cmd.Stdin = bytes.NewReader(r.Response)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("check.py: %v\n%s", err, out)
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Errorf("responses that botocore's models do not describe:\n%s", s)
	}
	// The error in the list is S3's NoSuchKey, with its status.
	last := calls[17]
	if e, _ := last["error"].(map[string]any); e == nil || e["Error"].(map[string]any)["Code"] != "NoSuchKey" {
		t.Errorf("get_object of a missing key: %v", last)
	}
}

// The shim's boto3.dynamodb.conditions and TypeSerializer/TypeDeserializer
// give what the real boto3 gives: the same expressions with the same
// placeholders, the same AttributeValues, the same errors (the machine's
// python3 with python3-boto3 as the oracle; skipped when missing).
func TestBoto3ConditionsAndTypesMatchTheRealBoto3(t *testing.T) {
	py3, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the shim is not compared with the real boto3")
	}
	if exec.Command(py3, "-c", "import boto3.dynamodb.conditions").Run() != nil {
		t.Skip("python3 has no boto3 (apt install python3-boto3): the shim is not compared with the real boto3")
	}
	out, err := exec.Command(py3, "testdata/aws-differential/compare.py", "boto3shim.py").CombinedOutput()
	if err != nil {
		t.Fatalf("compare.py: %v\n%s", err, out)
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Errorf("the shim differs from boto3:\n%s", s)
	}
}

// pricing stands in for the fleet's invoker: it doubles "amount" and fails
// on a negative one, as a function would (Unhandled, Lambda's error object).
type pricing struct{ calls []string }

func (p *pricing) Invoke(function, typ string, payload []byte) (int, []byte, string, error) {
	p.calls = append(p.calls, function+" "+typ+" "+string(payload))
	if typ == "Event" {
		return 202, nil, "", nil
	}
	var in struct{ Amount int }
	_ = json.Unmarshal(payload, &in)
	if in.Amount < 0 {
		return 200, []byte(`{"errorMessage":"negative amount","errorType":"ValueError"}`), "Unhandled", nil
	}
	out, _ := json.Marshal(map[string]int{"doubled": in.Amount * 2})
	return 200, out, "", nil
}

func TestBoto3LambdaInvoke(t *testing.T) {
	a, f := deployProject(t, "testdata/aws-invoke", "checkout")
	p := &pricing{}
	a.SetInvoker(p)
	r := run(t, f, `{}`)
	wantResponse(t, r, `{"sync": [200, {"doubled": 42}, false], "fail": [200, "Unhandled", "ValueError"], "async": [202, "", 202]}`)
	if len(p.calls) != 3 || p.calls[0] != `pricing RequestResponse {"amount": 21}` || p.calls[2] != "pricing Event {}" {
		t.Errorf("calls %q", p.calls)
	}
}
