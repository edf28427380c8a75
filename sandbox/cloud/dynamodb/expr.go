package dynamodb

import (
	"fmt"
	"strconv"
	"strings"
)

// The expression languages, as the developer guide describes them:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html
//
// Condition syntax (lowest precedence first: OR, AND, NOT, then the rest):
//
//	condition ::= operand comparator operand | operand BETWEEN operand AND operand
//	            | operand IN ( operand (, operand)* ) | function | condition AND condition
//	            | condition OR condition | NOT condition | ( condition )
//
// Messages: the syntax, reserved-word, undefined-name/value, unused-value,
// overlap and operand-type messages follow the wording DynamoDB answers with
// (as quoted in AWS's guides, SDK issue reports and emulator test suites).
// The developer guide does not print them all; those not confirmed against
// an AWS page are marked "unconfirmed wording" where they are built.

type pathElem struct {
	name  string
	index int
	isIdx bool
}

type docPath []pathElem

func (p docPath) String() string {
	var b strings.Builder
	for i, e := range p {
		if e.isIdx {
			fmt.Fprintf(&b, "[%d]", e.index)
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(e.name)
	}
	return b.String()
}

// listForm is how overlap messages print a path: [a, b, [1]].
func (p docPath) listForm() string {
	parts := make([]string, len(p))
	for i, e := range p {
		if e.isIdx {
			parts[i] = fmt.Sprintf("[%d]", e.index)
		} else {
			parts[i] = e.name
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

type operandKind uint8

const (
	oPath operandKind = iota + 1
	oValue
	oSize
	oIfNotExists
	oListAppend
	oPlus
	oMinus
)

type operand struct {
	k    operandKind
	path docPath
	val  *av
	args []*operand
}

type condKind uint8

const (
	cAnd condKind = iota + 1
	cOr
	cNot
	cCmp
	cBetween
	cIn
	cFunc
)

type cond struct {
	k    condKind
	op   string // comparator, or function name
	l, r *cond
	args []*operand
}

// exprCtx parses one expression of a request, resolving #names and :values.
type exprCtx struct {
	kind   string // "ConditionExpression", "UpdateExpression", ...
	src    string
	toks   []token // raw tokens
	sig    []int   // indexes of non-whitespace tokens
	p      int     // position in sig
	names  map[string]string
	values map[string]*av
	used   *usage
	semErr error // first semantic error; reported when the syntax is fine
}

// usage records which ExpressionAttributeNames/Values a request used.
type usage struct {
	names  map[string]bool
	values map[string]bool
}

func (u *usage) mark(m *map[string]bool, k string) {
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[k] = true
}

type syntaxErr struct{ err error }

func newExprCtx(kind, src string, names map[string]string, values map[string]*av, u *usage) (*exprCtx, error) {
	if strings.TrimSpace(src) == "" {
		return nil, validation("Invalid %s: The expression can not be empty;", kind)
	}
	x := &exprCtx{kind: kind, src: src, toks: lex(src), names: names, values: values, used: u}
	for i, t := range x.toks {
		if t.k != tWS {
			x.sig = append(x.sig, i)
		}
	}
	return x, nil
}

func (x *exprCtx) peek() token {
	if x.p >= len(x.sig) {
		return token{k: tEOF, pos: len(x.src)}
	}
	return x.toks[x.sig[x.p]]
}

func (x *exprCtx) peekAt(n int) token {
	if x.p+n >= len(x.sig) {
		return token{k: tEOF, pos: len(x.src)}
	}
	return x.toks[x.sig[x.p+n]]
}

func (x *exprCtx) next() token { t := x.peek(); x.p++; return t }

func (x *exprCtx) isPunct(s string) bool { t := x.peek(); return t.k == tPunct && t.s == s }

func (x *exprCtx) isKeyword(kw string) bool {
	t := x.peek()
	return t.k == tIdent && strings.EqualFold(t.s, kw)
}

// fail aborts parsing with AWS's syntax error at the current token. "near"
// is the source text from the token before it to the token after it
// (AWS's example: token "1", near "VALUE 1" for "SET path = VALUE 1"; how far
// "near" reaches in other cases is our reading, unconfirmed).
func (x *exprCtx) fail() {
	tokStr := "<EOF>"
	start, end := len(x.src), len(x.src)
	if x.p < len(x.sig) {
		t := x.toks[x.sig[x.p]]
		tokStr = t.s
		start, end = t.pos, t.pos+len(t.s)
		if x.p+1 < len(x.sig) {
			n := x.toks[x.sig[x.p+1]]
			end = n.pos + len(n.s)
		}
	}
	if x.p > 0 && x.p-1 < len(x.sig) {
		start = x.toks[x.sig[x.p-1]].pos
	}
	panic(syntaxErr{validation("Invalid %s: Syntax error; token: %q, near: %q", x.kind, tokStr, x.src[start:end])})
}

func (x *exprCtx) expect(s string) {
	if !x.isPunct(s) {
		x.fail()
	}
	x.p++
}

func (x *exprCtx) semantic(format string, args ...any) {
	if x.semErr == nil {
		x.semErr = validation("Invalid %s: "+format, append([]any{x.kind}, args...)...)
	}
}

// run parses with f and returns the first syntax error, else the first
// semantic one.
func (x *exprCtx) run(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(syntaxErr)
			if !ok {
				panic(r)
			}
			err = se.err
		}
	}()
	f()
	if x.p < len(x.sig) {
		x.fail()
	}
	return x.semErr
}

func (x *exprCtx) pathElemName() string {
	t := x.next()
	switch t.k {
	case tIdent:
		if reserved[strings.ToUpper(t.s)] {
			x.semantic("Attribute name is a reserved keyword; reserved keyword: %s", t.s)
		}
		return t.s
	case tName:
		x.used.mark(&x.used.names, t.s)
		n, ok := x.names[t.s]
		if !ok {
			x.semantic("An expression attribute name used in the document path is not defined; attribute name: %s", t.s)
		}
		return n
	}
	x.p--
	x.fail()
	return ""
}

func (x *exprCtx) parsePath() docPath {
	p := docPath{{name: x.pathElemName()}}
	for {
		switch {
		case x.isPunct("."):
			x.p++
			p = append(p, pathElem{name: x.pathElemName()})
		case x.isPunct("["):
			x.p++
			t := x.peek()
			if t.k != tNumber {
				x.fail()
			}
			x.p++
			n, err := strconv.Atoi(t.s)
			if err != nil {
				x.fail()
			}
			x.expect("]")
			p = append(p, pathElem{index: n, isIdx: true})
		default:
			return p
		}
	}
}

func (x *exprCtx) parseValue() *av {
	t := x.next()
	x.used.mark(&x.used.values, t.s)
	v, ok := x.values[t.s]
	if !ok {
		x.semantic("An expression attribute value used in expression is not defined; attribute value: %s", t.s)
		return &av{k: kNULL}
	}
	return v
}

var conditionFuncs = map[string]int{"attribute_exists": 1, "attribute_not_exists": 1, "attribute_type": 2, "begins_with": 2, "contains": 2}
var updateFuncs = map[string]int{"if_not_exists": 2, "list_append": 2}

// parseOperand reads a path, a :value or a function used as a value.
func (x *exprCtx) parseOperand(update bool) *operand {
	t := x.peek()
	switch t.k {
	case tValue:
		return &operand{k: oValue, val: x.parseValue()}
	case tName:
		return &operand{k: oPath, path: x.parsePath()}
	case tIdent:
		if x.peekAt(1).k == tPunct && x.peekAt(1).s == "(" {
			return x.parseFuncOperand(update)
		}
		return &operand{k: oPath, path: x.parsePath()}
	}
	x.fail()
	return nil
}

func (x *exprCtx) parseArgs() []*operand {
	x.expect("(")
	var args []*operand
	for {
		args = append(args, x.parseOperand(x.kind == "UpdateExpression"))
		if x.isPunct(",") {
			x.p++
			continue
		}
		break
	}
	x.expect(")")
	return args
}

func (x *exprCtx) parseFuncOperand(update bool) *operand {
	name := x.next().s
	args := x.parseArgs()
	var k operandKind
	switch {
	case name == "size" && !update:
		k = oSize
		x.arity(name, args, 1)
		x.needsPath(name, args[0])
	case name == "if_not_exists" && update:
		k = oIfNotExists
		x.arity(name, args, 2)
		x.needsPath(name, args[0])
	case name == "list_append" && update:
		k = oListAppend
		x.arity(name, args, 2)
		for _, a := range args {
			if a.k == oValue && a.val.k != kL {
				x.operandTypeErr(name, a.val)
				break
			}
		}
	case update && (conditionFuncs[name] > 0 || name == "size"):
		// unconfirmed wording
		x.semantic("The function is not allowed in an update expression; function: %s", name)
	case !update && updateFuncs[name] > 0:
		// unconfirmed wording
		x.semantic("The function is not allowed to be used this way in an expression; function: %s", name)
	case !update && conditionFuncs[name] > 0:
		// a condition function where a value is needed, e.g. "attribute_exists(a) = :v"
		x.semantic("The function is not allowed to be used this way in an expression; function: %s", name)
	default:
		x.semantic("Invalid function name; function: %s", name)
	}
	return &operand{k: k, args: args}
}

func (x *exprCtx) arity(name string, args []*operand, n int) {
	if len(args) != n {
		x.semantic("Incorrect number of operands for operator or function; operator or function: %s, number of operands: %d", name, len(args))
	}
}

func (x *exprCtx) needsPath(name string, o *operand) {
	if o.k != oPath {
		x.semantic("Operator or function requires a document path; operator or function: %s", name)
	}
}

// ---- conditions ----

func (x *exprCtx) parseCondition() *cond {
	l := x.parseAnd()
	for x.isKeyword("OR") {
		x.p++
		l = &cond{k: cOr, l: l, r: x.parseAnd()}
	}
	return l
}

func (x *exprCtx) parseAnd() *cond {
	l := x.parseNot()
	for x.isKeyword("AND") {
		x.p++
		l = &cond{k: cAnd, l: l, r: x.parseNot()}
	}
	return l
}

func (x *exprCtx) parseNot() *cond {
	if x.isKeyword("NOT") {
		x.p++
		return &cond{k: cNot, l: x.parseNot()}
	}
	return x.parsePrimary()
}

var comparators = map[string]bool{"=": true, "<>": true, "<": true, "<=": true, ">": true, ">=": true}

func (x *exprCtx) parsePrimary() *cond {
	if x.isPunct("(") {
		x.p++
		c := x.parseCondition()
		x.expect(")")
		return c
	}
	t := x.peek()
	if t.k == tIdent && conditionFuncs[t.s] > 0 && x.peekAt(1).s == "(" {
		x.p++
		args := x.parseArgs()
		x.arity(t.s, args, conditionFuncs[t.s])
		if len(args) > 0 && (t.s == "attribute_exists" || t.s == "attribute_not_exists" || t.s == "attribute_type") {
			x.needsPath(t.s, args[0])
		}
		c := &cond{k: cFunc, op: t.s, args: args}
		x.checkFuncTypes(c)
		return c
	}
	left := x.parseOperand(false)
	if left.k != oPath && left.k != oValue && !x.followsComparison() {
		// a function where a condition is due: its name is the error
		// (parseFuncOperand recorded it), or size() used as a condition
		if left.k == oSize {
			x.fail()
		}
		return &cond{k: cFunc, op: "invalid"}
	}
	t = x.peek()
	switch {
	case t.k == tPunct && comparators[t.s]:
		x.p++
		right := x.parseOperand(false)
		c := &cond{k: cCmp, op: t.s, args: []*operand{left, right}}
		x.checkCmpTypes(c)
		return c
	case x.isKeyword("BETWEEN"):
		x.p++
		lo := x.parseOperand(false)
		if !x.isKeyword("AND") {
			x.fail()
		}
		x.p++
		hi := x.parseOperand(false)
		c := &cond{k: cBetween, args: []*operand{left, lo, hi}}
		x.checkBetween(c)
		return c
	case x.isKeyword("IN"):
		x.p++
		x.expect("(")
		args := []*operand{left}
		for {
			args = append(args, x.parseOperand(false))
			if x.isPunct(",") {
				x.p++
				continue
			}
			break
		}
		x.expect(")")
		if len(args)-1 > 100 {
			// unconfirmed wording
			x.semantic("The IN operator is provided with too many operands; number of operands: %d", len(args)-1)
		}
		return &cond{k: cIn, args: args}
	}
	x.fail()
	return nil
}

func (x *exprCtx) followsComparison() bool {
	t := x.peek()
	return (t.k == tPunct && comparators[t.s]) || x.isKeyword("BETWEEN") || x.isKeyword("IN")
}

func (x *exprCtx) operandTypeErr(op string, v *av) {
	x.semantic("Incorrect operand type for operator or function; operator or function: %s, operand type: %s", op, v.k)
}

func (x *exprCtx) checkCmpTypes(c *cond) {
	if c.op == "=" || c.op == "<>" {
		return
	}
	for _, o := range c.args {
		if o.k == oValue && o.val.k != kS && o.val.k != kN && o.val.k != kB {
			x.operandTypeErr(c.op, o.val)
		}
	}
}

func (x *exprCtx) checkBetween(c *cond) {
	for _, o := range c.args {
		if o.k == oValue && o.val.k != kS && o.val.k != kN && o.val.k != kB {
			x.operandTypeErr("BETWEEN", o.val)
			return
		}
	}
	lo, hi := c.args[1], c.args[2]
	if lo.k == oValue && hi.k == oValue {
		if n, ok := compare(lo.val, hi.val); ok && n > 0 {
			x.semantic("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: %s, upper bound operand: AttributeValue: %s", lo.val.describe(), hi.val.describe())
		}
	}
}

func (x *exprCtx) checkFuncTypes(c *cond) {
	switch c.op {
	case "begins_with":
		for _, o := range c.args {
			if o.k == oValue && o.val.k != kS && o.val.k != kB {
				x.operandTypeErr(c.op, o.val)
				return
			}
		}
	case "attribute_type":
		if len(c.args) == 2 && c.args[1].k == oValue {
			v := c.args[1].val
			if v.k != kS {
				x.operandTypeErr(c.op, v)
				return
			}
			switch v.s {
			case "S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M":
			default:
				// unconfirmed wording
				x.semantic("Invalid attribute type name found in type: %s for attribute name: %s", v.s, c.args[0].path)
			}
		}
	}
}

// ---- update expressions ----

type updateAction struct {
	section string // SET, REMOVE, ADD, DELETE
	path    docPath
	value   *operand // SET: the value; ADD/DELETE: the :value
}

func (x *exprCtx) parseUpdate() []updateAction {
	var out []updateAction
	seen := map[string]bool{}
	for x.peek().k != tEOF {
		t := x.peek()
		if t.k != tIdent {
			x.fail()
		}
		sec := strings.ToUpper(t.s)
		if sec != "SET" && sec != "REMOVE" && sec != "ADD" && sec != "DELETE" {
			x.fail()
		}
		x.p++
		if seen[sec] {
			x.semantic("The %q section can only be used once in an update expression;", sec)
		}
		seen[sec] = true
		for {
			a := updateAction{section: sec}
			switch sec {
			case "SET":
				a.path = x.parsePath()
				x.expect("=")
				a.value = x.parseSetValue()
			case "REMOVE":
				a.path = x.parsePath()
			case "ADD", "DELETE":
				a.path = x.parsePath()
				if x.peek().k != tValue {
					x.fail()
				}
				a.value = &operand{k: oValue, val: x.parseValue()}
				v := a.value.val
				if (sec == "ADD" && v.k != kN && !v.k.isSet()) || (sec == "DELETE" && !v.k.isSet()) {
					x.semantic("Incorrect operand type for operator or function; operator: %s, operand type: %s", sec, v.k.longName())
				}
			}
			out = append(out, a)
			if x.isPunct(",") {
				x.p++
				continue
			}
			break
		}
	}
	x.checkOverlaps(pathsOf(out))
	return out
}

func pathsOf(acts []updateAction) []docPath {
	ps := make([]docPath, len(acts))
	for i, a := range acts {
		ps[i] = a.path
	}
	return ps
}

func (x *exprCtx) parseSetValue() *operand {
	l := x.parseOperand(true)
	if x.isPunct("+") || x.isPunct("-") {
		k := oPlus
		if x.next().s == "-" {
			k = oMinus
		}
		r := x.parseOperand(true)
		for _, a := range []*operand{l, r} {
			if a.k == oValue && a.val.k != kN {
				// by analogy with list_append's message: unconfirmed wording
				x.operandTypeErr(map[operandKind]string{oPlus: "+", oMinus: "-"}[k], a.val)
				break
			}
		}
		return &operand{k: k, args: []*operand{l, r}}
	}
	return l
}

// checkOverlaps rejects two paths where one is a prefix of the other.
func (x *exprCtx) checkOverlaps(ps []docPath) {
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			if overlaps(ps[i], ps[j]) {
				x.semantic("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: %s, path two: %s", ps[i].listForm(), ps[j].listForm())
				return
			}
		}
	}
}

