package python

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Before Starlark compiles a file, its source is tokenised and rewritten
// where a Python construct has an exact equivalent in the dialect, and
// refused, with the construct, the position and an alternative, where it
// has none. Rewrites keep every line where it was, so line numbers in
// errors and tracebacks stay the learner's own.

// compileError is a construct the tutor's Python lacks, or a syntax error.
type compileError struct {
	File      string
	Line, Col int
	Construct string // "try/except"; empty for a plain syntax error
	Why       string // why the tutor's Python lacks it
	Instead   string // what to write instead
	Msg       string // a plain syntax error's text
	Module    string // for imports of modules not offered
	SrcLine   string
}

func (e *compileError) Error() string { return e.functionError().Message }

// functionError is the error Lambda's Python runtime reports: a
// Runtime.UserCodeSyntaxError, or Runtime.ImportModuleError for a module
// not offered.
func (e *compileError) functionError() *sandbox.FunctionError {
	mod := strings.TrimSuffix(e.File, ".py")
	where := fmt.Sprintf("(%s, line %d, column %d)", e.File, e.Line, e.Col)
	trace := []string{fmt.Sprintf("  File \"%s/%s\", line %d", sandbox.TaskRoot, e.File, e.Line)}
	if e.SrcLine != "" {
		trace = append(trace, "    "+strings.TrimRight(e.SrcLine, " \t\r"), "    "+strings.Repeat(" ", max(e.Col-1, 0))+"^")
	}
	if e.Module != "" {
		msg := fmt.Sprintf("Unable to import module '%s': No module named '%s' %s. %s", mod, e.Module, where, e.Why)
		if e.Instead != "" {
			msg += " " + e.Instead
		}
		return &sandbox.FunctionError{Type: "Runtime.ImportModuleError", Message: msg, Trace: trace}
	}
	var msg string
	if e.Construct != "" {
		msg = fmt.Sprintf("Syntax error in module '%s': the tutor's Python does not support %s %s. %s %s (lesson %s)", mod, e.Construct, where, e.Why, e.Instead, SubsetLesson)
	} else {
		msg = fmt.Sprintf("Syntax error in module '%s': %s %s", mod, e.Msg, where)
		if e.Instead != "" {
			msg += ". " + e.Instead
		}
	}
	return &sandbox.FunctionError{Type: "Runtime.UserCodeSyntaxError", Message: msg, Trace: trace}
}

// token kinds
const (
	tName = iota
	tNumber
	tString
	tOp
	tNewline // end of a logical line
	tComment
)

type token struct {
	kind       int
	text       string
	start, end int // byte offsets
	line, col  int // 1-based; col counts bytes
	depth      int // bracket depth before the token
}

