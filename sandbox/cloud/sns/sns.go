// Package sns is the tutor's in-process Amazon SNS: topics and their
// subscriptions in memory, no network, with the shapes of the AWS SDK for
// JavaScript v3's commands and SNS's errors.
//
// What it has: CreateTopic, Subscribe (protocols sqs and lambda, with the
// RawMessageDelivery attribute for sqs), Unsubscribe, ListTopics,
// ListSubscriptionsByTopic, Publish (Message, Subject, MessageAttributes,
// FIFO topics' MessageGroupId). Publish fans out to every subscription:
// an SQS subscription receives the SNS JSON envelope as the message body
// (or the raw message), a Lambda subscription receives the record of an
// SNS event. Deliveries are handed to the function set with OnDeliver; the
// fleet and the in-process SQS carry them out. What it has not: e-mail,
// SMS, HTTP and mobile endpoints, filter policies, message signatures (the
// Signature field says the tutor does not sign), data protection.
//
// Sources:
//   - https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
//   - https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
//   - https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html
//   - https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
package sns

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// MaxMessageBytes is SNS's limit on a published message (256 KB).
// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
const MaxMessageBytes = 256 * 1024

// Service is one account's SNS in one Region.
type Service struct {
	mu      sync.Mutex
	clock   cloud.Clock
	region  string
	account string
	topics  map[string]*topic // by name
	subs    map[string]*subscription
	seq     int
	deliver func(Delivery)
}

type topic struct {
	name, arn string
	fifo      bool
	subs      []string // subscription ARNs in order
}

type subscription struct {
	arn, topicARN, protocol, endpoint string
	raw                               bool
}

// Delivery is one message for one subscription.
type Delivery struct {
	SubscriptionARN string
	Protocol        string // "sqs" or "lambda"
	Endpoint        string // the queue's or the function's ARN
	// Body is what an SQS subscription receives as the message body: the
	// JSON envelope, or the message itself with raw delivery.
	Body string
	// Record is what a Lambda subscription receives: one record of
	// Records.
	Record map[string]any
	// GroupID is the FIFO message group, for FIFO topics.
	GroupID string
}

// New returns an SNS with no topics.
func New(clock cloud.Clock, region, accountID string) *Service {
	return &Service{clock: clock, region: region, account: accountID, topics: map[string]*topic{}, subs: map[string]*subscription{}}
}

// OnDeliver sets the function called, outside the service's lock, for
// every delivery of a published message.
func (s *Service) OnDeliver(f func(Delivery)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deliver = f
}

// CreateTopic makes a topic, as a project file declares it, and returns
// its ARN.
func (s *Service) CreateTopic(name string) (string, error) {
	attrs := map[string]any{}
	if strings.HasSuffix(name, ".fifo") {
		attrs["FifoTopic"] = "true"
	}
	out, err := s.Call("CreateTopic", map[string]any{"Name": name, "Attributes": attrs})
	if err != nil {
		return "", err
	}
	return out["TopicArn"].(string), nil
}

// Subscribe subscribes an SQS queue or a Lambda function (by ARN).
func (s *Service) Subscribe(topicARN, protocol, endpoint string, raw bool) (string, error) {
	in := map[string]any{"TopicArn": topicARN, "Protocol": protocol, "Endpoint": endpoint}
	if raw {
		in["Attributes"] = map[string]any{"RawMessageDelivery": "true"}
	}
	out, err := s.Call("Subscribe", in)
	if err != nil {
		return "", err
	}
	return out["SubscriptionArn"].(string), nil
}

func notFound() error {
	return cloud.Errorf(404, "NotFound", "Topic does not exist")
}

// Call runs one operation with the SDK v3 command's input and output
// shapes.
func (s *Service) Call(op string, in map[string]any) (map[string]any, error) {
	s.mu.Lock()
	var out map[string]any
	var err error
	var ds []Delivery
	switch op {
	case "CreateTopic":
		out, err = s.createTopic(in)
	case "ListTopics":
		out = s.listTopics()
	case "Subscribe":
		out, err = s.subscribe(in)
	case "Unsubscribe":
		out, err = s.unsubscribe(in)
	case "ListSubscriptionsByTopic":
		out, err = s.listSubscriptions(in)
	case "Publish":
		out, ds, err = s.publish(in)
	default:
		err = cloud.Errorf(400, "InvalidParameter", "the tutor's in-process SNS does not offer %s; it has CreateTopic, ListTopics, Subscribe, Unsubscribe, ListSubscriptionsByTopic and Publish", op)
	}
	f := s.deliver
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if f != nil {
		for _, d := range ds {
			f(d)
		}
	}
	return out, nil
}

