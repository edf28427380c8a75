package account

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/s3"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/secrets"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sqs"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/ssm"
)

// Snapshot is the account's content at one instant, for display:
// `lambdatutor cloud show` and the playground's Cloud pane. Every list is
// sorted by name.
type Snapshot struct {
	Tables     []TableSnapshot     `json:"tables"`
	Buckets    []BucketSnapshot    `json:"buckets"`
	Queues     []QueueSnapshot     `json:"queues"`
	Secrets    []string            `json:"secrets"`
	Parameters []ParameterSnapshot `json:"parameters"`
}

// TableSnapshot is a DynamoDB table and its items in the document form
// (the typed attribute values unmarshalled).
type TableSnapshot struct {
	Name  string           `json:"name"`
	Keys  string           `json:"keys"` // "id:S" or "pk:S, sk:N"
	Items []map[string]any `json:"items"`
}

// BucketSnapshot is an S3 bucket and its objects, by key.
type BucketSnapshot struct {
	Name    string           `json:"name"`
	Objects []ObjectSnapshot `json:"objects"`
}

// ObjectSnapshot is one S3 object.
type ObjectSnapshot struct {
	Key         string `json:"key"`
	Size        int    `json:"size"`
	ContentType string `json:"contentType,omitempty"`
}

// QueueSnapshot is an SQS queue with its message counts and messages.
type QueueSnapshot struct {
	Name            string `json:"name"`
	FIFO            bool   `json:"fifo,omitempty"`
	DeadLetterQueue string `json:"deadLetterQueue,omitempty"`
	MaxReceiveCount int    `json:"maxReceiveCount,omitempty"`
	// DeadLetterFor names the queues whose redrive policy sends their
	// failed messages here.
	DeadLetterFor []string          `json:"deadLetterFor,omitempty"`
	Visible       int               `json:"visible"`
	InFlight      int               `json:"inFlight"`
	Delayed       int               `json:"delayed"`
	Messages      []MessageSnapshot `json:"messages"`
}

// MessageSnapshot is one message of a queue.
type MessageSnapshot struct {
	ID        string    `json:"id"`
	Body      string    `json:"body"`
	State     string    `json:"state"` // visible, in flight, delayed
	Receives  int       `json:"receives"`
	VisibleAt time.Time `json:"visibleAt"`
}

// ParameterSnapshot is one SSM parameter; a SecureString's value is not
// shown.
type ParameterSnapshot struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Snapshot reads the content of every stateful service; now (the virtual
// clock's time) tells visible messages from those in flight or delayed.
func (a *Account) Snapshot(now time.Time) (*Snapshot, error) {
	v := &Snapshot{Tables: []TableSnapshot{}, Buckets: []BucketSnapshot{}, Queues: []QueueSnapshot{}, Secrets: []string{}, Parameters: []ParameterSnapshot{}}
	var ddb dynamodb.State
	var s3s s3.State
	var q sqs.State
	var sec secrets.State
	var par []ssm.ParameterState
	for _, part := range []struct {
		m stateful
		v any
	}{{a.DynamoDB, &ddb}, {a.S3, &s3s}, {a.SQS, &q}, {a.Secrets, &sec}, {a.SSM, &par}} {
		b, err := part.m.MarshalState()
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, part.v); err != nil {
			return nil, err
		}
	}
	for _, t := range ddb.Tables {
		keys := t.Spec.PartitionKey + ":" + t.Spec.PartitionKeyType
		if t.Spec.SortKey != "" {
			keys += ", " + t.Spec.SortKey + ":" + t.Spec.SortKeyType
		}
		tv := TableSnapshot{Name: t.Spec.Name, Keys: keys, Items: []map[string]any{}}
		for _, it := range t.Items {
			doc, err := dynamodb.Unmarshal(it, dynamodb.UnmarshalOptions{})
			if err != nil {
				doc = it
			}
			tv.Items = append(tv.Items, doc)
		}
		v.Tables = append(v.Tables, tv)
	}
	for _, b := range s3s.Buckets {
		bv := BucketSnapshot{Name: b.Name, Objects: []ObjectSnapshot{}}
		for _, o := range b.Objects {
			bv.Objects = append(bv.Objects, ObjectSnapshot{Key: o.Key, Size: len(o.Body), ContentType: o.ContentType})
		}
		v.Buckets = append(v.Buckets, bv)
	}
	dlqOf := map[string][]string{}
	for _, qs := range q.Queues {
		if qs.DeadLetterQueue != "" {
			dlqOf[qs.DeadLetterQueue] = append(dlqOf[qs.DeadLetterQueue], qs.Name)
		}
	}
	for _, qs := range q.Queues {
		qv := QueueSnapshot{Name: qs.Name, FIFO: qs.FIFO, DeadLetterQueue: qs.DeadLetterQueue, MaxReceiveCount: qs.MaxReceiveCount,
			DeadLetterFor: dlqOf[qs.Name], Messages: []MessageSnapshot{}}
		sort.Strings(qv.DeadLetterFor)
		for _, m := range qs.Messages {
			mv := MessageSnapshot{ID: m.ID, Body: m.Body, Receives: m.Receives, VisibleAt: m.VisibleAt.UTC(), State: "visible"}
			switch {
			case m.VisibleAt.After(now) && m.Receives > 0:
				mv.State = "in flight"
				qv.InFlight++
			case m.VisibleAt.After(now):
				mv.State = "delayed"
				qv.Delayed++
			default:
				qv.Visible++
			}
			qv.Messages = append(qv.Messages, mv)
		}
		v.Queues = append(v.Queues, qv)
	}
	for _, s := range sec.Secrets {
		v.Secrets = append(v.Secrets, s.Name)
	}
	for _, p := range par {
		val := p.Value
		if p.Type == "SecureString" {
			val = "(SecureString: not shown)"
		}
		v.Parameters = append(v.Parameters, ParameterSnapshot{Name: p.Name, Type: p.Type, Value: val})
	}
	sort.Slice(v.Tables, func(i, j int) bool { return v.Tables[i].Name < v.Tables[j].Name })
	sort.Slice(v.Buckets, func(i, j int) bool { return v.Buckets[i].Name < v.Buckets[j].Name })
	sort.Slice(v.Queues, func(i, j int) bool { return v.Queues[i].Name < v.Queues[j].Name })
	sort.Strings(v.Secrets)
	sort.Slice(v.Parameters, func(i, j int) bool { return v.Parameters[i].Name < v.Parameters[j].Name })
	return v, nil
}
