package python

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.starlark.net/starlark"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// failure converts what running Python code returned into the error
// Lambda's Python runtime reports, and logs it as the runtime does:
//
//	[ERROR] KeyError: 'name'
//	Traceback (most recent call last):
//	  File "/var/task/lambda_function.py", line 3, in lambda_handler
//	    return event["name"]
//
// Deadline and interrupt errors are returned unchanged: the sandbox turns
// them into the timeout or out-of-memory error. atInit marks errors of
// importing the module (Runtime.ImportModuleError).
func (in *instance) failure(c *sandbox.Call, err error, atInit bool) error {
	if errors.Is(err, sandbox.ErrDeadline) {
		return err
	}
	if in.interrupted.Load() {
		return in.stopError()
	}
	var fe *sandbox.FunctionError
	var ce *compileError
	var mm *moduleMissing
	switch {
	case errors.As(err, &mm):
		fe = &sandbox.FunctionError{Type: "Runtime.ImportModuleError", Message: mm.Error(),
			Trace: []string{fmt.Sprintf("the package has no %s.py: check the handler setting (file.function)", mm.mod)}}
	case errors.As(err, &ce):
		fe = ce.functionError()
	case errors.As(err, &fe):
	default:
		typ, msg := pythonException(err)
		trace := in.traceback(err)
		if typ == "RecursionError" && len(trace) > 1 {
			trace = trace[:len(trace)-1] // the limit's check at the def line
		}
		trace = collapseRepeats(trace)
		logError(c, typ, msg, trace)
		if atInit {
			return &sandbox.FunctionError{Type: "Runtime.ImportModuleError",
				Message: fmt.Sprintf("Unable to import module '%s': %s", in.modName, msg), Trace: trace}
		}
		return &sandbox.FunctionError{Type: typ, Message: msg, Trace: trace}
	}
	logError(c, fe.Type, fe.Message, nil)
	return fe
}

// logError writes the runtime's error record: "[ERROR] Type: message"
// and the traceback, one log line each.
func logError(c *sandbox.Call, typ, msg string, trace []string) {
	line := "[ERROR] " + typ
	if msg != "" {
		line += ": " + msg
	}
	c.Log(line)
	if len(trace) > 0 {
		c.Log("Traceback (most recent call last):")
		for _, t := range trace {
			for _, l := range strings.Split(strings.TrimRight(t, "\n"), "\n") {
				c.Log(l)
			}
		}
	}
}

// traceback formats the Python frames of an evaluation error as Python's
// traceback entries ("  File \"/var/task/x.py\", line N, in f\n    code\n").
func (in *instance) traceback(err error) []string {
	var ee *starlark.EvalError
	if !errors.As(err, &ee) {
		return nil
	}
	var out []string
	for _, fr := range ee.CallStack {
		pos := fr.Pos
		file := pos.Filename()
		if !strings.HasSuffix(file, ".py") {
			continue // a Go built-in
		}
		name := fr.Name
		if name == "<toplevel>" {
			name = "<module>"
		}
		entry := fmt.Sprintf("  File \"%s/%s\", line %d, in %s\n", sandbox.TaskRoot, file, pos.Line, name)
		if lines := in.sources[file]; int(pos.Line) >= 1 && int(pos.Line) <= len(lines) {
			entry += "    " + strings.TrimSpace(lines[pos.Line-1]) + "\n"
		}
		out = append(out, entry)
	}
	return out
}

var (
	keyNotInDictRE   = regexp.MustCompile(`^key (.*) not in dict$`)
	indexRangeRE     = regexp.MustCompile(`index -?\d+ out of range`)
	noAttrRE         = regexp.MustCompile(`^(\S+) has no \.(\w+) field or method`)
	undefinedRE      = regexp.MustCompile(`^undefined: (\w+)$`)
	unknownOpRE      = regexp.MustCompile(`^unknown binary op: (\S+) (\S+) (\S+)$`)
	intLiteralRE     = regexp.MustCompile(`^invalid literal with base (\d+): (.*)$`)
	hasLenRE         = regexp.MustCompile(`^value of type (\w+) has no len$`)
	nonFunctionRE    = regexp.MustCompile(`^invalid call of non-function \((\w+)\)$`)
	notImplementedRE = regexp.MustCompile(`^(\w+) (<|<=|>|>=) (\w+) not implemented$`)
	itemAssignRE     = regexp.MustCompile(`^(\w+) value does not support item assignment$`)
	indexOpRE        = regexp.MustCompile(`^unhandled index operation (\w+)\[\w+\]$`)
)

