package nodejs

import (
	"reflect"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
)

// docFastHandler sends lib-dynamodb commands with awkward inputs and
// describes every output or error, with the types JSON would hide (Sets,
// Uint8Arrays, NumberValues, bigints) and the key order.
const docFastHandler = `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, DeleteCommand, QueryCommand, ScanCommand, BatchGetCommand, NumberValue } = require('@aws-sdk/lib-dynamodb');
const plain = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const loose = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: true, convertClassInstanceToMap: true },
  unmarshallOptions: { wrapNumbers: true } });

function describe(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return 'BI(' + v + ')';
  if (typeof v !== 'object') return typeof v + ':' + String(v);
  if (v instanceof Set) return 'Set(' + Array.from(v).map(describe).join(',') + ')';
  if (v instanceof Uint8Array) return 'U8(' + Array.from(v).join(',') + ')';
  if (v instanceof NumberValue) return 'NV(' + v.value + ')';
  if (Array.isArray(v)) return '[' + v.map(describe).join(',') + ']';
  return '{' + Object.keys(v).map((k) => k + '=' + describe(v[k])).join(',') + '}';
}

class Point { constructor() { this.x = 1; this.y = 'two'; } }
let reads = 0;
const withGetter = { id: 'g' };
Object.defineProperty(withGetter, 'counted', { enumerable: true, get() { reads++; return reads; } });
const circular = { id: 'c' }; circular.self = circular;

const T = 'T';
const cases = [
  ['put plain', plain, new PutCommand({ TableName: T, Item: { id: 'a', n: 1, f: -2.5, z: 0, big: 2 ** 52, t: true, f2: false, nul: null, s: '', nested: { deep: { list: [1, 'x', null, { k: 'v' }, [true]] } } }, ReturnValues: 'ALL_OLD' })],
  ['put sets and binaries', plain, new PutCommand({ TableName: T, Item: { id: 'b', ss: new Set(['a', 'b']), ns: new Set([1, 2.5]), bs: new Set([new Uint8Array([1]), new Uint8Array([2])]), u8: new Uint8Array([7, 8]), nv: new NumberValue('123456789012345678901234567890'), bi: 12345678901234567890n } })],
  ['put undefined member', plain, new PutCommand({ TableName: T, Item: { id: 'c', gone: undefined } })],
  ['put undefined removed', loose, new PutCommand({ TableName: T, Item: { id: 'c', gone: undefined, list: [1, undefined, 2], m: { u: undefined } }, ConditionExpression: undefined })],
  ['put undefined in a list', plain, new PutCommand({ TableName: T, Item: { id: 'd', list: [1, undefined] } })],
  ['put empty values converted', loose, new PutCommand({ TableName: T, Item: { id: 'e', s: '', b: new Uint8Array([]), set: new Set() } })],
  ['put empty set', plain, new PutCommand({ TableName: T, Item: { id: 'e', set: new Set() } })],
  ['put NaN', plain, new PutCommand({ TableName: T, Item: { id: 'f', n: NaN } })],
  ['put unsafe integer', plain, new PutCommand({ TableName: T, Item: { id: 'f', n: 2 ** 60 } })],
  ['put class instance', plain, new PutCommand({ TableName: T, Item: { id: 'h', p: new Point() } })],
  ['put class instance as map', loose, new PutCommand({ TableName: T, Item: { id: 'h', p: new Point(), when: new Date(0) } })],
  ['put date', plain, new PutCommand({ TableName: T, Item: { id: 'h', when: new Date(0) } })],
  ['put function', plain, new PutCommand({ TableName: T, Item: { id: 'i', fn() {} } })],
  ['put function after an error', plain, new PutCommand({ TableName: T, Item: { id: 'i', bad: undefined, fn() {} } })],
  ['put circular', plain, new PutCommand({ TableName: T, Item: circular })],
  ['put getter', plain, new PutCommand({ TableName: T, Item: withGetter })],
  ['put getter after an error', plain, new PutCommand({ TableName: T, Item: { bad: NaN, g: withGetter } })],
  ['errors in member order', plain, new PutCommand({ TableName: T, ExpressionAttributeValues: { ':n': NaN }, Item: { id: 'j', u: undefined }, ConditionExpression: 'a = :n' })],
  ['item not an object', plain, new PutCommand({ TableName: T, Item: ['not', 'a', 'map'] })],
  ['item with null prototype', plain, new PutCommand({ TableName: T, Item: Object.assign(Object.create(null), { id: 'k', n: 3 }) })],
  ['get', plain, new GetCommand({ TableName: T, Key: { id: 'a' }, ConsistentRead: true })],
  ['get wrapped numbers', loose, new GetCommand({ TableName: T, Key: { id: 'a' } })],
  ['get nothing', plain, new GetCommand({ TableName: T, Key: { id: 'none' } })],
  ['update', plain, new UpdateCommand({ TableName: T, Key: { id: 'a' }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': 1, ':s': new Set(['x']) }, ReturnValues: 'ALL_NEW' })],
  ['delete', plain, new DeleteCommand({ TableName: T, Key: { id: 'a' }, ReturnValues: 'ALL_OLD' })],
  ['query', plain, new QueryCommand({ TableName: T, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': 'a' }, ExclusiveStartKey: undefined, Limit: 2 })],
  ['scan', loose, new ScanCommand({ TableName: T, ExclusiveStartKey: { id: 'a' } })],
  ['batch get (slow path)', plain, new BatchGetCommand({ RequestItems: { T: { Keys: [{ id: 'a' }] } } })],
];

exports.handler = async () => {
  const out = [];
  for (const [name, client, cmd] of cases) {
    try {
      const r = await client.send(cmd);
      delete r.$metadata.requestId;
      out.push(name + ': ' + describe(r));
    } catch (e) {
      out.push(name + ': ' + e.name + ': ' + e.message);
    }
  }
  out.push('getter reads: ' + reads);
  return out;
};
`

