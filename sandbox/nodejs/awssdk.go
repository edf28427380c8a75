package nodejs

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
)

// The AWS SDK for JavaScript v3 (@aws-sdk/*) that the Node.js runtimes
// include: awssdk.js makes the packages' clients, commands, error classes
// and paginators; a command's send() comes here (awsCall), which converts
// the input to the Go shapes of sandbox/cloud, runs it through the
// function's Host.AWS (its project's account, as its execution role) and
// converts the output back: []byte <-> Uint8Array, time.Time <-> Date.
// lib-dynamodb's document client marshals with dynamodb.Marshal/Unmarshal.

//go:embed awssdk.js
var awsSDKSource string

var (
	awsSDKOnce sync.Once
	awsSDKProg *goja.Program
	awsSDKErr  error
)

// awsSDKPackages are the @aws-sdk packages the tutor offers.
var awsSDKPackages = map[string]bool{
	"@aws-sdk/client-dynamodb": true, "@aws-sdk/lib-dynamodb": true, "@aws-sdk/util-dynamodb": true,
	"@aws-sdk/client-s3": true, "@aws-sdk/client-sqs": true, "@aws-sdk/client-sns": true,
	"@aws-sdk/client-eventbridge": true, "@aws-sdk/client-secrets-manager": true,
	"@aws-sdk/client-ssm": true, "@aws-sdk/client-lambda": true,
}

// awsSDK is the state of the SDK shim in one VM.
type awsSDK struct {
	lib       *goja.Object  // awssdk.js's exports: load, makeError
	makeError goja.Callable // awssdk.js's makeError
	numProto  *goja.Object  // NumberValue.prototype
	numCtor   goja.Value    // NumberValue
	setProto  *goja.Object  // Set.prototype
	objProto  *goja.Object  // Object.prototype
	u8        *goja.Object  // Uint8Array
	date      *goja.Object  // Date
	setCtor   *goja.Object  // Set
	arrayFrom goja.Callable // Array.from
	flags     int           // the document client's options of the running conversion
	depth     int           // nesting of the running conversion (see maxInputDepth)
	requestID [16]byte
}

// awsSDKModule returns the shim of an @aws-sdk package, or false when the
// tutor does not offer that package.
func (in *instance) awsSDKModule(id string) (goja.Value, bool) {
	if !awsSDKPackages[id] {
		return nil, false
	}
	if in.aws == nil {
		if in.call != nil {
			in.call.Exclude(in.loadAWSSDK)
		} else {
			in.loadAWSSDK()
		}
	}
	load, _ := goja.AssertFunction(in.aws.lib.Get("load"))
	v, err := load(goja.Undefined(), in.vm.ToValue(id))
	if err != nil {
		panic(err)
	}
	in.builtins[id] = v
	return v, true
}

func (in *instance) loadAWSSDK() {
	awsSDKOnce.Do(func() {
		awsSDKProg, awsSDKErr = goja.Compile("node:internal/aws-sdk", awsSDKSource, true)
	})
	if awsSDKErr != nil {
		panic(in.newError("Error", "internal: "+awsSDKErr.Error(), ""))
	}
	vm := in.vm
	a := &awsSDK{
		u8:       vm.Get("Uint8Array").ToObject(vm),
		date:     vm.Get("Date").ToObject(vm),
		setCtor:  vm.Get("Set").ToObject(vm),
		objProto: vm.Get("Object").ToObject(vm).Get("prototype").ToObject(vm),
	}
	a.setProto = a.setCtor.Get("prototype").ToObject(vm)
	a.arrayFrom, _ = goja.AssertFunction(vm.Get("Array").ToObject(vm).Get("from"))
	nat := vm.NewObject()
	_ = nat.Set("call", in.awsCall)
	_ = nat.Set("requestId", func(goja.FunctionCall) goja.Value { return vm.ToValue(in.awsRequestID()) })
	_ = nat.Set("setNumberValue", func(proto *goja.Object) {
		a.numProto = proto
		a.numCtor = proto.Get("constructor")
	})
	_ = nat.Set("marshall", func(v goja.Value, flags int) goja.Value {
		a.flags = flags
		doc, ok := in.awsToGo(v, true).(map[string]any)
		if !ok {
			panic(in.newError("Error", "marshall takes an object: marshall({ id: 'a', n: 1 })", ""))
		}
		m, err := dynamodb.Marshal(doc, marshalOptions(flags))
		if err != nil {
			panic(in.newError("Error", err.Error(), ""))
		}
		return in.awsToJS(m)
	})
	_ = nat.Set("convertToAttr", func(v goja.Value, flags int) goja.Value {
		a.flags = flags
		m, err := dynamodb.MarshalValue(in.awsToGo(v, true), marshalOptions(flags))
		if err != nil {
			panic(in.newError("Error", err.Error(), ""))
		}
		return in.awsToJS(m)
	})
	_ = nat.Set("unmarshall", func(v goja.Value, flags int) goja.Value {
		item, _ := in.awsToGo(v, false).(map[string]any)
		m, err := dynamodb.Unmarshal(item, unmarshalOptions(flags))
		if err != nil {
			panic(in.newError("Error", err.Error(), ""))
		}
		return in.awsToJS(m)
	})
	_ = nat.Set("convertToNative", func(v goja.Value, flags int) goja.Value {
		n, err := dynamodb.UnmarshalValue(in.awsToGo(v, false), unmarshalOptions(flags))
		if err != nil {
			panic(in.newError("Error", err.Error(), ""))
		}
		return in.awsToJS(n)
	})
	in.aws = a
	fnv, err := vm.RunProgram(awsSDKProg)
	if err != nil {
		panic(err)
	}
	fn, _ := goja.AssertFunction(fnv)
	lib, err := fn(goja.Undefined(), nat, in.support())
	if err != nil {
		in.aws = nil
		panic(err)
	}
	a.lib = lib.ToObject(vm)
	a.makeError, _ = goja.AssertFunction(a.lib.Get("makeError"))
}

