package python

import (
	"bytes"
	"encoding/hex"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// The marshal reader and writer agree with the machine's python3 (skipped
// when missing): what Python writes, Go reads; what Go writes, Python
// reads back equal to the value.
func TestMarshalMatchesPython(t *testing.T) {
	py3, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the marshal format is not checked against it")
	}
	const values = `[None, True, False, 0, -1, 2**31-1, -2**31, 2**31, -2**40, 2**62, 1.5, -0.25, "", "héllo", "a" * 300,
 b"", b"\x00\xff", ("t", 1), [1, [2, [3]]], {"k": {"n": "x"}}, {"s", "t"}, frozenset(["f"]), {"rep": "x", "rep2": "x"},
 ("dynamodb", "PutItem", {"TableName": "T", "Item": {"id": {"S": "o-1"}, "n": {"N": "2"}, "b": {"B": b"x"}}})]`
	out, err := exec.Command(py3, "-c", "import marshal\nfor v in "+values+": print(marshal.dumps(v).hex())").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := []any{nil, true, false, 0, -1, 1<<31 - 1, -1 << 31, 1 << 31, -1 << 40, 1 << 62, 1.5, -0.25, "", "héllo", strings.Repeat("a", 300),
		[]byte{}, []byte{0, 0xff}, []any{"t", 1}, []any{1, []any{2, []any{3}}}, map[string]any{"k": map[string]any{"n": "x"}}, nil, []any{"f"},
		map[string]any{"rep": "x", "rep2": "x"},
		[]any{"dynamodb", "PutItem", map[string]any{"TableName": "T", "Item": map[string]any{"id": map[string]any{"S": "o-1"}, "n": map[string]any{"N": "2"}, "b": map[string]any{"B": []byte("x")}}}}}
	lines := strings.Fields(string(out))
	if len(lines) != len(want) {
		t.Fatalf("%d values from python3, want %d", len(lines), len(want))
	}
	for i, l := range lines {
		data, _ := hex.DecodeString(l)
		got, err := unmarshalPy(data)
		if err != nil {
			t.Errorf("value %d (%s): %v", i, l, err)
			continue
		}
		if i == 20 { // a set: order is Python's
			if s, _ := got.([]any); len(s) != 2 {
				t.Errorf("value %d: %#v", i, got)
			}
			continue
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("value %d (%s): %#v, want %#v", i, l, got, want[i])
		}
		// And back: Python reads what Go writes as the same value.
		enc, err := marshalPy(nil, got)
		if err != nil {
			t.Errorf("value %d: %v", i, err)
			continue
		}
		same, err := exec.Command(py3, "-c", "import marshal, sys\na, b = (bytes.fromhex(x) for x in sys.argv[1:])\nx, y = marshal.loads(a), marshal.loads(b)\nprint(x == y or (isinstance(x, tuple) and list(x) == y) or (isinstance(x, frozenset) and list(x) == y))",
			hex.EncodeToString(data), hex.EncodeToString(enc)).Output()
		if err != nil || !bytes.Equal(bytes.TrimSpace(same), []byte("True")) {
			t.Errorf("value %d: python3 reads Go's %x as another value (%s %v)", i, enc, same, err)
		}
	}
	if _, err := marshalPy(nil, map[string]any{"t": struct{}{}}); err == nil {
		t.Error("a struct was marshalled")
	}
	if _, err := unmarshalPy([]byte{'{', 'i', 1, 0, 0, 0}); err == nil {
		t.Error("a dict with an int key was read")
	}
}