// docFastOutputs are what the fake DynamoDB answers, by operation.
var docFastOutputs = map[string]map[string]any{
	"PutItem": {"Attributes": map[string]any{"id": map[string]any{"S": "old"}, "n": map[string]any{"N": "7"}}},
	"GetItem": {"Item": map[string]any{
		"id": map[string]any{"S": "a"}, "n": map[string]any{"N": "42"}, "f": map[string]any{"N": "-0.5"},
		"huge": map[string]any{"N": "123456789012345678901234567890"}, "t": map[string]any{"BOOL": true},
		"nul": map[string]any{"NULL": true}, "b": map[string]any{"B": []byte{1, 2}},
		"l":  map[string]any{"L": []any{map[string]any{"S": "x"}, map[string]any{"N": "1"}, map[string]any{"M": map[string]any{"z": map[string]any{"BOOL": false}, "a": map[string]any{"S": "y"}}}}},
		"m":  map[string]any{"M": map[string]any{"b": map[string]any{"S": "2"}, "a": map[string]any{"NULL": true}}},
		"ss": map[string]any{"SS": []any{"p", "q"}}, "ns": map[string]any{"NS": []any{"1", "2.5"}}, "bs": map[string]any{"BS": []any{[]byte{9}}},
	}, "ConsumedCapacity": map[string]any{"TableName": "T", "CapacityUnits": 0.5}},
	"UpdateItem": {"Attributes": map[string]any{"id": map[string]any{"S": "a"}, "n": map[string]any{"N": "43"}}},
	"DeleteItem": {},
	"Query": {"Items": []any{map[string]any{"id": map[string]any{"S": "a"}, "v": map[string]any{"N": "1"}}, map[string]any{"id": map[string]any{"S": "a"}, "v": map[string]any{"SS": []any{"k"}}}},
		"Count": 2, "ScannedCount": 2, "LastEvaluatedKey": map[string]any{"id": map[string]any{"S": "a"}}},
	"Scan":         {"Items": []any{}, "Count": 0, "ScannedCount": 0},
	"BatchGetItem": {"Responses": map[string]any{"T": []any{map[string]any{"id": map[string]any{"S": "a"}}}}, "UnprocessedKeys": map[string]any{}},
}