func marshalOptions(flags int) dynamodb.MarshalOptions {
	return dynamodb.MarshalOptions{ConvertEmptyValues: flags&1 != 0, RemoveUndefinedValues: flags&2 != 0, AllowImpreciseNumbers: flags&4 != 0}
}

func unmarshalOptions(flags int) dynamodb.UnmarshalOptions {
	return dynamodb.UnmarshalOptions{WrapNumbers: flags&8 != 0}
}

// resourceWords name what the project file declares for each client.
var resourceWords = map[string]string{
	"dynamodb": "the table under tables:", "s3": "the bucket under buckets:", "sqs": "the queue under queues:",
	"sns": "the topic under topics:", "eventbridge": "the rule in the target function's events:",
	"secrets-manager": "the secret under secrets:", "ssm": "the parameter under parameters:",
	"lambda": "the function under functions:",
}

// awsCall is send() of a command: native.call(service, op, input, doc,
// flags); doc is 1 for lib-dynamodb's commands, whose input and output
// are marshalled as the document client does.
func (in *instance) awsCall(call goja.FunctionCall) goja.Value {
	service := call.Argument(0).String()
	op := call.Argument(1).String()
	doc := call.Argument(3).ToInteger() == 1
	flags := int(call.Argument(4).ToInteger())
	if in.h.AWS == nil {
		panic(in.newError("Error", "no lambdatutor.yaml beside the handler: the tutor runs "+service+" in-process only for a project. "+
			"Declare "+resourceWords[service]+" in lambdatutor.yaml beside "+in.handlerFileName()+", with the function and its policy "+
			"allowing this call (see `lambdatutor cloud --help`). On AWS this "+op+" call would go to the real service.", ""))
	}
	var input map[string]any
	in.aws.flags = flags
	fast, isFast := docFast[op]
	obj, _ := call.Argument(2).(*goja.Object)
	isFast = isFast && doc && useDocFast && obj != nil && in.plainObject(obj)
	switch {
	case isFast:
		docFastCalls.Add(1)
		var err error
		if input, err = in.docFastInput(obj, fast.in, marshalOptions(flags)); err != nil {
			panic(in.newError("Error", err.Error(), ""))
		}
	default:
		if obj != nil {
			input, _ = in.awsToGo(obj, doc).(map[string]any)
		}
		if doc {
			if err := docPaths(docInput[op], input, func(m map[string]any) (map[string]any, error) {
				return dynamodb.Marshal(m, marshalOptions(flags))
			}); err != nil {
				panic(in.newError("Error", err.Error(), ""))
			}
			dropUndefined(input)
		}
	}
	out, err := in.h.AWS(in.call, service, op, input)
	if err != nil {
		panic(in.awsError(service, op, err, in.awsRequestID()))
	}
	switch {
	case isFast:
		if err := in.docFastOutput(out, fast, unmarshalOptions(flags)); err != nil {
			panic(in.newError("Error", err.Error(), ""))
		}
	case doc:
		if err := docPaths(docOutput[op], out, func(m map[string]any) (map[string]any, error) {
			return dynamodb.Unmarshal(m, unmarshalOptions(flags))
		}); err != nil {
			panic(in.newError("Error", err.Error(), ""))
		}
	}
	// awssdk.js's call() adds $metadata, with the request ID of
	// native.requestId (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
	// answers 204; Lambda's Invoke its StatusCode).
	return in.awsToJS(out)
}

