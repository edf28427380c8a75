package python

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sqs"
)

// An SDK call from the handler (the boto3 shim, boto3shim.py) travels on
// the bootstrap's channel while the call runs: the guest writes a request
// frame of kind 'A' and reads one answer frame; the host runs the call
// through sandbox.Host.AWS in between, on the guest's thread (sdkCall). Both are JSON; what JSON lacks
// is tagged: {"__b": base64} for bytes, {"__n": "1.5"} for a Decimal
// (guest to host), {"__t": microseconds since the epoch} for a time (host
// to guest). Sets travel as lists.

// awsRequest is the guest's request.
type awsRequest struct {
	Service string         `json:"s"`
	Op      string         `json:"o"`
	Input   map[string]any `json:"i"`
}

// awsAnswer is the host's answer: Out, or Err.
type awsAnswer struct {
	Out       any       `json:"out,omitempty"`
	Err       *awsError `json:"err,omitempty"`
	RequestID string    `json:"rid"`
}

type awsError struct {
	Code    string         `json:"Code"`
	Message string         `json:"Message"`
	Status  int            `json:"Status"`
	Fields  map[string]any `json:"Fields,omitempty"`
}

// sdkCall answers one SDK request frame on the interpreter's thread. The
// host's work is not the guest's compute: the call's compute is accounted
// up to the request, and counts again from the answer (SDK calls take no
// virtual time; on AWS each is a network round trip).
func (in *instance) sdkCall(req []byte) []byte { // req: the kind, then the payload
	in.mu.Lock()
	c := in.call
	if c != nil {
		in.accountLocked()
	}
	in.mu.Unlock()
	ans := in.answerAWS(c, req[0], req[1:])
	in.mu.Lock()
	if in.call == c && in.running {
		in.mark = in.cpu()
	}
	in.mu.Unlock()
	return ans
}

// answerAWS runs one SDK request for the call c: req is the frame's
// payload after its kind, 'M' (marshal: a tuple of service, operation and
// parameters) or 'A' (JSON, for what marshal cannot carry). It returns
// the answer frame's payload.
func (in *instance) answerAWS(c *sandbox.Call, kind byte, req []byte) []byte {
	ans := awsAnswer{RequestID: in.requestID()}
	var r awsRequest
	if kind == 'M' {
		v, err := unmarshalPy(req)
		t, _ := v.([]any)
		if err != nil || len(t) != 3 {
			ans.Err = &awsError{Code: "SerializationException", Status: 400, Message: fmt.Sprintf("the boto3 shim sent a request the sandbox cannot read: %v", err)}
			return marshalAnswer(ans)
		}
		r.Service, _ = t[0].(string)
		r.Op, _ = t[1].(string)
		r.Input, _ = t[2].(map[string]any)
	} else {
		dec := json.NewDecoder(bytes.NewReader(req))
		dec.UseNumber()
		if err := dec.Decode(&r); err != nil {
			ans.Err = &awsError{Code: "SerializationException", Status: 400, Message: "the boto3 shim sent a request the sandbox cannot read: " + err.Error()}
			return marshalAnswer(ans)
		}
		r.Input, _ = fromWire(r.Input).(map[string]any)
	}
	input := r.Input
	if input == nil {
		input = map[string]any{}
	}
	if in.h.AWS == nil {
		ans.Err = &awsError{Code: "NoProjectFile", Status: 400, Message: noProject(r.Service, r.Op, input)}
		return marshalAnswer(ans)
	}
	out, err := in.h.AWS(c, r.Service, r.Op, input)
	if err != nil {
		ans.Err = wireError(r.Service, err)
		return marshalAnswer(ans)
	}
	if out == nil {
		out = map[string]any{}
	}
	ans.Out = out
	return marshalAnswer(ans)
}

// marshalAnswer encodes the answer after a letter that tells the guest
// how to read it: "M" in marshal's format (pymarshal.go) when it can
// carry it, else JSON: "T" when it holds tagged values (bytes, times),
// "P" when it is plain (read without a hook on every object).
func marshalAnswer(a awsAnswer) []byte {
	m := map[string]any{"rid": a.RequestID}
	if a.Err != nil {
		e := map[string]any{"Code": a.Err.Code, "Message": a.Err.Message, "Status": a.Err.Status}
		if a.Err.Fields != nil {
			e["Fields"] = a.Err.Fields
		}
		m["err"] = e
	} else {
		m["out"] = a.Out
	}
	if b, err := marshalPy([]byte{'M'}, m); err == nil {
		return b
	}
	a.Out = toWire(a.Out)
	if a.Err != nil && a.Err.Fields != nil {
		a.Err.Fields, _ = toWire(a.Err.Fields).(map[string]any)
	}
	b, err := json.Marshal(a)
	if err != nil {
		b, _ = json.Marshal(awsAnswer{RequestID: a.RequestID, Err: &awsError{Code: "InternalFailure", Status: 500,
			Message: "the sandbox cannot encode the service's answer: " + err.Error()}})
	}
	kind := byte('P')
	if bytes.Contains(b, []byte(`{"__b":`)) || bytes.Contains(b, []byte(`{"__t":`)) {
		kind = 'T'
	}
	return append([]byte{kind}, b...)
}

