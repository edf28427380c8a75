package dynamodb

import (
	"encoding/json"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// botocore ships the DynamoDB and DynamoDB Streams API models (the same
// models the SDKs are generated from). When python3 with botocore is
// installed, the shapes Call returns are checked against them: every member
// of every output must be a member of the operation's output shape, every
// op-specific error code one the operation declares.
const modelDump = `
import json, botocore.session
s = botocore.session.get_session()
m = s.get_service_model('dynamodb')
out = {'ops': {}, 'shapes': {}}
for op in %s:
    o = m.operation_model(op)
    out['ops'][op] = {'output': list(o.output_shape.members), 'errors': [e.name for e in o.error_shapes]}
for sh in ['TableDescription', 'CancellationReason', 'KeySchemaElement', 'AttributeDefinition',
           'BillingModeSummary', 'StreamSpecification', 'ProvisionedThroughputDescription']:
    out['shapes'][sh] = list(m.shape_for(sh).members)
st = s.get_service_model('dynamodbstreams')
out['shapes']['Record'] = list(st.shape_for('Record').members)
out['shapes']['StreamRecord'] = list(st.shape_for('StreamRecord').members)
print(json.dumps(out))
`

type apiModel struct {
	Ops map[string]struct {
		Output []string `json:"output"`
		Errors []string `json:"errors"`
	} `json:"ops"`
	Shapes map[string][]string `json:"shapes"`
}

func loadModel(t *testing.T, ops []string) apiModel {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed: the check against botocore's DynamoDB model needs it")
	}
	q, _ := json.Marshal(ops)
	out, err := exec.Command(py, "-c", strings.Replace(modelDump, "%s", string(q), 1)).Output()
	if err != nil {
		t.Skipf("botocore not importable by python3 (pip install botocore to run this check): %v", err)
	}
	var m apiModel
	must(t, json.Unmarshal(out, &m))
	return m
}

func checkMembers(t *testing.T, what string, got map[string]any, allowed []string) {
	t.Helper()
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !ok[k] {
			t.Errorf("%s has member %q, which the API model does not define (it has %v)", what, k, allowed)
		}
	}
}