// tokenize splits Python source into tokens, enough for the rewrites:
// names, numbers, strings (with prefixes, triple quotes), operators,
// comments and logical line ends.
func tokenize(file, src string) ([]token, error) {
	var toks []token
	line, lineStart, depth := 1, 0, 0
	i := 0
	errAt := func(pos int, msg string) error {
		return &compileError{File: file, Line: line, Col: pos - lineStart + 1, Msg: msg, SrcLine: lineOf(src, pos)}
	}
	emit := func(kind, start, end int) {
		toks = append(toks, token{kind: kind, text: src[start:end], start: start, end: end, line: line, col: start - lineStart + 1, depth: depth})
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			if depth == 0 && len(toks) > 0 && toks[len(toks)-1].kind != tNewline {
				emit(tNewline, i, i+1)
			}
			i++
			line, lineStart = line+1, i
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '\\' && i+1 < len(src) && (src[i+1] == '\n' || (src[i+1] == '\r' && i+2 < len(src) && src[i+2] == '\n')):
			i += 2
			if src[i-1] == '\r' {
				i++
			}
			line, lineStart = line+1, i
		case c == '#':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = len(src) - i
			}
			emit(tComment, i, i+j)
			i += j
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			if j < len(src) && (src[j] == '"' || src[j] == '\'') && j-i <= 2 && isStringPrefix(src[i:j]) {
				end, nl, err := scanString(src, j)
				if err != nil {
					return nil, errAt(i, err.Error())
				}
				emit(tString, i, end)
				line += nl
				if nl > 0 {
					lineStart = strings.LastIndexByte(src[:end], '\n') + 1
				}
				i = end
				continue
			}
			emit(tName, i, j)
			i = j
		case c >= '0' && c <= '9' || (c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9'):
			j := i
			for j < len(src) && (isIdentPart(src[j]) || src[j] == '.' ||
				((src[j] == '+' || src[j] == '-') && (src[j-1] == 'e' || src[j-1] == 'E') && !strings.HasPrefix(strings.ToLower(src[i:j]), "0x"))) {
				j++
			}
			emit(tNumber, i, j)
			i = j
		case c == '"' || c == '\'':
			end, nl, err := scanString(src, i)
			if err != nil {
				return nil, errAt(i, err.Error())
			}
			emit(tString, i, end)
			line += nl
			if nl > 0 {
				lineStart = strings.LastIndexByte(src[:end], '\n') + 1
			}
			i = end
		default:
			n := 1
			for _, op := range []string{"**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=", "<<", ">>"} {
				if strings.HasPrefix(src[i:], op) {
					n = len(op)
					break
				}
			}
			switch c {
			case '(', '[', '{':
				emit(tOp, i, i+n)
				depth++
				i += n
				continue
			case ')', ']', '}':
				if depth > 0 {
					depth--
				}
			}
			emit(tOp, i, i+n)
			i += n
		}
	}
	if len(toks) > 0 && toks[len(toks)-1].kind != tNewline {
		emit(tNewline, len(src), len(src))
	}
	return toks, nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isStringPrefix(p string) bool {
	switch strings.ToLower(p) {
	case "r", "b", "u", "f", "rb", "br", "fr", "rf":
		return true
	}
	return false
}

// scanString finds the end of the string literal whose quote is at i; nl
// counts the newlines inside.
func scanString(src string, i int) (end, nl int, err error) {
	q := src[i]
	triple := strings.HasPrefix(src[i:], strings.Repeat(string(q), 3))
	j := i + 1
	if triple {
		j = i + 3
	}
	for j < len(src) {
		c := src[j]
		switch {
		case c == '\\':
			if j+1 < len(src) && src[j+1] == '\n' {
				nl++
			}
			j += 2
			continue
		case c == '\n':
			if !triple {
				return 0, 0, fmt.Errorf("unterminated string literal")
			}
			nl++
		case c == q:
			if !triple {
				return j + 1, nl, nil
			}
			if strings.HasPrefix(src[j:], strings.Repeat(string(q), 3)) {
				return j + 3, nl, nil
			}
		}
		j++
	}
	if triple {
		return 0, 0, fmt.Errorf("unterminated triple-quoted string literal")
	}
	return 0, 0, fmt.Errorf("unterminated string literal")
}

func lineOf(src string, pos int) string {
	if pos > len(src) {
		pos = len(src)
	}
	start := strings.LastIndexByte(src[:pos], '\n') + 1
	end := strings.IndexByte(src[pos:], '\n')
	if end < 0 {
		return src[start:]
	}
	return src[start : pos+end]
}

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

func applyEdits(src string, edits []edit) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			continue // overlapping edits cannot happen; be safe
		}
		b.WriteString(src[pos:e.start])
		b.WriteString(e.text)
		pos = e.end
	}
	b.WriteString(src[pos:])
	return b.String()
}

// keywords are names that cannot end an operand.
var keywords = map[string]bool{
	"and": true, "or": true, "not": true, "in": true, "is": true, "if": true, "else": true, "elif": true,
	"for": true, "while": true, "def": true, "return": true, "lambda": true, "yield": true, "await": true,
	"import": true, "from": true, "as": true, "pass": true, "break": true, "continue": true, "raise": true,
	"assert": true, "del": true, "global": true, "nonlocal": true, "class": true, "try": true, "except": true,
	"finally": true, "with": true, "async": true,
}

// compound starts a statement that ends its header with a colon.
var compound = map[string]bool{"if": true, "elif": true, "else": true, "for": true, "while": true, "def": true,
	"try": true, "except": true, "finally": true, "with": true, "class": true}