func (s *Service) createTopic(in map[string]any) (map[string]any, error) {
	name := cloud.Str(in, "Name")
	attrs, _ := in["Attributes"].(map[string]any)
	fifo := fmt.Sprint(attrs["FifoTopic"]) == "true"
	base := strings.TrimSuffix(name, ".fifo")
	valid := base != "" && len(name) <= 256 && fifo == strings.HasSuffix(name, ".fifo")
	for _, c := range base {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			valid = false
		}
	}
	if !valid {
		return nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: Topic Name")
	}
	if t, ok := s.topics[name]; ok {
		return map[string]any{"TopicArn": t.arn}, nil
	}
	t := &topic{name: name, fifo: fifo, arn: fmt.Sprintf("arn:aws:sns:%s:%s:%s", s.region, s.account, name)}
	s.topics[name] = t
	return map[string]any{"TopicArn": t.arn}, nil
}

func (s *Service) listTopics() map[string]any {
	names := make([]string, 0, len(s.topics))
	for n := range s.topics {
		names = append(names, n)
	}
	sort.Strings(names)
	list := []any{}
	for _, n := range names {
		list = append(list, map[string]any{"TopicArn": s.topics[n].arn})
	}
	return map[string]any{"Topics": list}
}

func (s *Service) topicByARN(arn string) (*topic, error) {
	name := arn[strings.LastIndexByte(arn, ':')+1:]
	t, ok := s.topics[name]
	if !ok || t.arn != arn {
		return nil, notFound()
	}
	return t, nil
}