// pythonException names the Python exception and message for an error of
// the interpreter or of a module function.
func pythonException(err error) (typ, msg string) {
	var pe *pyError
	if errors.As(err, &pe) {
		return pe.Type, pe.Msg
	}
	msg = err.Error()
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		msg = ee.Msg
		if c := errors.Unwrap(ee); c != nil {
			if errors.As(c, &pe) {
				return pe.Type, pe.Msg
			}
			msg = c.Error()
		}
	}
	// Built-ins prefix their name: "dict.pop: ...", "int: ...".
	bare := msg
	if i := strings.Index(msg, ": "); i > 0 && !strings.Contains(msg[:i], " ") {
		bare = msg[i+2:]
	}
	switch {
	case hasLenRE.MatchString(bare):
		return "TypeError", fmt.Sprintf("object of type '%s' has no len()", pyTypeOfStarlark(hasLenRE.FindStringSubmatch(bare)[1]))
	case nonFunctionRE.MatchString(bare):
		return "TypeError", fmt.Sprintf("'%s' object is not callable", pyTypeOfStarlark(nonFunctionRE.FindStringSubmatch(bare)[1]))
	case notImplementedRE.MatchString(bare):
		m := notImplementedRE.FindStringSubmatch(bare)
		return "TypeError", fmt.Sprintf("'%s' not supported between instances of '%s' and '%s'", m[2], pyTypeOfStarlark(m[1]), pyTypeOfStarlark(m[3]))
	case itemAssignRE.MatchString(bare):
		return "TypeError", fmt.Sprintf("'%s' object does not support item assignment", pyTypeOfStarlark(itemAssignRE.FindStringSubmatch(bare)[1]))
	case indexOpRE.MatchString(bare):
		return "TypeError", fmt.Sprintf("'%s' object is not subscriptable", pyTypeOfStarlark(indexOpRE.FindStringSubmatch(bare)[1]))
	case strings.HasPrefix(bare, "unhashable type: "):
		return "TypeError", fmt.Sprintf("unhashable type: '%s'", pyTypeOfStarlark(strings.TrimPrefix(bare, "unhashable type: ")))
	case intLiteralRE.MatchString(bare):
		m := intLiteralRE.FindStringSubmatch(bare)
		return "ValueError", fmt.Sprintf("invalid literal for int() with base %s: %s", m[1], quoteString(m[2]))
	case bare == "value not in list":
		return "ValueError", "value is not in list"
	case strings.HasPrefix(bare, "invalid float literal: "):
		return "ValueError", "could not convert string to float: " + quoteString(strings.TrimPrefix(bare, "invalid float literal: "))
	case bare == "argument is an empty sequence":
		return "ValueError", "arg is an empty sequence"
	case strings.HasPrefix(msg, "fail: "):
		return "Exception", strings.TrimPrefix(msg, "fail: ")
	case keyNotInDictRE.MatchString(bare):
		k := keyNotInDictRE.FindStringSubmatch(bare)[1]
		return "KeyError", starlarkToPyLiteral(k)
	case strings.Contains(bare, "missing key"), strings.Contains(bare, "not in dict"):
		return "KeyError", bare
	case indexRangeRE.MatchString(bare):
		return "IndexError", "list index out of range"
	case strings.Contains(bare, "division by zero"), strings.Contains(bare, "modulo by zero"):
		return "ZeroDivisionError", "division by zero"
	case noAttrRE.MatchString(bare):
		m := noAttrRE.FindStringSubmatch(bare)
		return "AttributeError", fmt.Sprintf("'%s' object has no attribute '%s'", pyTypeOfStarlark(m[1]), m[2])
	case undefinedRE.MatchString(bare):
		return "NameError", fmt.Sprintf("name '%s' is not defined", undefinedRE.FindStringSubmatch(bare)[1])
	case unknownOpRE.MatchString(bare):
		m := unknownOpRE.FindStringSubmatch(bare)
		return "TypeError", fmt.Sprintf("unsupported operand type(s) for %s: '%s' and '%s'", m[2], pyTypeOfStarlark(m[1]), pyTypeOfStarlark(m[3]))
	case strings.Contains(bare, "not iterable"), strings.Contains(bare, "got string, want iterable"):
		if strings.HasPrefix(bare, "string") || strings.Contains(bare, "got string") {
			return "TypeError", "this function cannot take a str in the tutor's Python: pass list(s) (see lesson " + SubsetLesson + ")"
		}
		return "TypeError", bare
	case strings.Contains(bare, "invalid literal"), strings.Contains(bare, "invalid syntax"), strings.Contains(bare, "out of range"):
		return "ValueError", bare
	case strings.Contains(bare, "Starlark stack overflow"):
		return "RecursionError", "maximum recursion depth exceeded"
	case strings.Contains(bare, "frozen"), strings.Contains(bare, "during iteration"):
		return "RuntimeError", bare
	case strings.Contains(bare, "got "), strings.Contains(bare, "want "), strings.Contains(bare, "not callable"),
		strings.Contains(bare, "argument"), strings.Contains(bare, "unhashable"), strings.Contains(bare, "not supported"):
		return "TypeError", bare
	}
	return "Exception", bare
}

// pyTypeOfStarlark maps Starlark's type names onto Python's.
func pyTypeOfStarlark(t string) string {
	switch t {
	case "string":
		return "str"
	case "builtin_function_or_method", "builtin":
		return "builtin_function_or_method"
	}
	return t
}

// starlarkToPyLiteral rewrites a Starlark-quoted string ("x") as Python
// quotes it ('x').
func starlarkToPyLiteral(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if v, err := starlark.ExprFunc("key", s, nil); err == nil {
			if r, err := starlark.Call(&starlark.Thread{}, v, nil, nil); err == nil {
				return pyRepr(r)
			}
		}
	}
	return s
}

// collapseRepeats shortens runs of the same frame as Python's traceback
// does: three copies, then "[Previous line repeated N more times]".
func collapseRepeats(trace []string) []string {
	var out []string
	for i := 0; i < len(trace); {
		j := i
		for j < len(trace) && trace[j] == trace[i] {
			j++
		}
		n := j - i
		for k := 0; k < min(n, 3); k++ {
			out = append(out, trace[i])
		}
		if n > 3 {
			out = append(out, fmt.Sprintf("  [Previous line repeated %d more times]\n", n-3))
		}
		i = j
	}
	return out
}
