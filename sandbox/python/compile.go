package python

import (
	"errors"
	"strings"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// fileOptions are the dialect options: Python's while, top-level control
// flow, reassignable globals, sets and recursion (bounded by __enter__).
var fileOptions = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}

// compileFile rewrites, parses and compiles one source file. The syntax
// tree is then adjusted where Starlark's own operator or method differs
// from Python's:
//   - every function body starts with __enter__(), which enforces
//     Python's recursion limit of 1,000 frames;
//   - a % b becomes __mod__(a, b): Python's printf-style formatting
//     (widths, precisions, flags), and numeric modulo otherwise;
//   - a + b and a * b become __add__ and __mul__, and x += y, x *= y
//     check y with __grow__: the same operations, refused with
//     MemoryError when one string or list would outgrow the limits
//     (one such operation doubles a string, faster than the memory
//     watchdog can look);
//   - the iterable of a for loop or comprehension goes through
//     __iter__, so that a str yields its characters as in Python;
//   - calls of the methods in pyMethods, x.m(...), become
//     __meth__(x, "m", ...): Python's str.format with format specs,
//     str.encode, bytes.decode, list.sort and others Starlark lacks;
//     any other receiver gets its own method.
func compileFile(file, src string, isPredeclared func(string) bool, userModules func(string) bool) (*starlark.Program, error) {
	out, err := rewrite(file, src, userModules)
	if err != nil {
		return nil, err
	}
	f, err := fileOptions.Parse(file, out, 0)
	if err != nil {
		return nil, syntaxError(file, src, err)
	}
	for _, s := range f.Stmts {
		transformStmt(s)
	}
	prog, err := starlark.FileProgram(f, isPredeclared)
	if err != nil {
		return nil, syntaxError(file, src, err)
	}
	return prog, nil
}

// syntaxError converts a Starlark parse or resolve error, adding the
// Python construct behind the commonest ones.
func syntaxError(file, src string, err error) error {
	var pos syntax.Position
	var msg string
	var se syntax.Error
	var rl resolve.ErrorList
	switch {
	case errors.As(err, &se):
		pos, msg = se.Pos, se.Msg
	case errors.As(err, &rl):
		pos, msg = rl[0].Pos, rl[0].Msg
	default:
		return &compileError{File: file, Line: 1, Col: 1, Msg: err.Error()}
	}
	e := &compileError{File: file, Line: int(pos.Line), Col: int(pos.Col), Msg: msg}
	lines := strings.Split(src, "\n")
	if e.Line >= 1 && e.Line <= len(lines) {
		e.SrcLine = lines[e.Line-1]
	}
	switch {
	case strings.HasPrefix(msg, "undefined: "):
		name := strings.TrimPrefix(msg, "undefined: ")
		e.Msg = "NameError: name '" + name + "' is not defined"
		if hint, ok := missingBuiltins[name]; ok {
			e.Instead = hint
		} else {
			e.Instead = "Define it before use (names are checked when the module is compiled, not when the line runs), or import it"
		}
	case strings.Contains(msg, "got '**', want primary expression"):
		e.Construct, e.Why, e.Instead = "unpacking with ** in a dict display", "{**a, **b} is not supported.", "Write dict(a) | b, or copy and update: d = dict(a); d.update(b)."
	case strings.Contains(msg, "got '*', want primary expression"):
		e.Construct, e.Why, e.Instead = "unpacking with * in a display", "[*a, *b] is not supported.", "Write a + b, or list(a) + list(b)."
	case strings.Contains(msg, "does not associate") || strings.Contains(msg, "not associative"):
		e.Construct, e.Why, e.Instead = "chained comparisons", "a < b < c is not supported.", "Write a < b and b < c."
	case strings.Contains(msg, "got newline, want"), strings.Contains(msg, "got string literal"):
		e.Instead = "Check the line for a construct of full Python that the tutor lacks (lesson " + SubsetLesson + ")"
	case strings.Contains(msg, "cannot reassign") || strings.Contains(msg, "local variable"):
		e.Instead = "A function cannot assign a module-level name (there is no global): keep module state in a dict and change its contents"
	}
	return e
}

// missingBuiltins are Python built-ins the tutor lacks, with what to use.
var missingBuiltins = map[string]string{
	"open":       "There are no files; keep data in variables or module-level dicts",
	"input":      "Handlers get their input from the event",
	"eval":       "Code cannot be evaluated at run time",
	"exec":       "Code cannot be evaluated at run time",
	"iter":       "Loop over the value with for",
	"next":       "Loop over the value with for, or index a list",
	"setattr":    "Values have fixed attributes: use a dict",
	"object":     "There are no classes: use a dict",
	"super":      "There are no classes: use a dict and functions",
	"globals":    "Use a module-level dict",
	"vars":       "Use a dict",
	"callable":   "Compare type(x) == \"function\"",
	"frozenset":  "Use a set or a tuple",
	"bytearray":  "Use str",
	"memoryview": "Use str",
	"Decimal":    "Use int (for cents) or float",
}

