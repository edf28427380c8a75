package events

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// samplesDir holds the real aws/aws-lambda-go samples (see its SOURCE.md).
var samplesDir = "testdata"

// maxPayload is Lambda's 6 MB limit for a synchronous request (FACTS.md §2).
const maxPayload = 6 * 1024 * 1024

// A comparison of one template with its real sample.
//
// Paths: "a.b" for object keys, "a[]" for array elements (the keys of all elements are
// merged, which equals comparing by the first element when the elements share a shape).
// Some objects are keyed by data, not by schema (headers, DynamoDB items, ...):
//   - opaque: only the object's presence is compared, not its keys or values;
//   - freeform: its keys are data, but its values' keys are schema ("a.*.dataType").
//
// A template value of null stands for an absent optional part (API Gateway sends
// "clientCert": null without mutual TLS): the sample's keys below it are not required.
type comparison struct {
	template, sample string
	opaque, freeform []string
	// extra lists keys the template has beyond the sample, each allowed by FACTS.md §5.1.
	extra []string
}

var comparisons = []comparison{
	{
		template: "apigw-rest", sample: "apigw-request.json",
		opaque: []string{"headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
			"pathParameters", "stageVariables", "requestContext.authorizer"},
		extra: []string{"isBase64Encoded"}, // FACTS.md §5.1 lists isBase64Encoded in the v1 request shape
	},
	{
		template: "apigw-http", sample: "apigw-v2-request-no-authorizer.json",
		opaque: []string{"headers", "queryStringParameters"},
		// FACTS.md §5.1 v2 shape: "cookies?, ... queryStringParameters?, ... body?" (optional).
		extra: []string{"cookies", "queryStringParameters", "body"},
	},
	{
		template: "function-url", sample: "lambda-urls-request.json",
		opaque: []string{"headers", "queryStringParameters"},
		// Real function URL events carry routeKey "$default" at the top and in
		// requestContext (the sample lacks them): see the function URL payload
		// in https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
		extra: []string{"routeKey", "requestContext.routeKey"},
	},
	{template: "s3-put", sample: "s3-event.json"},
	{template: "sqs", sample: "sqs-event.json", freeform: []string{"Records[].messageAttributes"}},
	{template: "sns", sample: "sns-event.json", freeform: []string{"Records[].Sns.MessageAttributes"}},
	{
		template: "dynamodb", sample: "dynamodb-event.json",
		opaque: []string{"Records[].dynamodb.Keys", "Records[].dynamodb.NewImage", "Records[].dynamodb.OldImage"},
		extra:  []string{"Records[].dynamodb.OldImage"}, // FACTS.md §5.1: dynamodb{Keys, NewImage, OldImage, ...}
	},
	{template: "kinesis", sample: "kinesis-event.json"},
}

// shape collects the key paths of v, and the paths whose value is null.
func shape(v any, opaque, freeform []string) (paths, nulls map[string]bool) {
	paths, nulls = map[string]bool{}, map[string]bool{}
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case nil:
			nulls[path] = true
		case map[string]any:
			if slices.Contains(opaque, path) {
				return
			}
			if slices.Contains(freeform, path) {
				for _, val := range x {
					walk(val, path+".*")
				}
				return
			}
			for k, val := range x {
				p := k
				if path != "" {
					p = path + "." + k
				}
				paths[p] = true
				walk(val, p)
			}
		case []any:
			// Only the elements' keys count: an empty list and a list of scalars match.
			for _, el := range x {
				walk(el, path+"[]")
			}
		}
	}
	walk(v, "")
	return paths, nulls
}

