package dynamodb

import (
	"fmt"
	"reflect"
	"testing"
)

// asAV gives every AttributeValue of a wire-form value in the AV form.
func asAV(v any) any {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return v
	}
	for t, x := range m {
		switch t {
		case "M":
			if mm, ok := x.(map[string]any); ok {
				conv := make(map[string]any, len(mm))
				for k, e := range mm {
					conv[k] = asAV(e)
				}
				x = conv
			}
		case "L":
			if l, ok := x.([]any); ok {
				conv := make([]any, len(l))
				for i, e := range l {
					conv[i] = asAV(e)
				}
				x = conv
			}
		}
		return AV{t, x}
	}
	return v
}

// An AV is read as the wire map it stands for: the same value, or the
// same ValidationException.
func TestAVReadsAsTheWireMap(t *testing.T) {
	for _, wire := range []any{
		map[string]any{"S": "x"}, map[string]any{"S": 1},
		map[string]any{"N": "1.50"}, map[string]any{"N": "1e400"}, map[string]any{"N": "abc"}, map[string]any{"N": 2},
		map[string]any{"B": []byte{1}}, map[string]any{"B": "AQ=="}, map[string]any{"B": "%%"},
		map[string]any{"BOOL": true}, map[string]any{"BOOL": "true"},
		map[string]any{"NULL": true}, map[string]any{"NULL": false},
		map[string]any{"SS": []any{"a", "b"}}, map[string]any{"SS": []any{"a", "a"}}, map[string]any{"SS": []any{}},
		map[string]any{"NS": []any{"1", "01"}}, map[string]any{"BS": []any{[]byte{1}}},
		map[string]any{"M": map[string]any{"a": map[string]any{"S": "x"}, "b": map[string]any{"L": []any{map[string]any{"N": "1"}, map[string]any{"NULL": false}}}}},
		map[string]any{"L": []any{map[string]any{"M": map[string]any{}}, map[string]any{"BOOL": false}}},
		map[string]any{"X": "?"},
	} {
		want, werr := decodeAV(wire)
		got, gerr := decodeAV(asAV(wire))
		if fmt.Sprint(werr) != fmt.Sprint(gerr) || !reflect.DeepEqual(want, got) {
			t.Errorf("%v: the map gives %v, %v; the AV %v, %v", wire, want, werr, got, gerr)
		}
	}
}

// MarshalAV is MarshalValue for scalars, in the AV form.
func TestMarshalAV(t *testing.T) {
	for _, o := range []MarshalOptions{{}, {ConvertEmptyValues: true}, {AllowImpreciseNumbers: true}} {
		for _, v := range []any{nil, true, "", "s", NumberValue("12.5"), 1.5, 0.0, 1e300, 9007199254740993.0, []any{1.0}, map[string]any{"a": "b"}, StringSet{"x"}, []byte{}} {
			want, werr := MarshalValue(v, o)
			got, gerr := MarshalAV(v, o)
			if av, ok := got.(AV); ok {
				got = map[string]any{av.Type: av.Value}
			}
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || (werr == nil && !reflect.DeepEqual(want, got)) {
				t.Errorf("%#v %+v: MarshalValue %v, %v; MarshalAV %v, %v", v, o, want, werr, got, gerr)
			}
		}
	}
}
