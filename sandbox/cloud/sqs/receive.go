package sqs

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// inFlight: received and not yet visible again.
func (m *message) inFlight(now time.Time) bool {
	return !m.deleted && m.receives > 0 && m.visibleAt.After(now)
}

func wanted(list any, name string) bool {
	names, _ := list.([]any)
	for _, x := range names {
		n, _ := x.(string)
		if n == "All" || n == ".*" || n == name || (strings.HasSuffix(n, ".*") && strings.HasPrefix(name, strings.TrimSuffix(n, "*"))) {
			return true
		}
	}
	return false
}

func (s *Service) receive(in map[string]any) (map[string]any, error) {
	q, err := s.byURL(in)
	if err != nil {
		return nil, err
	}
	max := 1
	if v, ok := in["MaxNumberOfMessages"]; ok && v != nil {
		n, ok := intOf(v)
		if !ok || n < 1 || n > 10 {
			return nil, invalidParam("Value %v for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", v)
		}
		max = n
	}
	vt := q.attrs.visibility
	if v, ok := in["VisibilityTimeout"]; ok && v != nil {
		n, ok := intOf(v)
		if !ok || n < 0 || n > 43200 {
			return nil, invalidParam("Value %v for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.", v)
		}
		vt = time.Duration(n) * time.Second
	}
	if v, ok := in["WaitTimeSeconds"]; ok && v != nil {
		if n, ok := intOf(v); !ok || n < 0 || n > 20 {
			return nil, invalidParam("Value %v for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.", v)
		}
	}
	s.expire(q)
	now := s.now()
	// FIFO: a message group with a message in flight is locked.
	locked := map[string]bool{}
	if q.fifo {
		for _, m := range q.messages {
			if m.inFlight(now) {
				locked[m.group] = true
			}
		}
	}
	sysNames := in["MessageSystemAttributeNames"]
	if sysNames == nil {
		sysNames = in["AttributeNames"]
	}
	var out []any
	var moved []*message
	for _, m := range q.messages {
		if len(out) == max {
			break
		}
		if m.deleted || m.visibleAt.After(now) {
			if q.fifo && !m.deleted {
				// Order within a group: nothing after a message that
				// cannot be delivered yet.
				locked[m.group] = true
			}
			continue
		}
		if q.fifo && locked[m.group] {
			continue
		}
		if q.dlq != "" && m.receives >= q.maxReceive {
			// Received maxReceiveCount times and back again: redrive.
			moved = append(moved, m)
			continue
		}
		m.receives++
		if m.firstReceive.IsZero() {
			m.firstReceive = now
		}
		m.visibleAt = now.Add(vt)
		s.seq++
		m.receipt = base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("%s#%s#%d#%d", q.name, m.id, m.receives, s.seq)))
		out = append(out, s.view(q, m, sysNames, in["MessageAttributeNames"]))
	}
	for _, m := range moved {
		s.redrive(q, m)
	}
	if len(out) == 0 {
		return map[string]any{}, nil
	}
	return map[string]any{"Messages": out}, nil
}

// redrive moves a message to the queue's dead-letter queue. It keeps its
// message ID and its original sent time (retention counts from it, as the
// developer guide says); its receive count starts again at 0 in the DLQ
// (not confirmed in AWS's documentation).
func (s *Service) redrive(q *queue, m *message) {
	dlq, ok := s.queues[q.dlq]
	m.deleted = true
	if !ok {
		return
	}
	c := *m
	c.deleted, c.receives, c.firstReceive, c.receipt = false, 0, time.Time{}, ""
	c.visibleAt = s.now()
	if dlq.fifo {
		dlq.seq++
		c.seqNumber = dlq.seqString()
	}
	dlq.add(&c)
}

func (s *Service) view(q *queue, m *message, sysNames, attrNames any) map[string]any {
	v := map[string]any{
		"MessageId":     m.id,
		"ReceiptHandle": m.receipt,
		"MD5OfBody":     m.md5Body,
		"Body":          m.body,
	}
	sys := map[string]string{
		"SenderId":                         "AROAEXAMPLETUTOR:" + s.account,
		"SentTimestamp":                    strconv.FormatInt(m.sent.UnixMilli(), 10),
		"ApproximateReceiveCount":          strconv.Itoa(m.receives),
		"ApproximateFirstReceiveTimestamp": strconv.FormatInt(m.firstReceive.UnixMilli(), 10),
	}
	if q.fifo {
		sys["MessageGroupId"] = m.group
		sys["MessageDeduplicationId"] = m.dedupID
		sys["SequenceNumber"] = m.seqNumber
	}
	attrs := map[string]any{}
	for k, x := range sys {
		if wanted(sysNames, k) {
			attrs[k] = x
		}
	}
	if len(attrs) > 0 {
		v["Attributes"] = attrs
	}
	if len(m.attrs) > 0 {
		ma := map[string]any{}
		for k, x := range m.attrs {
			if wanted(attrNames, k) {
				ma[k] = x
			}
		}
		if len(ma) > 0 {
			v["MessageAttributes"] = ma
			v["MD5OfMessageAttributes"] = m.md5Attrs
		}
	}
	return v
}

func invalidHandle(h string) error {
	return cloud.Errorf(400, "ReceiptHandleIsInvalid", "The input receipt handle \"%s\" is not a valid receipt handle.", h)
}