// unsupported names the keywords the dialect lacks and says why and what
// to write instead.
var unsupported = map[string][3]string{
	"try":      {"try/except", "Errors cannot be caught: an exception ends the invocation, as an uncaught one does on Lambda.", "Check the value first (if \"key\" in event:, event.get(\"key\")) or return an error response such as {\"statusCode\": 400, \"body\": \"...\"}."},
	"except":   {"try/except", "Errors cannot be caught: an exception ends the invocation, as an uncaught one does on Lambda.", "Check the value first (if \"key\" in event:, event.get(\"key\")) or return an error response such as {\"statusCode\": 400, \"body\": \"...\"}."},
	"finally":  {"try/finally", "There is no try statement.", "Put the clean-up code before each return."},
	"class":    {"class", "Starlark has no user-defined types.", "Use a dict for data ({\"name\": n, \"count\": 0}) and plain functions for behaviour."},
	"global":   {"global", "Functions cannot rebind module-level names.", "Keep module state in a module-level dict or list and change its contents: STATE = {\"client\": None} ... STATE[\"client\"] = make_client()."},
	"nonlocal": {"nonlocal", "Functions cannot rebind names of an enclosing function.", "Keep the value in a dict or list and change its contents."},
	"with":     {"with", "There are no context managers (and no files or connections to manage).", "Call the functions directly."},
	"yield":    {"yield (generators)", "There are no generators.", "Build and return a list."},
	"async":    {"async/await", "Handlers run synchronously; there is no event loop.", "Write a plain def and call functions directly; time.sleep() waits on the virtual clock."},
	"await":    {"async/await", "Handlers run synchronously; there is no event loop.", "Write a plain def and call functions directly."},
	"del":      {"del", "Starlark has no del statement.", "Use d.pop(key) for a dict entry, lst.pop(i) for a list item, or assign None."},
	"match":    {"match", "There is no structural pattern matching.", "Use if/elif chains."},
}

// sdkModules are clients for AWS and HTTP: the tutor runs no network.
var sdkModules = map[string]bool{"boto3": true, "botocore": true, "requests": true, "urllib3": true,
	"aiobotocore": true, "aws_lambda_powertools": true, "httpx": true}

// rewrite applies the exact rewrites and reports the first construct the
// dialect lacks. It returns the new source.
func rewrite(file, src string, userModules func(string) bool) (string, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	// Binary ** is rewritten first, one operator at a time from the right,
	// so that nested powers nest as Python's right-associative ** does.
	for n := 0; ; n++ {
		toks, err := tokenize(file, src)
		if err != nil {
			return "", err
		}
		next, changed, err := rewritePow(file, src, toks)
		if err != nil {
			return "", err
		}
		if !changed {
			break
		}
		src = next
		if n > 10000 {
			return "", &compileError{File: file, Line: 1, Col: 1, Msg: "too many ** operators"}
		}
	}
	toks, err := tokenize(file, src)
	if err != nil {
		return "", err
	}
	r := &rewriter{file: file, src: src, toks: toks, userModules: userModules}
	if err := r.run(); err != nil {
		return "", err
	}
	return applyEdits(src, r.edits), nil
}

type rewriter struct {
	file        string
	src         string
	toks        []token
	edits       []edit
	userModules func(string) bool
}

func (r *rewriter) fail(t token, construct string) error {
	u := unsupported[construct]
	return &compileError{File: r.file, Line: t.line, Col: t.col, Construct: u[0], Why: u[1], Instead: u[2], SrcLine: lineOf(r.src, t.start)}
}

func (r *rewriter) failf(t token, construct, why, instead string) error {
	return &compileError{File: r.file, Line: t.line, Col: t.col, Construct: construct, Why: why, Instead: instead, SrcLine: lineOf(r.src, t.start)}
}

// stmtEnd is the index of the token that ends the simple statement
// starting at i: the logical newline, a ';' or a comment at depth 0.
func (r *rewriter) stmtEnd(i int) int {
	d := r.toks[i].depth
	for j := i; j < len(r.toks); j++ {
		t := r.toks[j]
		if t.kind == tNewline || t.kind == tComment && t.depth == d || t.kind == tOp && t.text == ";" && t.depth == d {
			return j
		}
	}
	return len(r.toks) - 1
}