// The document client's fast path (awssdk_doc.go) gives the service the
// same input and the handler the same output and errors as the slow path.
func TestDocFastPathMatchesSlowPath(t *testing.T) {
	run := func(fast bool) (inputs []map[string]any, result string) {
		useDocFast = fast
		defer func() { useDocFast = true }()
		_, f := deploy(t, "nodejs22.x", map[string]string{"index.js": docFastHandler}, func(c *sandbox.Config) {
			c.AWS = func(_ *sandbox.Call, service, op string, input map[string]any) (map[string]any, error) {
				inputs = append(inputs, input)
				if input["Key"] != nil && reflect.DeepEqual(wireForm(input["Key"]), map[string]any{"id": map[string]any{"S": "none"}}) {
					return map[string]any{}, nil
				}
				if op == "PutItem" && input["ReturnValues"] == nil {
					return map[string]any{}, nil
				}
				out, ok := docFastOutputs[op]
				if !ok {
					return nil, cloud.Errorf(400, "ValidationException", "no canned output for %s", op)
				}
				return deepCopy(out).(map[string]any), nil
			}
		})
		r := sandboxRun(t, f)
		return inputs, r
	}
	slowIn, slowOut := run(false)
	before := docFastCalls.Load()
	fastIn, fastOut := run(true)
	if n := docFastCalls.Load() - before; n < 20 {
		t.Errorf("the fast path ran %d times, want one per single-table command (at least 20)", n)
	}
	if slowOut != fastOut {
		t.Errorf("outputs differ\nslow: %s\nfast: %s", slowOut, fastOut)
	}
	for i := range fastIn {
		fastIn[i] = wireForm(fastIn[i]).(map[string]any)
	}
	if !reflect.DeepEqual(slowIn, fastIn) {
		t.Errorf("inputs differ\nslow: %#v\nfast: %#v", slowIn, fastIn)
	}
	// The cases must reach the paths they are about.
	for _, want := range []string{
		"put undefined member: Error: Pass options.removeUndefinedValues=true",
		"put NaN: Error: Special numeric value NaN is not allowed",
		"put function: Error: Unsupported type passed",
		"put function after an error: Error: Unsupported type passed",
		"put circular: TypeError: Converting circular structure",
		"errors in member order: Error: Pass options.removeUndefinedValues=true",
		"get: {ConsumedCapacity={CapacityUnits=number:0.5,TableName=string:T},Item={b=U8(1,2),bs=Set(U8(9)),f=number:-0.5,huge=BI(123456789012345678901234567890),id=string:a,l=[string:x,number:1,{a=string:y,z=boolean:false}],m={a=null,b=string:2},n=number:42,ns=Set(number:1,number:2.5),nul=null,ss=Set(string:p,string:q),t=boolean:true}",
		"get wrapped numbers: {ConsumedCapacity=",
		"getter reads: 2",
	} {
		if !strings.Contains(fastOut, want) {
			t.Errorf("output lacks %q:\n%s", want, fastOut)
		}
	}
	if len(fastIn) < 15 {
		t.Errorf("only %d calls reached the service", len(fastIn))
	}
}

func sandboxRun(t *testing.T, f *sandbox.Function) string {
	t.Helper()
	r := run(t, f, `{}`)
	if r.Error != nil {
		t.Fatalf("handler failed: %v", r.Error)
	}
	return strings.ReplaceAll(string(r.Response), `","`, "\",\n\"")
}

// wireForm replaces dynamodb.AV values by the wire maps they stand for.
func wireForm(v any) any {
	switch x := v.(type) {
	case dynamodb.AV:
		return map[string]any{x.Type: wireForm(x.Value)}
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = wireForm(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = wireForm(e)
		}
		return l
	}
	return v
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	case []byte:
		return append([]byte(nil), x...)
	}
	return v
}

// formatUUID writes what hex.EncodeToString and strings.ToUpper did.
func TestFormatUUID(t *testing.T) {
	b := [16]byte{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10}
	if got, want := formatUUID(&b), "01234567-89AB-CDEF-FEDC-BA9876543210"; got != want {
		t.Errorf("formatUUID = %s, want %s", got, want)
	}
}
