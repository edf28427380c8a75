// Package sqs is the tutor's in-process Amazon SQS: standard and FIFO
// queues in memory, no network, timed by the sandbox's virtual clock, with
// the request and response shapes of the AWS SDK for JavaScript v3's SQS
// commands and SQS's own errors.
//
// What it has: CreateQueue, GetQueueUrl, ListQueues, GetQueueAttributes,
// PurgeQueue, DeleteQueue, SendMessage(Batch), ReceiveMessage,
// DeleteMessage(Batch), ChangeMessageVisibility(Batch); the visibility
// timeout, per-message and per-queue delays and the retention period on
// the virtual clock; ApproximateReceiveCount and the other system
// attributes; MD5OfMessageBody and MD5OfMessageAttributes; redrive to a
// dead-letter queue after maxReceiveCount receives; FIFO ordering per
// message group, a group locked while one of its messages is in flight,
// and deduplication within five minutes. What it has not: long polling
// that waits (WaitTimeSeconds returns at once: in the tutor's virtual
// world nothing else is sending meanwhile), queue policies, encryption,
// tags, high-throughput FIFO quotas.
//
// Sources:
//   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
//   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
//   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
//   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
//   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
//   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-exactly-once-processing.html
//   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
package sqs

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// MaxMessageBytes is SQS's limit on a message (body and attributes), 1 MiB
// since the 2025 increase (https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb).
const MaxMessageBytes = 1 << 20

// dedupWindow is FIFO's deduplication interval.
const dedupWindow = 5 * time.Minute

// Service is one account's SQS in one Region.
type Service struct {
	mu      sync.Mutex
	clock   cloud.Clock
	region  string
	account string
	queues  map[string]*queue // by name
	seq     uint64
}

type queue struct {
	name       string
	fifo       bool
	attrs      queueAttrs
	created    time.Time
	messages   []*message // in send order
	dedup      map[string]dedupEntry
	seq        uint64              // FIFO sequence numbers
	dlq        string              // dead-letter queue name, from RedrivePolicy
	live       map[string]*message // the messages in messages, by ID
	maxReceive int
}

type queueAttrs struct {
	visibility     time.Duration
	delay          time.Duration
	retention      time.Duration
	maxSize        int
	contentDedup   bool
	redrivePolicy  string
	receiveWaitSec int
}

type dedupEntry struct {
	id   string
	seen time.Time
}

type message struct {
	id           string
	body         string
	md5Body      string
	attrs        map[string]any // MessageAttributes as sent
	md5Attrs     string
	sent         time.Time
	visibleAt    time.Time
	firstReceive time.Time
	receives     int
	receipt      string // the latest receipt handle; "" until received
	queue        *queue
	group        string
	dedupID      string
	seqNumber    string
	deleted      bool
}

// New returns an SQS with no queues.
func New(clock cloud.Clock, region, accountID string) *Service {
	return &Service{clock: clock, region: region, account: accountID, queues: map[string]*queue{}}
}

func (s *Service) now() time.Time {
	if s.clock == nil {
		return time.Time{}
	}
	return s.clock.Now()
}

// URL is the queue URL SQS gives a queue name.
func (s *Service) URL(name string) string {
	return fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", s.region, s.account, name)
}

// ARN is the queue's ARN.
func (s *Service) ARN(name string) string {
	return fmt.Sprintf("arn:aws:sqs:%s:%s:%s", s.region, s.account, name)
}

// CreateQueue makes a queue, as a project file declares it; attributes
// are CreateQueue's (VisibilityTimeout, RedrivePolicy, FifoQueue, ...).
func (s *Service) CreateQueue(name string, attributes map[string]string) error {
	attrs := map[string]any{}
	for k, v := range attributes {
		attrs[k] = v
	}
	_, err := s.Call("CreateQueue", map[string]any{"QueueName": name, "Attributes": attrs})
	return err
}

func queueDoesNotExist() error {
	// The SDK for JavaScript v3 names it QueueDoesNotExist; boto3 shows
	// the query-compatible code (see QueryCode).
	return cloud.Errorf(400, "QueueDoesNotExist", "The specified queue does not exist.")
}