func (r *rewriter) run() error {
	toks := r.toks
	stmtStart := true
	header := false // the statement is a compound header (ends with ':')
	lambdas := 0    // lambdas awaiting their ':' at depth 0
	inParams := -1  // depth of a def's parameter list being read
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		atStart := stmtStart
		stmtStart = false
		switch t.kind {
		case tNewline:
			stmtStart, header, lambdas = true, false, 0
			continue
		case tComment:
			stmtStart = atStart
			continue
		case tNumber:
			if strings.Contains(t.text, "_") {
				r.edits = append(r.edits, edit{t.start, t.end, strings.ReplaceAll(t.text, "_", "")})
			}
			if strings.HasSuffix(t.text, "j") || strings.HasSuffix(t.text, "J") {
				return r.failf(t, "complex numbers", "Starlark has int and float only.", "Use two floats.")
			}
			continue
		case tString:
			if err := r.stringToken(i); err != nil {
				return err
			}
			continue
		case tOp:
			switch t.text {
			case ";":
				stmtStart = true
			case ":":
				if inParams >= 0 && t.depth == inParams+1 {
					// a parameter annotation: drop ": type" up to , = or )
					j := i + 1
					for ; j < len(toks); j++ {
						u := toks[j]
						if u.kind == tOp && (u.depth == inParams+1 && (u.text == "," || u.text == "=") || u.depth == inParams && u.text == ")") {
							break
						}
					}
					r.edits = append(r.edits, edit{t.start, toks[j].start, ""})
					i = j - 1
					continue
				}
				if t.depth == 0 {
					switch {
					case lambdas > 0:
						lambdas--
					case header:
						stmtStart, header = true, false
					case i >= 1 && toks[i-1].kind == tName && (i == 1 || toks[i-2].kind == tNewline || toks[i-2].kind == tComment || toks[i-2].text == ";"):
						// a variable annotation, x: int = 5: drop ": int"
						j := i + 1
						for ; j < len(toks) && toks[j].kind != tNewline && !(toks[j].depth == 0 && toks[j].kind == tOp && toks[j].text == "="); j++ {
						}
						if j >= len(toks) || toks[j].kind == tNewline {
							return r.failf(t, "annotations without a value", "A bare annotation declares nothing.", "Assign a value: x: int = 0, or drop the line.")
						}
						r.edits = append(r.edits, edit{t.start, toks[j].start, " "})
						i = j - 1
					}
				}
			case "->":
				// a return annotation: drop up to the header's ':'
				j := i + 1
				for ; j < len(toks) && !(toks[j].kind == tOp && toks[j].text == ":" && toks[j].depth == 0); j++ {
				}
				if j < len(toks) {
					r.edits = append(r.edits, edit{t.start, toks[j].start, ""})
					i = j - 1
				}
			case ")":
				if inParams >= 0 && t.depth == inParams {
					inParams = -1
				}
			case "{":
				r.setDisplay(i)
			case "@":
				if atStart {
					return r.failf(t, "decorators", "Functions cannot be wrapped by decorators.", "Call the wrapping function yourself: handler = wrap(handler_impl).")
				}
				return r.failf(t, "the @ operator", "There is no matrix multiplication.", "Write the computation with loops.")
			case "@=", ":=":
				return r.failf(t, "the "+t.text+" operator", "The dialect has no such operator.", "Assign in a separate statement.")
			case "**=":
				return r.failf(t, "**=", "Augmented power assignment is not supported.", "Write x = pow(x, y).")
			case "...":
				return r.failf(t, "Ellipsis (...)", "The dialect has no Ellipsis.", "Write pass for an empty body, or None for a placeholder value.")
			}
			continue
		}
		// names
		name := t.text
		if atStart && (name == "import" || name == "from") {
			if err := r.importStmt(i); err != nil {
				return err
			}
			i = r.stmtEnd(i) - 1
			continue
		}
		if atStart && compound[name] {
			header = true
		}
		switch name {
		case "lambda":
			if t.depth == 0 {
				lambdas++
			}
		case "def":
			if i+2 < len(toks) && toks[i+2].text == "(" {
				inParams = toks[i+2].depth
			}
		case "raise":
			if !atStart {
				return r.failf(t, "raise inside an expression", "raise must start a statement.", "Put raise on its own line.")
			}
			end := r.stmtEnd(i)
			if end == i+1 {
				return r.failf(t, "bare raise", "There is no exception being handled to re-raise.", "Raise a new exception: raise ValueError(\"...\").")
			}
			for j := i + 1; j < end; j++ {
				if toks[j].kind == tName && toks[j].text == "from" && toks[j].depth == t.depth {
					return r.failf(toks[j], "raise ... from", "Exceptions have no causes here.", "Write raise X(\"message\") and put the cause in the message.")
				}
			}
			r.edits = append(r.edits, edit{t.start, t.end, "__raise__("}, edit{toks[end-1].end, toks[end-1].end, ")"})
		case "assert":
			if !atStart {
				return r.failf(t, "assert inside an expression", "assert must start a statement.", "Put assert on its own line.")
			}
			end := r.stmtEnd(i)
			r.edits = append(r.edits, edit{t.start, t.end, "__assert__("}, edit{toks[end-1].end, toks[end-1].end, ")"})
		case "is":
			if err := r.isOperator(i); err != nil {
				return err
			}
		case "match":
			// "match" is a soft keyword: only "match x:" at a statement start.
			if atStart && i+1 < len(toks) && toks[i+1].kind != tOp {
				return r.fail(t, "match")
			}
		default:
			if _, bad := unsupported[name]; bad && name != "match" {
				return r.fail(t, name)
			}
		}
	}
	return nil
}