func overlaps(a, b docPath) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ---- projection ----

func (x *exprCtx) parseProjection() []docPath {
	var out []docPath
	for {
		out = append(out, x.parsePath())
		if x.isPunct(",") {
			x.p++
			continue
		}
		break
	}
	x.checkOverlaps(out)
	return out
}

// ---- evaluation ----

// resolve finds the value at p in it, or nil.
func resolve(it item, p docPath) *av {
	v, ok := it[p[0].name]
	if !ok {
		return nil
	}
	for _, e := range p[1:] {
		switch {
		case e.isIdx && v.k == kL:
			if e.index >= len(v.l) {
				return nil
			}
			v = v.l[e.index]
		case !e.isIdx && v.k == kM:
			w, ok := v.m[e.name]
			if !ok {
				return nil
			}
			v = w
		default:
			return nil
		}
	}
	return v
}

func evalOperand(it item, o *operand) *av {
	switch o.k {
	case oPath:
		return resolve(it, o.path)
	case oValue:
		return o.val
	case oSize:
		v := resolve(it, o.args[0].path)
		if v == nil {
			return nil
		}
		var n int
		switch v.k {
		case kS, kB:
			// bytes: the guide says "the length of the string"; whether
			// non-ASCII characters count once or per UTF-8 byte is unconfirmed
			n = len(v.s)
		case kSS, kNS, kBS:
			n = len(v.set)
		case kL:
			n = len(v.l)
		case kM:
			n = len(v.m)
		default:
			return nil
		}
		return &av{k: kN, s: strconv.Itoa(n)}
	}
	return nil
}

