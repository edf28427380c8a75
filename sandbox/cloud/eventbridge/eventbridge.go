// Package eventbridge is the tutor's in-process Amazon EventBridge: event
// buses, rules with event patterns and their targets, in memory, no
// network, with the shapes of the AWS SDK for JavaScript v3's commands.
//
// What it has: PutEvents (up to 10 entries, the event envelope EventBridge
// builds), PutRule with an EventPattern, PutTargets, ListRules, and the
// whole content-filtering language of event patterns (exact values,
// prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric,
// exists, cidr, $or, arrays). Matching events are handed to the function
// set with OnDeliver (the fleet invokes the target function
// asynchronously). What it has not: schedules, input transformers,
// archives and replays, cross-account buses, API destinations.
//
// Sources:
//   - https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
//   - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
//   - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
//   - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
package eventbridge

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// MaxEntriesBytes is PutEvents' limit on the total entry size, 1 MB since
// 2025 (https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb).
const MaxEntriesBytes = 1 << 20

// Service is one account's EventBridge in one Region.
type Service struct {
	mu      sync.Mutex
	clock   cloud.Clock
	region  string
	account string
	rules   map[string]*rule // by bus + "/" + name
	seq     int
	deliver func(Delivery)
}

type rule struct {
	bus, name, pattern string
	parsed             *Pattern
	targets            map[string]string // Id -> ARN
}

// Delivery is one event for one target of a matching rule.
type Delivery struct {
	Rule      string
	TargetID  string
	TargetARN string
	Event     []byte // the envelope as JSON
}

// New returns an EventBridge with the default bus and no rules.
func New(clock cloud.Clock, region, accountID string) *Service {
	return &Service{clock: clock, region: region, account: accountID, rules: map[string]*rule{}}
}

// OnDeliver sets the function called, outside the service's lock, for
// every event a rule sends to a target.
func (s *Service) OnDeliver(f func(Delivery)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deliver = f
}

// AddRule creates a rule on the default bus with its targets, as a
// project file declares it.
func (s *Service) AddRule(name, pattern string, targetARNs ...string) error {
	if _, err := s.Call("PutRule", map[string]any{"Name": name, "EventPattern": pattern}); err != nil {
		return err
	}
	var targets []any
	for i, arn := range targetARNs {
		targets = append(targets, map[string]any{"Id": fmt.Sprintf("target-%d", i+1), "Arn": arn})
	}
	if len(targets) == 0 {
		return nil
	}
	out, err := s.Call("PutTargets", map[string]any{"Rule": name, "Targets": targets})
	if err == nil && out["FailedEntryCount"] != 0 {
		err = fmt.Errorf("PutTargets: %v", out["FailedEntries"])
	}
	return err
}

func busOf(in map[string]any) string {
	if b := cloud.Str(in, "EventBusName"); b != "" {
		return b
	}
	return "default"
}

// Call runs one operation with the SDK v3 command's input and output
// shapes.
func (s *Service) Call(op string, in map[string]any) (map[string]any, error) {
	s.mu.Lock()
	var out map[string]any
	var err error
	var deliveries []Delivery
	switch op {
	case "PutRule":
		out, err = s.putRule(in)
	case "PutTargets":
		out, err = s.putTargets(in)
	case "ListRules":
		out = s.listRules(in)
	case "PutEvents":
		out, deliveries, err = s.putEvents(in)
	default:
		err = cloud.Errorf(400, "ValidationException", "the tutor's in-process EventBridge does not offer %s; it has PutEvents, PutRule, PutTargets and ListRules", op)
	}
	f := s.deliver
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if f != nil {
		for _, d := range deliveries {
			f(d)
		}
	}
	return out, nil
}

func (s *Service) ruleARN(bus, name string) string {
	if bus == "default" {
		return fmt.Sprintf("arn:aws:events:%s:%s:rule/%s", s.region, s.account, name)
	}
	return fmt.Sprintf("arn:aws:events:%s:%s:rule/%s/%s", s.region, s.account, bus, name)
}

func (s *Service) putRule(in map[string]any) (map[string]any, error) {
	name := cloud.Str(in, "Name")
	if name == "" || len(name) > 64 {
		return nil, cloud.Errorf(400, "ValidationException", "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length between 1 and 64")
	}
	pattern := cloud.Str(in, "EventPattern")
	if pattern == "" {
		if cloud.Str(in, "ScheduleExpression") != "" {
			return nil, cloud.Errorf(400, "ValidationException", "the tutor's in-process EventBridge has no schedules: give the rule an EventPattern")
		}
		return nil, cloud.Errorf(400, "ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.")
	}
	p, err := ParsePattern(pattern)
	if err != nil {
		return nil, cloud.Errorf(400, "InvalidEventPatternException", "%s", err.Error())
	}
	bus := busOf(in)
	key := bus + "/" + name
	r, ok := s.rules[key]
	if !ok {
		r = &rule{bus: bus, name: name, targets: map[string]string{}}
		s.rules[key] = r
	}
	r.pattern, r.parsed = pattern, p
	return map[string]any{"RuleArn": s.ruleARN(bus, name)}, nil
}

