package secrets

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

type clock struct{}

func (clock) Now() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }

// GetSecretValue by name, full ARN or partial ARN; PutSecretValue moves
// AWSCURRENT to the new version and AWSPREVIOUS to the old one; a missing
// secret is ResourceNotFoundException.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
func TestSecrets(t *testing.T) {
	s := New(clock{}, "us-east-1", "123456789012")
	if err := s.CreateSecret("prod/db", `{"username":"app","password":"hunter2"}`); err != nil {
		t.Fatal(err)
	}
	out, err := s.Call("GetSecretValue", map[string]any{"SecretId": "prod/db"})
	if err != nil {
		t.Fatal(err)
	}
	arn := out["ARN"].(string)
	if !strings.HasPrefix(arn, "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-") || len(arn) != len("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-")+6 {
		t.Errorf("ARN = %s", arn)
	}
	if out["SecretString"] != `{"username":"app","password":"hunter2"}` || !reflect.DeepEqual(out["VersionStages"], []any{"AWSCURRENT"}) {
		t.Errorf("GetSecretValue = %v", out)
	}
	for _, id := range []string{arn, strings.TrimSuffix(arn, arn[len(arn)-7:])} {
		if _, err := s.Call("GetSecretValue", map[string]any{"SecretId": id}); err != nil {
			t.Errorf("GetSecretValue(%s): %v", id, err)
		}
	}
	first := out["VersionId"]
	if _, err := s.Call("PutSecretValue", map[string]any{"SecretId": "prod/db", "SecretString": "v2"}); err != nil {
		t.Fatal(err)
	}
	cur, _ := s.Call("GetSecretValue", map[string]any{"SecretId": "prod/db"})
	prev, _ := s.Call("GetSecretValue", map[string]any{"SecretId": "prod/db", "VersionStage": "AWSPREVIOUS"})
	if cur["SecretString"] != "v2" || prev["VersionId"] != first {
		t.Errorf("current %v, previous %v", cur, prev)
	}
	_, err = s.Call("GetSecretValue", map[string]any{"SecretId": "prod/nope"})
	var ce *cloud.Error
	if !errors.As(err, &ce) || ce.Code != "ResourceNotFoundException" || ce.Message != "Secrets Manager can't find the specified secret." {
		t.Errorf("missing secret: %v", err)
	}
	if err := s.CreateSecret("prod/db", "again"); err == nil || !strings.Contains(err.Error(), "ResourceExistsException") {
		t.Errorf("duplicate CreateSecret: %v", err)
	}
	_, err = s.Call("RotateSecret", map[string]any{"SecretId": "prod/db"})
	if err == nil || !strings.Contains(err.Error(), "the tutor's in-process Secrets Manager does not offer RotateSecret") {
		t.Errorf("unsupported operation: %v", err)
	}
}

func TestStateRoundTrip(t *testing.T) {
	s := New(clock{}, "us-east-1", "123456789012")
	_ = s.CreateSecret("db", "v1")
	_, _ = s.Call("PutSecretValue", map[string]any{"SecretId": "db", "SecretString": "v2"})
	data, err := s.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	r := New(clock{}, "us-east-1", "123456789012")
	if err := r.UnmarshalState(data); err != nil {
		t.Fatal(err)
	}
	cur, _ := r.Call("GetSecretValue", map[string]any{"SecretId": "db"})
	prev, _ := r.Call("GetSecretValue", map[string]any{"SecretId": "db", "VersionStage": "AWSPREVIOUS"})
	if cur["SecretString"] != "v2" || prev["SecretString"] != "v1" {
		t.Errorf("restored: %v / %v", cur, prev)
	}
	if r.UnmarshalState([]byte(`{"secrets":[{"name":"x","stages":{"AWSCURRENT":"nope"}}]}`)) == nil {
		t.Error("a stage naming no version was restored")
	}
}
