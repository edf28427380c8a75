package nodejs

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sns"
	"github.com/lambdatutor/lambdatutor/sandbox/project"
)

// awsProject deploys the first function of a project directory with its
// account wired to sandbox.Config.AWS; the other functions of the project
// answer lambda:Invoke.
func awsProject(t testing.TB, dir string) (*sandbox.Function, *account.Account, project.Function) {
	t.Helper()
	p, err := project.Load(filepath.Join(dir, project.FileName))
	if err != nil {
		t.Fatal(err)
	}
	clock := &cloud.VirtualClock{}
	acct, err := p.Build(clock, "us-east-1", "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || n == project.FileName || strings.HasSuffix(n, ".json") && n != "package.json" || strings.HasSuffix(n, ".log") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		files[n] = string(b)
	}
	deployFn := func(fn project.Function) *sandbox.Function {
		rt := fn.Runtime
		if rt == "" {
			rt = "nodejs22.x"
		}
		_, f := deploy(t, rt, files, func(c *sandbox.Config) {
			c.FunctionName = fn.Name
			c.Handler = fn.Handler
			c.Env = fn.Env
			c.AWS = project.Caller(acct, fn, clock)
		})
		return f
	}
	others := map[string]*sandbox.Function{}
	for _, fn := range p.Functions[1:] {
		others[fn.Name] = deployFn(fn)
	}
	acct.SetInvoker(testInvoker(others))
	return deployFn(p.Functions[0]), acct, p.Functions[0]
}

// testInvoker runs lambda:Invoke on the project's other functions.
type testInvoker map[string]*sandbox.Function

func (ti testInvoker) Invoke(name, typ string, payload []byte) (int, []byte, string, error) {
	f, ok := ti[name]
	if !ok {
		return 0, nil, "", cloud.Errorf(404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:%s", name)
	}
	r, err := f.Invoke(context.Background(), payload)
	if err != nil {
		return 0, nil, "", err
	}
	if typ == "Event" {
		return 202, nil, "", nil
	}
	fe := ""
	if r.Error != nil {
		fe = "Unhandled"
	}
	return 200, r.Response, fe, nil
}

// TestAWSSDKCorpus runs the handlers of testdata/aws: each directory is a
// small project (lambdatutor.yaml) whose first function is invoked with
// event.json. expected.json is the response (or expected-error.json the
// errorType and errorMessage); expected2.json, when present, the response
// of a second invoke of the same event; expected.log lines the handler
// must log. Each handler cites the SDK or API page its behaviour is
// checked against.
func TestAWSSDKCorpus(t *testing.T) {
	dirs, err := filepath.Glob("testdata/aws/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 15 {
		t.Fatalf("the corpus has %d handlers, want at least 15", len(dirs))
	}
	for _, dir := range dirs {
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			f, _, fn := awsProject(t, dir)
			src := readOptional(t, dir, strings.SplitN(fn.Handler, ".", 2)[0]+".js") + readOptional(t, dir, strings.SplitN(fn.Handler, ".", 2)[0]+".mjs")
			if !strings.Contains(src, "https://docs.aws.amazon.com/") {
				t.Errorf("the handler cites no AWS documentation page for the behaviour it checks")
			}
			event := readOptional(t, dir, "event.json")
			if event == "" {
				event = "{}"
			}
			r := run(t, f, event)
			check(t, dir, r, "expected.json", "expected-error.json")
			if want := readOptional(t, dir, "expected.log"); want != "" {
				got := appLines(r)
				for _, line := range strings.Split(strings.TrimSpace(want), "\n") {
					if !contains(got, line) {
						t.Errorf("log line %q not logged; the handler logged:\n%s", line, strings.Join(got, "\n"))
					}
				}
			}
			if readOptional(t, dir, "expected2.json") != "" || readOptional(t, dir, "expected2-error.json") != "" {
				check(t, dir, run(t, f, event), "expected2.json", "expected2-error.json")
			}
		})
	}
}

