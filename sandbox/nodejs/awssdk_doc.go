package nodejs

import (
	"sort"
	"sync/atomic"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
)

// The document client's fast path. For the single-table commands of
// lib-dynamodb (Put, Get, Update, Delete, Query, Scan), whose marshalled
// members are top-level keys of the input and output, the input's
// JavaScript values become typed AttributeValues in one walk, and the
// output's AttributeValues become JavaScript values in one walk, instead
// of converting to native Go values first (awsToGo), marshalling those
// (dynamodb.Marshal, docPaths) and removing what is undefined
// (dropUndefined), and the reverse on the way out. The result is the same
// as the slow path's (awssdk_doc_test.go runs both on the same inputs):
//
//   - the JavaScript values are read in the same order and as often, so a
//     getter or a Proxy sees the same reads, and the slow path's panics
//     (a circular input, a function, a class instance) happen as they
//     would;
//   - a marshalling error is thrown only after the whole input is read,
//     and the error of the first marshalled member in lib-dynamodb's order
//     (Item before ExpressionAttributeValues) wins. Within one member the
//     slow path reports whichever error Go's map order meets first; the
//     fast path the first in the object's key order.
//
// Values other than plain objects, arrays and primitives (Sets,
// NumberValues, Uint8Arrays, Dates, class instances) take the slow path's
// own conversion for their part.

// docFast holds, for the operations with a fast path, the input members
// that are marshalled and the output members that are unmarshalled, from
// docInput and docOutput.
var docFast = func() map[string]docFastPaths {
	out := map[string]docFastPaths{}
	for op, paths := range docInput {
		var f docFastPaths
		ok := true
		for _, p := range paths {
			if len(p) != 1 {
				ok = false
			}
			f.in = append(f.in, p[0])
		}
		for _, p := range docOutput[op] {
			switch {
			case len(p) == 1:
				f.out = append(f.out, p[0])
			case len(p) == 2 && p[1] == "[]":
				f.outLists = append(f.outLists, p[0])
			default:
				ok = false
			}
		}
		if ok {
			out[op] = f
		}
	}
	return out
}()

type docFastPaths struct {
	in       []string // marshalled input members, in lib-dynamodb's order
	out      []string // unmarshalled output members
	outLists []string // output members that are lists of items
}

// useDocFast can be turned off by tests, to compare with the slow path;
// docFastCalls counts the calls that took the fast path.
var (
	useDocFast   = true
	docFastCalls atomic.Int64
)

// plainObject reports whether awsToGo would convert obj as a plain map
// (in the document client's mode).
func (in *instance) plainObject(obj *goja.Object) bool {
	if obj.Prototype() != in.aws.objProto || obj.ClassName() != "Object" {
		return false
	}
	t := obj.ExportType()
	return t != bytesType && t != arrayBufferType
}

// enter counts one level of nesting as awsToGo does, and throws its error
// past maxInputDepth; the caller defers in.aws.depth--.
func (in *instance) enter() {
	if in.aws.depth >= maxInputDepth {
		panic(in.newError("TypeError", "Converting circular structure to JSON: the input of this SDK call refers to itself, or nests deeper than 100 levels", ""))
	}
	in.aws.depth++
}

// docFastInput converts a document-client input object. It returns what
// awsToGo, docPaths and dropUndefined make of it, and the marshalling
// error to throw.
func (in *instance) docFastInput(obj *goja.Object, paths []string, opts dynamodb.MarshalOptions) (map[string]any, error) {
	in.enter()
	defer func() { in.aws.depth-- }()
	keys := obj.Keys()
	out := make(map[string]any, len(keys))
	var firstErr error
	errRank := len(paths)
	for _, k := range keys {
		e := obj.Get(k)
		rank := -1
		for i, p := range paths {
			if p == k {
				rank = i
				break
			}
		}
		if rank < 0 {
			x := in.awsToGo(e, true)
			if x == dynamodb.Undefined {
				continue
			}
			dropUndefined(x)
			out[k] = x
			continue
		}
		var m map[string]any
		var err error
		if o, ok := e.(*goja.Object); ok && in.plainObject(o) {
			m, err = in.docMarshalObject(o, opts)
		} else {
			x := in.awsToGo(e, true)
			doc, isMap := x.(map[string]any)
			if !isMap {
				if x == dynamodb.Undefined {
					continue
				}
				dropUndefined(x)
				out[k] = x
				continue
			}
			m, err = dynamodb.Marshal(doc, opts)
		}
		if err != nil {
			if rank < errRank {
				firstErr, errRank = err, rank
			}
			continue
		}
		out[k] = m
	}
	return out, firstErr
}