// diff returns the sample's paths missing from the template and the template's paths
// not in the sample (other than allowed extras and anything under them).
func diff(c comparison, tmpl, sample any) (missing, extra []string) {
	tp, tnull := shape(tmpl, c.opaque, c.freeform)
	sp, _ := shape(sample, c.opaque, c.freeform)
	under := func(p string, set map[string]bool) bool {
		for q := range set {
			if strings.HasPrefix(p, q+".") || strings.HasPrefix(p, q+"[]") {
				return true
			}
		}
		return false
	}
	allowed := map[string]bool{}
	for _, e := range c.extra {
		allowed[e] = true
	}
	for p := range sp {
		if !tp[p] && !under(p, tnull) {
			missing = append(missing, p)
		}
	}
	for p := range tp {
		if !sp[p] && !allowed[p] && !under(p, allowed) {
			extra = append(extra, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}

func decode(t *testing.T, data []byte, what string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s is not valid JSON: %v", what, err)
	}
	return v
}

func load(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := Get(name)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := decode(t, data, name).(map[string]any)
	if !ok {
		t.Fatalf("%s is not a JSON object", name)
	}
	return m
}

func TestTemplatesHaveTheSampleKeys(t *testing.T) {
	if _, err := os.Stat(samplesDir); err != nil {
		t.Fatalf("real event samples not found at %s: %v", samplesDir, err)
	}
	for _, c := range comparisons {
		t.Run(c.template, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(samplesDir, c.sample))
			if err != nil {
				t.Fatal(err)
			}
			missing, extra := diff(c, load(t, c.template), decode(t, raw, c.sample))
			if len(missing) > 0 {
				t.Errorf("template %s lacks keys of %s: %s", c.template, c.sample, strings.Join(missing, ", "))
			}
			if len(extra) > 0 {
				t.Errorf("template %s has keys %s does not: %s", c.template, c.sample, strings.Join(extra, ", "))
			}
		})
	}
}

func TestComparisonDetectsDrift(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(samplesDir, "s3-event.json"))
	if err != nil {
		t.Fatal(err)
	}
	sample := decode(t, raw, "s3-event.json")
	tmpl := load(t, "s3-put")
	obj := tmpl["Records"].([]any)[0].(map[string]any)["s3"].(map[string]any)["object"].(map[string]any)
	delete(obj, "eTag")
	obj["etag"] = "renamed"
	missing, extra := diff(comparison{}, tmpl, sample)
	if !slices.Equal(missing, []string{"Records[].s3.object.eTag"}) || !slices.Equal(extra, []string{"Records[].s3.object.etag"}) {
		t.Errorf("missing %v, extra %v; want the renamed eTag reported both ways", missing, extra)
	}
	// A null in the sample's place of an object is accepted; a null where the sample has
	// a plain value still counts as the key being present.
	missing, _ = diff(comparison{}, map[string]any{"a": nil}, map[string]any{"a": map[string]any{"b": 1.0}})
	if len(missing) != 0 {
		t.Errorf("null template value should stand for the absent object, missing %v", missing)
	}
}

// FACTS.md §5.1 gives these two shapes without a sample file in testdata.
func TestTemplatesFromFactsKeys(t *testing.T) {
	keysOf := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	// "Console hello-world template: {"key1":"value1","key2":"value2","key3":"value3"}"
	hw := load(t, "hello-world")
	if got := keysOf(hw); !slices.Equal(got, []string{"key1", "key2", "key3"}) || hw["key2"] != "value2" {
		t.Errorf("hello-world = %v", hw)
	}
	// cloudwatch/ScheduledEvent.json keys plus "version":"0" (FACTS.md §5.1).
	ev := load(t, "eventbridge-scheduled")
	want := []string{"account", "detail", "detail-type", "id", "region", "resources", "source", "time", "version"}
	if got := keysOf(ev); !slices.Equal(got, want) {
		t.Errorf("eventbridge-scheduled keys = %v, want %v", got, want)
	}
	if ev["version"] != "0" || ev["detail-type"] != "Scheduled Event" || ev["source"] != "aws.events" {
		t.Errorf("eventbridge-scheduled values = %v", ev)
	}
	if d, ok := ev["detail"].(map[string]any); !ok || len(d) != 0 {
		t.Errorf("detail = %v, want {}", ev["detail"])
	}
	res, _ := ev["resources"].([]any)
	if len(res) != 1 || !strings.HasPrefix(res[0].(string), "arn:aws:events:") || !strings.Contains(res[0].(string), ":rule/") {
		t.Errorf("resources = %v, want one rule ARN", ev["resources"])
	}
}