// An object published as Message reaches the topic as SDK v3 sends it,
// "[object Object]" (see testdata/aws/sns-publish-object/index.js).
func TestAWSSDKPublishObjectMessage(t *testing.T) {
	f, acct, _ := awsProject(t, "testdata/aws/sns-publish-object")
	var bodies []string
	acct.SNS.OnDeliver(func(d sns.Delivery) { bodies = append(bodies, d.Body) })
	r := run(t, f, `{"order":42}`)
	if r.Error != nil {
		t.Fatalf("%s: %s", r.Error.Type, r.Error.Message)
	}
	if len(bodies) != 1 || bodies[0] != "[object Object]" {
		t.Errorf("the queue got %q, want one raw message \"[object Object]\"", bodies)
	}
}

func check(t *testing.T, dir string, r *sandbox.Result, okFile, errFile string) {
	t.Helper()
	if want := readOptional(t, dir, errFile); want != "" {
		var w struct{ ErrorType, ErrorMessage string }
		if err := json.Unmarshal([]byte(want), &w); err != nil {
			t.Fatalf("%s: %v", errFile, err)
		}
		if r.Error == nil {
			t.Fatalf("%s: the handler returned %s, want the error %s: %s", errFile, r.Response, w.ErrorType, w.ErrorMessage)
		}
		if r.Error.Type != w.ErrorType || r.Error.Message != w.ErrorMessage {
			t.Errorf("%s: error %s: %s\nwant   %s: %s", errFile, r.Error.Type, r.Error.Message, w.ErrorType, w.ErrorMessage)
		}
		return
	}
	if r.Error != nil {
		t.Fatalf("%s: the handler failed: %s: %s\n%s\nlogs:\n%s", okFile, r.Error.Type, r.Error.Message, strings.Join(r.Error.Trace, "\n"), strings.Join(r.Logs, "\n"))
	}
	var got, want any
	if err := json.Unmarshal(r.Response, &got); err != nil {
		t.Fatalf("response %s: %v", r.Response, err)
	}
	if err := json.Unmarshal([]byte(readOptional(t, dir, okFile)), &want); err != nil {
		t.Fatalf("%s: %v", okFile, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: response\n%s\nwant\n%s\nlogs:\n%s", okFile, r.Response, readOptional(t, dir, okFile), strings.Join(r.Logs, "\n"))
	}
}

func readOptional(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

// Without a project (Config.AWS nil) the SDK loads, and send() rejects
// with what to declare and where.
func TestAWSSDKWithoutAProject(t *testing.T) {
	f := js(t, `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
exports.handler = async () => {
  const out = [];
  try { await new DynamoDBClient({}).send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: '1' } } })); } catch (e) { out.push(e.message); }
  const p = new SQSClient({}).send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: 'x' }));
  out.push(p instanceof Promise);
  try { await p; } catch (e) { out.push(e.message); }
  return out;
};`)
	r := run(t, f, `{}`)
	if r.Error != nil {
		t.Fatalf("%s: %s", r.Error.Type, r.Error.Message)
	}
	var got []any
	if err := json.Unmarshal(r.Response, &got); err != nil || len(got) != 3 {
		t.Fatalf("response %s", r.Response)
	}
	ddb, _ := got[0].(string)
	for _, want := range []string{"no lambdatutor.yaml beside the handler", "the table under tables:", "index.js", "`lambdatutor cloud --help`"} {
		if !strings.Contains(ddb, want) {
			t.Errorf("the DynamoDB error %q does not say %q", ddb, want)
		}
	}
	if got[1] != true {
		t.Errorf("send() returned no Promise")
	}
	if sqs, _ := got[2].(string); !strings.Contains(sqs, "the queue under queues:") {
		t.Errorf("the SQS error %q does not name the queue", sqs)
	}
}

// The SDK's surface beyond send(new XCommand(input)): callbacks, the
// paginator's client check, lib-dynamodb's marshalling rules and
// NumberValue, and modules the tutor does not offer.
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-dynamodb/
// https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-util-dynamodb/
func TestAWSSDKSurface(t *testing.T) {
	dir := t.TempDir()
	yaml := `functions:
  fn:
    handler: index.handler
    policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: ["dynamodb:*"]
          Resource: "*"
tables:
  Things: {partitionKey: "id:S"}
`
	src := `const { DynamoDBClient, PutItemCommand, GetItemCommand, paginateScan } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, GetCommand, NumberValue } = require('@aws-sdk/lib-dynamodb');
const { S3Client } = require('@aws-sdk/client-s3');
const { marshall } = require('@aws-sdk/util-dynamodb');
const client = new DynamoDBClient({});
const plain = DynamoDBDocumentClient.from(client);
const wrapped = DynamoDBDocumentClient.from(client, { unmarshallOptions: { wrapNumbers: true } });
exports.handler = async () => {
  const out = {};
  out.callback = await new Promise((resolve) => client.send(new PutItemCommand({ TableName: 'Things', Item: { id: { S: 'cb' }, n: { N: '12345678901234567890' } } }), (err, data) => resolve(err ? err.name : data.$metadata.httpStatusCode)));
  try { paginateScan({ client: new S3Client({}) }, { TableName: 'Things' }); } catch (e) { out.paginator = e.message; }
  try { await plain.send(new PutCommand({ TableName: 'Things', Item: { id: 'u', x: undefined } })); } catch (e) { out.undef = e.message; }
  try { await plain.send(new PutCommand({ TableName: 'Things', Item: { id: 'd', when: new Date(0) } })); } catch (e) { out.date = e.message.replace(/passed: .*\. Pass/, 'passed: <date>. Pass'); }
  const g = await plain.send(new GetCommand({ TableName: 'Things', Key: { id: 'cb' } }));
  out.imprecise = [typeof g.Item.n, g.Item.n.toString()];
  const { Item } = await wrapped.send(new GetCommand({ TableName: 'Things', Key: { id: 'cb' } }));
  out.wrapped = [Item.n instanceof NumberValue, Item.n.toString()];
  await plain.send(new PutCommand({ TableName: 'Things', Item: { id: 'big', n: NumberValue.from('12345678901234567890') } }));
  out.big = (await client.send(new GetItemCommand({ TableName: 'Things', Key: { id: { S: 'big' } } }))).Item.n;
  out.marshall = marshall({ a: [1, 'x', true, null], m: { b: new Uint8Array([1]) } });
  out.marshall.m.M.b.B = Array.from(out.marshall.m.M.b.B);
  try { require('@aws-sdk/client-kinesis'); } catch (e) { out.kinesis = e.code; }
  let pages = 0, items = 0;
  for await (const page of paginateScan({ client, pageSize: 1 }, { TableName: 'Things' })) { pages++; items += page.Count; }
  out.scan = [pages, items];
  const loop = { id: 'loop' }; loop.self = loop;
  try { await plain.send(new PutCommand({ TableName: 'Things', Item: loop })); } catch (e) { out.circular = e.name; }
  out.region = [await client.config.region(), await new S3Client({ region: 'eu-west-1' }).config.region()];
  return out;
};`
	for name, body := range map[string]string{project.FileName: yaml, "index.js": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, _, _ := awsProject(t, dir)
	r := run(t, f, `{}`)
	if r.Error != nil {
		t.Fatalf("%s: %s\n%s", r.Error.Type, r.Error.Message, strings.Join(r.Error.Trace, "\n"))
	}
	var got, want any
	_ = json.Unmarshal(r.Response, &got)
	_ = json.Unmarshal([]byte(`{
  "callback": 200,
  "paginator": "Invalid client, expected DynamoDB | DynamoDBClient",
  "undef": "Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.",
  "date": "Unsupported type passed: <date>. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.",
  "imprecise": ["bigint", "12345678901234567890"],
  "wrapped": [true, "12345678901234567890"],
  "big": {"N": "12345678901234567890"},
  "marshall": {"a": {"L": [{"N": "1"}, {"S": "x"}, {"BOOL": true}, {"NULL": true}]}, "m": {"M": {"b": {"B": [1]}}}},
  "kinesis": "MODULE_NOT_FOUND",
  "region": ["us-east-1", "eu-west-1"],
  "scan": [3, 2],
  "circular": "TypeError"
}`), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %s", r.Response)
	}
}
