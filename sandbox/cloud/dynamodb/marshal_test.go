package dynamodb

import (
	"math"
	"math/big"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// convertToAttr / convertToNative rules of @aws-sdk/util-dynamodb:
// https://github.com/aws/aws-sdk-js-v3/blob/main/packages/util-dynamodb/src/convertToAttr.ts
// https://github.com/aws/aws-sdk-js-v3/blob/main/packages/util-dynamodb/src/convertToNative.ts
// (the lib-dynamodb document client applies them: https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-lib-dynamodb/)
func TestMarshal(t *testing.T) {
	big1 := new(big.Int)
	big1.SetString("123456789012345678901234567890", 10)
	doc := map[string]any{
		"s": "x", "empty": "", "n": 1.5, "i": 42, "big": big1, "exact": NumberValue("0.10"), "t": true, "nil": nil,
		"b": []byte{1, 2}, "l": []any{"a", 2.0}, "m": map[string]any{"k": "v"},
		"ss": StringSet{"a", "b"}, "ns": NumberSet{1.0, NumberValue("2.5")}, "bs": BinarySet{{1}},
	}
	got, err := Marshal(doc, MarshalOptions{})
	must(t, err)
	want := `{"b":{"B":"AQI="},"big":{"N":"123456789012345678901234567890"},"bs":{"BS":["AQ=="]},"empty":{"S":""},"exact":{"N":"0.10"},"i":{"N":"42"},"l":{"L":[{"S":"a"},{"N":"2"}]},"m":{"M":{"k":{"S":"v"}}},"n":{"N":"1.5"},"nil":{"NULL":true},"ns":{"NS":["1","2.5"]},"s":{"S":"x"},"ss":{"SS":["a","b"]},"t":{"BOOL":true}}`
	if toJSON(got) != want {
		t.Fatalf("Marshal:\n got  %s\n want %s", toJSON(got), want)
	}
	// what Marshal builds, Call accepts
	s := newTestService(t)
	got["id"] = map[string]any{"S": "doc"}
	if _, err := s.Call("PutItem", map[string]any{"TableName": "items", "Item": got}); err != nil {
		t.Fatalf("PutItem of a marshalled item: %v", err)
	}
	out, err := s.Call("GetItem", map[string]any{"TableName": "items", "Key": map[string]any{"id": map[string]any{"S": "doc"}}})
	must(t, err)
	back, err := Unmarshal(out["Item"].(map[string]any), UnmarshalOptions{})
	must(t, err)
	if back["n"] != 1.5 || back["i"] != 42.0 || back["exact"] != 0.1 || back["empty"] != "" || back["nil"] != nil ||
		back["big"].(*big.Int).Cmp(big1) != 0 || toJSON(back["ns"]) != `[1,2.5]` || toJSON(back["l"]) != `["a",2]` {
		t.Errorf("Unmarshal: %#v", back)
	}
	wrapped, err := Unmarshal(out["Item"].(map[string]any), UnmarshalOptions{WrapNumbers: true})
	must(t, err)
	if wrapped["exact"] != NumberValue("0.1") {
		t.Errorf("WrapNumbers: %#v", wrapped["exact"])
	}

	for _, c := range []struct {
		v    any
		opts MarshalOptions
		want string
	}{
		{map[string]any{"u": Undefined}, MarshalOptions{}, "Pass options.removeUndefinedValues=true to remove undefined values from map/array/set."},
		{StringSet{}, MarshalOptions{}, "Pass a non-empty set, or options.convertEmptyValues=true."},
		{math.NaN(), MarshalOptions{}, "Special numeric value NaN is not allowed"},
		{math.Inf(1), MarshalOptions{}, "Special numeric value Infinity is not allowed"},
		{9007199254740993.0, MarshalOptions{}, "Number 9007199254740992 is greater than Number.MAX_SAFE_INTEGER. Use BigInt. "},
		{-9007199254740993.0, MarshalOptions{}, "Number -9007199254740992 is lesser than Number.MIN_SAFE_INTEGER. Use BigInt. "},
		{1.5, MarshalOptions{RejectFloats: true}, "Float types are not supported. Use Decimal types instead."},
		{struct{}{}, MarshalOptions{}, "Unsupported type passed: struct {}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute."},
	} {
		var err error
		if m, ok := c.v.(map[string]any); ok {
			_, err = Marshal(m, c.opts)
		} else {
			_, err = MarshalValue(c.v, c.opts)
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("MarshalValue(%v): %v, want %q", c.v, err, c.want)
		}
	}
	// options
	got, err = Marshal(map[string]any{"u": Undefined, "l": []any{Undefined, "a"}, "e": "", "set": StringSet{}}, MarshalOptions{RemoveUndefinedValues: true, ConvertEmptyValues: true})
	must(t, err)
	if toJSON(got) != `{"e":{"NULL":true},"l":{"L":[{"S":"a"}]},"set":{"NULL":true}}` {
		t.Errorf("removeUndefinedValues + convertEmptyValues: %s", toJSON(got))
	}
	// DynamoDB returns 1.5E+20 as the integer 150000000000000000000: a BigInt.
	if v, err := UnmarshalValue(map[string]any{"N": "1.5E+20"}, UnmarshalOptions{}); err != nil || v.(*big.Int).String() != "150000000000000000000" {
		t.Errorf("large integer: %v, %v", v, err)
	}
	if _, err := UnmarshalValue(map[string]any{"N": "9007199254740993.5"}, UnmarshalOptions{}); err == nil || err.Error() != "9007199254740993.5 can't be converted to BigInt. Set options.wrapNumbers to get string value." {
		t.Errorf("large decimal: %v", err)
	}
}

// jsString must print numbers as JavaScript does; node is the oracle.
func TestJSNumberStringMatchesNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: the differential check of Number#toString needs it")
	}
	nums := []float64{0, 1, -1, 1.5, 0.1, 0.1 + 0.2, 1e21, 1e20, 123456789012345680000, 1e-6, 1e-7, 1.5e-7, -2.5e-10, 123.456, 9007199254740991, 5e-324, 1.7976931348623157e308, 100, 1e300}
	var js []string
	for _, f := range nums {
		js = append(js, "("+strconv.FormatFloat(f, 'g', -1, 64)+").toString()")
	}
	out, err := exec.Command(node, "-e", "console.log(["+strings.Join(js, ",")+"].join('\\n'))").Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i, f := range nums {
		if got := jsString(f); got != lines[i] {
			t.Errorf("jsString(%v) = %s, node says %s", f, got, lines[i])
		}
	}
}
