package dynamodb

import (
	"errors"
	"math"
	"sort"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// Helpers that read the JSON input of an operation.

func str(in map[string]any, k string) (string, error) {
	v, ok := in[k]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", validation("%s must be a string, got %T", k, v)
	}
	return s, nil
}

func mapOf(in map[string]any, k string) (map[string]any, error) {
	v, ok := in[k]
	if !ok || v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, validation("%s must be a map, got %T", k, v)
	}
	return m, nil
}

func listOf(in map[string]any, k string) ([]any, error) {
	v, ok := in[k]
	if !ok || v == nil {
		return nil, nil
	}
	switch l := v.(type) {
	case []any:
		return l, nil
	case []map[string]any:
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = e
		}
		return out, nil
	}
	return nil, validation("%s must be a list, got %T", k, v)
}

func intOf(in map[string]any, k string) (int, bool, error) {
	v, ok := in[k]
	if !ok || v == nil {
		return 0, false, nil
	}
	switch n := v.(type) {
	case int:
		return n, true, nil
	case int64:
		return int(n), true, nil
	case float64:
		if n != math.Trunc(n) || math.Abs(n) > 1<<31 {
			return 0, false, validation("%s must be an integer, got %v", k, n)
		}
		return int(n), true, nil
	}
	return 0, false, validation("%s must be an integer, got %T", k, v)
}

// legacy parameters predate the expression languages; the tutor teaches
// the expression form only.
var legacyParams = []string{"Expected", "AttributesToGet", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator"}

func rejectLegacy(in map[string]any) error {
	for _, p := range legacyParams {
		if _, ok := in[p]; ok {
			return validation("the tutor's in-process DynamoDB does not support the legacy parameter %s: use the expression parameters (ConditionExpression, UpdateExpression, KeyConditionExpression, FilterExpression, ProjectionExpression) instead", p)
		}
	}
	return nil
}

// exprAttrs holds a request's ExpressionAttributeNames/Values and what its
// expressions used of them.
type exprAttrs struct {
	names     map[string]string
	values    map[string]*av
	used      usage
	hasNames  bool
	hasValues bool
}

func readExprAttrs(in map[string]any) (*exprAttrs, error) {
	x := &exprAttrs{}
	names, err := mapOf(in, "ExpressionAttributeNames")
	if err != nil {
		return nil, err
	}
	if names != nil {
		x.hasNames = true
		x.names = make(map[string]string, len(names))
		if len(names) == 0 {
			return nil, validation("ExpressionAttributeNames must not be empty")
		}
		for _, k := range sortedKeys(names) {
			if !validPlaceholder(k, '#') {
				return nil, validation("ExpressionAttributeNames contains invalid key: Syntax error; key: %q", k)
			}
			s, ok := names[k].(string)
			if !ok {
				return nil, validation("ExpressionAttributeNames contains invalid value: the value of %s must be a string", k)
			}
			if s == "" {
				return nil, validation("ExpressionAttributeNames contains invalid value: Empty attribute name for key %s", k)
			}
			x.names[k] = s
		}
	}
	values, err := mapOf(in, "ExpressionAttributeValues")
	if err != nil {
		return nil, err
	}
	if values != nil {
		x.hasValues = true
		x.values = make(map[string]*av, len(values))
		if len(values) == 0 {
			return nil, validation("ExpressionAttributeValues must not be empty")
		}
		for _, k := range sortedKeys(values) {
			if !validPlaceholder(k, ':') {
				return nil, validation("ExpressionAttributeValues contains invalid key: Syntax error; key: %q", k)
			}
			v, err := decodeAV(values[k])
			if err != nil {
				var ce *cloud.Error
				if errors.As(err, &ce) {
					return nil, validation("ExpressionAttributeValues contains invalid value: %s for key %s", ce.Message, k)
				}
				return nil, err
			}
			x.values[k] = v
		}
	}
	return x, nil
}

func validPlaceholder(k string, c byte) bool {
	if len(k) < 2 || k[0] != c {
		return false
	}
	for i := 1; i < len(k); i++ {
		if !isAlnum(k[i]) {
			return false
		}
	}
	return true
}

func (x *exprAttrs) ctx(kind, src string) (*exprCtx, error) {
	return newExprCtx(kind, src, x.names, x.values, &x.used)
}

func (x *exprAttrs) condition(kind, src string) (*cond, error) {
	if src == "" {
		return nil, nil
	}
	c, err := x.ctx(kind, src)
	if err != nil {
		return nil, err
	}
	var out *cond
	if err := c.run(func() { out = c.parseCondition() }); err != nil {
		return nil, err
	}
	return out, nil
}

func (x *exprAttrs) update(src string) ([]updateAction, error) {
	c, err := x.ctx("UpdateExpression", src)
	if err != nil {
		return nil, err
	}
	var out []updateAction
	if err := c.run(func() { out = c.parseUpdate() }); err != nil {
		return nil, err
	}
	return out, nil
}

func (x *exprAttrs) projection(src string) ([]docPath, error) {
	if src == "" {
		return nil, nil
	}
	c, err := x.ctx("ProjectionExpression", src)
	if err != nil {
		return nil, err
	}
	var out []docPath
	if err := c.run(func() { out = c.parseProjection() }); err != nil {
		return nil, err
	}
	return out, nil
}

// conditionAndFinish parses the request's ConditionExpression, its last
// expression, and checks that every name and value was used.
func (x *exprAttrs) conditionAndFinish(in map[string]any) (*cond, error) {
	cs, err := str(in, "ConditionExpression")
	if err != nil {
		return nil, err
	}
	c, err := x.condition("ConditionExpression", cs)
	if err != nil {
		return nil, err
	}
	return c, x.finish()
}

// finish reports names or values the expressions did not use.
func (x *exprAttrs) finish() error {
	var unused []string
	for k := range x.values {
		if !x.used.values[k] {
			unused = append(unused, k)
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		return validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {%s}", strings.Join(unused, ", "))
	}
	for k := range x.names {
		if !x.used.names[k] {
			unused = append(unused, k)
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		return validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {%s}", strings.Join(unused, ", "))
	}
	return nil
}

func returnValues(in map[string]any, allowed ...string) (string, error) {
	rv, err := str(in, "ReturnValues")
	if err != nil {
		return "", err
	}
	if rv == "" {
		return "NONE", nil
	}
	for _, a := range allowed {
		if rv == a {
			return rv, nil
		}
	}
	if len(allowed) == 2 {
		return "", validation("ReturnValues can only be %s or %s", allowed[1], allowed[0])
	}
	return "", validation("1 validation error detected: Value '%s' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [%s]", rv, strings.Join(allowed, ", "))
}