// docMarshalObject is dynamodb.Marshal(awsToGo(obj)) for a plain object.
// After the first error it still reads (converts) the remaining members.
func (in *instance) docMarshalObject(obj *goja.Object, opts dynamodb.MarshalOptions) (map[string]any, error) {
	in.enter()
	defer func() { in.aws.depth-- }()
	keys := obj.Keys()
	out := make(map[string]any, len(keys))
	var err error
	for _, k := range keys {
		var av any
		var keep bool
		if av, keep, err = in.docMarshalMember(obj.Get(k), opts, err); keep {
			out[k] = av
		}
	}
	return out, err
}

// docMarshalMember marshals e, a member of an object or an element of an
// array, given err, the container's first error so far. After an error
// it only reads (converts) e; an undefined e is dropped or refused as
// opts say. keep reports whether av belongs in the container.
func (in *instance) docMarshalMember(e goja.Value, opts dynamodb.MarshalOptions, err error) (av any, keep bool, _ error) {
	if err != nil {
		in.awsToGo(e, true)
		return nil, false, err
	}
	if e == nil || goja.IsUndefined(e) {
		if opts.RemoveUndefinedValues {
			return nil, false, nil
		}
		_, err = dynamodb.MarshalValue(dynamodb.Undefined, opts)
		return nil, false, err
	}
	av, err = in.docMarshalValue(e, opts)
	return av, err == nil, err
}

// docMarshalValue is dynamodb.MarshalValue(awsToGo(v)) for a value that
// is not undefined, with scalars, lists and maps as dynamodb.AV (which
// the service reads as it reads the maps).
func (in *instance) docMarshalValue(v goja.Value, opts dynamodb.MarshalOptions) (any, error) {
	obj, ok := v.(*goja.Object)
	if !ok {
		return dynamodb.MarshalAV(in.awsToGo(v, true), opts)
	}
	if in.plainObject(obj) {
		m, err := in.docMarshalObject(obj, opts)
		if err != nil {
			return nil, err
		}
		return dynamodb.AV{Type: "M", Value: m}, nil
	}
	if obj.ClassName() != "Array" {
		return dynamodb.MarshalValue(in.awsToGo(obj, true), opts)
	}
	in.enter()
	defer func() { in.aws.depth-- }()
	n := obj.Get("length").ToInteger()
	l := make([]any, 0, n)
	var err error
	for i := int64(0); i < n; i++ {
		var av any
		var keep bool
		if av, keep, err = in.docMarshalMember(obj.Get(itoa(i)), opts, err); keep {
			l = append(l, av)
		}
	}
	if err != nil {
		return nil, err
	}
	return dynamodb.AV{Type: "L", Value: l}, nil
}

// docFastOutput replaces the output's marshalled members by their
// JavaScript values (awsToJS of dynamodb.Unmarshal of each item), which
// awsToJS then keeps as they are.
func (in *instance) docFastOutput(out map[string]any, f docFastPaths, opts dynamodb.UnmarshalOptions) error {
	for _, k := range f.out {
		item, ok := out[k].(map[string]any)
		if !ok {
			continue
		}
		v, err := in.docItemToJS(item, opts)
		if err != nil {
			return err
		}
		out[k] = v
	}
	for _, k := range f.outLists {
		list, ok := out[k].([]any)
		if !ok {
			continue
		}
		conv := make([]any, len(list))
		for i, e := range list {
			conv[i] = e
			item, ok := e.(map[string]any)
			if !ok {
				continue
			}
			v, err := in.docItemToJS(item, opts)
			if err != nil {
				return err
			}
			conv[i] = v
		}
		out[k] = conv
	}
	return nil
}

// docItemToJS is awsToJS(dynamodb.Unmarshal(item)): an object with the
// item's attributes in sorted order. Strings, booleans and nulls are
// converted here; other types by dynamodb.UnmarshalValue and awsToJS.
func (in *instance) docItemToJS(item map[string]any, opts dynamodb.UnmarshalOptions) (goja.Value, error) {
	vals := make(map[string]goja.Value, len(item))
	for k, av := range item {
		v, err := in.docValueToJS(av, opts)
		if err != nil {
			return nil, err
		}
		vals[k] = v
	}
	obj := in.vm.NewObject()
	if len(vals) == 1 {
		for k, v := range vals {
			_ = obj.Set(k, v)
		}
		return obj, nil
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		_ = obj.Set(k, vals[k])
	}
	return obj, nil
}

func (in *instance) docValueToJS(av any, opts dynamodb.UnmarshalOptions) (goja.Value, error) {
	if m, ok := av.(map[string]any); ok && len(m) == 1 {
		if s, ok := m["S"].(string); ok {
			return in.vm.ToValue(s), nil
		}
		if b, ok := m["BOOL"].(bool); ok {
			return in.vm.ToValue(b), nil
		}
		if n, ok := m["NULL"].(bool); ok && n {
			return goja.Null(), nil
		}
		if mm, ok := m["M"].(map[string]any); ok {
			return in.docItemToJS(mm, opts)
		}
	}
	n, err := dynamodb.UnmarshalValue(av, opts)
	if err != nil {
		return nil, err
	}
	return in.awsToJS(n), nil
}
