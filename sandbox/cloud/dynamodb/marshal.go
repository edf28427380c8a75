package dynamodb

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
)

// The document-client form: native values <-> typed AttributeValues, following
// @aws-sdk/util-dynamodb's convertToAttr / convertToNative, which
// @aws-sdk/lib-dynamodb applies to every command's input and output
// (https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-dynamodb/,
// https://github.com/aws/aws-sdk-js-v3/tree/main/packages/util-dynamodb).
//
// Go stands in for JavaScript values as follows: nil is null, Undefined is
// undefined, float64 is a JS number, *big.Int a bigint, NumberValue lib-dynamodb's
// NumberValue, []byte a Uint8Array, []any an Array, map[string]any an object,
// StringSet/NumberSet/BinarySet a Set of strings/numbers/binaries.
//
// boto3's TypeSerializer (boto3.dynamodb.types) differs: it rejects Python
// floats ("Float types are not supported. Use Decimal types instead.") and
// numbers come back as Decimal, never float; MarshalOptions.RejectFloats
// gives its behaviour for the Python shim. boto3 does not reject an empty
// set itself: DynamoDB does, with the ValidationException Call returns.

// The errors carry the SDK's own messages, capitalised as the SDK writes
// them: the shims throw them to the handler unchanged.

// NumberValue is a number kept as its decimal string (lib-dynamodb's
// NumberValue, boto3's Decimal).
type NumberValue string

// StringSet, NumberSet and BinarySet are the three DynamoDB set types.
// A NumberSet holds numbers as Marshal takes them (float64, ints, *big.Int,
// NumberValue) and as Unmarshal returns them.
type (
	StringSet []string
	NumberSet []any
	BinarySet [][]byte
)

type undefined struct{}

// Undefined stands for JavaScript's undefined.
var Undefined = undefined{}

// MarshalOptions are convertToAttr's options (marshallOptions of the
// DynamoDBDocumentClient).
type MarshalOptions struct {
	ConvertEmptyValues    bool // empty strings, binaries and sets become NULL
	RemoveUndefinedValues bool // drop undefined members of maps, lists and sets
	AllowImpreciseNumbers bool // allow numbers beyond Number.MAX_SAFE_INTEGER
	RejectFloats          bool // boto3: float64 is an error, use NumberValue (Decimal)
}

// UnmarshalOptions are convertToNative's options.
type UnmarshalOptions struct {
	WrapNumbers bool // N becomes NumberValue instead of float64
}

const maxSafeInteger = 1<<53 - 1

// Marshal converts a native map (a document-client Item, Key or
// ExpressionAttributeValues) to typed AttributeValues.
func Marshal(doc map[string]any, opts MarshalOptions) (map[string]any, error) {
	out := make(map[string]any, len(doc))
	for k, v := range doc {
		if v == Undefined {
			if opts.RemoveUndefinedValues {
				continue
			}
			return nil, errors.New("Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.")
		}
		a, err := MarshalValue(v, opts)
		if err != nil {
			return nil, err
		}
		out[k] = a
	}
	return out, nil
}

// MarshalValue converts one native value to a typed AttributeValue. Errors
// carry lib-dynamodb's messages.
func MarshalValue(v any, opts MarshalOptions) (map[string]any, error) {
	switch x := v.(type) {
	case nil:
		return map[string]any{"NULL": true}, nil
	case undefined:
		return nil, errors.New("Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.")
	case bool:
		return map[string]any{"BOOL": x}, nil
	case string:
		if x == "" && opts.ConvertEmptyValues {
			return map[string]any{"NULL": true}, nil
		}
		return map[string]any{"S": x}, nil
	case NumberValue:
		return map[string]any{"N": string(x)}, nil
	case *big.Int:
		return map[string]any{"N": x.String()}, nil
	case float64:
		n, err := jsNumber(x, opts)
		if err != nil {
			return nil, err
		}
		return map[string]any{"N": n}, nil
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return map[string]any{"N": fmt.Sprint(x)}, nil
	case float32:
		return MarshalValue(float64(x), opts)
	case []byte:
		if len(x) == 0 && opts.ConvertEmptyValues {
			return map[string]any{"NULL": true}, nil
		}
		return map[string]any{"B": x}, nil
	case []any:
		l := make([]any, 0, len(x))
		for _, e := range x {
			if e == Undefined && opts.RemoveUndefinedValues {
				continue
			}
			a, err := MarshalValue(e, opts)
			if err != nil {
				return nil, err
			}
			l = append(l, a)
		}
		return map[string]any{"L": l}, nil
	case map[string]any:
		m, err := Marshal(x, opts)
		if err != nil {
			return nil, err
		}
		return map[string]any{"M": m}, nil
	case StringSet:
		return marshalSet("SS", len(x), opts, func(i int) any { return x[i] })
	case NumberSet:
		l := make([]any, 0, len(x))
		for _, e := range x {
			if e == Undefined && opts.RemoveUndefinedValues {
				continue
			}
			a, err := MarshalValue(e, opts)
			if err != nil {
				return nil, err
			}
			n, ok := a["N"]
			if !ok {
				return nil, errors.New("Only Number Set (NS), Binary Set (BS) or String Set (SS) are allowed.")
			}
			l = append(l, n)
		}
		return marshalSet("NS", len(l), opts, func(i int) any { return l[i] })
	case BinarySet:
		return marshalSet("BS", len(x), opts, func(i int) any { return x[i] })
	}
	return nil, fmt.Errorf("Unsupported type passed: %v. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.", reflect.TypeOf(v))
}

