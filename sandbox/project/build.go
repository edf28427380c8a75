package project

import (
	"fmt"
	"strconv"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
)

// Build makes a fresh account with every resource the project declares:
// tables, buckets, queues (dead-letter queues first), topics, secrets and
// parameters. Functions and their triggers are the fleet's to wire.
func (p *Project) Build(clock cloud.Clock, region, accountID string) (*account.Account, error) {
	a := account.New(clock, region, accountID)
	for _, t := range p.Tables {
		spec := dynamodb.TableSpec{Name: t.Name, PartitionKey: t.PartitionKey, PartitionKeyType: t.PartitionKeyType,
			SortKey: t.SortKey, SortKeyType: t.SortKeyType, StreamViewType: t.Stream}
		if err := a.DynamoDB.CreateTable(spec); err != nil {
			return nil, fmt.Errorf("table %s (line %d): %w", t.Name, t.Line, err)
		}
	}
	for _, b := range p.Buckets {
		if err := a.S3.CreateBucket(b.Name); err != nil {
			return nil, fmt.Errorf("bucket %s (line %d): %w", b.Name, b.Line, err)
		}
	}
	// Dead-letter queues exist before the queues that name them.
	made := map[string]bool{}
	var mk func(q Queue) error
	byName := map[string]Queue{}
	for _, q := range p.Queues {
		byName[q.Name] = q
	}
	mk = func(q Queue) error {
		if made[q.Name] {
			return nil
		}
		made[q.Name] = true
		attrs := map[string]string{}
		if q.FIFO {
			attrs["FifoQueue"] = "true"
		}
		if q.VisibilityTimeout > 0 {
			attrs["VisibilityTimeout"] = strconv.Itoa(q.VisibilityTimeout)
		}
		if q.DeadLetterQueue != "" {
			if err := mk(byName[q.DeadLetterQueue]); err != nil {
				return err
			}
			attrs["RedrivePolicy"] = fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":%d}`, a.SQS.ARN(q.DeadLetterQueue), q.MaxReceiveCount)
		}
		if err := a.SQS.CreateQueue(q.Name, attrs); err != nil {
			return fmt.Errorf("queue %s (line %d): %w", q.Name, q.Line, err)
		}
		return nil
	}
	for _, q := range p.Queues {
		if err := mk(q); err != nil {
			return nil, err
		}
	}
	for _, t := range p.Topics {
		if _, err := a.SNS.CreateTopic(t.Name); err != nil {
			return nil, fmt.Errorf("topic %s (line %d): %w", t.Name, t.Line, err)
		}
	}
	for _, s := range p.Secrets {
		if err := a.Secrets.CreateSecret(s.Name, s.Value); err != nil {
			return nil, fmt.Errorf("secret %s (line %d): %w", s.Name, s.Line, err)
		}
	}
	for _, pr := range p.Parameters {
		if err := a.SSM.PutParameter(pr.Name, pr.Type, pr.Value); err != nil {
			return nil, fmt.Errorf("parameter %s (line %d): %w", pr.Name, pr.Line, err)
		}
	}
	return a, nil
}
