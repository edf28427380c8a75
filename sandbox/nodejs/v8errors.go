package nodejs

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// goja words its errors differently from V8 (Node's engine). A handler's
// error is shown as Node would show it: the message in V8's words, and a
// stack of "    at fn (file:line:col)" lines without goja's program
// counters, the Go functions behind built-ins, or the sandbox's own
// JavaScript. Messages that name an expression ("event.Records is not
// iterable") take it from the handler's source at the error's position.

var (
	gojaPCRE      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(:\d+:\d+)\(\d+\)`) })
	nativeFrameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^    at (.+) \(native\)$`) })
	readPropRE    = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^Cannot read property '(.*)' of (undefined|null)(?: or null)?$`)
	})
	noMemberRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^Object has no member '(.*)'$`) })
	notObjectRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^Value is not an object: (.*)$`) })
	calleeRE    = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([A-Za-z_$][\w$]*(?:(?:\?\.|\.)[A-Za-z_$][\w$]*|\[[^\]]*\])*)\s*$`)
	})
	forOfRE       = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bof\s+([^()]+?)\s*\)`) })
	spreadRE      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.\.\.([A-Za-z_$][\w$.]*)`) })
	setPropRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([A-Za-z_$][\w$.]*)\.([A-Za-z_$][\w$]*)\s*=[^=]`) })
	destructureRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\{\s*([A-Za-z_$][\w$]*)[^}]*\}\s*=\s*([^;]+?)\s*;?\s*$`)
	})
	nativeBuiltins = map[string]string{
		"map": "Array.map", "forEach": "Array.forEach", "filter": "Array.filter", "reduce": "Array.reduce",
		"find": "Array.find", "findIndex": "Array.findIndex", "some": "Array.some", "every": "Array.every",
		"flatMap": "Array.flatMap", "sort": "Array.sort", "parse": "JSON.parse", "stringify": "JSON.stringify",
		"from": "Function.from", "all": "Promise.all", "then": "Promise.then",
	}
)

// moduleWrapper is the CommonJS wrapper of a module (async for an ES
// module with top-level await). It is named so that its stack frames can
// be shown as V8 shows module code: "Object.<anonymous>".
var moduleWrapper = map[bool]string{
	false: "(function " + moduleFrameName + "(exports, require, module, __filename, __dirname) {",
	true:  "(async function " + moduleFrameName + "(exports, require, module, __filename, __dirname) {",
}

const moduleFrameName = "__lambdatutorModule"

// wrapperLen is the length of the wrapper on each module's first line;
// goja counts it in first-line columns.
var wrapperLen = map[bool]int{false: len(moduleWrapper[false]), true: len(moduleWrapper[true])}