func (s *Service) newID() string {
	s.seq++
	h := md5.Sum([]byte(fmt.Sprintf("%s/sns/%d", s.account, s.seq)))
	x := hex.EncodeToString(h[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func (s *Service) subscribe(in map[string]any) (map[string]any, error) {
	t, err := s.topicByARN(cloud.Str(in, "TopicArn"))
	if err != nil {
		return nil, err
	}
	protocol, endpoint := cloud.Str(in, "Protocol"), cloud.Str(in, "Endpoint")
	switch protocol {
	case "sqs":
		if !strings.HasPrefix(endpoint, "arn:aws:sqs:") {
			return nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: SQS endpoint ARN")
		}
	case "lambda":
		if !strings.HasPrefix(endpoint, "arn:aws:lambda:") {
			return nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: Lambda endpoint ARN")
		}
	case "email", "email-json", "sms", "http", "https", "application", "firehose":
		return nil, cloud.Errorf(400, "InvalidParameter", "the tutor's in-process SNS delivers only to SQS queues and Lambda functions: %s endpoints would need the network", protocol)
	default:
		return nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: Amazon SNS does not support this protocol string: %s", protocol)
	}
	attrs, _ := in["Attributes"].(map[string]any)
	raw := fmt.Sprint(attrs["RawMessageDelivery"]) == "true"
	if raw && protocol == "lambda" {
		return nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.")
	}
	if _, ok := attrs["FilterPolicy"]; ok {
		return nil, cloud.Errorf(400, "InvalidParameter", "the tutor's in-process SNS does not apply subscription filter policies: subscribe without FilterPolicy")
	}
	for _, a := range t.subs {
		if sub := s.subs[a]; sub.protocol == protocol && sub.endpoint == endpoint {
			return map[string]any{"SubscriptionArn": a}, nil
		}
	}
	arn := t.arn + ":" + s.newID()
	s.subs[arn] = &subscription{arn: arn, topicARN: t.arn, protocol: protocol, endpoint: endpoint, raw: raw}
	t.subs = append(t.subs, arn)
	return map[string]any{"SubscriptionArn": arn}, nil
}

func (s *Service) unsubscribe(in map[string]any) (map[string]any, error) {
	arn := cloud.Str(in, "SubscriptionArn")
	sub, ok := s.subs[arn]
	if !ok {
		return nil, cloud.Errorf(404, "NotFound", "Subscription does not exist")
	}
	delete(s.subs, arn)
	if t, err := s.topicByARN(sub.topicARN); err == nil {
		for i, a := range t.subs {
			if a == arn {
				t.subs = append(t.subs[:i], t.subs[i+1:]...)
				break
			}
		}
	}
	return map[string]any{}, nil
}

func (s *Service) listSubscriptions(in map[string]any) (map[string]any, error) {
	t, err := s.topicByARN(cloud.Str(in, "TopicArn"))
	if err != nil {
		return nil, err
	}
	list := []any{}
	for _, a := range t.subs {
		sub := s.subs[a]
		list = append(list, map[string]any{"SubscriptionArn": a, "TopicArn": t.arn, "Protocol": sub.protocol, "Endpoint": sub.endpoint, "Owner": s.account})
	}
	return map[string]any{"Subscriptions": list}, nil
}

func (s *Service) publish(in map[string]any) (map[string]any, []Delivery, error) {
	arn := cloud.Str(in, "TopicArn")
	if arn == "" {
		arn = cloud.Str(in, "TargetArn")
	}
	if cloud.Str(in, "PhoneNumber") != "" {
		return nil, nil, cloud.Errorf(400, "InvalidParameter", "the tutor's in-process SNS does not send SMS: publish to a topic")
	}
	t, err := s.topicByARN(arn)
	if err != nil {
		return nil, nil, err
	}
	msg, ok := in["Message"].(string)
	if !ok || msg == "" {
		return nil, nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: Empty message")
	}
	if len(msg) > MaxMessageBytes {
		return nil, nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: Message too long")
	}
	subject := cloud.Str(in, "Subject")
	if len(subject) > 100 {
		return nil, nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: Subject")
	}
	group := cloud.Str(in, "MessageGroupId")
	if t.fifo && group == "" {
		return nil, nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
	}
	attrs, err := messageAttributes(in["MessageAttributes"])
	if err != nil {
		return nil, nil, err
	}
	id := s.newID()
	ts := s.now().UTC().Format("2006-01-02T15:04:05.000Z")
	var ds []Delivery
	for _, a := range t.subs {
		sub := s.subs[a]
		env := s.envelope(t, sub, id, msg, subject, ts, attrs)
		d := Delivery{SubscriptionARN: a, Protocol: sub.protocol, Endpoint: sub.endpoint, GroupID: group}
		if sub.protocol == "lambda" {
			d.Record = map[string]any{"EventVersion": "1.0", "EventSubscriptionArn": a, "EventSource": "aws:sns", "Sns": env}
		} else if sub.raw {
			d.Body = msg
		} else {
			b, _ := json.Marshal(sqsEnvelope(env))
			d.Body = string(b)
		}
		ds = append(ds, d)
	}
	out := map[string]any{"MessageId": id}
	if t.fifo {
		out["SequenceNumber"] = fmt.Sprintf("1000%016d", s.seq)
	}
	return out, ds, nil
}

// messageAttributes converts Publish's MessageAttributes ({DataType,
// StringValue|BinaryValue}) to the {Type, Value} form of deliveries.
func messageAttributes(v any) (map[string]any, error) {
	m, _ := v.(map[string]any)
	if len(m) > 10 {
		return nil, cloud.Errorf(400, "InvalidParameter", "Invalid parameter: Too many message attributes")
	}
	out := map[string]any{}
	for k, x := range m {
		a, _ := x.(map[string]any)
		dt := cloud.Str(a, "DataType")
		switch {
		case strings.HasPrefix(dt, "String") || strings.HasPrefix(dt, "Number"):
			out[k] = map[string]any{"Type": dt, "Value": cloud.Str(a, "StringValue")}
		case dt == "Binary":
			b, _ := a["BinaryValue"].([]byte)
			out[k] = map[string]any{"Type": dt, "Value": b}
		default:
			return nil, cloud.Errorf(400, "ParameterValueInvalid", "The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", k)
		}
	}
	return out, nil
}

const notSigned = "lambdatutor: the in-process SNS does not sign messages"

func (s *Service) envelope(t *topic, sub *subscription, id, msg, subject, ts string, attrs map[string]any) map[string]any {
	env := map[string]any{
		"Type":              "Notification",
		"MessageId":         id,
		"TopicArn":          t.arn,
		"Subject":           nil,
		"Message":           msg,
		"Timestamp":         ts,
		"SignatureVersion":  "1",
		"Signature":         notSigned,
		"SigningCertUrl":    "",
		"UnsubscribeUrl":    "",
		"MessageAttributes": attrs,
	}
	if subject != "" {
		env["Subject"] = subject
	}
	return env
}

// sqsEnvelope is the JSON body an SQS subscription receives: the same
// fields with SNS's HTTP casing (SigningCertURL, UnsubscribeURL), no
// Subject when none was given, no MessageAttributes when there are none.
func sqsEnvelope(env map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range env {
		switch k {
		case "SigningCertUrl":
			out["SigningCertURL"] = v
		case "UnsubscribeUrl":
			out["UnsubscribeURL"] = v
		case "Subject":
			if v != nil {
				out[k] = v
			}
		case "MessageAttributes":
			if m, _ := v.(map[string]any); len(m) > 0 {
				out[k] = v
			}
		default:
			out[k] = v
		}
	}
	return out
}

func (s *Service) now() time.Time {
	if s.clock == nil {
		return time.Time{}
	}
	return s.clock.Now()
}