func evalCond(it item, c *cond) bool {
	switch c.k {
	case cAnd:
		return evalCond(it, c.l) && evalCond(it, c.r)
	case cOr:
		return evalCond(it, c.l) || evalCond(it, c.r)
	case cNot:
		return !evalCond(it, c.l)
	case cCmp:
		a, b := evalOperand(it, c.args[0]), evalOperand(it, c.args[1])
		if a == nil || b == nil {
			return c.op == "<>" && !(a == nil && b == nil)
		}
		switch c.op {
		case "=":
			return equal(a, b)
		case "<>":
			return !equal(a, b)
		}
		n, ok := compare(a, b)
		return ok && holds(c.op, n)
	case cBetween:
		a, lo, hi := evalOperand(it, c.args[0]), evalOperand(it, c.args[1]), evalOperand(it, c.args[2])
		if a == nil || lo == nil || hi == nil {
			return false
		}
		n1, ok1 := compare(a, lo)
		n2, ok2 := compare(a, hi)
		return ok1 && ok2 && n1 >= 0 && n2 <= 0
	case cIn:
		a := evalOperand(it, c.args[0])
		if a == nil {
			return false
		}
		for _, o := range c.args[1:] {
			if b := evalOperand(it, o); b != nil && equal(a, b) {
				return true
			}
		}
		return false
	case cFunc:
		switch c.op {
		case "attribute_exists":
			return resolve(it, c.args[0].path) != nil
		case "attribute_not_exists":
			return resolve(it, c.args[0].path) == nil
		case "attribute_type":
			v, t := evalOperand(it, c.args[0]), evalOperand(it, c.args[1])
			return v != nil && t != nil && t.k == kS && v.k.String() == t.s
		case "begins_with":
			v, p := evalOperand(it, c.args[0]), evalOperand(it, c.args[1])
			return v != nil && p != nil && v.k == p.k && (v.k == kS || v.k == kB) && strings.HasPrefix(v.s, p.s)
		case "contains":
			v, x := evalOperand(it, c.args[0]), evalOperand(it, c.args[1])
			if v == nil || x == nil {
				return false
			}
			switch v.k {
			case kS:
				return x.k == kS && strings.Contains(v.s, x.s)
			case kB:
				return x.k == kB && strings.Contains(v.s, x.s)
			case kSS:
				return x.k == kS && setHas(v, x.s)
			case kNS:
				return x.k == kN && setHas(v, x.s)
			case kBS:
				return x.k == kB && setHas(v, x.s)
			case kL:
				for _, e := range v.l {
					if equal(e, x) {
						return true
					}
				}
			}
			return false
		}
	}
	return false
}

