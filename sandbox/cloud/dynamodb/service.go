// Package dynamodb is the tutor's in-process DynamoDB: tables with a
// partition key and an optional sort key, the item operations, the
// expression languages and streams, with AWS's request and response shapes
// and AWS's errors. No network; the state lives in memory.
//
// The SDK shims call Service.Call with the operation name and the JSON input
// the AWS SDK for JavaScript v3 low-level client sends (PascalCase members,
// typed AttributeValues) and hand its output back to the handler:
//
//   - input: map[string]any as encoding/json decodes it (numbers may be
//     float64 or int); AttributeValues are {"S": string}, {"N": string},
//     {"B": []byte or base64 string}, {"BOOL": bool}, {"NULL": true},
//     {"M": map[string]any}, {"L": []any}, {"SS"/"NS": []any of strings or
//     []string}, {"BS": []any of []byte or base64}.
//   - output: the same shapes, B and BS as []byte; counts are int;
//     DescribeTable's CreationDateTime is epoch seconds (float64), as on the
//     wire. Output maps are fresh: the caller may keep or change them.
//   - errors: *cloud.Error (Code is the SDK error name, Status the HTTP
//     status); TransactionCanceledException and a
//     ConditionalCheckFailedException asked with
//     ReturnValuesOnConditionCheckFailure=ALL_OLD come as *DetailedError,
//     whose Fields (CancellationReasons, Item) belong in the SDK error's
//     body; errors.As finds the *cloud.Error in both.
//
// The document client (lib-dynamodb, boto3's Table resource) is Marshal /
// Unmarshal around Call. Streams: OnStreamRecord; Record.Event() is the
// Records[] element of the Lambda event.
package dynamodb

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// TableSpec declares a table, as the project file does.
type TableSpec struct {
	Name             string
	PartitionKey     string
	PartitionKeyType string // "S", "N" or "B"
	SortKey          string // optional
	SortKeyType      string
	// StreamViewType enables the table's stream: KEYS_ONLY, NEW_IMAGE,
	// OLD_IMAGE or NEW_AND_OLD_IMAGES; empty for no stream.
	StreamViewType string
}

// Service is one account's DynamoDB in one region.
type Service struct {
	mu      sync.Mutex
	clock   cloud.Clock
	region  string
	account string
	tables  map[string]*table
	hooks   []func(Record)
	seq     uint64
}

type table struct {
	spec    TableSpec
	arn     string
	created time.Time
	label   string // stream label
	parts   map[string]*partition
	order   []*partition // sorted by partition key value
	count   int
	bytes   int
}

type partition struct {
	pk    *av
	items []*stored // sorted by sort key value (one item without a sort key)
}

type stored struct {
	sk   *av
	it   item
	size int
}

// New returns an empty DynamoDB for the account and region.
func New(clock cloud.Clock, region, accountID string) *Service {
	return &Service{clock: clock, region: region, account: accountID, tables: map[string]*table{}}
}

// OnStreamRecord registers f to receive a record for every write to a table
// whose stream is enabled, after the write is done (f may call the service).
func (s *Service) OnStreamRecord(f func(Record)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks = append(s.hooks, f)
}

var keyTypes = map[string]kind{"S": kS, "N": kN, "B": kB}

