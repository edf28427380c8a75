package dynamodb

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// BatchGetItem: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
// Every key is served: UnprocessedKeys is always empty.
func (s *Service) batchGet(in map[string]any) (map[string]any, error) {
	req, err := mapOf(in, "RequestItems")
	if err != nil {
		return nil, err
	}
	if len(req) == 0 {
		return nil, validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	total := 0
	type plan struct {
		t     *table
		keys  [][2]*av
		paths []docPath
	}
	var plans []plan
	var names []string
	for _, name := range sortedKeys(req) {
		spec, ok := req[name].(map[string]any)
		if !ok {
			return nil, validation("RequestItems[%s] must be a map with Keys", name)
		}
		if err := rejectLegacy(spec); err != nil {
			return nil, err
		}
		t, err := s.table(name)
		if err != nil {
			return nil, err
		}
		keys, err := listOf(spec, "Keys")
		if err != nil {
			return nil, err
		}
		if len(keys) == 0 {
			return nil, validation("1 validation error detected: Value '[]' at 'requestItems.%s.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1", name)
		}
		total += len(keys)
		p := plan{t: t}
		seen := map[string]bool{}
		for _, k := range keys {
			km, err := decodeItem(k, "Keys")
			if err != nil {
				return nil, err
			}
			pk, sk, err := t.keyOf(km)
			if err != nil {
				return nil, err
			}
			id := keyString(pk)
			if sk != nil {
				id += "\x00" + keyString(sk)
			}
			if seen[id] {
				return nil, validation("Provided list of item keys contains duplicates")
			}
			seen[id] = true
			p.keys = append(p.keys, [2]*av{pk, sk})
		}
		x, err := readExprAttrs(spec)
		if err != nil {
			return nil, err
		}
		ps, err := str(spec, "ProjectionExpression")
		if err != nil {
			return nil, err
		}
		if p.paths, err = x.projection(ps); err != nil {
			return nil, err
		}
		if err := x.finish(); err != nil {
			return nil, err
		}
		plans = append(plans, p)
		names = append(names, name)
	}
	if total > 100 {
		return nil, validation("Too many items requested for the BatchGetItem call")
	}
	resp := map[string]any{}
	for i, p := range plans {
		items := []any{}
		for _, k := range p.keys {
			if it := p.t.get(k[0], k[1]); it != nil {
				if p.paths != nil {
					it = project(it, p.paths)
				}
				items = append(items, encodeItem(it))
			}
		}
		resp[names[i]] = items
	}
	return map[string]any{"Responses": resp, "UnprocessedKeys": map[string]any{}}, nil
}

// BatchWriteItem: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
// The whole request is validated first; every write is then applied:
// UnprocessedItems is always empty.
func (s *Service) batchWrite(in map[string]any, recs *[]Record) (map[string]any, error) {
	req, err := mapOf(in, "RequestItems")
	if err != nil {
		return nil, err
	}
	if len(req) == 0 {
		return nil, validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	var writes []*write
	total := 0
	for _, name := range sortedKeys(req) {
		list, ok := req[name].([]any)
		if !ok {
			return nil, validation("RequestItems[%s] must be a list of PutRequest/DeleteRequest", name)
		}
		t, err := s.table(name)
		if err != nil {
			return nil, err
		}
		total += len(list)
		seen := map[string]bool{}
		for _, e := range list {
			wr, ok := e.(map[string]any)
			if !ok || len(wr) != 1 {
				return nil, validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes: each write request is one PutRequest or one DeleteRequest")
			}
			var w *write
			if put, ok := wr["PutRequest"].(map[string]any); ok {
				raw, err := mapOf(put, "Item")
				if err != nil {
					return nil, err
				}
				it, err := decodeItem(raw, "Item")
				if err != nil {
					return nil, err
				}
				pk, sk, err := t.itemKey(it)
				if err != nil {
					return nil, err
				}
				if itemSize(it) > maxItemSize {
					return nil, validation("Item size has exceeded the maximum allowed size")
				}
				w = &write{t: t, pk: pk, sk: sk, new: it}
			} else if del, ok := wr["DeleteRequest"].(map[string]any); ok {
				raw, err := mapOf(del, "Key")
				if err != nil {
					return nil, err
				}
				k, err := decodeItem(raw, "Key")
				if err != nil {
					return nil, err
				}
				pk, sk, err := t.keyOf(k)
				if err != nil {
					return nil, err
				}
				w = &write{t: t, pk: pk, sk: sk}
			} else {
				return nil, validation("each write request must be a PutRequest or a DeleteRequest")
			}
			id := keyString(w.pk)
			if w.sk != nil {
				id += "\x00" + keyString(w.sk)
			}
			if seen[id] {
				return nil, validation("Provided list of item keys contains duplicates")
			}
			seen[id] = true
			writes = append(writes, w)
		}
	}
	if total > 25 {
		return nil, validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
	}
	for _, w := range writes {
		w.old = w.t.get(w.pk, w.sk)
		if w.new == nil && w.old == nil {
			continue
		}
		s.apply(w, recs)
	}
	return map[string]any{"UnprocessedItems": map[string]any{}}, nil
}

// TransactWriteItems: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
// All conditions are checked before any write; if one fails, nothing is
// written and the error is TransactionCanceledException with one
// CancellationReason per action (ConditionalCheckFailed, ValidationError or
// None).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors ClientRequestToken is accepted, but
// repeated tokens are not remembered (no idempotency window).
func (s *Service) transactWrite(in map[string]any, recs *[]Record) (map[string]any, error) {
	list, err := listOf(in, "TransactItems")
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || len(list) > 100 {
		return nil, validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100, Member must have length greater than or equal to 1")
	}
	type action struct {
		w     *write
		c     *cond
		check bool
		in    map[string]any
	}
	var acts []action
	seen := map[string]bool{}
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok || len(m) != 1 {
			return nil, validation("each TransactItem must hold exactly one of ConditionCheck, Put, Delete, Update")
		}
		var a action
		for kind, body := range m {
			bm, ok := body.(map[string]any)
			if !ok {
				return nil, validation("TransactItems %s must be a map", kind)
			}
			a.in = bm
			switch kind {
			case "Put":
				a.w, a.c, err = s.preparePut(bm)
			case "Delete":
				a.w, a.c, err = s.prepareDelete(bm)
			case "Update":
				a.w, a.c, err = s.prepareUpdate(bm)
			case "ConditionCheck":
				a.w, a.c, err = s.prepareDelete(bm)
				a.check = true
				if err == nil && a.c == nil {
					err = validation("1 validation error detected: Value null at 'transactItems.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null")
				}
			default:
				err = validation("unknown TransactItem kind %q: use ConditionCheck, Put, Delete or Update", kind)
			}
			if err != nil {
				return nil, err
			}
		}
		id := a.w.t.spec.Name + "\x00" + keyString(a.w.pk)
		if a.w.sk != nil {
			id += "\x00" + keyString(a.w.sk)
		}
		if seen[id] {
			return nil, validation("Transaction request cannot include multiple operations on one item")
		}
		seen[id] = true
		acts = append(acts, a)
	}
	reasons := make([]any, len(acts))
	failed := false
	codes := make([]string, len(acts))
	for i, a := range acts {
		codes[i] = "None"
		reasons[i] = map[string]any{"Code": "None"}
		if a.c != nil && !evalCond(a.w.old, a.c) {
			failed = true
			codes[i] = "ConditionalCheckFailed"
			r := map[string]any{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
			if rv, _ := str(a.in, "ReturnValuesOnConditionCheckFailure"); rv == "ALL_OLD" && a.w.old != nil {
				r["Item"] = encodeItem(a.w.old)
			}
			reasons[i] = r
			continue
		}
		// "An item size becomes too large (larger than 400 KB) ... or a
		// similar validation error occurs because of changes made by the
		// transaction": a ValidationError reason, not a ValidationException.
		if err := s.finish(a.w); err != nil {
			var ce *cloud.Error
			errors.As(err, &ce)
			failed = true
			codes[i] = "ValidationError"
			reasons[i] = map[string]any{"Code": "ValidationError", "Message": ce.Message}
		}
	}
	if failed {
		return nil, &DetailedError{
			Err:    cloud.Errorf(400, "TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]", strings.Join(codes, ", ")),
			Fields: map[string]any{"CancellationReasons": reasons},
		}
	}
	for _, a := range acts {
		if a.check || (a.w.new == nil && a.w.old == nil) {
			continue
		}
		s.apply(a.w, recs)
	}
	return map[string]any{}, nil
}

func (s *Service) describeTable(in map[string]any) (map[string]any, error) {
	name, err := str(in, "TableName")
	if err != nil {
		return nil, err
	}
	t, ok := s.tables[name]
	if !ok {
		return nil, cloud.Errorf(400, "ResourceNotFoundException", "Requested resource not found: Table: %s not found", name)
	}
	return map[string]any{"Table": t.describe()}, nil
}

func (t *table) describe() map[string]any {
	ks := []any{map[string]any{"AttributeName": t.spec.PartitionKey, "KeyType": "HASH"}}
	ad := []any{map[string]any{"AttributeName": t.spec.PartitionKey, "AttributeType": t.spec.PartitionKeyType}}
	if t.spec.SortKey != "" {
		ks = append(ks, map[string]any{"AttributeName": t.spec.SortKey, "KeyType": "RANGE"})
		ad = append(ad, map[string]any{"AttributeName": t.spec.SortKey, "AttributeType": t.spec.SortKeyType})
	}
	d := map[string]any{
		"TableName":            t.spec.Name,
		"TableArn":             t.arn,
		"TableStatus":          "ACTIVE",
		"KeySchema":            ks,
		"AttributeDefinitions": ad,
		"ItemCount":            t.count,
		"TableSizeBytes":       t.bytes,
		"CreationDateTime":     float64(t.created.UnixMilli()) / 1000,
		"BillingModeSummary":   map[string]any{"BillingMode": "PAY_PER_REQUEST"},
		"ProvisionedThroughput": map[string]any{
			"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0,
		},
	}
	if t.spec.StreamViewType != "" {
		d["StreamSpecification"] = map[string]any{"StreamEnabled": true, "StreamViewType": t.spec.StreamViewType}
		d["LatestStreamLabel"] = t.label
		d["LatestStreamArn"] = t.streamARN()
	}
	return d
}

func (s *Service) listTables(in map[string]any) (map[string]any, error) {
	start, err := str(in, "ExclusiveStartTableName")
	if err != nil {
		return nil, err
	}
	limit, has, err := intOf(in, "Limit")
	if err != nil {
		return nil, err
	}
	if has && (limit < 1 || limit > 100) {
		return nil, validation("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100", limit)
	}
	if !has {
		limit = 100
	}
	names := sortedKeys(s.tables)
	i := sort.SearchStrings(names, start)
	if start != "" && i < len(names) && names[i] == start {
		i++
	}
	out := []any{}
	for ; i < len(names) && len(out) < limit; i++ {
		out = append(out, names[i])
	}
	resp := map[string]any{"TableNames": out}
	if i < len(names) {
		resp["LastEvaluatedTableName"] = fmt.Sprint(out[len(out)-1])
	}
	return resp, nil
}
