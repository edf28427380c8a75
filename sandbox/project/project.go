// Package project reads lambdatutor.yaml, the file beside a learner's
// handlers that declares a small serverless application: its functions
// (with their execution-role policies and what invokes them) and the AWS
// resources they use (DynamoDB tables, S3 buckets, SQS queues, SNS
// topics, secrets and parameters). Every mistake is reported with its
// line and what to write instead; nothing is half-loaded.
//
// Build creates the declared resources in a fresh in-process account
// (sandbox/cloud/account). Deploy goes further: every function on one
// fleet (sandbox.Account), each reaching the account as its execution role,
// and the triggers wired between them; Runtime.Settle runs what the
// triggers queued on the virtual clock.
package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud/iam"
)

// FileName is the project file's name, looked for beside the handler.
const FileName = "lambdatutor.yaml"

// Project is a parsed, validated project file.
type Project struct {
	Functions  []Function
	Tables     []Table
	Buckets    []Bucket
	Queues     []Queue
	Topics     []Topic
	Secrets    []Secret
	Parameters []Parameter
}

// Function is one function of the project.
type Function struct {
	Name       string
	Handler    string // file.export, as in sandbox.Config
	Runtime    string // empty: the runtime the tutor picks from the file
	MemoryMB   int    // 0: the default
	TimeoutSec int    // 0: the default
	// ReservedConcurrency caps the function's concurrent invocations (and
	// reserves them); nil: the account's unreserved pool.
	ReservedConcurrency *int
	Env                 map[string]string
	// Role is the execution role's name; Policy its policy (nil: no
	// permission beyond writing logs, as a new role has).
	Role   string
	Policy *iam.Policy
	Events []Trigger
	// OnFailure names a queue or topic for the asynchronous invocations
	// that fail every attempt (a destination).
	OnFailure *Target
	Line      int
}

// Trigger is one event source of a function.
type Trigger struct {
	Kind string // "sqs", "s3", "dynamodb", "sns" or "eventbridge"
	Line int

	// sqs
	Queue                   string
	BatchSize               int
	BatchingWindow          time.Duration
	ReportBatchItemFailures bool
	// MaximumConcurrency is ScalingConfig.MaximumConcurrency: at most this
	// many batches at once (2 to 1,000); 0: not set.
	MaximumConcurrency int
	// s3
	Bucket   string
	S3Events []string // e.g. s3:ObjectCreated:*, s3:ObjectRemoved:Delete
	Prefix   string
	Suffix   string
	// dynamodb (a table's stream)
	Table string
	// sns
	Topic string
	// eventbridge
	Rule    string
	Pattern string // the event pattern, as JSON
}

// Target is a queue or a topic a function sends to.
type Target struct {
	Kind string // "sqs" or "sns"
	Name string
}

// Table is a DynamoDB table.
type Table struct {
	Name             string
	PartitionKey     string
	PartitionKeyType string
	SortKey          string
	SortKeyType      string
	Stream           string // "" or a stream view type
	Line             int
}

// Bucket is an S3 bucket.
type Bucket struct {
	Name string
	Line int
}

// Queue is an SQS queue.
type Queue struct {
	Name              string
	VisibilityTimeout int // seconds; 0: SQS's default of 30
	FIFO              bool
	DeadLetterQueue   string
	MaxReceiveCount   int
	Line              int
}

// Topic is an SNS topic.
type Topic struct {
	Name string
	Line int
}

// Secret is a Secrets Manager secret with a string value.
type Secret struct {
	Name, Value string
	Line        int
}

// Parameter is an SSM parameter.
type Parameter struct {
	Name, Type, Value string
	Line              int
}