// handleOf reads a receipt handle this service issued for the queue and
// returns its message while the message is still on the queue (nil once
// it is deleted, expired or moved to the dead-letter queue). Handles are
// not stored: each names its queue, message, receive count and the
// service's receive sequence number, so the memory kept is the live
// messages' alone, however many receives there were. ok is false for a
// handle the service never issued for this queue.
func (s *Service) handleOf(q *queue, h string) (m *message, ok bool) {
	raw, err := base64.StdEncoding.DecodeString(h)
	if err != nil {
		return nil, false
	}
	parts := strings.Split(string(raw), "#")
	if len(parts) != 4 || parts[0] != q.name {
		return nil, false
	}
	receives, err1 := strconv.Atoi(parts[2])
	seq, err2 := strconv.ParseUint(parts[3], 10, 64)
	if err1 != nil || err2 != nil || receives < 1 || seq < 1 || seq > s.seq {
		return nil, false
	}
	if base64.StdEncoding.EncodeToString(raw) != h {
		return nil, false // not the canonical form the service issued
	}
	return q.live[parts[1]], true
}

// deleteMessage: the latest receipt handle deletes; an older one of the
// same message succeeds without deleting (the developer guide: "the
// request succeeds, but the message will not be deleted"), as does one of
// a message already gone; one never issued is invalid.
func (s *Service) deleteMessage(q *queue, h string) error {
	if h == "" {
		return cloud.Errorf(400, "MissingParameter", "The request must contain the parameter ReceiptHandle.")
	}
	m, ok := s.handleOf(q, h)
	if !ok {
		return invalidHandle(h)
	}
	if m == nil || m.receipt != h || m.deleted {
		return nil
	}
	m.deleted = true
	s.expire(q)
	return nil
}

func (s *Service) changeVisibility(q *queue, h string, v any) error {
	n, ok := intOf(v)
	if !ok || n < 0 || n > 43200 {
		return invalidParam("Value %v for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.", v)
	}
	m, ok := s.handleOf(q, h)
	if !ok {
		return invalidHandle(h)
	}
	now := s.now()
	if m == nil || m.receipt != h || !m.inFlight(now) {
		return cloud.Errorf(400, "MessageNotInflight", "Message does not exist or is not available for visibility timeout change.")
	}
	m.visibleAt = now.Add(time.Duration(n) * time.Second)
	return nil
}

func validEntryID(id string) bool {
	if id == "" || len(id) > 80 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// batch runs one entry at a time and reports each in Successful or
// Failed, as the batch actions do; the request as a whole fails only for
// the batch rules (1 to 10 entries, distinct valid ids, 1 MiB in total).
func (s *Service) batch(in map[string]any, sizeField string, each func(*queue, map[string]any) (map[string]any, error)) (map[string]any, error) {
	q, err := s.byURL(in)
	if err != nil {
		return nil, err
	}
	entries, _ := in["Entries"].([]any)
	if len(entries) == 0 {
		return nil, cloud.Errorf(400, "EmptyBatchRequest", "There should be at least one SendMessageBatchRequestEntry in the request.")
	}
	if len(entries) > 10 {
		return nil, cloud.Errorf(400, "TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent %d.", len(entries))
	}
	seen := map[string]bool{}
	total := 0
	for _, x := range entries {
		e, _ := x.(map[string]any)
		id := cloud.Str(e, "Id")
		if !validEntryID(id) {
			return nil, cloud.Errorf(400, "InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[id] {
			return nil, cloud.Errorf(400, "BatchEntryIdsNotDistinct", "Id %s repeated.", id)
		}
		seen[id] = true
		if sizeField == "MessageBody" {
			ma, _ := e["MessageAttributes"].(map[string]any)
			total += messageSize(cloud.Str(e, "MessageBody"), ma)
		}
	}
	if total > MaxMessageBytes {
		return nil, cloud.Errorf(400, "BatchRequestTooLong", "Batch requests cannot be longer than %d bytes. You have sent %d bytes.", MaxMessageBytes, total)
	}
	var ok, failed []any
	for _, x := range entries {
		e := x.(map[string]any)
		id := cloud.Str(e, "Id")
		res, err := each(q, e)
		if err != nil {
			ce, _ := err.(*cloud.Error)
			f := map[string]any{"Id": id, "SenderFault": true, "Code": "InternalError", "Message": err.Error()}
			if ce != nil {
				f["Code"], f["Message"] = ce.Code, ce.Message
			}
			failed = append(failed, f)
			continue
		}
		res["Id"] = id
		ok = append(ok, res)
	}
	out := map[string]any{}
	if len(ok) > 0 {
		out["Successful"] = ok
	}
	if len(failed) > 0 {
		out["Failed"] = failed
	}
	return out, nil
}

// NextVisible is the earliest instant after the clock's time at which a
// message of the queue becomes visible again (a visibility timeout or a
// delay ending); false when no message is waiting. The poller of an event
// source mapping sleeps until then on the virtual clock.
func (s *Service) NextVisible(name string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.queues[name]
	if !ok {
		return time.Time{}, false
	}
	now := s.now()
	var next time.Time
	for _, m := range q.messages {
		if m.deleted || !m.visibleAt.After(now) {
			continue
		}
		if next.IsZero() || m.visibleAt.Before(next) {
			next = m.visibleAt
		}
	}
	return next, !next.IsZero()
}
