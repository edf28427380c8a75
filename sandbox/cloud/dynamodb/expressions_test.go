package dynamodb

import (
	"bytes"
	"os"
	"testing"

	"gopkg.in/yaml.v3"
)

type exprCase struct {
	Kind    string         `yaml:"kind"`
	Doc     string         `yaml:"doc"`
	Name    string         `yaml:"name"`
	Before  map[string]any `yaml:"before"`
	Expr    string         `yaml:"expr"`
	Cond    string         `yaml:"cond"`
	Filter  string         `yaml:"filter"`
	Proj    string         `yaml:"proj"`
	Key     string         `yaml:"key"`
	Forward *bool          `yaml:"forward"`
	Names   map[string]any `yaml:"names"`
	Values  map[string]any `yaml:"values"`
	Expect  map[string]any `yaml:"expect"`
	Absent  []string       `yaml:"absent"`
	Item    map[string]any `yaml:"item"`
	Result  *bool          `yaml:"result"`
	Sks     []string       `yaml:"sks"`
	Error   string         `yaml:"error"`
	Wording string         `yaml:"wording"`
	Seen    string         `yaml:"seen"`
}

type exprFile struct {
	Docs  map[string]string `yaml:"docs"`
	Base  map[string]any    `yaml:"base"`
	Cases []exprCase        `yaml:"cases"`
}

// TestExpressions runs testdata/expressions.yaml: each case's behaviour is
// documented on the AWS page its doc key names.
func TestExpressions(t *testing.T) {
	raw, err := os.ReadFile("testdata/expressions.yaml")
	must(t, err)
	var f exprFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true) // a mistyped key fails instead of being ignored
	must(t, dec.Decode(&f))
	if len(f.Cases) < 100 {
		t.Fatalf("only %d expression cases; the issue asks for at least 100", len(f.Cases))
	}
	for _, c := range f.Cases {
		t.Run(c.Kind+"/"+c.Name, func(t *testing.T) {
			if f.Docs[c.Doc] == "" {
				t.Fatalf("case %q names no known doc (%q)", c.Name, c.Doc)
			}
			runExprCase(t, c)
		})
	}
}

func (c exprCase) attrs(in map[string]any) {
	if c.Names != nil {
		in["ExpressionAttributeNames"] = c.Names
	}
	if c.Values != nil {
		in["ExpressionAttributeValues"] = c.Values
	}
}

func runExprCase(t *testing.T, c exprCase) {
	s := newTestService(t)
	if len(c.Before) > 0 {
		if _, err := s.Call("PutItem", map[string]any{"TableName": "items", "Item": c.Before}); err != nil {
			t.Fatalf("put before: %v", err)
		}
	}
	var out map[string]any
	var err error
	key := map[string]any{"id": map[string]any{"S": "1"}}
	switch c.Kind {
	case "update":
		in := map[string]any{"TableName": "items", "Key": key, "UpdateExpression": c.Expr, "ReturnValues": "ALL_NEW"}
		if c.Cond != "" {
			in["ConditionExpression"] = c.Cond
		}
		c.attrs(in)
		out, err = s.Call("UpdateItem", in)
	case "condition":
		item := c.Before
		if len(item) == 0 {
			item = key
		}
		in := map[string]any{"TableName": "items", "Item": item, "ConditionExpression": c.Cond}
		c.attrs(in)
		out, err = s.Call("PutItem", in)
	case "filter":
		in := map[string]any{"TableName": "items", "FilterExpression": c.Filter}
		c.attrs(in)
		out, err = s.Call("Scan", in)
	case "projection":
		in := map[string]any{"TableName": "items", "Key": key, "ProjectionExpression": c.Proj}
		c.attrs(in)
		out, err = s.Call("GetItem", in)
	case "key":
		for _, it := range []string{"a:1", "a:2", "a:3", "a:4", "a:5", "b:1"} {
			mustCall(t, s, "PutItem", `{"TableName":"events","Item":{"pk":{"S":"`+it[:1]+`"},"sk":{"N":"`+it[2:]+`"}}}`)
		}
		in := map[string]any{"TableName": "events", "KeyConditionExpression": c.Key}
		if c.Forward != nil {
			in["ScanIndexForward"] = *c.Forward
		}
		c.attrs(in)
		out, err = s.Call("Query", in)
	default:
		t.Fatalf("unknown kind %q", c.Kind)
	}
	if c.Error != "" {
		if got := errString(err); got != c.Error {
			t.Fatalf("error:\n got  %s\n want %s", got, c.Error)
		}
		return
	}
	if c.Kind == "condition" && c.Result != nil && !*c.Result {
		if got := errString(err); got != "ConditionalCheckFailedException: The conditional request failed" {
			t.Fatalf("want the condition to fail, got %s", got)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	switch c.Kind {
	case "update":
		got, _ := decodeItem(out["Attributes"], "Attributes")
		want, derr := decodeItem(c.Expect, "expect")
		must(t, derr)
		for k, w := range want {
			if g, ok := got[k]; !ok || !equal(g, w) {
				t.Errorf("attribute %s: got %s, want %s", k, toJSON(encodeItem(item{k: got[k]})), toJSON(c.Expect[k]))
			}
		}
		for _, k := range c.Absent {
			if _, ok := got[k]; ok {
				t.Errorf("attribute %s should be gone, got %s", k, toJSON(encodeItem(item{k: got[k]})))
			}
		}
	case "filter":
		matched := out["Count"].(int) == 1
		if c.Result == nil || matched != *c.Result {
			t.Errorf("filter matched=%v, want %v", matched, c.Result != nil && *c.Result)
		}
	case "projection":
		got, _ := decodeItem(out["Item"], "Item")
		want, derr := decodeItem(c.Item, "item")
		must(t, derr)
		if !itemsEqual(got, want) {
			t.Errorf("projection:\n got  %s\n want %s", toJSON(out["Item"]), toJSON(c.Item))
		}
	case "key":
		var sks []string
		for _, it := range out["Items"].([]any) {
			sks = append(sks, it.(map[string]any)["sk"].(map[string]any)["N"].(string))
		}
		if toJSON(sks) != toJSON(c.Sks) && !(len(sks) == 0 && len(c.Sks) == 0) {
			t.Errorf("sort keys %v, want %v", sks, c.Sks)
		}
	}
}