// CreateTable adds a table. Errors are *cloud.Error (ValidationException,
// ResourceInUseException).
func (s *Service) CreateTable(spec TableSpec) error {
	if len(spec.Name) < 3 || len(spec.Name) > 255 || strings.IndexFunc(spec.Name, func(r rune) bool {
		return !(r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) >= 0 {
		return validation("TableName must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.': got %q", spec.Name)
	}
	if spec.PartitionKey == "" {
		return validation("table %s needs a partition key", spec.Name)
	}
	if _, ok := keyTypes[spec.PartitionKeyType]; !ok {
		return validation("Member must satisfy enum value set: [B, N, S]: partition key type of table %s is %q", spec.Name, spec.PartitionKeyType)
	}
	if spec.SortKey != "" {
		if _, ok := keyTypes[spec.SortKeyType]; !ok {
			return validation("Member must satisfy enum value set: [B, N, S]: sort key type of table %s is %q", spec.Name, spec.SortKeyType)
		}
		if spec.SortKey == spec.PartitionKey {
			return validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
		}
	}
	switch spec.StreamViewType {
	case "", "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES":
	default:
		return validation("StreamViewType must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES: got %q", spec.StreamViewType)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tables[spec.Name]; ok {
		return cloud.Errorf(400, "ResourceInUseException", "Table already exists: %s", spec.Name)
	}
	now := s.clock.Now().UTC()
	s.tables[spec.Name] = &table{
		spec:    spec,
		arn:     fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", s.region, s.account, spec.Name),
		created: now,
		label:   now.Format("2006-01-02T15:04:05.000"),
		parts:   map[string]*partition{},
	}
	return nil
}

func notFound() error {
	return cloud.Errorf(400, "ResourceNotFoundException", "Requested resource not found")
}

func (s *Service) table(name string) (*table, error) {
	if name == "" {
		return nil, validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
	}
	t, ok := s.tables[name]
	if !ok {
		return nil, notFound()
	}
	return t, nil
}

// keyString encodes a key value so that equal values give equal strings.
func keyString(v *av) string { return v.k.String() + ":" + v.s }

func (t *table) streamARN() string { return t.arn + "/stream/" + t.label }

// keyOf validates a Key parameter: exactly the table's key attributes with
// the declared types.
func (t *table) keyOf(k item) (*av, *av, error) {
	want := 1
	if t.spec.SortKey != "" {
		want = 2
	}
	pk, ok := k[t.spec.PartitionKey]
	if !ok || len(k) != want || pk.k != keyTypes[t.spec.PartitionKeyType] {
		return nil, nil, validation("The provided key element does not match the schema")
	}
	var sk *av
	if t.spec.SortKey != "" {
		sk, ok = k[t.spec.SortKey]
		if !ok || sk.k != keyTypes[t.spec.SortKeyType] {
			return nil, nil, validation("The provided key element does not match the schema")
		}
	}
	if err := t.checkKeyValues(pk, sk); err != nil {
		return nil, nil, err
	}
	return pk, sk, nil
}

func (t *table) checkKeyValues(pk, sk *av) error {
	if (pk.k == kS || pk.k == kB) && pk.s == "" {
		return validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty %s value. Key: %s", strings.ToLower(longKind(pk.k)), t.spec.PartitionKey)
	}
	if sk != nil && (sk.k == kS || sk.k == kB) && sk.s == "" {
		return validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty %s value. Key: %s", strings.ToLower(longKind(sk.k)), t.spec.SortKey)
	}
	if len(pk.s) > 2048 {
		return validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes")
	}
	if sk != nil && len(sk.s) > 1024 {
		return validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
	}
	return nil
}

func longKind(k kind) string {
	if k == kB {
		return "binary"
	}
	return "string"
}

// itemKey validates the key attributes of a full item (PutItem).
func (t *table) itemKey(it item) (*av, *av, error) {
	get := func(name, typ string) (*av, error) {
		v, ok := it[name]
		if !ok {
			return nil, validation("One or more parameter values were invalid: Missing the key %s in the item", name)
		}
		if v.k != keyTypes[typ] {
			return nil, validation("One or more parameter values were invalid: Type mismatch for key %s expected: %s actual: %s", name, typ, v.k)
		}
		return v, nil
	}
	pk, err := get(t.spec.PartitionKey, t.spec.PartitionKeyType)
	if err != nil {
		return nil, nil, err
	}
	var sk *av
	if t.spec.SortKey != "" {
		if sk, err = get(t.spec.SortKey, t.spec.SortKeyType); err != nil {
			return nil, nil, err
		}
	}
	if err := t.checkKeyValues(pk, sk); err != nil {
		return nil, nil, err
	}
	return pk, sk, nil
}

func (t *table) keyItem(it item) item {
	k := item{t.spec.PartitionKey: it[t.spec.PartitionKey]}
	if t.spec.SortKey != "" {
		k[t.spec.SortKey] = it[t.spec.SortKey]
	}
	return k
}

func (t *table) find(pk, sk *av) (*partition, int, bool) {
	p := t.parts[keyString(pk)]
	if p == nil {
		return nil, 0, false
	}
	if sk == nil {
		return p, 0, len(p.items) == 1
	}
	i := sort.Search(len(p.items), func(i int) bool { n, _ := compare(p.items[i].sk, sk); return n >= 0 })
	if i < len(p.items) {
		if n, _ := compare(p.items[i].sk, sk); n == 0 {
			return p, i, true
		}
	}
	return p, i, false
}

func (t *table) get(pk, sk *av) item {
	p, i, ok := t.find(pk, sk)
	if !ok {
		return nil
	}
	return p.items[i].it
}

// put stores it (already validated) and returns the item it replaced.
func (t *table) put(pk, sk *av, it item) item {
	size := itemSize(it)
	p, i, ok := t.find(pk, sk)
	if ok {
		st := p.items[i]
		old := st.it
		t.bytes += size - st.size
		st.it, st.size = it, size
		return old
	}
	if p == nil {
		p = &partition{pk: pk}
		t.parts[keyString(pk)] = p
		j := sort.Search(len(t.order), func(j int) bool { n, _ := compare(t.order[j].pk, pk); return n >= 0 })
		t.order = append(t.order, nil)
		copy(t.order[j+1:], t.order[j:])
		t.order[j] = p
	}
	p.items = append(p.items, nil)
	copy(p.items[i+1:], p.items[i:])
	p.items[i] = &stored{sk: sk, it: it, size: size}
	t.count++
	t.bytes += size
	return nil
}

func (t *table) remove(pk, sk *av) item {
	p, i, ok := t.find(pk, sk)
	if !ok {
		return nil
	}
	old, size := p.items[i].it, p.items[i].size
	p.items = append(p.items[:i], p.items[i+1:]...)
	if len(p.items) == 0 {
		delete(t.parts, keyString(pk))
		j := sort.Search(len(t.order), func(j int) bool { n, _ := compare(t.order[j].pk, pk); return n >= 0 })
		t.order = append(t.order[:j], t.order[j+1:]...)
	}
	t.count--
	t.bytes -= size
	return old
}

// Tables lists the tables' names in order (for the tutor's Cloud pane).
func (s *Service) Tables() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sortedKeys(s.tables)
}

// Items returns a table's items in the wire form, in Scan order.
func (s *Service) Items(tableName string) ([]map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.table(tableName)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, p := range t.order {
		for _, st := range p.items {
			out = append(out, encodeItem(st.it))
		}
	}
	return out, nil
}

// Reset empties every table and keeps their definitions.
func (s *Service) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tables {
		t.parts, t.order, t.count, t.bytes = map[string]*partition{}, nil, 0, 0
	}
}