func TestEveryTemplateIsValidAndSmall(t *testing.T) {
	files, err := templateFS.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	var onDisk []string
	for _, f := range files {
		onDisk = append(onDisk, strings.TrimSuffix(f.Name(), ".json"))
	}
	names := Names()
	sorted := slices.Clone(names)
	sort.Strings(sorted)
	if !slices.Equal(sorted, onDisk) {
		t.Errorf("catalog %v and templates/ %v differ", sorted, onDisk)
	}
	if len(names) != 10 || names[0] != "hello-world" || names[len(names)-1] != "eventbridge-scheduled" {
		t.Errorf("Names() = %v", names)
	}
	for _, n := range names {
		data, err := Get(n)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(data) || len(data) >= maxPayload {
			t.Errorf("%s: valid=%v size=%d", n, json.Valid(data), len(data))
		}
		if Describe(n) == "" {
			t.Errorf("%s has no description", n)
		}
	}
}

func TestDescribe(t *testing.T) {
	if got := Describe("s3-put"); got != "S3 ObjectCreated:Put notification (asynchronous)" {
		t.Errorf("Describe(s3-put) = %q", got)
	}
	if got := Describe("apigw-rest"); !strings.Contains(got, "v1") || !strings.Contains(got, "synchronous") {
		t.Errorf("Describe(apigw-rest) = %q", got)
	}
	if got := Describe("nope"); got != "" {
		t.Errorf("Describe(nope) = %q, want empty", got)
	}
}

func TestGetUnknown(t *testing.T) {
	tests := map[string]string{"s3": "s3-put", "dynamo": "dynamodb", "kinesys": "kinesis", "apigw-htp": "apigw-http",
		"eventbridge": "eventbridge-scheduled", "hello": "hello-world", "SQS": "sqs", "xyzzy-frobnicate": ""}
	for in, want := range tests {
		_, err := Get(in)
		if !errors.Is(err, ErrUnknownTemplate) {
			t.Fatalf("Get(%q) error = %v, want ErrUnknownTemplate", in, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, "hello-world, apigw-rest") {
			t.Errorf("Get(%q) error does not list the templates: %s", in, msg)
		}
		if want != "" && !strings.Contains(msg, `did you mean "`+want+`"?`) {
			t.Errorf("Get(%q) error = %s, want suggestion %q", in, msg, want)
		}
		if want == "" && strings.Contains(msg, "did you mean") {
			t.Errorf("Get(%q) suggests something: %s", in, msg)
		}
	}
}

func records(t *testing.T, name string) []map[string]any {
	t.Helper()
	raw, _ := load(t, name)["Records"].([]any)
	var out []map[string]any
	for _, r := range raw {
		out = append(out, r.(map[string]any))
	}
	return out
}

func TestS3KeyIsURLEncoded(t *testing.T) {
	rec := records(t, "s3-put")[0]
	key := rec["s3"].(map[string]any)["object"].(map[string]any)["key"].(string)
	if strings.Contains(key, " ") {
		t.Fatalf("key %q has a raw space; S3 delivers keys URL-encoded", key)
	}
	decoded, err := url.QueryUnescape(key)
	if err != nil || !strings.Contains(decoded, " ") {
		t.Errorf("key %q should decode to a name with a space, got %q, %v", key, decoded, err)
	}
	if rec["eventName"] != "ObjectCreated:Put" || rec["eventSource"] != "aws:s3" {
		t.Errorf("record = %v", rec)
	}
}

func TestSQSRecords(t *testing.T) {
	recs := records(t, "sqs")
	if len(recs) < 2 {
		t.Fatalf("sqs has %d records, want 2 or more", len(recs))
	}
	ids := map[any]bool{}
	for _, r := range recs {
		sum := md5.Sum([]byte(r["body"].(string)))
		if r["md5OfBody"] != hex.EncodeToString(sum[:]) {
			t.Errorf("message %v: md5OfBody %v is not the MD5 of its body", r["messageId"], r["md5OfBody"])
		}
		ids[r["messageId"]] = true
		if r["eventSource"] != "aws:sqs" {
			t.Errorf("eventSource = %v", r["eventSource"])
		}
	}
	if len(ids) != len(recs) {
		t.Error("messageIds are not distinct")
	}
}

var attributeTypes = []string{"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"}

// checkAttr checks one DynamoDB AttributeValue: exactly one type tag, recursively.
func checkAttr(t *testing.T, where string, v any) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		t.Errorf("%s: %v is not a typed attribute value like {\"S\":\"x\"}", where, v)
		return
	}
	for typ, val := range m {
		if !slices.Contains(attributeTypes, typ) {
			t.Errorf("%s: unknown attribute type %q", where, typ)
		}
		switch typ {
		case "M":
			for k, sub := range val.(map[string]any) {
				checkAttr(t, where+"."+k, sub)
			}
		case "L":
			for i, sub := range val.([]any) {
				checkAttr(t, where+"["+string(rune('0'+i))+"]", sub)
			}
		case "N", "S", "B":
			if _, ok := val.(string); !ok {
				t.Errorf("%s: %s value %v must be a JSON string", where, typ, val)
			}
		}
	}
}