// isOperator rewrites "is None", "is not None", "is True", "is False" to
// == and != (exact: None, True and False are singletons, and no value of
// the dialect can define its own ==); any other "is" is refused.
func (r *rewriter) isOperator(i int) error {
	t := r.toks[i]
	j := i + 1
	neg := false
	if j < len(r.toks) && r.toks[j].text == "not" {
		neg = true
		j++
	}
	if j < len(r.toks) {
		switch r.toks[j].text {
		case "None", "True", "False":
			op := "=="
			end := t.end
			if neg {
				op, end = "!=", r.toks[i+1].end
			}
			r.edits = append(r.edits, edit{t.start, end, op})
			return nil
		}
	}
	return r.failf(t, "is (identity) here",
		"Only x is None, x is not None, x is True and x is False are supported: values have no identity to compare.", "Compare values with == and !=.")
}

// stdModules are the modules the tutor offers, written in Go.
var stdModules = map[string]bool{"json": true, "os": true, "time": true, "logging": true, "base64": true,
	"hashlib": true, "uuid": true, "urllib": true, "urllib.parse": true, "math": true, "random": true,
	"datetime": true, "re": true, "typing": true, "decimal": false}

// importStmt rewrites import statements to assignments from __import__.
func (r *rewriter) importStmt(i int) error {
	toks := r.toks
	end := r.stmtEnd(i)
	t := toks[i]
	// collect the statement's tokens, without brackets and comments
	var parts []token
	for j := i + 1; j < end; j++ {
		u := toks[j]
		if u.kind == tComment || u.kind == tOp && (u.text == "(" || u.text == ")") {
			continue
		}
		parts = append(parts, u)
	}
	dotted := func(k int) (string, int) {
		var b strings.Builder
		for k < len(parts) {
			if parts[k].kind != tName {
				break
			}
			b.WriteString(parts[k].text)
			k++
			if k < len(parts) && parts[k].text == "." {
				b.WriteByte('.')
				k++
				continue
			}
			break
		}
		return b.String(), k
	}
	var stmts []string
	if t.text == "import" {
		k := 0
		for k < len(parts) {
			at := parts[k]
			mod, nk := dotted(k)
			if mod == "" {
				return &compileError{File: r.file, Line: at.line, Col: at.col, Msg: "invalid syntax in import", SrcLine: lineOf(r.src, at.start)}
			}
			k = nk
			if err := r.checkModule(at, mod); err != nil {
				return err
			}
			bind := strings.SplitN(mod, ".", 2)[0]
			val := fmt.Sprintf("__import__(%q)", bind)
			if k+1 < len(parts) && parts[k].text == "as" {
				bind = parts[k+1].text
				val = fmt.Sprintf("__import__(%q)", mod)
				k += 2
			}
			stmts = append(stmts, bind+" = "+val)
			if k < len(parts) && parts[k].text == "," {
				k++
			}
		}
	} else {
		if len(parts) > 0 && parts[0].text == "." {
			return r.failf(parts[0], "relative imports", "The function's files are all at the top of the package.", "Write import helpers for helpers.py.")
		}
		mod, k := dotted(0)
		if mod == "" || k >= len(parts) || parts[k].text != "import" {
			return &compileError{File: r.file, Line: t.line, Col: t.col, Msg: "invalid syntax in from ... import", SrcLine: lineOf(r.src, t.start)}
		}
		if mod == "__future__" {
			r.edits = append(r.edits, edit{t.start, toks[end-1].end, "pass"})
			return nil
		}
		if err := r.checkModule(parts[0], mod); err != nil {
			return err
		}
		k++
		for k < len(parts) {
			p := parts[k]
			if p.text == "*" {
				return r.failf(p, "from ... import *", "Star imports hide where names come from.", "Import the names you use: from "+mod+" import a, b.")
			}
			if p.kind != tName {
				return &compileError{File: r.file, Line: p.line, Col: p.col, Msg: "invalid syntax in from ... import", SrcLine: lineOf(r.src, p.start)}
			}
			bind := p.text
			k++
			if k+1 < len(parts) && parts[k].text == "as" {
				bind = parts[k+1].text
				k += 2
			}
			stmts = append(stmts, fmt.Sprintf("%s = __import__(%q).%s", bind, mod, p.text))
			if k < len(parts) && parts[k].text == "," {
				k++
			}
		}
	}
	// Keep the line count: the statement's extra lines become empty.
	last := toks[end-1]
	nl := strings.Count(r.src[t.start:last.end], "\n")
	r.edits = append(r.edits, edit{t.start, last.end, strings.Join(stmts, "; ") + strings.Repeat("\n", nl)})
	return nil
}