func (in *instance) handlerFileName() string {
	if in.handlerFile != "" {
		return in.handlerFile
	}
	return "the handler's file"
}

// awsRequestID is a request ID in the form of a UUID, from the
// environment's deterministic random source.
func (in *instance) awsRequestID() string {
	b := &in.aws.requestID
	binary.LittleEndian.PutUint64(b[:8], in.h.Rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], in.h.Rand.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

// formatUUID writes 16 bytes as an upper-case UUID, 8-4-4-4-12 hex digits.
func formatUUID(b *[16]byte) string {
	const digits = "0123456789ABCDEF"
	var out [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = digits[c>>4], digits[c&0x0f]
		j += 2
	}
	return string(out[:])
}

// awsError is the SDK's exception for an error of the service.
func (in *instance) awsError(service, op string, err error, rid string) goja.Value {
	var ce *cloud.Error
	if !errors.As(err, &ce) {
		return in.newError("Error", err.Error(), "")
	}
	fields := goja.Undefined()
	var de *dynamodb.DetailedError
	if errors.As(err, &de) && len(de.Fields) > 0 {
		fields = in.awsToJS(de.Fields)
	}
	status := ce.Status
	if status == 0 {
		status = 400
	}
	code, message := ce.Code, ce.Message
	if service == "s3" && strings.HasPrefix(op, "Head") {
		code, message = headErrorName(status), "UnknownError"
		fields = goja.Undefined()
	}
	v, jerr := in.aws.makeError(goja.Undefined(), in.vm.ToValue(service), in.vm.ToValue(code), in.vm.ToValue(message),
		in.vm.ToValue(status), fields, in.vm.ToValue(rid))
	if jerr != nil {
		return in.newError("Error", err.Error(), "")
	}
	return v
}

// headErrorName is the name SDK v3 gives an S3 HEAD error. A HEAD
// response has no body, so the error code is "NotFound" for a 404
// (loadRestXmlErrorCode) and otherwise the status itself, e.g. "403"
// (throwDefaultError); the message is "UnknownError"
// (decorateServiceException). See aws/aws-sdk-js-v3#6597 (a HeadObject
// 403 with name "403") and @aws-sdk/core's loadRestXmlErrorCode and
// @smithy/smithy-client's decorateServiceException.
func headErrorName(status int) string {
	if status == 404 {
		return "NotFound"
	}
	return strconv.Itoa(status)
}

// Where lib-dynamodb marshals inputs and unmarshals outputs, by operation:
// a path of member names, "*" for every value of a map and "[]" for every
// element of a list.
// https://github.com/aws/aws-sdk-js-v3/tree/main/lib/lib-dynamodb/src/commands
var docInput = splitPaths(map[string][]string{
	"PutItem":            {"Item", "ExpressionAttributeValues"},
	"GetItem":            {"Key"},
	"DeleteItem":         {"Key", "ExpressionAttributeValues"},
	"UpdateItem":         {"Key", "ExpressionAttributeValues"},
	"Query":              {"ExclusiveStartKey", "ExpressionAttributeValues"},
	"Scan":               {"ExclusiveStartKey", "ExpressionAttributeValues"},
	"BatchGetItem":       {"RequestItems.*.Keys.[]"},
	"BatchWriteItem":     {"RequestItems.*.[].PutRequest.Item", "RequestItems.*.[].DeleteRequest.Key"},
	"TransactGetItems":   {"TransactItems.[].Get.Key"},
	"TransactWriteItems": {"TransactItems.[].ConditionCheck.Key", "TransactItems.[].ConditionCheck.ExpressionAttributeValues", "TransactItems.[].Put.Item", "TransactItems.[].Put.ExpressionAttributeValues", "TransactItems.[].Delete.Key", "TransactItems.[].Delete.ExpressionAttributeValues", "TransactItems.[].Update.Key", "TransactItems.[].Update.ExpressionAttributeValues"},
})

var docOutput = splitPaths(map[string][]string{
	"PutItem":          {"Attributes"},
	"GetItem":          {"Item"},
	"DeleteItem":       {"Attributes"},
	"UpdateItem":       {"Attributes"},
	"Query":            {"Items.[]", "LastEvaluatedKey"},
	"Scan":             {"Items.[]", "LastEvaluatedKey"},
	"BatchGetItem":     {"Responses.*.[]", "UnprocessedKeys.*.Keys.[]"},
	"BatchWriteItem":   {"UnprocessedItems.*.[].PutRequest.Item", "UnprocessedItems.*.[].DeleteRequest.Key"},
	"TransactGetItems": {"Responses.[].Item"},
})

// docPaths replaces the maps at the paths by f of them.
func docPaths(paths [][]string, root map[string]any, f func(map[string]any) (map[string]any, error)) error {
	for _, p := range paths {
		if err := docPath(p, root, f); err != nil {
			return err
		}
	}
	return nil
}

// splitPaths splits the paths at their dots once.
func splitPaths(m map[string][]string) map[string][][]string {
	out := make(map[string][][]string, len(m))
	for op, paths := range m {
		for _, p := range paths {
			out[op] = append(out[op], strings.Split(p, "."))
		}
	}
	return out
}

func docPath(path []string, parent map[string]any, f func(map[string]any) (map[string]any, error)) error {
	key := path[0]
	v, ok := parent[key]
	if !ok {
		return nil
	}
	if len(path) == 1 {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		out, err := f(m)
		if err != nil {
			return err
		}
		parent[key] = out
		return nil
	}
	return docEach(path[1:], v, f)
}

// docEach walks v along path (whose first element may be "*" or "[]").
func docEach(path []string, v any, f func(map[string]any) (map[string]any, error)) error {
	switch path[0] {
	case "*", "[]":
		var elems []any
		var set func(i int, m map[string]any)
		if path[0] == "*" {
			m, _ := v.(map[string]any)
			keys := make([]string, 0, len(m))
			for k, e := range m {
				keys = append(keys, k)
				elems = append(elems, e)
			}
			set = func(i int, x map[string]any) { m[keys[i]] = x }
		} else {
			elems, _ = v.([]any)
			set = func(i int, x map[string]any) { elems[i] = x }
		}
		for i, e := range elems {
			if len(path) > 1 {
				if err := docEach(path[1:], e, f); err != nil {
					return err
				}
				continue
			}
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			out, err := f(m)
			if err != nil {
				return err
			}
			set(i, out)
		}
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	return docPath(path, m, f)
}

// dropUndefined removes undefined members left outside the marshalled
// values (ExclusiveStartKey: undefined), as the SDK's serializer does.
func dropUndefined(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == dynamodb.Undefined {
				delete(x, k)
				continue
			}
			dropUndefined(e)
		}
	case []any:
		for _, e := range x {
			dropUndefined(e)
		}
	}
}