// nodeErrorText rewrites an error's message and stack from goja's words to
// Node's. It returns the new message and stack lines.
func (in *instance) nodeErrorText(name, msg, stack string) (string, []string) {
	lines := strings.Split(strings.TrimRight(gojaPCRE().ReplaceAllString(stack, "$1"), "\n"), "\n")
	var frames []string
	file, line, col, gcol := "", 0, 0, 0
	last := -1 // index in frames of the last frame of the function's code
	var lastFile string
	var lastLine, lastCol int
	for _, l := range lines[1:] {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		l = "    " + l
		if m := nativeFrameRE().FindStringSubmatch(l); m != nil {
			if b, ok := nativeBuiltins[m[1]]; ok {
				frames = append(frames, "    at "+b+" (<anonymous>)")
			}
			continue
		}
		m := parseFrame(l)
		if m == nil || strings.HasPrefix(m[2], "node:internal/") {
			continue
		}
		ln, _ := strconv.Atoi(m[3])
		cn, _ := strconv.Atoi(m[4])
		if ln == 1 {
			cn -= wrapperLen[in.asyncModules[m[2]]]
			if cn < 1 {
				cn = 1
			}
		}
		srcLine := in.sourceLine(m[2], ln)
		cn = catchColumn(srcLine, cn)
		if len(frames) == 0 && strings.Contains(srcLine, "super(") {
			// The constructor of an Error subclass: V8 starts the
			// stack at the new expression.
			continue
		}
		gcn := cn
		cn = v8CallColumn(srcLine, cn)
		if file == "" {
			cn = v8TopColumn(msg, srcLine, cn)
			file, line, col, gcol = m[2], ln, cn, gcn
		}
		loc := m[2]
		if in.isESMFile(loc) {
			loc = "file://" + loc // V8 names ES modules by URL
		}
		where := loc + ":" + strconv.Itoa(ln) + ":" + strconv.Itoa(cn)
		last, lastFile, lastLine, lastCol = len(frames), m[2], ln, cn
		if m[1] == moduleFrameName {
			m[1] = "Object.<anonymous>"
		} else if m[1] != "" {
			m[1] = in.methodFrameName(m[2], ln, m[1])
		}
		if m[1] == "" {
			frames = append(frames, "    at "+where)
		} else {
			frames = append(frames, "    at "+m[1]+" ("+where+")")
		}
	}
	if last >= 0 && last == len(frames)-1 {
		// The bottom frame is the handler's when the runtime called it:
		// V8 names it as the runtime client's method call
		// this.handler(...) shows it ("Runtime.handler",
		// "exports.main [as handler]").
		if label := in.handlerFrameLabel(lastFile, lastLine, lastCol); label != "" {
			loc := lastFile
			if in.isESMFile(loc) {
				loc = "file://" + loc
			}
			frames[last] = "    at " + label + " (" + loc + ":" + strconv.Itoa(lastLine) + ":" + strconv.Itoa(lastCol) + ")"
		}
	}
	if m, ok := in.v8MoreWords(name, msg, file, line, col, gcol); ok {
		msg = m
	} else {
		msg = in.v8Message(name, msg, file, line, gcol)
	}
	head := name
	if msg != "" {
		head += ": " + msg
	}
	return msg, append(strings.Split(head, "\n"), frames...)
}

// v8Message words a goja error message as V8 does.
func (in *instance) v8Message(name, msg, file string, line, col int) string {
	src := in.sourceLine(file, line)
	before := src
	if col-1 <= len(src) && col > 0 {
		before = src[:col-1]
	}
	switch name {
	case "TypeError":
		if m := readPropRE().FindStringSubmatch(msg); m != nil {
			return "Cannot read properties of " + m[2] + " (reading '" + m[1] + "')"
		}
		if noMemberRE().MatchString(msg) || notObjectRE().MatchString(msg) {
			if m := calleeRE().FindStringSubmatch(before); m != nil {
				return m[1] + " is not a function"
			}
			if m := noMemberRE().FindStringSubmatch(msg); m != nil {
				return m[1] + " is not a function"
			}
			return notObjectRE().FindStringSubmatch(msg)[1] + " is not a function"
		}
		if msg == "Cannot convert undefined or null to object" || msg == "object is not iterable" {
			if m := forOfRE().FindStringSubmatch(src); m != nil {
				return strings.TrimSpace(m[1]) + " is not iterable"
			}
			if m := spreadRE().FindStringSubmatch(src); m != nil {
				return m[1] + " is not iterable"
			}
			if m := setPropRE().FindStringSubmatch(src); m != nil && msg != "object is not iterable" {
				return "Cannot set properties of undefined (setting '" + m[2] + "')"
			}
		}
		if msg == "Value is not object coercible" {
			if m := destructureRE().FindStringSubmatch(src); m != nil {
				return "Cannot destructure property '" + m[1] + "' of '" + strings.TrimSpace(m[2]) + "' as it is undefined."
			}
			return "Cannot destructure 'undefined' as it is undefined."
		}
	case "SyntaxError":
		if msg == "Unexpected end of JSON input (EOF)" {
			return "Unexpected end of JSON input"
		}
	}
	return msg
}