func (r *rewriter) checkModule(at token, mod string) error {
	root := strings.SplitN(mod, ".", 2)[0]
	if stdModules[mod] || r.userModules != nil && r.userModules(strings.ReplaceAll(mod, ".", "/")) {
		return nil
	}
	e := &compileError{File: r.file, Line: at.line, Col: at.col, Module: mod, SrcLine: lineOf(r.src, at.start)}
	switch {
	case sdkModules[root]:
		e.Why = "AWS SDK and HTTP calls are not available in the tutor: handlers run without network or AWS credentials."
		e.Instead = fmt.Sprintf("Lesson %s shows what to do instead: take the data from the event, and return what you would have sent.", SubsetLesson)
	case stdModules[root]:
		e.Why = fmt.Sprintf("The tutor's %s module has no submodule %s.", root, mod)
		e.Instead = "See lesson " + SubsetLesson + " for what each module offers."
	default:
		e.Why = "The tutor's Python offers json, os, time, logging, base64, hashlib, uuid, urllib.parse, math, random, datetime, re and typing, and the function's own .py files."
		e.Instead = "See lesson " + SubsetLesson + "."
	}
	return e
}

// stringToken handles string prefixes: u"" is dropped (exact in Python
// 3), f-strings become format calls.
func (r *rewriter) stringToken(i int) error {
	t := r.toks[i]
	q := strings.IndexAny(t.text, "'\"")
	prefix := strings.ToLower(t.text[:q])
	switch {
	case prefix == "u":
		r.edits = append(r.edits, edit{t.start, t.start + 1, ""})
	case strings.Contains(prefix, "f"):
		text, err := r.fstring(t, q)
		if err != nil {
			return err
		}
		r.edits = append(r.edits, edit{t.start, t.end, text})
	}
	return nil
}