func (s *Service) putTargets(in map[string]any) (map[string]any, error) {
	r, ok := s.rules[busOf(in)+"/"+cloud.Str(in, "Rule")]
	if !ok {
		return nil, cloud.Errorf(400, "ResourceNotFoundException", "Rule %s does not exist on EventBus %s.", cloud.Str(in, "Rule"), busOf(in))
	}
	targets, _ := in["Targets"].([]any)
	if len(targets) == 0 || len(targets) > 10 {
		return nil, cloud.Errorf(400, "ValidationException", "1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and 10")
	}
	if len(r.targets)+len(targets) > 5 {
		return nil, cloud.Errorf(400, "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
	}
	for _, x := range targets {
		t, _ := x.(map[string]any)
		r.targets[cloud.Str(t, "Id")] = cloud.Str(t, "Arn")
	}
	return map[string]any{"FailedEntryCount": 0, "FailedEntries": []any{}}, nil
}

func (s *Service) listRules(in map[string]any) map[string]any {
	bus := busOf(in)
	var names []string
	for _, r := range s.rules {
		if r.bus == bus {
			names = append(names, r.name)
		}
	}
	sort.Strings(names)
	list := []any{}
	for _, n := range names {
		r := s.rules[bus+"/"+n]
		list = append(list, map[string]any{"Name": n, "Arn": s.ruleARN(bus, n), "EventPattern": r.pattern, "State": "ENABLED", "EventBusName": bus})
	}
	return map[string]any{"Rules": list}
}

func (s *Service) newID() string {
	s.seq++
	h := md5.Sum([]byte(fmt.Sprintf("%s/event/%d", s.account, s.seq)))
	x := hex.EncodeToString(h[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func (s *Service) putEvents(in map[string]any) (map[string]any, []Delivery, error) {
	entries, _ := in["Entries"].([]any)
	if len(entries) == 0 || len(entries) > 10 {
		return nil, nil, cloud.Errorf(400, "ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10")
	}
	total := 0
	for _, x := range entries {
		e, _ := x.(map[string]any)
		total += len(cloud.Str(e, "Source")) + len(cloud.Str(e, "DetailType")) + len(cloud.Str(e, "Detail"))
	}
	if total > MaxEntriesBytes {
		return nil, nil, cloud.Errorf(400, "ValidationException", "Total size of the entries in the request is over the limit.")
	}
	var results []any
	var deliveries []Delivery
	failed := 0
	for _, x := range entries {
		e, _ := x.(map[string]any)
		env, errCode, errMsg := s.envelope(e)
		if errCode != "" {
			failed++
			results = append(results, map[string]any{"ErrorCode": errCode, "ErrorMessage": errMsg})
			continue
		}
		results = append(results, map[string]any{"EventId": env["id"]})
		raw, _ := json.Marshal(env)
		bus := busOf(e)
		keys := make([]string, 0, len(s.rules))
		for k := range s.rules {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r := s.rules[k]
			if r.bus != bus || !r.parsed.Match(raw) {
				continue
			}
			ids := make([]string, 0, len(r.targets))
			for id := range r.targets {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				deliveries = append(deliveries, Delivery{Rule: r.name, TargetID: id, TargetARN: r.targets[id], Event: raw})
			}
		}
	}
	return map[string]any{"FailedEntryCount": failed, "Entries": results}, deliveries, nil
}

// envelope builds the event as EventBridge delivers it.
func (s *Service) envelope(e map[string]any) (map[string]any, string, string) {
	src, dt, detail := cloud.Str(e, "Source"), cloud.Str(e, "DetailType"), cloud.Str(e, "Detail")
	switch {
	case src == "":
		return nil, "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."
	case dt == "":
		return nil, "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument."
	case detail == "":
		return nil, "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(detail)))
	dec.UseNumber()
	var d any
	if err := dec.Decode(&d); err != nil {
		return nil, "MalformedDetail", "Detail is malformed."
	}
	if _, ok := d.(map[string]any); !ok {
		return nil, "MalformedDetail", "Detail is malformed."
	}
	t := s.now()
	if v, ok := e["Time"].(time.Time); ok {
		t = v
	}
	resources := []any{}
	if rs, ok := e["Resources"].([]any); ok {
		resources = rs
	}
	return map[string]any{
		"version":     "0",
		"id":          s.newID(),
		"detail-type": dt,
		"source":      src,
		"account":     s.account,
		"time":        t.UTC().Format("2006-01-02T15:04:05Z"),
		"region":      s.region,
		"resources":   resources,
		"detail":      d,
	}, "", ""
}

func (s *Service) now() time.Time {
	if s.clock == nil {
		return time.Time{}
	}
	return s.clock.Now()
}