// holds tells whether comparator op holds for compare's result n.
func holds(op string, n int) bool {
	switch op {
	case "=":
		return n == 0
	case "<":
		return n < 0
	case "<=":
		return n <= 0
	case ">":
		return n > 0
	case ">=":
		return n >= 0
	}
	return false
}

// project keeps the attributes at paths, as ProjectionExpression does: list
// elements picked by index come back in index order, compacted.
func project(it item, paths []docPath) item {
	out := item{}
	for _, p := range paths {
		v := resolve(it, p)
		if v == nil {
			continue
		}
		placeProjected(out, it, p, v)
	}
	return out
}

func placeProjected(out item, src item, p docPath, v *av) {
	if len(p) == 1 {
		out[p[0].name] = v.clone()
		return
	}
	cur, ok := out[p[0].name]
	srcCur := src[p[0].name]
	if !ok {
		cur = &av{k: srcCur.k}
		if cur.k == kM {
			cur.m = map[string]*av{}
		}
		out[p[0].name] = cur
	}
	for i := 1; i < len(p); i++ {
		e := p[i]
		last := i == len(p)-1
		if e.isIdx {
			srcNext := srcCur.l[e.index]
			// cur.l holds the picked elements in source order; track source
			// indexes alongside through idx.
			pos := -1
			for j, w := range cur.l {
				if w.idx == e.index {
					pos = j
				}
			}
			if pos < 0 {
				var nv *av
				if last {
					nv = v.clone()
				} else {
					nv = &av{k: srcNext.k}
					if nv.k == kM {
						nv.m = map[string]*av{}
					}
				}
				nv.idx = e.index
				pos = len(cur.l)
				for j, w := range cur.l {
					if w.idx > e.index {
						pos = j
						break
					}
				}
				cur.l = append(cur.l, nil)
				copy(cur.l[pos+1:], cur.l[pos:])
				cur.l[pos] = nv
			}
			cur, srcCur = cur.l[pos], srcNext
			continue
		}
		srcNext := srcCur.m[e.name]
		if last {
			cur.m[e.name] = v.clone()
			return
		}
		nxt, ok := cur.m[e.name]
		if !ok {
			nxt = &av{k: srcNext.k}
			if nxt.k == kM {
				nxt.m = map[string]*av{}
			}
			cur.m[e.name] = nxt
		}
		cur, srcCur = nxt, srcNext
	}
}
