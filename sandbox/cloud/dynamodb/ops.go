package dynamodb

import (
	"hash/fnv"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// Call runs one DynamoDB operation. input and output are the JSON shapes of
// the DynamoDB API (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/)
// as the AWS SDK for JavaScript v3 low-level client sends and receives them.
// Errors are *cloud.Error, or *DetailedError (which unwraps to one) when AWS
// puts more members in the error body.
//
// ReturnConsumedCapacity and ReturnItemCollectionMetrics are accepted and
// ignored (nothing is billed); ConsistentRead changes nothing (every read is
// consistent in memory).
func (s *Service) Call(op string, input map[string]any) (map[string]any, error) {
	if input == nil {
		input = map[string]any{}
	}
	var recs []Record
	s.mu.Lock()
	out, err := s.call(op, input, &recs)
	hooks := s.hooks
	s.mu.Unlock()
	for _, r := range recs {
		for _, h := range hooks {
			h(r)
		}
	}
	return out, err
}

func (s *Service) call(op string, in map[string]any, recs *[]Record) (map[string]any, error) {
	switch op {
	case "PutItem":
		return s.putItem(in, recs)
	case "GetItem":
		return s.getItem(in)
	case "UpdateItem":
		return s.updateItem(in, recs)
	case "DeleteItem":
		return s.deleteItem(in, recs)
	case "Query":
		return s.query(in)
	case "Scan":
		return s.scan(in)
	case "BatchGetItem":
		return s.batchGet(in)
	case "BatchWriteItem":
		return s.batchWrite(in, recs)
	case "TransactWriteItems":
		return s.transactWrite(in, recs)
	case "DescribeTable":
		return s.describeTable(in)
	case "ListTables":
		return s.listTables(in)
	}
	return nil, cloud.Errorf(400, "UnknownOperationException",
		"the tutor's in-process DynamoDB does not offer the operation %q: it offers PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem, TransactWriteItems, DescribeTable and ListTables", op)
}

// DetailedError is an AWS error whose body carries more than a code and a
// message: CancellationReasons for TransactionCanceledException, Item for a
// ConditionalCheckFailedException asked with
// ReturnValuesOnConditionCheckFailure=ALL_OLD. errors.As finds the
// *cloud.Error inside.
type DetailedError struct {
	Err    *cloud.Error
	Fields map[string]any
}

func (e *DetailedError) Error() string { return e.Err.Error() }
func (e *DetailedError) Unwrap() error { return e.Err }

func conditionFailed(old item, in map[string]any) error {
	ce := cloud.Errorf(400, "ConditionalCheckFailedException", "The conditional request failed")
	if rv, _ := str(in, "ReturnValuesOnConditionCheckFailure"); rv == "ALL_OLD" && old != nil {
		return &DetailedError{Err: ce, Fields: map[string]any{"Item": encodeItem(old)}}
	}
	return ce
}

// ---- single-item writes ----

type write struct {
	t        *table
	pk, sk   *av
	old, new item // new nil for a delete
	touched  []docPath
	acts     []updateAction // UpdateItem: computed by finish
	update   bool
}

// finish computes what the write changes and checks the result's size: the
// errors a request can only meet once its condition has passed (and the
// ones a transaction reports as a ValidationError cancellation reason).
func (s *Service) finish(w *write) error {
	if w.update {
		return s.computeUpdate(w)
	}
	if w.new != nil && itemSize(w.new) > maxItemSize {
		return validation("Item size has exceeded the maximum allowed size")
	}
	return nil
}

func (s *Service) apply(w *write, recs *[]Record) {
	if w.new == nil {
		w.t.remove(w.pk, w.sk)
	} else {
		w.t.put(w.pk, w.sk, w.new)
	}
	if w.t.spec.StreamViewType != "" {
		if r, ok := s.record(w.t, w.old, w.new); ok {
			*recs = append(*recs, r)
		}
	}
}

func (s *Service) preparePut(in map[string]any) (*write, *cond, error) {
	if err := rejectLegacy(in); err != nil {
		return nil, nil, err
	}
	name, err := str(in, "TableName")
	if err != nil {
		return nil, nil, err
	}
	t, err := s.table(name)
	if err != nil {
		return nil, nil, err
	}
	raw, err := mapOf(in, "Item")
	if err != nil {
		return nil, nil, err
	}
	if raw == nil {
		return nil, nil, validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null")
	}
	it, err := decodeItem(raw, "Item")
	if err != nil {
		return nil, nil, err
	}
	pk, sk, err := t.itemKey(it)
	if err != nil {
		return nil, nil, err
	}
	x, err := readExprAttrs(in)
	if err != nil {
		return nil, nil, err
	}
	c, err := x.conditionAndFinish(in)
	if err != nil {
		return nil, nil, err
	}
	return &write{t: t, pk: pk, sk: sk, old: t.get(pk, sk), new: it}, c, nil
}

func (s *Service) putItem(in map[string]any, recs *[]Record) (map[string]any, error) {
	w, c, err := s.preparePut(in)
	if err != nil {
		return nil, err
	}
	rv, err := returnValues(in, "NONE", "ALL_OLD")
	if err != nil {
		return nil, err
	}
	if err := s.finish(w); err != nil {
		return nil, err
	}
	if c != nil && !evalCond(w.old, c) {
		return nil, conditionFailed(w.old, in)
	}
	s.apply(w, recs)
	out := map[string]any{}
	if rv == "ALL_OLD" && w.old != nil {
		out["Attributes"] = encodeItem(w.old)
	}
	return out, nil
}

func (s *Service) keyedRequest(in map[string]any) (*table, *av, *av, *exprAttrs, error) {
	if err := rejectLegacy(in); err != nil {
		return nil, nil, nil, nil, err
	}
	name, err := str(in, "TableName")
	if err != nil {
		return nil, nil, nil, nil, err
	}
	t, err := s.table(name)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	raw, err := mapOf(in, "Key")
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if raw == nil {
		return nil, nil, nil, nil, validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null")
	}
	k, err := decodeItem(raw, "Key")
	if err != nil {
		return nil, nil, nil, nil, err
	}
	pk, sk, err := t.keyOf(k)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	x, err := readExprAttrs(in)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return t, pk, sk, x, nil
}

func (s *Service) getItem(in map[string]any) (map[string]any, error) {
	t, pk, sk, x, err := s.keyedRequest(in)
	if err != nil {
		return nil, err
	}
	ps, err := str(in, "ProjectionExpression")
	if err != nil {
		return nil, err
	}
	paths, err := x.projection(ps)
	if err != nil {
		return nil, err
	}
	if err := x.finish(); err != nil {
		return nil, err
	}
	out := map[string]any{}
	if it := t.get(pk, sk); it != nil {
		if paths != nil {
			it = project(it, paths)
		}
		out["Item"] = encodeItem(it)
	}
	return out, nil
}

func (s *Service) prepareDelete(in map[string]any) (*write, *cond, error) {
	t, pk, sk, x, err := s.keyedRequest(in)
	if err != nil {
		return nil, nil, err
	}
	c, err := x.conditionAndFinish(in)
	if err != nil {
		return nil, nil, err
	}
	return &write{t: t, pk: pk, sk: sk, old: t.get(pk, sk)}, c, nil
}

func (s *Service) deleteItem(in map[string]any, recs *[]Record) (map[string]any, error) {
	w, c, err := s.prepareDelete(in)
	if err != nil {
		return nil, err
	}
	rv, err := returnValues(in, "NONE", "ALL_OLD")
	if err != nil {
		return nil, err
	}
	if c != nil && !evalCond(w.old, c) {
		return nil, conditionFailed(w.old, in)
	}
	out := map[string]any{}
	if w.old != nil {
		s.apply(w, recs)
		if rv == "ALL_OLD" {
			out["Attributes"] = encodeItem(w.old)
		}
	}
	return out, nil
}

// computeUpdate sets w.new to the updated item (an upsert when the item
// does not exist yet).
func (s *Service) computeUpdate(w *write) error {
	base := w.old
	if base == nil {
		base = item{w.t.spec.PartitionKey: w.pk}
		if w.sk != nil {
			base[w.t.spec.SortKey] = w.sk
		}
	}
	nw, err := applyUpdate(base, w.acts)
	if err != nil {
		return err
	}
	if itemSize(nw) > maxItemSize {
		return validation("Item size to update has exceeded the maximum allowed size")
	}
	w.new = nw
	return nil
}

func (s *Service) updateItem(in map[string]any, recs *[]Record) (map[string]any, error) {
	w, c, err := s.prepareUpdate(in)
	if err != nil {
		return nil, err
	}
	rv, err := returnValues(in, "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
	if err != nil {
		return nil, err
	}
	if c != nil && !evalCond(w.old, c) {
		return nil, conditionFailed(w.old, in)
	}
	if err := s.finish(w); err != nil {
		return nil, err
	}
	s.apply(w, recs)
	out := map[string]any{}
	var attrs item
	switch rv {
	case "ALL_OLD":
		attrs = w.old
	case "ALL_NEW":
		attrs = w.new
	case "UPDATED_OLD":
		if w.old != nil {
			attrs = project(w.old, w.touched)
		}
	case "UPDATED_NEW":
		attrs = project(w.new, w.touched)
	}
	if len(attrs) > 0 {
		out["Attributes"] = encodeItem(attrs)
	}
	return out, nil
}

func (s *Service) prepareUpdate(in map[string]any) (*write, *cond, error) {
	t, pk, sk, x, err := s.keyedRequest(in)
	if err != nil {
		return nil, nil, err
	}
	var acts []updateAction
	if _, given := in["UpdateExpression"]; given {
		us, err := str(in, "UpdateExpression")
		if err != nil {
			return nil, nil, err
		}
		if acts, err = x.update(us); err != nil {
			return nil, nil, err
		}
	}
	c, err := x.conditionAndFinish(in)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range acts {
		if n := a.path[0].name; n == t.spec.PartitionKey || n == t.spec.SortKey {
			return nil, nil, validation("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", n)
		}
	}
	return &write{t: t, pk: pk, sk: sk, old: t.get(pk, sk), touched: pathsOf(acts), acts: acts, update: true}, c, nil
}

// ---- reads: Query and Scan ----

const maxPageBytes = 1 << 20 // 1 MB per Query/Scan page

type readReq struct {
	t       *table
	x       *exprAttrs
	filter  *cond
	proj    []docPath
	limit   int
	count   bool
	start   item
	forward bool
}

func (s *Service) readRequest(in map[string]any, op string) (*readReq, error) {
	if err := rejectLegacy(in); err != nil {
		return nil, err
	}
	name, err := str(in, "TableName")
	if err != nil {
		return nil, err
	}
	t, err := s.table(name)
	if err != nil {
		return nil, err
	}
	if idx, _ := str(in, "IndexName"); idx != "" {
		return nil, validation("The table does not have the specified index: %s (the tutor's tables have no secondary indexes)", idx)
	}
	r := &readReq{t: t, forward: true}
	if r.x, err = readExprAttrs(in); err != nil {
		return nil, err
	}
	limit, has, err := intOf(in, "Limit")
	if err != nil {
		return nil, err
	}
	if has && limit < 1 {
		return nil, validation("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", limit)
	}
	r.limit = limit
	sel, _ := str(in, "Select")
	switch sel {
	case "", "ALL_ATTRIBUTES", "SPECIFIC_ATTRIBUTES":
	case "COUNT":
		r.count = true
	case "ALL_PROJECTED_ATTRIBUTES":
		return nil, validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
	default:
		return nil, validation("1 validation error detected: Value '%s' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]", sel)
	}
	if sk, ok := in["ScanIndexForward"]; ok && op == "Query" {
		b, isBool := sk.(bool)
		if !isBool {
			return nil, validation("ScanIndexForward must be a boolean")
		}
		r.forward = b
	}
	raw, err := mapOf(in, "ExclusiveStartKey")
	if err != nil {
		return nil, err
	}
	if raw != nil {
		k, err := decodeItem(raw, "ExclusiveStartKey")
		if err != nil {
			return nil, err
		}
		if _, _, err := t.keyOf(k); err != nil {
			return nil, validation("The provided starting key is invalid: The provided key element does not match the schema")
		}
		r.start = k
	}
	return r, nil
}

func (r *readReq) finishExprs(in map[string]any) error {
	fs, err := str(in, "FilterExpression")
	if err != nil {
		return err
	}
	if r.filter, err = r.x.condition("FilterExpression", fs); err != nil {
		return err
	}
	ps, err := str(in, "ProjectionExpression")
	if err != nil {
		return err
	}
	if r.proj, err = r.x.projection(ps); err != nil {
		return err
	}
	if sel, _ := str(in, "Select"); sel == "SPECIFIC_ATTRIBUTES" && r.proj == nil {
		return validation("1 validation error detected: SPECIFIC_ATTRIBUTES requires a ProjectionExpression")
	}
	if r.count && r.proj != nil {
		return validation("Cannot specify the ProjectionExpression when choosing to get only the Count")
	}
	return r.x.finish()
}

// page walks candidates in order and builds the response.
func (r *readReq) page(next func() item) map[string]any {
	var items []any
	scanned, count, bytes := 0, 0, 0
	var last item
	for {
		it := next()
		if it == nil {
			last = nil
			break
		}
		scanned++
		bytes += itemSize(it)
		if r.filter == nil || evalCond(it, r.filter) {
			count++
			if !r.count {
				out := it
				if r.proj != nil {
					out = project(it, r.proj)
				}
				items = append(items, encodeItem(out))
			}
		}
		last = it
		if (r.limit > 0 && scanned == r.limit) || bytes >= maxPageBytes {
			break
		}
	}
	out := map[string]any{"Count": count, "ScannedCount": scanned}
	if !r.count {
		if items == nil {
			items = []any{}
		}
		out["Items"] = items
	}
	if last != nil {
		out["LastEvaluatedKey"] = encodeItem(r.t.keyItem(last))
	}
	return out
}

type keyCond struct {
	pk     *av
	op     string // "", =, <, <=, >, >=, BETWEEN, begins_with
	lo, hi *av
}

func (kc *keyCond) match(sk *av) bool {
	if kc.op == "" {
		return true
	}
	n, ok := compare(sk, kc.lo)
	if !ok {
		return false
	}
	switch kc.op {
	case "BETWEEN":
		m, _ := compare(sk, kc.hi)
		return n >= 0 && m <= 0
	case "begins_with":
		return strings.HasPrefix(sk.s, kc.lo.s)
	}
	return holds(kc.op, n)
}

// keyCondition checks that a parsed KeyConditionExpression is one DynamoDB
// accepts and extracts it.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
func (t *table) keyCondition(c *cond) (*keyCond, error) {
	var parts []*cond
	var flatten func(c *cond) error
	flatten = func(c *cond) error {
		switch c.k {
		case cAnd:
			if err := flatten(c.l); err != nil {
				return err
			}
			return flatten(c.r)
		case cOr:
			return validation("Invalid operator used in KeyConditionExpression: OR")
		case cNot:
			return validation("Invalid operator used in KeyConditionExpression: NOT")
		case cIn:
			return validation("Invalid operator used in KeyConditionExpression: IN")
		case cCmp:
			if c.op == "<>" {
				return validation("Invalid operator used in KeyConditionExpression: <>")
			}
		case cFunc:
			if c.op != "begins_with" {
				return validation("Invalid operator used in KeyConditionExpression: %s", c.op)
			}
		}
		parts = append(parts, c)
		return nil
	}
	if err := flatten(c); err != nil {
		return nil, err
	}
	if len(parts) > 2 {
		return nil, validation("Conditions can be of length 1 or 2 only")
	}
	kc := &keyCond{}
	seenSK := false
	for _, p := range parts {
		a := p.args[0]
		if a.k != oPath {
			return nil, validation("Invalid condition in KeyConditionExpression: the left operand must be a key attribute name")
		}
		if len(a.path) != 1 {
			return nil, validation("KeyConditionExpressions cannot have conditions on nested attributes")
		}
		for _, o := range p.args[1:] {
			if o.k != oValue {
				return nil, validation("Invalid condition in KeyConditionExpression: %s compares an attribute with another attribute; compare the key with a value", a.path)
			}
		}
		switch a.path[0].name {
		case t.spec.PartitionKey:
			if p.k != cCmp || p.op != "=" {
				return nil, validation("Query key condition not supported")
			}
			if kc.pk != nil {
				return nil, validation("KeyConditionExpressions must only contain one condition per key")
			}
			kc.pk = p.args[1].val
			if kc.pk.k != keyTypes[t.spec.PartitionKeyType] {
				return nil, validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
			}
		case t.spec.SortKey:
			if t.spec.SortKey == "" {
				break
			}
			if seenSK {
				return nil, validation("KeyConditionExpressions must only contain one condition per key")
			}
			seenSK = true
			switch p.k {
			case cCmp:
				kc.op, kc.lo = p.op, p.args[1].val
			case cBetween:
				kc.op, kc.lo, kc.hi = "BETWEEN", p.args[1].val, p.args[2].val
			case cFunc:
				kc.op, kc.lo = "begins_with", p.args[1].val
				if t.spec.SortKeyType == "N" {
					return nil, validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
				}
			}
			for _, v := range []*av{kc.lo, kc.hi} {
				if v != nil && v.k != keyTypes[t.spec.SortKeyType] {
					return nil, validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
				}
			}
		default:
			return nil, validation("Query condition missed key schema element: %s", t.missingKeyName(kc.pk != nil))
		}
	}
	if kc.pk == nil {
		return nil, validation("Query condition missed key schema element: %s", t.spec.PartitionKey)
	}
	return kc, nil
}

func (t *table) missingKeyName(havePK bool) string {
	if havePK && t.spec.SortKey != "" {
		return t.spec.SortKey
	}
	return t.spec.PartitionKey
}

func (s *Service) query(in map[string]any) (map[string]any, error) {
	r, err := s.readRequest(in, "Query")
	if err != nil {
		return nil, err
	}
	kcs, err := str(in, "KeyConditionExpression")
	if err != nil {
		return nil, err
	}
	if kcs == "" {
		return nil, validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
	}
	c, err := r.x.condition("KeyConditionExpression", kcs)
	if err != nil {
		return nil, err
	}
	if err := r.finishExprs(in); err != nil {
		return nil, err
	}
	kc, err := r.t.keyCondition(c)
	if err != nil {
		return nil, err
	}
	p := r.t.parts[keyString(kc.pk)]
	if r.start != nil && !equal(r.start[r.t.spec.PartitionKey], kc.pk) {
		return nil, validation("The provided starting key is invalid: The provided key element does not match the schema")
	}
	var list []*stored
	if p != nil {
		list = p.items
	}
	i, step := 0, 1
	if !r.forward {
		i, step = len(list)-1, -1
	}
	if r.start != nil && r.t.spec.SortKey != "" {
		ssk := r.start[r.t.spec.SortKey]
		for i >= 0 && i < len(list) {
			n, _ := compare(list[i].sk, ssk)
			if (r.forward && n > 0) || (!r.forward && n < 0) {
				break
			}
			i += step
		}
	} else if r.start != nil {
		i = len(list)
	}
	next := func() item {
		for i >= 0 && i < len(list) {
			st := list[i]
			i += step
			if st.sk == nil || kc.match(st.sk) {
				return st.it
			}
		}
		return nil
	}
	return r.page(next), nil
}

// scan walks the partitions in the order of their key values (DynamoDB's
// order follows a hash of the key and is unspecified; a fixed order keeps
// pages and lessons reproducible).
func (s *Service) scan(in map[string]any) (map[string]any, error) {
	r, err := s.readRequest(in, "Scan")
	if err != nil {
		return nil, err
	}
	if err := r.finishExprs(in); err != nil {
		return nil, err
	}
	seg, hasSeg, err := intOf(in, "Segment")
	if err != nil {
		return nil, err
	}
	total, hasTotal, err := intOf(in, "TotalSegments")
	if err != nil {
		return nil, err
	}
	if hasSeg != hasTotal {
		return nil, validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
	}
	if hasTotal && (total < 1 || total > 1000000 || seg < 0 || seg >= total) {
		return nil, validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: %d is not less than TotalSegments: %d", seg, total)
	}
	pi, ii := 0, 0
	if r.start != nil {
		// resume after the start key
		pk := r.start[r.t.spec.PartitionKey]
		for pi < len(r.t.order) {
			n, _ := compare(r.t.order[pi].pk, pk)
			if n > 0 {
				break
			}
			if n == 0 {
				if r.t.spec.SortKey == "" {
					pi++
					break
				}
				ssk := r.start[r.t.spec.SortKey]
				list := r.t.order[pi].items
				for ii < len(list) {
					if m, _ := compare(list[ii].sk, ssk); m > 0 {
						break
					}
					ii++
				}
				break
			}
			pi++
		}
	}
	next := func() item {
		for pi < len(r.t.order) {
			p := r.t.order[pi]
			if hasTotal && segmentOf(p.pk, total) != seg {
				pi, ii = pi+1, 0
				continue
			}
			if ii < len(p.items) {
				ii++
				return p.items[ii-1].it
			}
			pi, ii = pi+1, 0
		}
		return nil
	}
	return r.page(next), nil
}

func segmentOf(pk *av, total int) int {
	h := fnv.New32a()
	h.Write([]byte(keyString(pk)))
	return int(h.Sum32() % uint32(total))
}