var (
	bytesType       = reflect.TypeOf([]byte(nil))
	arrayBufferType = reflect.TypeOf(goja.ArrayBuffer{})
)

// maxInputDepth bounds the nesting of an SDK call's input: a circular
// input would otherwise recurse without end. DynamoDB allows 32 levels.
const maxInputDepth = 100

// awsToGo converts a JavaScript input to the Go shapes of sandbox/cloud.
// With doc (the document client's native values), undefined is
// dynamodb.Undefined, a Set is a DynamoDB set, a NumberValue a
// dynamodb.NumberValue and every number a float64.
func (in *instance) awsToGo(v goja.Value, doc bool) any {
	if v == nil || goja.IsUndefined(v) {
		if doc {
			return dynamodb.Undefined
		}
		return nil
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		x := v.Export()
		switch n := x.(type) {
		case int64:
			if doc {
				return float64(n)
			}
			return int(n)
		case *big.Int:
			return n
		}
		return x
	}
	a := in.aws
	if a.depth >= maxInputDepth {
		// The deferred decrements of the levels above unwind depth to 0.
		panic(in.newError("TypeError", "Converting circular structure to JSON: the input of this SDK call refers to itself, or nests deeper than 100 levels", ""))
	}
	a.depth++
	defer func() { a.depth-- }()
	if obj.ClassName() == "Array" {
		l := obj.Get("length").ToInteger()
		out := make([]any, 0, l)
		for i := int64(0); i < l; i++ {
			e := obj.Get(itoa(i))
			if !doc && (e == nil || goja.IsUndefined(e)) {
				continue
			}
			out = append(out, in.awsToGo(e, doc))
		}
		return out
	}
	switch obj.ClassName() {
	case "Date":
		if doc {
			return in.classInstance(obj, doc)
		}
		t, _ := obj.Export().(time.Time)
		return t
	case "Function":
		if doc {
			panic(in.newError("Error", "Unsupported type passed: "+obj.String()+". Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.", ""))
		}
		return nil
	}
	switch obj.ExportType() {
	case bytesType:
		b, _ := obj.Export().([]byte)
		return append([]byte(nil), b...)
	case arrayBufferType:
		ab, _ := obj.Export().(goja.ArrayBuffer)
		return append([]byte(nil), ab.Bytes()...)
	}
	proto := obj.Prototype()
	if doc && proto != nil && proto == a.numProto {
		return dynamodb.NumberValue(obj.Get("value").String())
	}
	if doc && proto != nil && proto == a.setProto {
		return in.docSet(obj)
	}
	if doc && proto != nil && proto != a.objProto {
		return in.classInstance(obj, doc)
	}
	keys := obj.Keys()
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		e := obj.Get(k)
		if !doc && (e == nil || goja.IsUndefined(e)) {
			continue
		}
		out[k] = in.awsToGo(e, doc)
	}
	return out
}