// transformStmt adjusts the statements of a function or module in place.
func transformStmt(s syntax.Stmt) {
	switch s := s.(type) {
	case *syntax.AssignStmt:
		s.LHS = transformExpr(s.LHS)
		s.RHS = transformExpr(s.RHS)
		if id, ok := s.LHS.(*syntax.Ident); ok {
			cp := &syntax.Ident{NamePos: id.NamePos, Name: id.Name}
			switch s.Op {
			case syntax.PERCENT_EQ:
				s.Op = syntax.EQ
				s.RHS = call("__mod__", s.OpPos, cp, s.RHS)
			case syntax.PLUS_EQ, syntax.STAR_EQ:
				// x += y keeps Starlark's in-place list update; the
				// operand is only checked against the size limit.
				s.RHS = call("__grow__", s.OpPos, cp, s.RHS, &syntax.Literal{Token: syntax.INT, TokenPos: s.OpPos, Raw: "0", Value: int64(s.Op)})
			}
		}
	case *syntax.DefStmt:
		for i, p := range s.Params {
			s.Params[i] = transformExpr(p)
		}
		body := make([]syntax.Stmt, 0, len(s.Body)+1)
		body = append(body, &syntax.ExprStmt{X: call("__enter__", s.Def)})
		for _, b := range s.Body {
			transformStmt(b)
			body = append(body, b)
		}
		s.Body = body
	case *syntax.ExprStmt:
		s.X = transformExpr(s.X)
	case *syntax.ForStmt:
		s.Vars = transformExpr(s.Vars)
		s.X = call("__iter__", s.For, transformExpr(s.X))
		for _, b := range s.Body {
			transformStmt(b)
		}
	case *syntax.WhileStmt:
		s.Cond = transformExpr(s.Cond)
		for _, b := range s.Body {
			transformStmt(b)
		}
	case *syntax.IfStmt:
		s.Cond = transformExpr(s.Cond)
		for _, b := range s.True {
			transformStmt(b)
		}
		for _, b := range s.False {
			transformStmt(b)
		}
	case *syntax.ReturnStmt:
		if s.Result != nil {
			s.Result = transformExpr(s.Result)
		}
	}
}

func call(fn string, pos syntax.Position, args ...syntax.Expr) *syntax.CallExpr {
	return &syntax.CallExpr{Fn: &syntax.Ident{NamePos: pos, Name: fn}, Lparen: pos, Args: args, Rparen: pos}
}

func transformExpr(e syntax.Expr) syntax.Expr {
	switch x := e.(type) {
	case nil:
		return nil
	case *syntax.BinaryExpr:
		x.X, x.Y = transformExpr(x.X), transformExpr(x.Y)
		switch x.Op {
		case syntax.PERCENT:
			return call("__mod__", x.OpPos, x.X, x.Y)
		case syntax.PLUS:
			return call("__add__", x.OpPos, x.X, x.Y)
		case syntax.STAR:
			return call("__mul__", x.OpPos, x.X, x.Y)
		}
	case *syntax.UnaryExpr:
		x.X = transformExpr(x.X)
	case *syntax.CallExpr:
		x.Fn = transformExpr(x.Fn)
		for i, a := range x.Args {
			x.Args[i] = transformExpr(a)
		}
		if d, ok := x.Fn.(*syntax.DotExpr); ok && pyMethods[d.Name.Name] {
			name := &syntax.Literal{Token: syntax.STRING, TokenPos: d.NamePos, Raw: `"` + d.Name.Name + `"`, Value: d.Name.Name}
			args := append([]syntax.Expr{d.X, name}, x.Args...)
			return &syntax.CallExpr{Fn: &syntax.Ident{NamePos: d.NamePos, Name: "__meth__"}, Lparen: x.Lparen, Args: args, Rparen: x.Rparen}
		}
	case *syntax.DotExpr:
		x.X = transformExpr(x.X)
	case *syntax.IndexExpr:
		x.X, x.Y = transformExpr(x.X), transformExpr(x.Y)
	case *syntax.SliceExpr:
		x.X, x.Lo, x.Hi, x.Step = transformExpr(x.X), transformExpr(x.Lo), transformExpr(x.Hi), transformExpr(x.Step)
	case *syntax.ParenExpr:
		x.X = transformExpr(x.X)
	case *syntax.ListExpr:
		for i, a := range x.List {
			x.List[i] = transformExpr(a)
		}
	case *syntax.TupleExpr:
		for i, a := range x.List {
			x.List[i] = transformExpr(a)
		}
	case *syntax.DictExpr:
		for i, a := range x.List {
			x.List[i] = transformExpr(a)
		}
	case *syntax.DictEntry:
		x.Key, x.Value = transformExpr(x.Key), transformExpr(x.Value)
	case *syntax.CondExpr:
		x.Cond, x.True, x.False = transformExpr(x.Cond), transformExpr(x.True), transformExpr(x.False)
	case *syntax.LambdaExpr:
		for i, p := range x.Params {
			x.Params[i] = transformExpr(p)
		}
		x.Body = transformExpr(x.Body)
	case *syntax.Comprehension:
		x.Body = transformExpr(x.Body)
		for _, c := range x.Clauses {
			switch c := c.(type) {
			case *syntax.ForClause:
				c.Vars, c.X = transformExpr(c.Vars), call("__iter__", c.For, transformExpr(c.X))
			case *syntax.IfClause:
				c.Cond = transformExpr(c.Cond)
			}
		}
	}
	return e
}