// sourceLine is a line of one of the function's files, or "".
func (in *instance) sourceLine(file string, line int) string {
	if line < 1 || !strings.HasPrefix(file, sandbox.TaskRoot+"/") {
		return ""
	}
	src, ok := in.h.Config.Files[strings.TrimPrefix(file, sandbox.TaskRoot+"/")]
	if !ok {
		return ""
	}
	starts := in.lineStarts[file]
	if starts == nil {
		starts = []int{0}
		for i := 0; i < len(src); i++ {
			if src[i] == '\n' {
				starts = append(starts, i+1)
			}
		}
		if in.lineStarts == nil {
			in.lineStarts = map[string][]int{}
		}
		in.lineStarts[file] = starts
	}
	if line > len(starts) {
		return ""
	}
	l := src[starts[line-1]:]
	if j := strings.IndexByte(l, '\n'); j >= 0 {
		l = l[:j]
	}
	return l
}

// nodeError rewrites a thrown error object in place, once, so that the
// handler, console.log and the runtime's error report all see Node's
// words. It returns the stack lines.
func (in *instance) nodeError(obj *goja.Object) []string {
	if t, ok := in.rewritten[obj]; ok {
		return t
	}
	name, msg := "Error", ""
	if n := obj.Get("name"); n != nil && !goja.IsUndefined(n) {
		name = n.String()
	}
	if m := obj.Get("message"); m != nil && !goja.IsUndefined(m) {
		msg = m.String()
	}
	s := obj.Get("stack")
	if s == nil || goja.IsUndefined(s) || goja.IsNull(s) {
		return []string{name + ": " + msg}
	}
	stack := s.String()
	if !strings.Contains(stack, "\n\tat ") && strings.Contains(stack, "\n") {
		// A stack the handler wrote itself (goja's frames start with a
		// tab): leave it.
		return strings.Split(stack, "\n")
	}
	newMsg, trace := in.nodeErrorText(name, msg, stack)
	if c := obj.Get("code"); c != nil && strings.HasPrefix(c.String(), "ERR_") && thrownByRuntime(stack) && strings.HasPrefix(trace[0], name) {
		// Node's own errors name their code in the stack's first line
		// ("TypeError [ERR_INVALID_ARG_TYPE]: ..."); the handler's do not.
		trace[0] = name + " [" + c.String() + "]" + trace[0][len(name):]
	}
	if newMsg != msg {
		_ = obj.DefineDataProperty("message", in.vm.ToValue(newMsg), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	_ = obj.DefineDataProperty("stack", in.vm.ToValue(strings.Join(trace, "\n")), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	if in.rewritten == nil || len(in.rewritten) > 4096 {
		in.rewritten = map[*goja.Object][]string{}
	}
	in.rewritten[obj] = trace
	return trace
}

// handlerSpan is where the handler function is written, and how V8 names
// its frame when the runtime client calls it.
type handlerSpan struct {
	file                         string
	startLine, startCol, endLine int
	endCol                       int
	label                        string
}

var catchUndoRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(` [A-Za-z_$][\w$]* = __lambdatutorNodeError\([A-Za-z_$][\w$]*\);`)
})

var inferredNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)\s*=\s*$`) })

// handlerFrameLabel returns V8's name for a frame inside the handler
// function, or "" when the position is not the handler's.
func (in *instance) handlerFrameLabel(file string, line, col int) string {
	sp := in.handlerSpan()
	if sp == nil || sp.file != file {
		return ""
	}
	after := func(l1, c1, l2, c2 int) bool { return l1 > l2 || (l1 == l2 && c1 >= c2) }
	if !after(line, col, sp.startLine, sp.startCol) || !after(sp.endLine, sp.endCol, line, col) {
		return ""
	}
	return sp.label
}

func (in *instance) handlerSpan() *handlerSpan {
	if in.hspan != nil || in.handlerObj == nil {
		return in.hspan
	}
	in.hspan = &handlerSpan{}
	text := ""
	_ = in.guard(func() { text = in.handlerObj.String() })
	if len(text) < 8 {
		return in.hspan
	}
	// The source as written, without the rewording compileModule adds
	// to catch clauses.
	text = catchUndoRE().ReplaceAllString(text, "")
	src := in.h.Config.Files[in.handlerFile]
	i := strings.Index(src, text)
	if i < 0 {
		return in.hspan
	}
	pos := func(off int) (int, int) {
		line := 1 + strings.Count(src[:off], "\n")
		return line, off - strings.LastIndexByte(src[:off], '\n')
	}
	sp := in.hspan
	sp.file = sandbox.TaskRoot + "/" + in.handlerFile
	sp.startLine, sp.startCol = pos(i)
	sp.endLine, sp.endCol = pos(i + len(text))
	name := ""
	if n := in.handlerObj.Get("name"); n != nil {
		name = n.String()
	}
	endsWithHandler := func(s string) bool { return s == "handler" || strings.HasSuffix(s, ".handler") }
	switch m := inferredNameRE().FindStringSubmatch(src[:i]); {
	case name != "":
		sp.label = "Runtime." + name
		if !endsWithHandler(name) {
			sp.label += " [as handler]"
		}
	case m != nil:
		sp.label = m[1]
		if !endsWithHandler(m[1]) {
			sp.label += " [as handler]"
		}
	default:
		sp.label = "Runtime.handler"
	}
	return sp
}

// isESMFile tells an ES module of the function's code.
func (in *instance) isESMFile(full string) bool {
	if v, ok := in.esmFiles[full]; ok {
		return v
	}
	rel, ok := strings.CutPrefix(full, sandbox.TaskRoot+"/")
	if !ok {
		return false
	}
	src, ok := in.h.Config.Files[rel]
	v := ok && isESM(full, src)
	if in.esmFiles == nil {
		in.esmFiles = map[string]bool{}
	}
	in.esmFiles[full] = v
	return v
}

// parseFrame splits a stack line "    at name (file:line:col)" or
// "    at file:line:col" into [line, name, file, line, col], or nil.
func parseFrame(l string) []string {
	rest, ok := strings.CutPrefix(l, "    at ")
	if !ok {
		return nil
	}
	name := ""
	if strings.HasSuffix(rest, ")") {
		if i := strings.LastIndex(rest, " ("); i >= 0 {
			name, rest = rest[:i], rest[i+2:len(rest)-1]
		}
	}
	c := strings.LastIndexByte(rest, ':')
	if c < 0 {
		return nil
	}
	b := strings.LastIndexByte(rest[:c], ':')
	if b < 0 {
		return nil
	}
	file, line, col := rest[:b], rest[b+1:c], rest[c+1:]
	if file == "" || !allDigits(line) || !allDigits(col) {
		return nil
	}
	return []string{l, name, file, line, col}
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// catchColumn takes back, from a column goja counts, the text that
// compileModule inserts after each catch clause on the line.
func catchColumn(line string, col int) int {
	if !strings.Contains(line, "catch") {
		return col
	}
	shift := 0
	for _, m := range catchRE().FindAllStringSubmatchIndex(line, -1) {
		inserted := len(" " + line[m[2]:m[3]] + " = __lambdatutorNodeError(" + line[m[2]:m[3]] + ");")
		if col-shift > m[1]+inserted {
			shift += inserted
		} else {
			break
		}
	}
	return col - shift
}

// thrownByRuntime tells, from goja's stack, an error made by the tutor's
// Node library (a Go function or its own JavaScript) from the handler's.
func thrownByRuntime(stack string) bool {
	_, rest, _ := strings.Cut(stack, "\n")
	first, _, _ := strings.Cut(strings.TrimSpace(rest), "\n")
	return strings.HasSuffix(first, "(native)") || strings.Contains(first, "node:internal/")
}
