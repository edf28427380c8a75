package sqs

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// State is the service's content as saved between runs of the tutor.
// Receipt handles are not kept: each names its queue, message, receive and
// the service's receive sequence (Seq), so after a restore a message's
// latest handle still deletes it and an older one deletes nothing.
type State struct {
	Seq    uint64       `json:"seq"`
	Queues []QueueState `json:"queues"`
}

// QueueState is one queue, its attributes and its messages.
type QueueState struct {
	Name            string         `json:"name"`
	FIFO            bool           `json:"fifo,omitempty"`
	Created         time.Time      `json:"created"`
	VisibilitySec   int            `json:"visibilityTimeout"`
	DelaySec        int            `json:"delaySeconds"`
	RetentionSec    int            `json:"retention"`
	MaxSize         int            `json:"maximumMessageSize"`
	ContentDedup    bool           `json:"contentBasedDeduplication,omitempty"`
	RedrivePolicy   string         `json:"redrivePolicy,omitempty"`
	DeadLetterQueue string         `json:"deadLetterQueue,omitempty"`
	MaxReceiveCount int            `json:"maxReceiveCount,omitempty"`
	ReceiveWaitSec  int            `json:"receiveWaitTimeSeconds,omitempty"`
	SequenceNumber  uint64         `json:"sequenceNumber,omitempty"`
	Messages        []MessageState `json:"messages"`
	Deduplication   []DedupState   `json:"deduplication,omitempty"`
}

// MessageState is one message.
type MessageState struct {
	ID              string         `json:"id"`
	Body            string         `json:"body"`
	Attributes      map[string]any `json:"attributes,omitempty"`
	Sent            time.Time      `json:"sent"`
	VisibleAt       time.Time      `json:"visibleAt"`
	FirstReceive    time.Time      `json:"firstReceive"`
	Receives        int            `json:"receives"`
	ReceiptHandle   string         `json:"receiptHandle,omitempty"`
	GroupID         string         `json:"groupId,omitempty"`
	DeduplicationID string         `json:"deduplicationId,omitempty"`
	SequenceNumber  string         `json:"sequenceNumber,omitempty"`
}

// DedupState is a FIFO deduplication id seen within the last five minutes.
type DedupState struct {
	ID        string    `json:"id"`
	MessageID string    `json:"messageId"`
	Seen      time.Time `json:"seen"`
}

// MarshalState saves every queue and message.
func (s *Service) MarshalState() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{Seq: s.seq, Queues: []QueueState{}}
	names := make([]string, 0, len(s.queues))
	for n := range s.queues {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		q := s.queues[n]
		s.expire(q)
		qs := QueueState{Name: n, FIFO: q.fifo, Created: q.created,
			VisibilitySec: int(q.attrs.visibility / time.Second), DelaySec: int(q.attrs.delay / time.Second),
			RetentionSec: int(q.attrs.retention / time.Second), MaxSize: q.attrs.maxSize, ContentDedup: q.attrs.contentDedup,
			RedrivePolicy: q.attrs.redrivePolicy, DeadLetterQueue: q.dlq, MaxReceiveCount: q.maxReceive,
			ReceiveWaitSec: q.attrs.receiveWaitSec, SequenceNumber: q.seq, Messages: []MessageState{}}
		for _, m := range q.messages {
			qs.Messages = append(qs.Messages, MessageState{ID: m.id, Body: m.body, Attributes: m.attrs, Sent: m.sent,
				VisibleAt: m.visibleAt, FirstReceive: m.firstReceive, Receives: m.receives, ReceiptHandle: m.receipt,
				GroupID: m.group, DeduplicationID: m.dedupID, SequenceNumber: m.seqNumber})
		}
		ids := make([]string, 0, len(q.dedup))
		for id := range q.dedup {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			qs.Deduplication = append(qs.Deduplication, DedupState{ID: id, MessageID: q.dedup[id].id, Seen: q.dedup[id].seen})
		}
		st.Queues = append(st.Queues, qs)
	}
	return json.Marshal(st)
}

// UnmarshalState replaces the service's content with a saved one; on
// error nothing changes.
func (s *Service) UnmarshalState(data []byte) error {
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("sqs state: %w", err)
	}
	queues := map[string]*queue{}
	for _, qs := range st.Queues {
		if !validQueueName(qs.Name) {
			return fmt.Errorf("sqs state: queue name %q is not valid", qs.Name)
		}
		q := &queue{name: qs.Name, fifo: qs.FIFO, created: qs.Created, dedup: map[string]dedupEntry{}, live: map[string]*message{},
			dlq: qs.DeadLetterQueue, maxReceive: qs.MaxReceiveCount, seq: qs.SequenceNumber,
			attrs: queueAttrs{visibility: time.Duration(qs.VisibilitySec) * time.Second, delay: time.Duration(qs.DelaySec) * time.Second,
				retention: time.Duration(qs.RetentionSec) * time.Second, maxSize: qs.MaxSize, contentDedup: qs.ContentDedup,
				redrivePolicy: qs.RedrivePolicy, receiveWaitSec: qs.ReceiveWaitSec}}
		for _, ms := range qs.Messages {
			md5Attrs, err := attributesMD5(ms.Attributes)
			if err != nil {
				return fmt.Errorf("sqs state: message %s: %w", ms.ID, err)
			}
			m := &message{id: ms.ID, body: ms.Body, md5Body: md5Hex([]byte(ms.Body)), attrs: ms.Attributes, md5Attrs: md5Attrs,
				sent: ms.Sent, visibleAt: ms.VisibleAt, firstReceive: ms.FirstReceive, receives: ms.Receives, receipt: ms.ReceiptHandle,
				group: ms.GroupID, dedupID: ms.DeduplicationID, seqNumber: ms.SequenceNumber}
			q.add(m)
		}
		for _, d := range qs.Deduplication {
			q.dedup[d.ID] = dedupEntry{id: d.MessageID, seen: d.Seen}
		}
		queues[qs.Name] = q
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queues, s.seq = queues, st.Seq
	return nil
}