func TestShapesMatchTheAPIModel(t *testing.T) {
	ops := []string{"PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "DescribeTable", "ListTables"}
	m := loadModel(t, ops)
	clock := &fixedClock{}
	s := New(clock, "us-east-1", "123456789012")
	must(t, s.CreateTable(TableSpec{Name: "events", PartitionKey: "pk", PartitionKeyType: "S", SortKey: "sk", SortKeyType: "N", StreamViewType: "NEW_AND_OLD_IMAGES"}))
	var recs []Record
	s.OnStreamRecord(func(r Record) { recs = append(recs, r) })
	key := `"Key":{"pk":{"S":"a"},"sk":{"N":"1"}}`
	calls := []struct{ op, in string }{
		{"PutItem", `{"TableName":"events","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"N":"1"}}}`},
		{"PutItem", `{"TableName":"events","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"N":"2"}},"ReturnValues":"ALL_OLD"}`},
		{"GetItem", `{"TableName":"events",` + key + `}`},
		{"UpdateItem", `{"TableName":"events",` + key + `,"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"3"}},"ReturnValues":"ALL_NEW"}`},
		{"Query", `{"TableName":"events","KeyConditionExpression":"pk = :a","ExpressionAttributeValues":{":a":{"S":"a"}},"Limit":1}`},
		{"Scan", `{"TableName":"events","Limit":1}`},
		{"BatchGetItem", `{"RequestItems":{"events":{"Keys":[{"pk":{"S":"a"},"sk":{"N":"1"}}]}}}`},
		{"BatchWriteItem", `{"RequestItems":{"events":[{"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"1"}}}}]}}`},
		{"TransactWriteItems", `{"TransactItems":[{"Put":{"TableName":"events","Item":{"pk":{"S":"c"},"sk":{"N":"1"}}}}]}`},
		{"DescribeTable", `{"TableName":"events"}`},
		{"ListTables", `{"Limit":1}`},
		{"DeleteItem", `{"TableName":"events",` + key + `,"ReturnValues":"ALL_OLD"}`},
	}
	for _, c := range calls {
		out := mustCall(t, s, c.op, c.in)
		checkMembers(t, c.op+" output", out, m.Ops[c.op].Output)
		if c.op == "DescribeTable" {
			d := out["Table"].(map[string]any)
			checkMembers(t, "TableDescription", d, m.Shapes["TableDescription"])
			checkMembers(t, "BillingModeSummary", d["BillingModeSummary"].(map[string]any), m.Shapes["BillingModeSummary"])
			checkMembers(t, "StreamSpecification", d["StreamSpecification"].(map[string]any), m.Shapes["StreamSpecification"])
			checkMembers(t, "ProvisionedThroughputDescription", d["ProvisionedThroughput"].(map[string]any), m.Shapes["ProvisionedThroughputDescription"])
			for _, e := range d["KeySchema"].([]any) {
				checkMembers(t, "KeySchemaElement", e.(map[string]any), m.Shapes["KeySchemaElement"])
			}
			for _, e := range d["AttributeDefinitions"].([]any) {
				checkMembers(t, "AttributeDefinition", e.(map[string]any), m.Shapes["AttributeDefinition"])
			}
		}
	}
	// errors the operations declare
	errCases := []struct{ op, in, code string }{
		{"PutItem", `{"TableName":"events","Item":{"pk":{"S":"a"},"sk":{"N":"9"}},"ConditionExpression":"attribute_exists(pk)"}`, "ConditionalCheckFailedException"},
		{"GetItem", `{"TableName":"nope","Key":{"pk":{"S":"a"}}}`, "ResourceNotFoundException"},
		{"TransactWriteItems", `{"TransactItems":[{"ConditionCheck":{"TableName":"events",` + key + `,"ConditionExpression":"attribute_exists(pk)"}}]}`, "TransactionCanceledException"},
		{"DescribeTable", `{"TableName":"nope"}`, "ResourceNotFoundException"},
	}
	for _, c := range errCases {
		_, err := call(t, s, c.op, c.in)
		got := strings.SplitN(errString(err), ":", 2)[0]
		if got != c.code {
			t.Errorf("%s: error %s, want %s", c.op, errString(err), c.code)
		}
		declared := false
		for _, e := range m.Ops[c.op].Errors {
			declared = declared || e == got
		}
		if !declared {
			t.Errorf("%s answers %s, which the model does not declare for it (%v)", c.op, got, m.Ops[c.op].Errors)
		}
		if de, ok := err.(*DetailedError); ok {
			for _, r := range de.Fields["CancellationReasons"].([]any) {
				checkMembers(t, "CancellationReason", r.(map[string]any), m.Shapes["CancellationReason"])
			}
		}
	}
	// stream records: the Streams model's Record, plus eventSourceARN, which
	// Lambda adds (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html)
	if len(recs) == 0 {
		t.Fatal("no stream records")
	}
	for _, r := range recs {
		ev := r.Event()
		checkMembers(t, "stream record", ev, append(m.Shapes["Record"], "eventSourceARN"))
		checkMembers(t, "StreamRecord", ev["dynamodb"].(map[string]any), m.Shapes["StreamRecord"])
	}
}

// boto3's TypeSerializer (boto3.dynamodb.types) is the Python document
// form's oracle: what it builds from Python values, Marshal builds from their
// Go stand-ins with RejectFloats (Decimal is NumberValue).
const boto3Serialize = `
import json, base64
from decimal import Decimal
from boto3.dynamodb.types import TypeSerializer, Binary
ser = TypeSerializer()
doc = {"s": "x", "empty": "", "i": 42, "d": Decimal("0.10"), "t": True, "n": None, "b": b"\x01\x02",
       "l": ["a", Decimal(2)], "m": {"k": "v"}, "ss": {"a"}, "ns": {Decimal("1.5")}}
def enc(v):
    if isinstance(v, Binary): return base64.b64encode(v.value).decode()
    if isinstance(v, (bytes, bytearray)): return base64.b64encode(v).decode()
    raise TypeError(type(v))
out = {k: ser.serialize(v) for k, v in doc.items()}
try:
    ser.serialize(1.5)
    err = ""
except TypeError as e:
    err = str(e)
print(json.dumps({"item": out, "floatError": err}, default=enc, sort_keys=True))
`

func TestMarshalMatchesBoto3(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed: the check against boto3's TypeSerializer needs it")
	}
	out, err := exec.Command(py, "-c", boto3Serialize).Output()
	if err != nil {
		t.Skipf("boto3 not importable by python3 (pip install boto3 to run this check): %v", err)
	}
	var want struct {
		Item       map[string]any `json:"item"`
		FloatError string         `json:"floatError"`
	}
	must(t, json.Unmarshal(out, &want))
	got, err := Marshal(map[string]any{"s": "x", "empty": "", "i": 42, "d": NumberValue("0.10"), "t": true, "n": nil, "b": []byte{1, 2},
		"l": []any{"a", NumberValue("2")}, "m": map[string]any{"k": "v"}, "ss": StringSet{"a"}, "ns": NumberSet{NumberValue("1.5")}},
		MarshalOptions{RejectFloats: true})
	must(t, err)
	if toJSON(got) != toJSON(want.Item) {
		t.Errorf("Marshal:\n got    %s\n boto3  %s", toJSON(got), toJSON(want.Item))
	}
	if _, err := MarshalValue(1.5, MarshalOptions{RejectFloats: true}); err == nil || err.Error() != want.FloatError {
		t.Errorf("float: %v, boto3 says %q", err, want.FloatError)
	}
}