func itoa(i int64) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return big.NewInt(i).String()
}

// classInstance is lib-dynamodb's rule for objects that are not plain.
func (in *instance) classInstance(obj *goja.Object, doc bool) any {
	if in.aws.flags&16 != 0 {
		keys := obj.Keys()
		out := make(map[string]any, len(keys))
		for _, k := range keys {
			out[k] = in.awsToGo(obj.Get(k), doc)
		}
		return out
	}
	panic(in.newError("Error", "Unsupported type passed: "+obj.String()+". Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.", ""))
}

// docSet converts a JavaScript Set to a DynamoDB set by its first member.
func (in *instance) docSet(obj *goja.Object) any {
	lv, err := in.aws.arrayFrom(goja.Undefined(), obj)
	if err != nil {
		panic(err)
	}
	elems, _ := in.awsToGo(lv, true).([]any)
	if len(elems) == 0 {
		return dynamodb.StringSet{}
	}
	switch elems[0].(type) {
	case string:
		ss := make(dynamodb.StringSet, 0, len(elems))
		for _, e := range elems {
			s, ok := e.(string)
			if !ok {
				panic(in.newError("Error", "Unsupported type passed: a Set mixing strings and other values; a DynamoDB set holds one type.", ""))
			}
			ss = append(ss, s)
		}
		return ss
	case []byte:
		bs := make(dynamodb.BinarySet, 0, len(elems))
		for _, e := range elems {
			b, ok := e.([]byte)
			if !ok {
				panic(in.newError("Error", "Unsupported type passed: a Set mixing binaries and other values; a DynamoDB set holds one type.", ""))
			}
			bs = append(bs, b)
		}
		return bs
	}
	return dynamodb.NumberSet(elems)
}

// awsToJS converts an output of sandbox/cloud to JavaScript values.
func (in *instance) awsToJS(v any) goja.Value {
	vm := in.vm
	switch x := v.(type) {
	case nil:
		return goja.Null()
	case string:
		return vm.ToValue(x)
	case bool:
		return vm.ToValue(x)
	case int:
		return vm.ToValue(x)
	case int64:
		return vm.ToValue(x)
	case float64:
		return vm.ToValue(x)
	case []byte:
		u, err := vm.New(in.aws.u8, vm.ToValue(vm.NewArrayBuffer(append([]byte(nil), x...))))
		if err != nil {
			panic(err)
		}
		return u
	case time.Time:
		d, err := vm.New(in.aws.date, vm.ToValue(x.UnixMilli()))
		if err != nil {
			panic(err)
		}
		return d
	case map[string]any:
		obj := vm.NewObject()
		if len(x) == 1 {
			for k, e := range x {
				_ = obj.Set(k, in.awsToJS(e))
			}
			return obj
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			_ = obj.Set(k, in.awsToJS(x[k]))
		}
		return obj
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = in.awsToJS(e)
		}
		return vm.NewArray(l...)
	case []string:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = e
		}
		return vm.NewArray(l...)
	case []map[string]any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = in.awsToJS(e)
		}
		return vm.NewArray(l...)
	case dynamodb.NumberValue:
		n, err := vm.New(in.aws.numCtor, vm.ToValue(string(x)))
		if err != nil {
			panic(err)
		}
		return n
	case dynamodb.StringSet:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = e
		}
		return in.newSet(l)
	case dynamodb.NumberSet:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = in.awsToJS(e)
		}
		return in.newSet(l)
	case dynamodb.BinarySet:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = in.awsToJS(e)
		}
		return in.newSet(l)
	case *big.Int:
		return vm.ToValue(x)
	}
	return vm.ToValue(v)
}

func (in *instance) newSet(elems []any) goja.Value {
	s, err := in.vm.New(in.aws.setCtor, in.vm.NewArray(elems...))
	if err != nil {
		panic(err)
	}
	return s
}