// Error is one mistake in the file.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Load reads and validates a project file.
func Load(path string) (*Project, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file: write the project as a YAML file", path)
	}
	if info.Size() > 1<<20 {
		return nil, fmt.Errorf("%s is %d bytes: a project file is at most 1 MB", path, info.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse validates a project file's content; path names it in errors.
func Parse(path string, data []byte) (*Project, error) {
	p := &parser{path: path}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&doc)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, &Error{Path: path, Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if len(doc.Content) == 0 {
		return nil, &Error{Path: path, Msg: "the file is empty: declare functions and the resources they use (see `lambdatutor cloud --help`)"}
	}
	proj := p.project(doc.Content[0])
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	p.references(proj)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return proj, nil
}

type parser struct {
	path string
	errs []error
}

func (p *parser) fail(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	if len(p.errs) < 50 {
		p.errs = append(p.errs, &Error{Path: p.path, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
}

// mapping returns a mapping node's fields, reporting keys not in known.
func (p *parser) mapping(n *yaml.Node, where string, known ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.fail(n, "%s must be a mapping of keys to values", where)
		return nil
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if known != nil && !contains(known, k.Value) {
			p.fail(k, "%s has no field %q: the fields are %s", where, k.Value, strings.Join(known, ", "))
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.fail(k, "%s repeats %q", where, k.Value)
		}
		out[k.Value] = v
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// entries are a mapping's entries in file order (names to values).
func (p *parser) entries(n *yaml.Node, where string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.fail(n, "%s must be a mapping of names to settings", where)
		return nil
	}
	var out [][2]*yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if seen[n.Content[i].Value] {
			p.fail(n.Content[i], "%s declares %q twice", where, n.Content[i].Value)
			continue
		}
		seen[n.Content[i].Value] = true
		out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
	}
	return out
}

func (p *parser) str(n *yaml.Node, where string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.fail(n, "%s must be a string", where)
		return ""
	}
	return n.Value
}

func (p *parser) integer(n *yaml.Node, where string, lo, hi int, rule string) int {
	if n == nil {
		return 0
	}
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		p.fail(n, "%s must be a whole number, got %q", where, n.Value)
		return 0
	}
	if v < lo || v > hi {
		p.fail(n, "%s is %d: %s", where, v, rule)
		return 0
	}
	return v
}

func (p *parser) boolean(n *yaml.Node, where string) bool {
	if n == nil {
		return false
	}
	switch n.Value {
	case "true":
		return true
	case "false":
		return false
	}
	p.fail(n, "%s must be true or false, got %q", where, n.Value)
	return false
}

func (p *parser) project(root *yaml.Node) *Project {
	f := p.mapping(root, "the project", "functions", "tables", "buckets", "queues", "topics", "secrets", "parameters")
	proj := &Project{}
	if f == nil {
		return proj
	}
	if n := f["tables"]; n != nil {
		for _, e := range p.entries(n, "tables") {
			proj.Tables = append(proj.Tables, p.table(e[0], e[1]))
		}
	}
	if n := f["buckets"]; n != nil {
		if n.Kind != yaml.SequenceNode {
			p.fail(n, "buckets must be a list of bucket names")
		} else {
			for _, b := range n.Content {
				proj.Buckets = append(proj.Buckets, Bucket{Name: p.str(b, "a bucket name"), Line: b.Line})
			}
		}
	}
	if n := f["queues"]; n != nil {
		for _, e := range p.entries(n, "queues") {
			proj.Queues = append(proj.Queues, p.queue(e[0], e[1]))
		}
	}
	if n := f["topics"]; n != nil {
		if n.Kind != yaml.SequenceNode {
			p.fail(n, "topics must be a list of topic names")
		} else {
			for _, t := range n.Content {
				proj.Topics = append(proj.Topics, Topic{Name: p.str(t, "a topic name"), Line: t.Line})
			}
		}
	}
	if n := f["secrets"]; n != nil {
		for _, e := range p.entries(n, "secrets") {
			proj.Secrets = append(proj.Secrets, Secret{Name: e[0].Value, Value: p.str(e[1], "secret "+e[0].Value+"'s value"), Line: e[0].Line})
		}
	}
	if n := f["parameters"]; n != nil {
		for _, e := range p.entries(n, "parameters") {
			proj.Parameters = append(proj.Parameters, p.parameter(e[0], e[1]))
		}
	}
	if n := f["functions"]; n != nil {
		for _, e := range p.entries(n, "functions") {
			proj.Functions = append(proj.Functions, p.function(e[0], e[1]))
		}
	} else {
		p.fail(root, "the project declares no functions: add `functions:` with at least one handler")
	}
	return proj
}

var keyTypes = []string{"S", "N", "B"}

// key reads "id" or "id:S" (S is the default type).
func (p *parser) key(n *yaml.Node, where string) (string, string) {
	s := p.str(n, where)
	name, typ, ok := strings.Cut(s, ":")
	if !ok {
		typ = "S"
	}
	if name == "" || !contains(keyTypes, typ) {
		p.fail(n, "%s is %q: write the attribute's name and type, e.g. id:S (S string, N number, B binary)", where, s)
	}
	return name, typ
}

var streamTypes = []string{"NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY"}

func (p *parser) table(k, v *yaml.Node) Table {
	t := Table{Name: k.Value, Line: k.Line}
	where := "table " + t.Name
	if !validTableName(t.Name) {
		p.fail(k, "table name %q: DynamoDB table names are 3 to 255 letters, digits, '_', '-' and '.'", t.Name)
	}
	f := p.mapping(v, where, "partitionKey", "sortKey", "stream")
	if f == nil {
		return t
	}
	if f["partitionKey"] == nil {
		p.fail(v, "%s needs a partitionKey, e.g. partitionKey: id:S", where)
	} else {
		t.PartitionKey, t.PartitionKeyType = p.key(f["partitionKey"], where+"'s partitionKey")
	}
	if n := f["sortKey"]; n != nil {
		t.SortKey, t.SortKeyType = p.key(n, where+"'s sortKey")
	}
	if n := f["stream"]; n != nil {
		t.Stream = p.str(n, where+"'s stream")
		if !contains(streamTypes, t.Stream) {
			p.fail(n, "%s's stream is %q: use one of %s", where, t.Stream, strings.Join(streamTypes, ", "))
		}
	}
	return t
}

func validTableName(n string) bool {
	if len(n) < 3 || len(n) > 255 {
		return false
	}
	for _, c := range n {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func (p *parser) queue(k, v *yaml.Node) Queue {
	q := Queue{Name: k.Value, Line: k.Line, FIFO: strings.HasSuffix(k.Value, ".fifo")}
	where := "queue " + q.Name
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return q
	}
	f := p.mapping(v, where, "visibilityTimeout", "deadLetterQueue", "maxReceiveCount")
	if f == nil {
		return q
	}
	q.VisibilityTimeout = p.integer(f["visibilityTimeout"], where+"'s visibilityTimeout", 0, 43200, "SQS allows 0 to 43200 seconds (12 hours)")
	if n := f["deadLetterQueue"]; n != nil {
		q.DeadLetterQueue = p.str(n, where+"'s deadLetterQueue")
		q.MaxReceiveCount = 3
		if f["maxReceiveCount"] == nil {
			p.fail(n, "%s names a dead-letter queue without maxReceiveCount: say after how many receives a message moves there (1 to 1000)", where)
		}
	}
	if n := f["maxReceiveCount"]; n != nil {
		q.MaxReceiveCount = p.integer(n, where+"'s maxReceiveCount", 1, 1000, "SQS allows 1 to 1000")
		if q.DeadLetterQueue == "" {
			p.fail(n, "%s has maxReceiveCount but no deadLetterQueue to move messages to", where)
		}
	}
	return q
}

var parameterTypes = []string{"String", "StringList", "SecureString"}

func (p *parser) parameter(k, v *yaml.Node) Parameter {
	pr := Parameter{Name: k.Value, Type: "String", Line: k.Line}
	where := "parameter " + pr.Name
	if v.Kind == yaml.ScalarNode {
		pr.Value = v.Value
		return pr
	}
	f := p.mapping(v, where, "type", "value")
	if f == nil {
		return pr
	}
	if n := f["type"]; n != nil {
		pr.Type = p.str(n, where+"'s type")
		if !contains(parameterTypes, pr.Type) {
			p.fail(n, "%s's type is %q: use String, StringList or SecureString", where, pr.Type)
		}
	}
	pr.Value = p.str(f["value"], where+"'s value")
	if pr.Value == "" {
		p.fail(v, "%s needs a value", where)
	}
	return pr
}

func (p *parser) function(k, v *yaml.Node) Function {
	fn := Function{Name: k.Value, Line: k.Line, Role: k.Value + "-role"}
	where := "function " + fn.Name
	f := p.mapping(v, where, "handler", "runtime", "memory", "timeout", "reservedConcurrency", "environment", "role", "policy", "events", "onFailure")
	if f == nil {
		return fn
	}
	fn.Handler = p.str(f["handler"], where+"'s handler")
	if fn.Handler == "" {
		p.fail(v, "%s needs a handler: file.export, e.g. handler: index.handler", where)
	}
	fn.Runtime = p.str(f["runtime"], where+"'s runtime")
	fn.MemoryMB = p.integer(f["memory"], where+"'s memory", 128, 10240, "Lambda allows 128 to 10240 MB")
	fn.TimeoutSec = p.integer(f["timeout"], where+"'s timeout", 1, 900, "Lambda allows 1 to 900 seconds")
	if n := f["reservedConcurrency"]; n != nil {
		// The tutor's account has Lambda's default quota of 1,000, of
		// which 100 must stay unreserved.
		rc := p.integer(n, where+"'s reservedConcurrency", 0, 900, "Lambda allows 0 up to the account's concurrency (1,000 here) minus the 100 it keeps unreserved")
		fn.ReservedConcurrency = &rc
	}
	if n := f["role"]; n != nil {
		fn.Role = p.str(n, where+"'s role")
	}
	if n := f["environment"]; n != nil {
		fn.Env = map[string]string{}
		for _, e := range p.entries(n, where+"'s environment") {
			fn.Env[e[0].Value] = p.str(e[1], "environment variable "+e[0].Value)
		}
	}
	if n := f["policy"]; n != nil {
		fn.Policy = p.policy(n, where)
	}
	if n := f["events"]; n != nil {
		if n.Kind != yaml.SequenceNode {
			p.fail(n, "%s's events must be a list, e.g. - sqs: {queue: orders}", where)
		} else {
			for _, e := range n.Content {
				if t, ok := p.trigger(e, where); ok {
					fn.Events = append(fn.Events, t)
				}
			}
		}
	}
	if n := f["onFailure"]; n != nil {
		t := p.mapping(n, where+"'s onFailure", "queue", "topic")
		switch {
		case t == nil:
		case t["queue"] != nil && t["topic"] == nil:
			fn.OnFailure = &Target{Kind: "sqs", Name: p.str(t["queue"], "onFailure queue")}
		case t["topic"] != nil && t["queue"] == nil:
			fn.OnFailure = &Target{Kind: "sns", Name: p.str(t["topic"], "onFailure topic")}
		default:
			p.fail(n, "%s's onFailure names one queue or one topic, e.g. onFailure: {queue: failed-orders}", where)
		}
	}
	return fn
}

// policy reads the execution role's policy, written in YAML with IAM's
// own keys (Version, Statement, Effect, Action, Resource).
func (p *parser) policy(n *yaml.Node, where string) *iam.Policy {
	var v any
	if err := n.Decode(&v); err != nil {
		p.fail(n, "%s's policy: %v", where, err)
		return nil
	}
	doc, err := toJSON(v)
	if err != nil {
		p.fail(n, "%s's policy cannot be read as IAM JSON: %v", where, err)
		return nil
	}
	pol, err := iam.Parse(doc)
	if err != nil {
		p.fail(n, "%s's policy: %v", where, err)
		return nil
	}
	return pol
}

// toJSON writes a decoded YAML value as JSON, without escaping <, > and &
// (event patterns compare with ">=").
func toJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(normalize(v)); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}

// normalize turns YAML maps into JSON-able ones.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	}
	return v
}

var s3EventNames = []string{"s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Copy", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete"}

func (p *parser) trigger(n *yaml.Node, where string) (Trigger, bool) {
	f := p.mapping(n, where+"'s event", "sqs", "s3", "dynamodb", "sns", "eventbridge")
	if len(f) != 1 {
		if f != nil {
			p.fail(n, "each event of %s names one source: sqs, s3, dynamodb, sns or eventbridge", where)
		}
		return Trigger{}, false
	}
	t := Trigger{Line: n.Line}
	for kind, v := range f {
		t.Kind = kind
		w := where + "'s " + kind + " event"
		switch kind {
		case "sqs":
			m := p.mapping(v, w, "queue", "batchSize", "batchingWindow", "reportBatchItemFailures", "maximumConcurrency")
			if m == nil {
				return t, false
			}
			t.Queue = p.str(m["queue"], w+"'s queue")
			t.BatchSize = 10
			if m["batchSize"] != nil {
				t.BatchSize = p.integer(m["batchSize"], w+"'s batchSize", 1, 10000, "Lambda allows 1 to 10,000 (10 for FIFO queues)")
			}
			if m["batchingWindow"] != nil {
				t.BatchingWindow = time.Duration(p.integer(m["batchingWindow"], w+"'s batchingWindow", 0, 300, "Lambda allows 0 to 300 seconds")) * time.Second
			}
			t.ReportBatchItemFailures = p.boolean(m["reportBatchItemFailures"], w+"'s reportBatchItemFailures")
			if m["maximumConcurrency"] != nil {
				// https://docs.aws.amazon.com/lambda/latest/dg/API_ScalingConfig.html
				t.MaximumConcurrency = p.integer(m["maximumConcurrency"], w+"'s maximumConcurrency", 2, 1000, "Lambda allows 2 to 1,000 (ScalingConfig.MaximumConcurrency)")
			}
			if t.BatchSize > 10 && t.BatchingWindow == 0 {
				// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
				p.fail(m["batchSize"], "%s has batchSize %d without a batchingWindow: Lambda needs a batching window of at least 1 second for a batch size above 10", w, t.BatchSize)
			}
		case "s3":
			m := p.mapping(v, w, "bucket", "events", "prefix", "suffix")
			if m == nil {
				return t, false
			}
			t.Bucket = p.str(m["bucket"], w+"'s bucket")
			t.Prefix = p.str(m["prefix"], w+"'s prefix")
			t.Suffix = p.str(m["suffix"], w+"'s suffix")
			t.S3Events = []string{"s3:ObjectCreated:*"}
			if e := m["events"]; e != nil {
				t.S3Events = nil
				if e.Kind != yaml.SequenceNode {
					p.fail(e, "%s's events must be a list, e.g. [s3:ObjectCreated:*]", w)
				}
				for _, x := range e.Content {
					name := p.str(x, "an S3 event name")
					if !contains(s3EventNames, name) {
						p.fail(x, "%s: S3 event %q is not one the tutor's S3 sends: use %s", w, name, strings.Join(s3EventNames, ", "))
					}
					t.S3Events = append(t.S3Events, name)
				}
			}
		case "dynamodb":
			m := p.mapping(v, w, "table")
			if m == nil {
				return t, false
			}
			t.Table = p.str(m["table"], w+"'s table")
		case "sns":
			m := p.mapping(v, w, "topic")
			if m == nil {
				return t, false
			}
			t.Topic = p.str(m["topic"], w+"'s topic")
		case "eventbridge":
			m := p.mapping(v, w, "rule", "pattern")
			if m == nil {
				return t, false
			}
			t.Rule = p.str(m["rule"], w+"'s rule")
			if m["pattern"] == nil {
				p.fail(v, "%s needs a pattern, e.g. pattern: {source: [shop.orders]}", w)
				return t, false
			}
			var pat any
			if err := m["pattern"].Decode(&pat); err != nil {
				p.fail(m["pattern"], "%s's pattern: %v", w, err)
				return t, false
			}
			b, err := toJSON(pat)
			if err != nil {
				p.fail(m["pattern"], "%s's pattern cannot be read as JSON: %v", w, err)
				return t, false
			}
			t.Pattern = string(b)
		}
	}
	return t, true
}

// references checks that every name points at something declared, and
// the rules Lambda applies when it creates an event source mapping.
func (p *parser) references(proj *Project) {
	tables := map[string]Table{}
	for _, t := range proj.Tables {
		tables[t.Name] = t
	}
	queues := map[string]Queue{}
	for _, q := range proj.Queues {
		queues[q.Name] = q
	}
	names := func(m any) string {
		var out []string
		switch x := m.(type) {
		case map[string]Table:
			for k := range x {
				out = append(out, k)
			}
		case map[string]Queue:
			for k := range x {
				out = append(out, k)
			}
		case []string:
			out = x
		}
		sort.Strings(out)
		if len(out) == 0 {
			return "none is declared"
		}
		return "declared: " + strings.Join(out, ", ")
	}
	var buckets, topics []string
	for _, b := range proj.Buckets {
		buckets = append(buckets, b.Name)
	}
	for _, t := range proj.Topics {
		topics = append(topics, t.Name)
	}
	at := func(line int, format string, args ...any) {
		p.errs = append(p.errs, &Error{Path: p.path, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	for _, q := range proj.Queues {
		if q.DeadLetterQueue == "" {
			continue
		}
		dlq, ok := queues[q.DeadLetterQueue]
		switch {
		case !ok:
			at(q.Line, "queue %s's deadLetterQueue %q is not declared under queues (%s)", q.Name, q.DeadLetterQueue, names(queues))
		case dlq.FIFO != q.FIFO:
			at(q.Line, "queue %s's dead-letter queue must be the same type of queue (standard or FIFO) as the queue", q.Name)
		}
	}
	seenFn := map[string]bool{}
	for _, fn := range proj.Functions {
		seenFn[fn.Name] = true
	}
	for _, fn := range proj.Functions {
		timeout := fn.TimeoutSec
		if timeout == 0 {
			timeout = 3
		}
		for _, t := range fn.Events {
			switch t.Kind {
			case "sqs":
				q, ok := queues[t.Queue]
				if !ok {
					at(t.Line, "function %s: queue %q is not declared under queues (%s)", fn.Name, t.Queue, names(queues))
					continue
				}
				vis := q.VisibilityTimeout
				if vis == 0 {
					vis = 30
				}
				if vis < timeout {
					// The error CreateEventSourceMapping gives.
					at(t.Line, "function %s: Queue visibility timeout: %d seconds is less than Function timeout: %d seconds (raise queue %s's visibilityTimeout to at least %d; AWS recommends six times the function timeout)", fn.Name, vis, timeout, q.Name, timeout)
				}
				if q.FIFO && (t.BatchSize > 10 || t.BatchingWindow > 0) {
					at(t.Line, "function %s: a FIFO queue takes batches of at most 10 and no batching window", fn.Name)
				}
			case "s3":
				if !contains(buckets, t.Bucket) {
					at(t.Line, "function %s: bucket %q is not declared under buckets (%s)", fn.Name, t.Bucket, names(buckets))
				}
			case "dynamodb":
				tb, ok := tables[t.Table]
				switch {
				case !ok:
					at(t.Line, "function %s: table %q is not declared under tables (%s)", fn.Name, t.Table, names(tables))
				case tb.Stream == "":
					at(t.Line, "function %s: table %s has no stream: add stream: NEW_AND_OLD_IMAGES to the table", fn.Name, t.Table)
				}
			case "sns":
				if !contains(topics, t.Topic) {
					at(t.Line, "function %s: topic %q is not declared under topics (%s)", fn.Name, t.Topic, names(topics))
				}
			}
		}
		if fn.OnFailure != nil {
			if fn.OnFailure.Kind == "sqs" && queues[fn.OnFailure.Name].Name == "" {
				at(fn.Line, "function %s: onFailure queue %q is not declared under queues (%s)", fn.Name, fn.OnFailure.Name, names(queues))
			}
			if fn.OnFailure.Kind == "sns" && !contains(topics, fn.OnFailure.Name) {
				at(fn.Line, "function %s: onFailure topic %q is not declared under topics (%s)", fn.Name, fn.OnFailure.Name, names(topics))
			}
		}
	}
}