// fstring rewrites f"a{x}b{y!r}c{z:.2f}" as
// "a{}b{}c{}".format(x, repr(y), __format__(z, ".2f")): exact, because
// format() of a value with an empty spec is str() for every value of the
// dialect, and __format__ implements Python's format-spec mini-language.
func (r *rewriter) fstring(t token, q int) (string, error) {
	prefix := t.text[:q]
	raw := strings.ContainsAny(prefix, "rR")
	quote := t.text[q : q+1]
	if strings.HasPrefix(t.text[q:], strings.Repeat(quote, 3)) {
		quote = strings.Repeat(quote, 3)
	}
	body := t.text[q+len(quote) : len(t.text)-len(quote)]
	var lit strings.Builder
	var args []string
	bad := func(why, instead string) error {
		return r.failf(t, "this f-string form", why, instead)
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch c {
		case '{':
			if i+1 < len(body) && body[i+1] == '{' {
				lit.WriteString("{{")
				i++
				continue
			}
			// find the end of the expression: a top-level !, : or }
			depth, j := 0, i+1
			exprEnd, conv, spec := -1, "", ""
		field:
			for ; j < len(body); j++ {
				d := body[j]
				if depth == 0 && d == '}' {
					break
				}
				switch {
				case d == '\'' || d == '"':
					k := strings.IndexByte(body[j+1:], d)
					if k < 0 {
						return "", bad("A string inside a replacement field is not closed.", "Close the quote.")
					}
					j += k + 1
				case d == '(' || d == '[' || d == '{':
					depth++
				case (d == ')' || d == ']') && depth > 0:
					depth--
				case d == '}' && depth > 0:
					depth--
				case depth == 0 && d == '!' && j+1 < len(body) && body[j+1] != '=':
					exprEnd = j
					conv = body[j+1 : j+2]
					j += 2
					if j < len(body) && body[j] == ':' {
						k := strings.IndexByte(body[j:], '}')
						if k < 0 {
							return "", bad("A replacement field is not closed.", "Close it with }.")
						}
						spec = body[j+1 : j+k]
						j += k
					}
					break field
				case depth == 0 && d == ':' && exprEnd < 0:
					exprEnd = j
					k := strings.IndexByte(body[j:], '}')
					if k < 0 {
						return "", bad("A replacement field is not closed.", "Close it with }.")
					}
					spec = body[j+1 : j+k]
					j += k
					break field
				}
			}
			if j >= len(body) {
				return "", bad("A replacement field is not closed.", "Close it with }.")
			}
			if exprEnd < 0 {
				exprEnd = j
			}
			expr := strings.TrimSpace(body[i+1 : exprEnd])
			if strings.HasSuffix(expr, "=") && !strings.HasSuffix(expr, "==") {
				return "", bad("The {x=} debugging form is not supported.", "Write \"x={}\".format(x) or f\"x={x}\".")
			}
			if expr == "" {
				return "", bad("A replacement field is empty.", "Put an expression between the braces.")
			}
			if strings.ContainsAny(spec, "{}") {
				return "", bad("Nested replacement fields in a format spec are not supported.", "Build the spec first: spec = \".%df\" % n, then __format__ is applied with format(x, spec).")
			}
			if strings.Contains(expr, "\\") || strings.Contains(expr, "#") {
				return "", bad("Backslashes and comments inside a replacement field are not supported.", "Compute the value in a variable first.")
			}
			arg := "(" + expr + ")"
			switch conv {
			case "":
			case "r":
				arg = "repr" + arg
			case "s":
				arg = "str" + arg
			default:
				return "", bad("The !"+conv+" conversion is not supported.", "Use !r or !s.")
			}
			if spec != "" {
				arg = fmt.Sprintf("__format__(%s, %q)", arg, spec)
			}
			args = append(args, arg)
			lit.WriteString("{}")
			i = j
		case '}':
			if i+1 < len(body) && body[i+1] == '}' {
				lit.WriteString("}}")
				i++
				continue
			}
			return "", bad("A single } is not allowed in an f-string.", "Write }} for a literal brace.")
		default:
			lit.WriteByte(c)
		}
	}
	p := ""
	if raw {
		p = "r"
	}
	out := p + quote + lit.String() + quote
	if len(args) == 0 {
		return out, nil
	}
	return out + ".format(" + strings.Join(args, ", ") + ")", nil
}

