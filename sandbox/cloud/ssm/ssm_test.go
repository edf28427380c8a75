package ssm

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

type clock struct{}

func (clock) Now() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }

func names(out map[string]any) string {
	var n []string
	for _, p := range out["Parameters"].([]any) {
		n = append(n, p.(map[string]any)["Name"].(string))
	}
	return strings.Join(n, ",")
}

// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
func TestParameterStore(t *testing.T) {
	s := New(clock{}, "us-east-1", "123456789012")
	for n, v := range map[string]string{"/app/prod/db/host": "db.internal", "/app/prod/db/port": "5432", "/app/prod/flags": "a,b", "/app/dev/db/host": "localhost"} {
		if err := s.PutParameter(n, "String", v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutParameter("/app/prod/api-key", "SecureString", "s3cr3t"); err != nil {
		t.Fatal(err)
	}
	out, err := s.Call("GetParameter", map[string]any{"Name": "/app/prod/db/host"})
	if err != nil {
		t.Fatal(err)
	}
	p := out["Parameter"].(map[string]any)
	if p["Value"] != "db.internal" || p["Version"] != int64(1) || p["ARN"] != "arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/db/host" || p["Type"] != "String" {
		t.Errorf("GetParameter = %v", p)
	}
	enc, _ := s.Call("GetParameter", map[string]any{"Name": "/app/prod/api-key"})
	if v := enc["Parameter"].(map[string]any)["Value"]; v == "s3cr3t" || !strings.Contains(v.(string), "no KMS") {
		t.Errorf("SecureString without decryption = %v", v)
	}
	dec, _ := s.Call("GetParameter", map[string]any{"Name": "/app/prod/api-key", "WithDecryption": true})
	if dec["Parameter"].(map[string]any)["Value"] != "s3cr3t" {
		t.Errorf("decrypted = %v", dec)
	}
	got, _ := s.Call("GetParametersByPath", map[string]any{"Path": "/app/prod"})
	if names(got) != "/app/prod/api-key,/app/prod/flags" {
		t.Errorf("one level = %s", names(got))
	}
	got, _ = s.Call("GetParametersByPath", map[string]any{"Path": "/app/prod/", "Recursive": true, "MaxResults": 2})
	all := names(got)
	for got["NextToken"] != nil {
		got, _ = s.Call("GetParametersByPath", map[string]any{"Path": "/app/prod/", "Recursive": true, "MaxResults": 2, "NextToken": got["NextToken"]})
		all += "," + names(got)
	}
	if all != "/app/prod/api-key,/app/prod/db/host,/app/prod/db/port,/app/prod/flags" {
		t.Errorf("recursive pages = %s", all)
	}
	many, _ := s.Call("GetParameters", map[string]any{"Names": []any{"/app/dev/db/host", "/nope"}})
	if names(many) != "/app/dev/db/host" || len(many["InvalidParameters"].([]any)) != 1 {
		t.Errorf("GetParameters = %v", many)
	}
	var ce *cloud.Error
	_, err = s.Call("GetParameter", map[string]any{"Name": "/nope"})
	if !errors.As(err, &ce) || ce.Code != "ParameterNotFound" {
		t.Errorf("missing parameter: %v", err)
	}
	_, err = s.Call("PutParameter", map[string]any{"Name": "/app/prod/flags", "Type": "String", "Value": "c"})
	if !errors.As(err, &ce) || ce.Code != "ParameterAlreadyExists" {
		t.Errorf("put without overwrite: %v", err)
	}
	v2, _ := s.Call("PutParameter", map[string]any{"Name": "/app/prod/flags", "Value": "c", "Overwrite": true})
	if v2["Version"] != int64(2) {
		t.Errorf("overwrite version = %v", v2)
	}
	for _, bad := range []string{"app/prod/x", "/aws/reserved", "/has space"} {
		if err := s.PutParameter(bad, "String", "v"); err == nil {
			t.Errorf("PutParameter(%q) accepted", bad)
		}
	}
}

func TestStateRoundTrip(t *testing.T) {
	s := New(clock{}, "us-east-1", "123456789012")
	_ = s.PutParameter("/a/b", "SecureString", "x")
	_ = s.PutParameter("/a/b", "SecureString", "y")
	data, _ := s.MarshalState()
	r := New(clock{}, "us-east-1", "123456789012")
	if err := r.UnmarshalState(data); err != nil {
		t.Fatal(err)
	}
	out, err := r.Call("GetParameter", map[string]any{"Name": "/a/b", "WithDecryption": true})
	if err != nil || out["Parameter"].(map[string]any)["Value"] != "y" || out["Parameter"].(map[string]any)["Version"] != int64(2) {
		t.Errorf("restored: %v, %v", out, err)
	}
	if r.UnmarshalState([]byte(`[{"name":"/aws/x"}]`)) == nil {
		t.Error("a reserved name was restored")
	}
}
