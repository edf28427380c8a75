package account

import (
	"encoding/json"
	"fmt"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/s3"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/secrets"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sqs"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/ssm"
)

// stateful is a service whose content is kept between runs. SNS and
// EventBridge keep nothing but their topics, subscriptions and rules,
// which the project file declares again at every start.
type stateful interface {
	MarshalState() ([]byte, error)
	UnmarshalState([]byte) error
}

func (a *Account) stateful() map[string]stateful {
	return map[string]stateful{"dynamodb": a.DynamoDB, "s3": a.S3, "sqs": a.SQS, "secretsmanager": a.Secrets, "ssm": a.SSM}
}

// MarshalState saves the content of every service (items, objects,
// messages, secrets, parameters) as one JSON document.
func (a *Account) MarshalState() ([]byte, error) {
	out := map[string]json.RawMessage{}
	for name, s := range a.stateful() {
		b, err := s.MarshalState()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = b
	}
	return json.Marshal(out)
}

// UnmarshalState restores a saved content into the account's services.
// The whole document is checked first, on services of its own, so that a
// broken state changes nothing.
func (a *Account) UnmarshalState(data []byte) error {
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(data, &parts); err != nil {
		return fmt.Errorf("the saved cloud state is not valid JSON: %w", err)
	}
	trial := map[string]stateful{
		"dynamodb": dynamodb.New(a.clock, a.Region, a.ID), "s3": s3.New(a.clock, a.Region, a.ID), "sqs": sqs.New(a.clock, a.Region, a.ID),
		"secretsmanager": secrets.New(a.clock, a.Region, a.ID), "ssm": ssm.New(a.clock, a.Region, a.ID),
	}
	for name := range parts {
		if _, ok := trial[name]; !ok {
			return fmt.Errorf("the saved cloud state has an unknown service %q", name)
		}
	}
	for name, s := range trial {
		if b, ok := parts[name]; ok {
			if err := s.UnmarshalState(b); err != nil {
				return err
			}
		}
	}
	for name, s := range a.stateful() {
		if b, ok := parts[name]; ok {
			if err := s.UnmarshalState(b); err != nil {
				return err
			}
		}
	}
	return nil
}
