package dynamodb

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
)

// kind is an AttributeValue's data type.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
type kind uint8

const (
	kS kind = iota + 1
	kN
	kB
	kBOOL
	kNULL
	kM
	kL
	kSS
	kNS
	kBS
)

var kindNames = [...]string{kS: "S", kN: "N", kB: "B", kBOOL: "BOOL", kNULL: "NULL", kM: "M", kL: "L", kSS: "SS", kNS: "NS", kBS: "BS"}

func (k kind) String() string { return kindNames[k] }

// longName is the type's name in the "operand type" of UpdateExpression
// operand errors (ADD/DELETE).
func (k kind) longName() string {
	switch k {
	case kS:
		return "STRING"
	case kN:
		return "NUMBER"
	case kB:
		return "BINARY"
	case kBOOL:
		return "BOOLEAN"
	case kNULL:
		return "NULL"
	case kM:
		return "MAP"
	case kL:
		return "LIST"
	case kSS:
		return "SET_OF_STRING"
	case kNS:
		return "SET_OF_NUMBER"
	case kBS:
		return "SET_OF_BINARY"
	}
	return "UNKNOWN"
}

func (k kind) isSet() bool { return k == kSS || k == kNS || k == kBS }

// av is the internal, validated form of an AttributeValue. Numbers are kept
// in DynamoDB's canonical form; binary values are kept as string bytes.
type av struct {
	k   kind
	s   string // S, N, B
	b   bool   // BOOL
	m   map[string]*av
	l   []*av
	set []string // SS, NS (canonical), BS; in insertion order, no duplicates
	idx int      // source list index, used while building a projection
}

type item = map[string]*av

var avTypes = [...]string{"S", "N", "M", "L", "BOOL", "NULL", "B", "SS", "NS", "BS"}

// AV is one AttributeValue in a form cheaper to build than the wire map
// ({"S": "x"} is AV{"S", "x"}): Type is the data type, Value what the map
// holds under it. Call reads it wherever it reads an AttributeValue, with
// the same validation; the SDK shims that build inputs from their own
// values (the Node.js document client) use it. MarshalAV makes it.
type AV struct {
	Type  string
	Value any
}

// decodeAV converts the wire form ({"S":"x"}, {"N":"1"}, ...) or an AV to
// av, validating it as DynamoDB does.
func decodeAV(v any) (*av, error) {
	if a, ok := v.(AV); ok {
		return decodeTyped(a.Type, a.Value)
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		if ok && len(m) == 0 {
			return nil, validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
		}
		if ok {
			return nil, validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
		}
		return nil, validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
	}
	// probe the common types first: cheaper than ranging over the map
	t, x := "", any(nil)
	for _, k := range avTypes {
		if v, ok := m[k]; ok {
			t, x = k, v
			break
		}
	}
	if t == "" {
		for k := range m {
			t = k
		}
	}
	return decodeTyped(t, x)
}

// decodeTyped converts the value x of an AttributeValue of type t.
func decodeTyped(t string, x any) (*av, error) {
	switch t {
	case "S":
		s, ok := x.(string)
		if !ok {
			return nil, typeErr(t, x)
		}
		return &av{k: kS, s: s}, nil
	case "N":
		s, ok := x.(string)
		if !ok {
			return nil, typeErr(t, x)
		}
		c, err := canonicalNumber(s)
		if err != nil {
			return nil, err
		}
		return &av{k: kN, s: c}, nil
	case "B":
		b, err := decodeBytes(x)
		if err != nil {
			return nil, err
		}
		return &av{k: kB, s: b}, nil
	case "BOOL":
		b, ok := x.(bool)
		if !ok {
			return nil, typeErr(t, x)
		}
		return &av{k: kBOOL, b: b}, nil
	case "NULL":
		b, ok := x.(bool)
		if !ok || !b {
			return nil, validation("One or more parameter values were invalid: Null attribute value types must have the value of true")
		}
		return &av{k: kNULL}, nil
	case "M":
		mm, ok := x.(map[string]any)
		if !ok {
			return nil, typeErr(t, x)
		}
		out := &av{k: kM, m: make(map[string]*av, len(mm))}
		for k, e := range mm {
			d, err := decodeAV(e)
			if err != nil {
				return nil, err
			}
			out.m[k] = d
		}
		return out, nil
	case "L":
		ll, ok := x.([]any)
		if !ok {
			return nil, typeErr(t, x)
		}
		out := &av{k: kL, l: make([]*av, len(ll))}
		for i, e := range ll {
			d, err := decodeAV(e)
			if err != nil {
				return nil, err
			}
			out.l[i] = d
		}
		return out, nil
	case "SS", "NS", "BS":
		return decodeSet(t, x)
	default:
		return nil, validation("Supplied AttributeValue has an unknown datatype %q: use one of S, N, B, SS, NS, BS, M, L, NULL, BOOL", t)
	}
}

func typeErr(t string, x any) error {
	return validation("Supplied AttributeValue of type %s has a value of the wrong type (%T)", t, x)
}

func decodeBytes(x any) (string, error) {
	switch b := x.(type) {
	case []byte:
		return string(b), nil
	case string:
		// JSON carries binary as base64, as the DynamoDB wire protocol does.
		d, err := base64.StdEncoding.DecodeString(b)
		if err != nil {
			return "", validation("Invalid binary value: %q is not base64", b)
		}
		return string(d), nil
	}
	return "", validation("Supplied AttributeValue of type B has a value of the wrong type (%T)", x)
}

var setNames = map[string]string{"SS": "string set", "NS": "number set", "BS": "binary set"}