// rewritePow rewrites the rightmost binary ** as pow(left, right). It
// reports whether it changed anything.
func rewritePow(file, src string, toks []token) (string, bool, error) {
	for i := len(toks) - 1; i > 0; i-- {
		t := toks[i]
		if t.kind != tOp || t.text != "**" || !endsOperand(toks[i-1]) {
			continue
		}
		ls := operandStart(toks, i-1)
		re := operandEnd(toks, i+1)
		if ls < 0 || re < 0 {
			return "", false, &compileError{File: file, Line: t.line, Col: t.col, Msg: "cannot read the operands of **", Instead: "Write pow(x, y)", SrcLine: lineOf(src, t.start)}
		}
		left := src[toks[ls].start:toks[i-1].end]
		right := src[toks[i+1].start:toks[re].end]
		out := src[:toks[ls].start] + "pow(" + left + ", " + right + ")" + src[toks[re].end:]
		return out, true, nil
	}
	return src, false, nil
}

func endsOperand(t token) bool {
	switch t.kind {
	case tName:
		return !keywords[t.text] || t.text == "None" || t.text == "True" || t.text == "False"
	case tNumber, tString:
		return true
	case tOp:
		return t.text == ")" || t.text == "]" || t.text == "}"
	}
	return false
}

// matchOpen finds the bracket opening the closer at j.
func matchOpen(toks []token, j int) int {
	d := toks[j].depth
	for k := j - 1; k >= 0; k-- {
		if toks[k].kind == tOp && toks[k].depth == d && (toks[k].text == "(" || toks[k].text == "[" || toks[k].text == "{") {
			return k
		}
	}
	return -1
}

// matchClose finds the bracket closing the opener at j.
func matchClose(toks []token, j int) int {
	d := toks[j].depth
	for k := j + 1; k < len(toks); k++ {
		if toks[k].kind == tOp && toks[k].depth == d && (toks[k].text == ")" || toks[k].text == "]" || toks[k].text == "}") {
			return k
		}
	}
	return -1
}

// operandStart walks back over a primary (atom and trailers) ending at j.
func operandStart(toks []token, j int) int {
	for {
		if toks[j].kind == tOp {
			j = matchOpen(toks, j)
			if j < 0 {
				return -1
			}
			// a call or index trailer continues the primary
			if j > 0 && endsOperand(toks[j-1]) && toks[j].text != "{" {
				j--
				continue
			}
		}
		if j > 1 && toks[j-1].kind == tOp && toks[j-1].text == "." && endsOperand(toks[j-2]) {
			j -= 2
			continue
		}
		return j
	}
}

// operandEnd reads a unary expression starting at j (signs, an atom,
// trailers) and returns the index of its last token.
func operandEnd(toks []token, j int) int {
	for j < len(toks) && toks[j].kind == tOp && (toks[j].text == "-" || toks[j].text == "+" || toks[j].text == "~") {
		j++
	}
	if j >= len(toks) {
		return -1
	}
	switch t := toks[j]; {
	case t.kind == tOp && (t.text == "(" || t.text == "[" || t.text == "{"):
		j = matchClose(toks, j)
		if j < 0 {
			return -1
		}
	case t.kind == tName || t.kind == tNumber || t.kind == tString:
	default:
		return -1
	}
	for j+1 < len(toks) {
		n := toks[j+1]
		switch {
		case n.kind == tOp && (n.text == "(" || n.text == "["):
			j = matchClose(toks, j+1)
			if j < 0 {
				return -1
			}
		case n.kind == tOp && n.text == "." && j+2 < len(toks) && toks[j+2].kind == tName:
			j += 2
		default:
			return j
		}
	}
	return j
}

// setDisplay rewrites a set display or comprehension, {a, b} or
// {x for x in y}, as set([a, b]) or set([x for x in y]): exact, as a set
// display is the set of the listed values. A { with a key: value or **
// at its top level is a dict, and {} an empty dict, both left alone.
func (r *rewriter) setDisplay(i int) {
	toks := r.toks
	end := matchClose(toks, i)
	if end < 0 || end == i+1 {
		return
	}
	inner := toks[i].depth + 1
	lambdas := 0
	for j := i + 1; j < end; j++ {
		t := toks[j]
		if t.depth != inner {
			continue
		}
		switch {
		case t.kind == tName && t.text == "lambda":
			lambdas++
		case t.kind == tOp && t.text == ":":
			if lambdas == 0 {
				return
			}
			lambdas--
		case t.kind == tOp && t.text == "**":
			return
		}
	}
	r.edits = append(r.edits, edit{toks[i].start, toks[i].end, "set(["}, edit{toks[end].start, toks[end].end, "])"})
}