// QueryCode is the error code boto3 shows in e.response['Error']['Code']
// for an SQS error: over the JSON protocol SQS also sends the older query
// API's code, and botocore prefers it
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html).
func QueryCode(code string) string {
	switch code {
	case "QueueDoesNotExist":
		return "AWS.SimpleQueueService.NonExistentQueue"
	case "QueueNameExists":
		return "QueueAlreadyExists"
	case "BatchEntryIdsNotDistinct", "EmptyBatchRequest", "TooManyEntriesInBatchRequest", "BatchRequestTooLong", "InvalidBatchEntryId", "PurgeQueueInProgress", "UnsupportedOperation":
		return "AWS.SimpleQueueService." + code
	}
	return code
}

func invalidParam(format string, args ...any) error {
	return cloud.Errorf(400, "InvalidParameterValue", format, args...)
}

// Call runs one SQS operation with the SDK v3 command's input and output
// shapes (PascalCase keys; numbers may be int or float64).
func (s *Service) Call(op string, in map[string]any) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch op {
	case "CreateQueue":
		return s.createQueue(in)
	case "GetQueueUrl":
		q, err := s.byName(cloud.Str(in, "QueueName"))
		if err != nil {
			return nil, err
		}
		return map[string]any{"QueueUrl": s.URL(q.name)}, nil
	case "ListQueues":
		return s.listQueues(in), nil
	case "GetQueueAttributes":
		return s.getQueueAttributes(in)
	case "PurgeQueue":
		q, err := s.byURL(in)
		if err != nil {
			return nil, err
		}
		q.messages, q.live = nil, map[string]*message{}
		return map[string]any{}, nil
	case "DeleteQueue":
		q, err := s.byURL(in)
		if err != nil {
			return nil, err
		}
		delete(s.queues, q.name)
		return map[string]any{}, nil
	case "SendMessage":
		q, err := s.byURL(in)
		if err != nil {
			return nil, err
		}
		return s.send(q, in)
	case "SendMessageBatch":
		return s.batch(in, "MessageBody", func(q *queue, e map[string]any) (map[string]any, error) { return s.send(q, e) })
	case "ReceiveMessage":
		return s.receive(in)
	case "DeleteMessage":
		q, err := s.byURL(in)
		if err != nil {
			return nil, err
		}
		return map[string]any{}, s.deleteMessage(q, cloud.Str(in, "ReceiptHandle"))
	case "DeleteMessageBatch":
		return s.batch(in, "ReceiptHandle", func(q *queue, e map[string]any) (map[string]any, error) {
			return map[string]any{}, s.deleteMessage(q, cloud.Str(e, "ReceiptHandle"))
		})
	case "ChangeMessageVisibility":
		q, err := s.byURL(in)
		if err != nil {
			return nil, err
		}
		return map[string]any{}, s.changeVisibility(q, cloud.Str(in, "ReceiptHandle"), in["VisibilityTimeout"])
	case "ChangeMessageVisibilityBatch":
		return s.batch(in, "ReceiptHandle", func(q *queue, e map[string]any) (map[string]any, error) {
			return map[string]any{}, s.changeVisibility(q, cloud.Str(e, "ReceiptHandle"), e["VisibilityTimeout"])
		})
	}
	return nil, cloud.Errorf(400, "UnsupportedOperation", "the tutor's in-process SQS does not offer %s", op)
}

