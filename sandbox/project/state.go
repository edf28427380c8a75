package project

import (
	"encoding/json"
	"fmt"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud/account"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/dynamodb"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/s3"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/secrets"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/sqs"
	"github.com/lambdatutor/lambdatutor/sandbox/cloud/ssm"
)

// RestoreState puts a saved content (account.MarshalState) into an
// account built from the project file (Build), fitted to the file as it
// is now (see mergeState). The notes say what could not be kept.
func RestoreState(acct *account.Account, saved []byte) ([]string, error) {
	merged, notes, err := mergeState(acct, saved)
	if err != nil {
		return nil, err
	}
	if err := acct.UnmarshalState(merged); err != nil {
		return nil, err
	}
	return notes, nil
}

// mergeState fits a saved account content to the project as the file
// declares it now: the file says what the resources are (a queue's
// visibility timeout and dead-letter queue, a table's keys and stream),
// the saved state what they hold (items, objects, messages, secret and
// parameter values). Resources the handlers created at run time are kept;
// a table whose keys changed, or a queue that became FIFO or stopped
// being one, loses its saved content, and a note says so.
func mergeState(declared *account.Account, saved []byte) ([]byte, []string, error) {
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(saved, &parts); err != nil {
		return nil, nil, fmt.Errorf("the saved cloud state is not valid JSON: %w", err)
	}
	var notes []string
	out := map[string]any{}

	// DynamoDB: the declared tables with their saved items.
	var dNow, dOld dynamodb.State
	if err := decodeState(declared.DynamoDB, parts["dynamodb"], &dNow, &dOld); err != nil {
		return nil, nil, err
	}
	oldTables := map[string]dynamodb.TableState{}
	for _, t := range dOld.Tables {
		oldTables[t.Spec.Name] = t
	}
	for i, t := range dNow.Tables {
		o, ok := oldTables[t.Spec.Name]
		if !ok {
			continue
		}
		delete(oldTables, t.Spec.Name)
		if o.Spec.PartitionKey != t.Spec.PartitionKey || o.Spec.PartitionKeyType != t.Spec.PartitionKeyType ||
			o.Spec.SortKey != t.Spec.SortKey || o.Spec.SortKeyType != t.Spec.SortKeyType {
			if len(o.Items) > 0 {
				notes = append(notes, fmt.Sprintf("table %s has new keys in the project file: its %d saved items were dropped", t.Spec.Name, len(o.Items)))
			}
			continue
		}
		dNow.Tables[i].Items, dNow.Tables[i].Created = o.Items, o.Created
	}
	for _, t := range dOld.Tables {
		if _, ok := oldTables[t.Spec.Name]; ok {
			dNow.Tables = append(dNow.Tables, t)
		}
	}
	out["dynamodb"] = dNow

	// S3: the declared buckets with their saved objects.
	var sNow, sOld s3.State
	if err := decodeState(declared.S3, parts["s3"], &sNow, &sOld); err != nil {
		return nil, nil, err
	}
	oldBuckets := map[string]s3.BucketState{}
	for _, b := range sOld.Buckets {
		oldBuckets[b.Name] = b
	}
	for i, b := range sNow.Buckets {
		if o, ok := oldBuckets[b.Name]; ok {
			sNow.Buckets[i] = o
			delete(oldBuckets, b.Name)
		}
	}
	for _, b := range sOld.Buckets {
		if _, ok := oldBuckets[b.Name]; ok {
			sNow.Buckets = append(sNow.Buckets, b)
		}
	}
	sNow.Seq = max(sNow.Seq, sOld.Seq)
	out["s3"] = sNow

	// SQS: the declared queues, with their saved messages.
	var qNow, qOld sqs.State
	if err := decodeState(declared.SQS, parts["sqs"], &qNow, &qOld); err != nil {
		return nil, nil, err
	}
	oldQueues := map[string]sqs.QueueState{}
	for _, q := range qOld.Queues {
		oldQueues[q.Name] = q
	}
	for i, q := range qNow.Queues {
		o, ok := oldQueues[q.Name]
		if !ok {
			continue
		}
		delete(oldQueues, q.Name)
		if o.FIFO != q.FIFO {
			if len(o.Messages) > 0 {
				notes = append(notes, fmt.Sprintf("queue %s changed type in the project file: its %d saved messages were dropped", q.Name, len(o.Messages)))
			}
			continue
		}
		qNow.Queues[i].Messages, qNow.Queues[i].Deduplication = o.Messages, o.Deduplication
		qNow.Queues[i].SequenceNumber, qNow.Queues[i].Created = o.SequenceNumber, o.Created
	}
	for _, q := range qOld.Queues {
		if _, ok := oldQueues[q.Name]; ok {
			qNow.Queues = append(qNow.Queues, q)
		}
	}
	qNow.Seq = max(qNow.Seq, qOld.Seq)
	out["sqs"] = qNow

	// Secrets and parameters: the saved values (a handler may have
	// changed them), and the declared ones not saved yet.
	var secNow, secOld secrets.State
	if err := decodeState(declared.Secrets, parts["secretsmanager"], &secNow, &secOld); err != nil {
		return nil, nil, err
	}
	have := map[string]bool{}
	for _, s := range secOld.Secrets {
		have[s.Name] = true
	}
	for _, s := range secNow.Secrets {
		if !have[s.Name] {
			secOld.Secrets = append(secOld.Secrets, s)
		}
	}
	secOld.Seq = max(secOld.Seq, secNow.Seq)
	out["secretsmanager"] = secOld

	var pNow, pOld []ssm.ParameterState
	if err := decodeState(declared.SSM, parts["ssm"], &pNow, &pOld); err != nil {
		return nil, nil, err
	}
	have = map[string]bool{}
	for _, p := range pOld {
		have[p.Name] = true
	}
	for _, p := range pNow {
		if !have[p.Name] {
			pOld = append(pOld, p)
		}
	}
	if pOld == nil {
		pOld = []ssm.ParameterState{}
	}
	out["ssm"] = pOld

	b, err := json.Marshal(out)
	return b, notes, err
}

// decodeState reads a service's declared content and its saved one (none
// when the saved state has no part for it).
func decodeState(svc interface{ MarshalState() ([]byte, error) }, saved json.RawMessage, now, old any) error {
	b, err := svc.MarshalState()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, now); err != nil {
		return err
	}
	if saved == nil {
		saved = b
	}
	if err := json.Unmarshal(saved, old); err != nil {
		return fmt.Errorf("the saved cloud state is damaged: %w", err)
	}
	return nil
}