func decodeSet(t string, x any) (*av, error) {
	var elems []any
	switch v := x.(type) {
	case []any:
		elems = v
	case []string:
		for _, s := range v {
			elems = append(elems, s)
		}
	case [][]byte:
		for _, s := range v {
			elems = append(elems, s)
		}
	default:
		return nil, typeErr(t, x)
	}
	if len(elems) == 0 {
		// AWS's wording, double space included.
		return nil, validation("One or more parameter values were invalid: An %s  may not be empty", setNames[t])
	}
	out := &av{k: map[string]kind{"SS": kSS, "NS": kNS, "BS": kBS}[t]}
	seen := make(map[string]bool, len(elems))
	var raw []string
	for _, e := range elems {
		var s string
		switch t {
		case "SS":
			str, ok := e.(string)
			if !ok {
				return nil, typeErr(t, e)
			}
			s = str
		case "NS":
			str, ok := e.(string)
			if !ok {
				return nil, typeErr(t, e)
			}
			c, err := canonicalNumber(str)
			if err != nil {
				return nil, err
			}
			s = c
		case "BS":
			b, err := decodeBytes(e)
			if err != nil {
				return nil, err
			}
			s = b
		}
		raw = append(raw, fmt.Sprint(e))
		if seen[s] {
			return nil, validation("One or more parameter values were invalid: Input collection [%s] contains duplicates.", strings.Join(raw, ", "))
		}
		seen[s] = true
		out.set = append(out.set, s)
	}
	return out, nil
}

func decodeItem(v any, what string) (item, error) {
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, validation("%s must be a map of attribute names to AttributeValues", what)
	}
	out := make(item, len(m))
	for k, e := range m {
		d, err := decodeAV(e)
		if err != nil {
			return nil, err
		}
		out[k] = d
	}
	return out, nil
}

// encode returns the wire form. Binary values come back as []byte (the
// SDK shims turn them into Uint8Array / bytes).
func (a *av) encode() map[string]any {
	switch a.k {
	case kS:
		return map[string]any{"S": a.s}
	case kN:
		return map[string]any{"N": a.s}
	case kB:
		return map[string]any{"B": []byte(a.s)}
	case kBOOL:
		return map[string]any{"BOOL": a.b}
	case kNULL:
		return map[string]any{"NULL": true}
	case kM:
		m := make(map[string]any, len(a.m))
		for k, v := range a.m {
			m[k] = v.encode()
		}
		return map[string]any{"M": m}
	case kL:
		l := make([]any, len(a.l))
		for i, v := range a.l {
			l[i] = v.encode()
		}
		return map[string]any{"L": l}
	case kSS, kNS:
		l := make([]any, len(a.set))
		for i, v := range a.set {
			l[i] = v
		}
		return map[string]any{a.k.String(): l}
	case kBS:
		l := make([]any, len(a.set))
		for i, v := range a.set {
			l[i] = []byte(v)
		}
		return map[string]any{"BS": l}
	}
	return nil
}

func encodeItem(it item) map[string]any {
	out := make(map[string]any, len(it))
	for k, v := range it {
		out[k] = v.encode()
	}
	return out
}

func (a *av) clone() *av {
	c := *a
	if a.m != nil {
		c.m = make(map[string]*av, len(a.m))
		for k, v := range a.m {
			c.m[k] = v.clone()
		}
	}
	if a.l != nil {
		c.l = make([]*av, len(a.l))
		for i, v := range a.l {
			c.l[i] = v.clone()
		}
	}
	if a.set != nil {
		c.set = append([]string(nil), a.set...)
	}
	return &c
}

func cloneItem(it item) item {
	if it == nil {
		return nil
	}
	out := make(item, len(it))
	for k, v := range it {
		out[k] = v.clone()
	}
	return out
}

// equal is DynamoDB's equality: same type and value; sets compare as sets.
func equal(a, b *av) bool {
	if a.k != b.k {
		return false
	}
	switch a.k {
	case kS, kB:
		return a.s == b.s
	case kN:
		return compareNumbers(a.s, b.s) == 0
	case kBOOL:
		return a.b == b.b
	case kNULL:
		return true
	case kM:
		if len(a.m) != len(b.m) {
			return false
		}
		for k, v := range a.m {
			w, ok := b.m[k]
			if !ok || !equal(v, w) {
				return false
			}
		}
		return true
	case kL:
		if len(a.l) != len(b.l) {
			return false
		}
		for i := range a.l {
			if !equal(a.l[i], b.l[i]) {
				return false
			}
		}
		return true
	default:
		if len(a.set) != len(b.set) {
			return false
		}
		for _, x := range a.set {
			if !setHas(b, x) {
				return false
			}
		}
		return true
	}
}

func setHas(set *av, x string) bool {
	for _, y := range set.set {
		if y == x || (set.k == kNS && compareNumbers(x, y) == 0) {
			return true
		}
	}
	return false
}

// compare orders two values of the same scalar type (S by UTF-8 bytes, N
// numerically, B by unsigned bytes). ok is false for other types.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Comparators
func compare(a, b *av) (int, bool) {
	if a.k != b.k {
		return 0, false
	}
	switch a.k {
	case kS:
		return strings.Compare(a.s, b.s), true
	case kB:
		return bytes.Compare([]byte(a.s), []byte(b.s)), true
	case kN:
		return compareNumbers(a.s, b.s), true
	}
	return 0, false
}

// describe renders a value the way DynamoDB's messages print an operand
// (e.g. "{N:10}", "{S:abc}").
func (a *av) describe() string {
	switch a.k {
	case kS, kN:
		return "{" + a.k.String() + ":" + a.s + "}"
	case kBOOL:
		return fmt.Sprintf("{BOOL:%v}", a.b)
	}
	return "{" + a.k.String() + "}"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