// intOf reads a number sent as a JS number (float64), an int, or a
// string (attributes are strings in SQS).
func intOf(v any) (int, bool) {
	if x, ok := v.(string); ok {
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return cloud.Int(v)
}

func (s *Service) byName(name string) (*queue, error) {
	q, ok := s.queues[name]
	if !ok {
		return nil, queueDoesNotExist()
	}
	return q, nil
}

func (s *Service) byURL(in map[string]any) (*queue, error) {
	u := cloud.Str(in, "QueueUrl")
	if u == "" {
		return nil, cloud.Errorf(400, "MissingParameter", "The request must contain the parameter QueueUrl.")
	}
	i := strings.LastIndexByte(u, '/')
	q, ok := s.queues[u[i+1:]]
	if !ok || s.URL(q.name) != u {
		return nil, queueDoesNotExist()
	}
	return q, nil
}

func validQueueName(n string) bool {
	base := strings.TrimSuffix(n, ".fifo")
	if len(n) == 0 || len(n) > 80 || base == "" {
		return false
	}
	for _, c := range base {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// attrSeconds reads a queue attribute in seconds within [lo, hi].
func attrSeconds(attrs map[string]any, name string, def, lo, hi int) (time.Duration, error) {
	v, ok := attrs[name]
	if !ok {
		return time.Duration(def) * time.Second, nil
	}
	n, ok := intOf(v)
	if !ok || n < lo || n > hi {
		return 0, cloud.Errorf(400, "InvalidAttributeValue", "Invalid value for the parameter %s.", name)
	}
	return time.Duration(n) * time.Second, nil
}

func (s *Service) createQueue(in map[string]any) (map[string]any, error) {
	name := cloud.Str(in, "QueueName")
	if !validQueueName(name) {
		return nil, cloud.Errorf(400, "InvalidParameterValue", "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
	}
	attrs, _ := in["Attributes"].(map[string]any)
	if attrs == nil {
		attrs = map[string]any{}
	}
	fifo := fmt.Sprint(attrs["FifoQueue"]) == "true"
	if fifo != strings.HasSuffix(name, ".fifo") {
		return nil, cloud.Errorf(400, "InvalidParameterValue", "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.")
	}
	q := &queue{name: name, fifo: fifo, created: s.now(), dedup: map[string]dedupEntry{}, live: map[string]*message{}}
	var err error
	if q.attrs.visibility, err = attrSeconds(attrs, "VisibilityTimeout", 30, 0, 43200); err != nil {
		return nil, err
	}
	if q.attrs.delay, err = attrSeconds(attrs, "DelaySeconds", 0, 0, 900); err != nil {
		return nil, err
	}
	if q.attrs.retention, err = attrSeconds(attrs, "MessageRetentionPeriod", 345600, 60, 1209600); err != nil {
		return nil, err
	}
	wait, err := attrSeconds(attrs, "ReceiveMessageWaitTimeSeconds", 0, 0, 20)
	if err != nil {
		return nil, err
	}
	q.attrs.receiveWaitSec = int(wait / time.Second)
	q.attrs.maxSize = MaxMessageBytes
	if v, ok := attrs["MaximumMessageSize"]; ok {
		n, ok := intOf(v)
		if !ok || n < 1024 || n > MaxMessageBytes {
			return nil, cloud.Errorf(400, "InvalidAttributeValue", "Invalid value for the parameter MaximumMessageSize.")
		}
		q.attrs.maxSize = n
	}
	q.attrs.contentDedup = fmt.Sprint(attrs["ContentBasedDeduplication"]) == "true"
	if q.attrs.contentDedup && !fifo {
		return nil, cloud.Errorf(400, "InvalidAttributeName", "Unknown Attribute ContentBasedDeduplication.")
	}
	if rp, ok := attrs["RedrivePolicy"].(string); ok && rp != "" {
		var p struct {
			DeadLetterTargetArn string `json:"deadLetterTargetArn"`
			MaxReceiveCount     any    `json:"maxReceiveCount"`
		}
		if err := json.Unmarshal([]byte(rp), &p); err != nil {
			return nil, cloud.Errorf(400, "InvalidAttributeValue", "Value %s for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.", rp)
		}
		n, ok := intOf(p.MaxReceiveCount)
		if !ok || n < 1 || n > 1000 {
			return nil, cloud.Errorf(400, "InvalidAttributeValue", "Value %s for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: %v, valid values are from 1 to 1000 both inclusive.", rp, p.MaxReceiveCount)
		}
		dlq := p.DeadLetterTargetArn[strings.LastIndexByte(p.DeadLetterTargetArn, ':')+1:]
		target, ok := s.queues[dlq]
		if !ok || s.ARN(dlq) != p.DeadLetterTargetArn {
			return nil, cloud.Errorf(400, "InvalidAttributeValue", "Value %s for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.", rp)
		}
		if target.fifo != fifo {
			return nil, cloud.Errorf(400, "InvalidAttributeValue", "Value %s for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.", rp)
		}
		q.dlq, q.maxReceive, q.attrs.redrivePolicy = dlq, n, rp
	}
	if old, ok := s.queues[name]; ok {
		if old.attrs != q.attrs || old.fifo != q.fifo {
			return nil, cloud.Errorf(400, "QueueNameExists", "A queue already exists with the same name and a different value for attribute(s)")
		}
		return map[string]any{"QueueUrl": s.URL(name)}, nil
	}
	s.queues[name] = q
	return map[string]any{"QueueUrl": s.URL(name)}, nil
}

func (s *Service) listQueues(in map[string]any) map[string]any {
	prefix := cloud.Str(in, "QueueNamePrefix")
	var names []string
	for n := range s.queues {
		if strings.HasPrefix(n, prefix) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	out := map[string]any{}
	if len(names) > 0 {
		urls := make([]any, len(names))
		for i, n := range names {
			urls[i] = s.URL(n)
		}
		out["QueueUrls"] = urls
	}
	return out
}

// expire drops messages older than the queue's retention period.
func (s *Service) expire(q *queue) {
	now := s.now()
	kept := q.messages[:0]
	for _, m := range q.messages {
		if !m.deleted && now.Sub(m.sent) < q.attrs.retention {
			kept = append(kept, m)
		} else if q.live[m.id] == m {
			delete(q.live, m.id)
		}
	}
	for i := len(kept); i < len(q.messages); i++ {
		q.messages[i] = nil
	}
	q.messages = kept
}

func (s *Service) getQueueAttributes(in map[string]any) (map[string]any, error) {
	q, err := s.byURL(in)
	if err != nil {
		return nil, err
	}
	s.expire(q)
	now := s.now()
	var visible, inflight, delayed int
	for _, m := range q.messages {
		switch {
		case m.receives == 0 && m.visibleAt.After(now):
			delayed++
		case m.visibleAt.After(now):
			inflight++
		default:
			visible++
		}
	}
	all := map[string]string{
		"QueueArn":                              s.ARN(q.name),
		"ApproximateNumberOfMessages":           strconv.Itoa(visible),
		"ApproximateNumberOfMessagesNotVisible": strconv.Itoa(inflight),
		"ApproximateNumberOfMessagesDelayed":    strconv.Itoa(delayed),
		"CreatedTimestamp":                      strconv.FormatInt(q.created.Unix(), 10),
		"LastModifiedTimestamp":                 strconv.FormatInt(q.created.Unix(), 10),
		"VisibilityTimeout":                     strconv.Itoa(int(q.attrs.visibility / time.Second)),
		"DelaySeconds":                          strconv.Itoa(int(q.attrs.delay / time.Second)),
		"MessageRetentionPeriod":                strconv.Itoa(int(q.attrs.retention / time.Second)),
		"MaximumMessageSize":                    strconv.Itoa(q.attrs.maxSize),
		"ReceiveMessageWaitTimeSeconds":         strconv.Itoa(q.attrs.receiveWaitSec),
		"SqsManagedSseEnabled":                  "false",
	}
	if q.attrs.redrivePolicy != "" {
		all["RedrivePolicy"] = q.attrs.redrivePolicy
	}
	if q.fifo {
		all["FifoQueue"] = "true"
		all["ContentBasedDeduplication"] = strconv.FormatBool(q.attrs.contentDedup)
	}
	names, _ := in["AttributeNames"].([]any)
	out := map[string]any{}
	for _, x := range names {
		n, _ := x.(string)
		if n == "All" {
			for k, v := range all {
				out[k] = v
			}
			continue
		}
		v, ok := all[n]
		if !ok {
			return nil, cloud.Errorf(400, "InvalidAttributeName", "Unknown Attribute %s.", n)
		}
		out[n] = v
	}
	if len(out) == 0 {
		return map[string]any{}, nil
	}
	return map[string]any{"Attributes": out}, nil
}

func (s *Service) newID() string {
	s.seq++
	h := md5.Sum([]byte(s.account + "/" + strconv.FormatUint(s.seq, 10)))
	x := hex.EncodeToString(h[:])
	return x[0:8] + "-" + x[8:12] + "-4" + x[13:16] + "-8" + x[17:20] + "-" + x[20:32]
}

func md5Hex(b []byte) string {
	h := md5.Sum(b)
	return hex.EncodeToString(h[:])
}

// attributesMD5 is MD5OfMessageAttributes, computed as the SQS developer
// guide describes: attributes sorted by name, each encoded as the name,
// the data type and the value, each preceded by its 4-byte big-endian
// length, with a transport byte (1 string, 2 binary) before the value.
func attributesMD5(attrs map[string]any) (string, error) {
	if len(attrs) == 0 {
		return "", nil
	}
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf []byte
	put := func(b []byte) {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(b)))
		buf = append(buf, b...)
	}
	for _, n := range names {
		a, ok := attrs[n].(map[string]any)
		if !ok {
			return "", invalidParam("The message attribute '%s' must contain a DataType and a value.", n)
		}
		dt := cloud.Str(a, "DataType")
		put([]byte(n))
		put([]byte(dt))
		switch {
		case strings.HasPrefix(dt, "String") || strings.HasPrefix(dt, "Number"):
			sv, ok := a["StringValue"].(string)
			if !ok {
				return "", invalidParam("The message attribute '%s' with type '%s' must use field 'String'.", n, dt)
			}
			buf = append(buf, 1)
			put([]byte(sv))
		case strings.HasPrefix(dt, "Binary"):
			bv, ok := a["BinaryValue"].([]byte)
			if !ok {
				return "", invalidParam("The message attribute '%s' with type 'Binary' must use field 'Binary'.", n)
			}
			buf = append(buf, 2)
			put(bv)
		default:
			return "", invalidParam("The type of message (user) attribute '%s' is invalid. You must use only the following supported type prefixes: Binary, Number, String.", n)
		}
	}
	return md5Hex(buf), nil
}

func messageSize(body string, attrs map[string]any) int {
	n := len(body)
	for k, v := range attrs {
		a, _ := v.(map[string]any)
		n += len(k) + len(cloud.Str(a, "DataType")) + len(cloud.Str(a, "StringValue"))
		if b, ok := a["BinaryValue"].([]byte); ok {
			n += len(b)
		}
	}
	return n
}

func (s *Service) send(q *queue, in map[string]any) (map[string]any, error) {
	body, ok := in["MessageBody"].(string)
	if !ok || body == "" {
		return nil, cloud.Errorf(400, "MissingParameter", "The request must contain the parameter MessageBody.")
	}
	attrs, _ := in["MessageAttributes"].(map[string]any)
	if len(attrs) > 10 {
		return nil, invalidParam("Number of message attributes [%d] exceeds the allowed maximum [10].", len(attrs))
	}
	if n := messageSize(body, attrs); n > q.attrs.maxSize {
		return nil, invalidParam("One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", q.attrs.maxSize)
	}
	md5Attrs, err := attributesMD5(attrs)
	if err != nil {
		return nil, err
	}
	now := s.now()
	m := &message{body: body, md5Body: md5Hex([]byte(body)), attrs: attrs, md5Attrs: md5Attrs, sent: now}
	delay := q.attrs.delay
	if v, ok := in["DelaySeconds"]; ok && v != nil {
		if q.fifo {
			return nil, invalidParam("Value %v for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.", v)
		}
		n, ok := intOf(v)
		if !ok || n < 0 || n > 900 {
			return nil, invalidParam("Value %v for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.", v)
		}
		delay = time.Duration(n) * time.Second
	}
	m.visibleAt = now.Add(delay)
	if q.fifo {
		m.group = cloud.Str(in, "MessageGroupId")
		if m.group == "" {
			return nil, cloud.Errorf(400, "MissingParameter", "The request must contain the parameter MessageGroupId.")
		}
		m.dedupID = cloud.Str(in, "MessageDeduplicationId")
		if m.dedupID == "" {
			if !q.attrs.contentDedup {
				return nil, invalidParam("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
			}
			// Content-based deduplication: the SHA-256 of the body.
			sum := sha256.Sum256([]byte(body))
			m.dedupID = hex.EncodeToString(sum[:])
		}
		if e, ok := q.dedup[m.dedupID]; ok && now.Sub(e.seen) < dedupWindow {
			// Accepted, not delivered again.
			return map[string]any{"MessageId": e.id, "MD5OfMessageBody": m.md5Body, "SequenceNumber": q.seqString()}, nil
		}
		q.seq++
		m.seqNumber = q.seqString()
	}
	m.id = s.newID()
	if q.fifo {
		q.dedup[m.dedupID] = dedupEntry{id: m.id, seen: now}
	}
	q.add(m)
	out := map[string]any{"MessageId": m.id, "MD5OfMessageBody": m.md5Body}
	if md5Attrs != "" {
		out["MD5OfMessageAttributes"] = md5Attrs
	}
	if q.fifo {
		out["SequenceNumber"] = m.seqNumber
	}
	return out, nil
}

// add appends a message to the queue.
func (q *queue) add(m *message) {
	q.messages = append(q.messages, m)
	q.live[m.id] = m
}

func (q *queue) seqString() string {
	// FIFO sequence numbers are 20-digit numbers that only grow.
	return fmt.Sprintf("188%017d", q.seq)
}