// MarshalAV is MarshalValue giving a value that is not a list, map or set
// as an AV rather than a map (AV{"S", "x"} for {"S": "x"}): it costs one
// small allocation instead of a map's. Lists, maps and sets come back as
// MarshalValue gives them.
func MarshalAV(v any, opts MarshalOptions) (any, error) {
	switch x := v.(type) {
	case nil:
		return AV{"NULL", true}, nil
	case bool:
		return AV{"BOOL", x}, nil
	case string:
		if x == "" && opts.ConvertEmptyValues {
			return AV{"NULL", true}, nil
		}
		return AV{"S", x}, nil
	case NumberValue:
		return AV{"N", string(x)}, nil
	case float64:
		n, err := jsNumber(x, opts)
		if err != nil {
			return nil, err
		}
		return AV{"N", n}, nil
	}
	m, err := MarshalValue(v, opts)
	if err != nil {
		return nil, err
	}
	return m, nil
}

func marshalSet(t string, n int, opts MarshalOptions, at func(int) any) (map[string]any, error) {
	if n == 0 {
		if opts.ConvertEmptyValues {
			return map[string]any{"NULL": true}, nil
		}
		return nil, errors.New("Pass a non-empty set, or options.convertEmptyValues=true.")
	}
	l := make([]any, n)
	for i := range l {
		l[i] = at(i)
	}
	return map[string]any{t: l}, nil
}

// jsNumber is convertToAttr's number rule and JavaScript's Number#toString.
func jsNumber(f float64, opts MarshalOptions) (string, error) {
	if opts.RejectFloats {
		return "", errors.New("Float types are not supported. Use Decimal types instead.")
	}
	s := jsString(f)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("Special numeric value %s is not allowed", s)
	}
	// validateBigIntAndThrow's messages, trailing space included.
	if !opts.AllowImpreciseNumbers && f > maxSafeInteger {
		return "", fmt.Errorf("Number %s is greater than Number.MAX_SAFE_INTEGER. Use BigInt. ", s)
	}
	if !opts.AllowImpreciseNumbers && f < -maxSafeInteger {
		return "", fmt.Errorf("Number %s is lesser than Number.MIN_SAFE_INTEGER. Use BigInt. ", s)
	}
	return s, nil
}

func jsString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	a := math.Abs(f)
	if a >= 1e21 || a < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		exp = strings.TrimLeft(exp[1:], "0")
		return mant + "e" + string(sign) + exp
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// Unmarshal converts typed AttributeValues to native values (convertToNative).
func Unmarshal(item map[string]any, opts UnmarshalOptions) (map[string]any, error) {
	out := make(map[string]any, len(item))
	for k, v := range item {
		n, err := UnmarshalValue(v, opts)
		if err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, nil
}

// UnmarshalValue converts one typed AttributeValue. N becomes float64, or
// *big.Int for an integer beyond the safe range (as convertToNative returns a
// BigInt), or NumberValue with WrapNumbers. Sets come back as StringSet,
// NumberSet (its numbers converted by the same rule) and BinarySet.
func UnmarshalValue(v any, opts UnmarshalOptions) (any, error) {
	a, err := decodeAV(v)
	if err != nil {
		return nil, err
	}
	return native(a, opts)
}

func native(a *av, opts UnmarshalOptions) (any, error) {
	switch a.k {
	case kNULL:
		return nil, nil
	case kBOOL:
		return a.b, nil
	case kS:
		return a.s, nil
	case kB:
		return []byte(a.s), nil
	case kN:
		return nativeNumber(a.s, opts)
	case kL:
		l := make([]any, len(a.l))
		for i, e := range a.l {
			n, err := native(e, opts)
			if err != nil {
				return nil, err
			}
			l[i] = n
		}
		return l, nil
	case kM:
		m := make(map[string]any, len(a.m))
		for k, e := range a.m {
			n, err := native(e, opts)
			if err != nil {
				return nil, err
			}
			m[k] = n
		}
		return m, nil
	case kSS:
		return StringSet(append([]string(nil), a.set...)), nil
	case kNS:
		ns := make(NumberSet, len(a.set))
		for i, e := range a.set {
			n, err := nativeNumber(e, opts)
			if err != nil {
				return nil, err
			}
			ns[i] = n
		}
		return ns, nil
	case kBS:
		bs := make(BinarySet, len(a.set))
		for i, s := range a.set {
			bs[i] = []byte(s)
		}
		return bs, nil
	}
	return nil, fmt.Errorf("unknown attribute type %s", a.k)
}

func nativeNumber(s string, opts UnmarshalOptions) (any, error) {
	if opts.WrapNumbers {
		return NumberValue(s), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, err
	}
	if (f > maxSafeInteger || f < -maxSafeInteger) && !math.IsInf(f, 0) {
		b, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, fmt.Errorf("%s can't be converted to BigInt. Set options.wrapNumbers to get string value.", s)
		}
		return b, nil
	}
	return f, nil
}