func TestDynamoDBRecords(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range records(t, "dynamodb") {
		name := r["eventName"].(string)
		seen[name] = true
		ddb := r["dynamodb"].(map[string]any)
		_, hasNew := ddb["NewImage"]
		_, hasOld := ddb["OldImage"]
		want := map[string][2]bool{"INSERT": {true, false}, "MODIFY": {true, true}, "REMOVE": {false, true}}[name]
		if [2]bool{hasNew, hasOld} != want {
			t.Errorf("%s record: NewImage %v OldImage %v, want %v", name, hasNew, hasOld, want)
		}
		for _, part := range []string{"Keys", "NewImage", "OldImage"} {
			item, _ := ddb[part].(map[string]any)
			for attr, v := range item {
				checkAttr(t, name+"."+part+"."+attr, v)
			}
		}
	}
	if len(seen) != 3 || !seen["INSERT"] || !seen["MODIFY"] || !seen["REMOVE"] {
		t.Errorf("event names %v, want INSERT, MODIFY and REMOVE", seen)
	}
}

func TestKinesisDataIsBase64(t *testing.T) {
	recs := records(t, "kinesis")
	if len(recs) < 2 {
		t.Fatalf("kinesis has %d records", len(recs))
	}
	for _, r := range recs {
		data := r["kinesis"].(map[string]any)["data"].(string)
		raw, err := base64.StdEncoding.DecodeString(data)
		if err != nil || !json.Valid(raw) {
			t.Errorf("data %q should be base64 of JSON: %q, %v", data, raw, err)
		}
	}
}

func TestAPIGatewayBodies(t *testing.T) {
	for _, n := range []string{"apigw-rest", "apigw-http", "function-url"} {
		ev := load(t, n)
		body, ok := ev["body"].(string)
		if !ok || !json.Valid([]byte(body)) {
			t.Errorf("%s: body %v should be a string holding JSON", n, ev["body"])
		}
		if ev["isBase64Encoded"] != false {
			t.Errorf("%s: isBase64Encoded = %v", n, ev["isBase64Encoded"])
		}
	}
	if v := load(t, "apigw-http")["version"]; v != "2.0" {
		t.Errorf("apigw-http version = %v", v)
	}
	for k := range load(t, "apigw-http")["headers"].(map[string]any) {
		if k != strings.ToLower(k) {
			t.Errorf("HTTP API header %q should be lower-case (FACTS.md §5.1)", k)
		}
	}
}