// requestID is a request id in AWS's form (a UUID), from the
// environment's seeded source so that deterministic runs repeat.
func (in *instance) requestID() string {
	var b [16]byte
	if in.h != nil && in.h.Rand != nil {
		for i := range b {
			b[i] = byte(in.h.Rand.Uint32())
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// wireError is err as boto3 reports it: SQS errors carry the query API's
// code (sqs.QueryCode), as botocore prefers it.
func wireError(service string, err error) *awsError {
	var de *dynamodb.DetailedError
	var ce *cloud.Error
	switch {
	case errors.As(err, &de):
		e := &awsError{Code: de.Err.Code, Message: de.Err.Message, Status: de.Err.Status}
		if len(de.Fields) > 0 {
			e.Fields = de.Fields
		}
		return e
	case errors.As(err, &ce):
		code := ce.Code
		if service == "sqs" {
			code = sqs.QueryCode(code)
		}
		return &awsError{Code: code, Message: ce.Message, Status: ce.Status}
	}
	return &awsError{Code: "InternalFailure", Status: 500, Message: err.Error()}
}

// noProject says what to do when the function has no project.
func noProject(service, op string, input map[string]any) string {
	what := ""
	for _, k := range []struct{ key, kind, section string }{
		{"TableName", "table", "tables"}, {"Bucket", "bucket", "buckets"}, {"QueueUrl", "queue", "queues"},
		{"TopicArn", "topic", "topics"}, {"SecretId", "secret", "secrets"}, {"Name", "parameter", "parameters"},
		{"FunctionName", "function", "functions"},
	} {
		if v, ok := input[k.key].(string); ok && v != "" {
			if i := strings.LastIndexAny(v, "/:"); i >= 0 && k.key != "Name" && k.key != "SecretId" {
				v = v[i+1:]
			}
			what = fmt.Sprintf("declare the %s %s there (under %s:)", k.kind, v, k.section)
			break
		}
	}
	if what == "" {
		what = "declare the resources it uses there (tables, buckets, queues, topics, secrets, parameters)"
	}
	return fmt.Sprintf("%s.%s: this function has no lambdatutor.yaml beside its handler, so lambdatutor "+
		"(which runs it offline, in-process) has no AWS services for it to call: %s, with a policy for the "+
		"function that allows %s:%s (see `lambdatutor cloud --help`)", service, op, what, iamPrefix(service), op)
}

func iamPrefix(service string) string {
	switch service {
	case "secretsmanager", "secrets-manager":
		return "secretsmanager"
	case "eventbridge":
		return "events"
	}
	return service
}

// fromWire turns the decoded request into the services' input shapes.
func fromWire(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			if s, ok := v["__b"].(string); ok {
				b, err := base64.StdEncoding.DecodeString(s)
				if err == nil {
					return b
				}
			}
			if s, ok := v["__n"].(string); ok {
				return number(json.Number(s))
			}
		}
		for k, x := range v {
			v[k] = fromWire(x)
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = fromWire(x)
		}
		return v
	case json.Number:
		return number(v)
	}
	return v
}

func number(n json.Number) any {
	if i, err := n.Int64(); err == nil {
		return int(i)
	}
	f, _ := n.Float64()
	return f
}

// toWire turns a service's output into what json.Marshal writes for the
// guest: bytes and times tagged, typed sets and other slices as lists.
func toWire(v any) any {
	switch v := v.(type) {
	case nil, string, bool, int, int64, float64, json.Number:
		return v
	case []byte:
		return map[string]any{"__b": base64.StdEncoding.EncodeToString(v)}
	case time.Time:
		return map[string]any{"__t": v.UnixMicro()}
	case *time.Time:
		if v == nil {
			return nil
		}
		return map[string]any{"__t": v.UnixMicro()}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = toWire(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = toWire(x)
		}
		return out
	case map[string]string, []string:
		return v
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = toWire(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v
		}
		out := make(map[string]any, rv.Len())
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			out[k.String()] = toWire(rv.MapIndex(k).Interface())
		}
		return out
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		return toWire(rv.Elem().Interface())
	}
	return v
}
