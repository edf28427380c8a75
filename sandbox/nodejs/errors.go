package nodejs

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

var syntaxPosRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:SyntaxError: )?(\S+): Line (\d+):(\d+) (.*?)(?: \(and \d+ more errors\))?$`)
})

// toFunctionError converts what goja reports into the error Lambda's Node
// runtime reports. atInit marks errors of loading the module: a missing
// module there is a Runtime.ImportModuleError.
func (in *instance) toFunctionError(err error, atInit bool) *sandbox.FunctionError {
	var (
		se *goja.CompilerSyntaxError
		so *goja.StackOverflowError
		ex *goja.Exception
		th *thrown
		xe *exitError
	)
	var fe *sandbox.FunctionError
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.As(err, &xe):
		return &sandbox.FunctionError{Type: sandbox.ErrTypeExit, Message: xe.Error(), Fatal: true}
	case errors.As(err, &se):
		msg := se.Message
		if !strings.Contains(msg, ": Line ") && se.File != nil {
			pos := se.File.Position(se.Offset)
			msg = fmt.Sprintf("%s: Line %d:%d %s (the tutor's JavaScript engine does not support this construct)", pos.Filename, pos.Line, pos.Column, msg)
		}
		return syntaxError(msg)
	case errors.As(err, &so):
		return &sandbox.FunctionError{Type: "RangeError", Message: "Maximum call stack size exceeded",
			Trace: []string{"RangeError: Maximum call stack size exceeded"}}
	case errors.As(err, &ex):
		return in.valueError(ex.Value(), atInit)
	case errors.As(err, &th):
		return in.valueError(th.v, atInit)
	}
	return &sandbox.FunctionError{Type: "Error", Message: err.Error()}
}

// syntaxError reports a compile error with its file, line and column.
func syntaxError(msg string) *sandbox.FunctionError {
	text := msg
	where := ""
	if m := syntaxPosRE().FindStringSubmatch(msg); m != nil {
		text = m[4]
		where = m[1] + ":" + m[2] + ":" + m[3]
	}
	fe := &sandbox.FunctionError{Type: "Runtime.UserCodeSyntaxError", Message: "SyntaxError: " + text}
	if where != "" {
		fe.Message += " (" + where + ")"
		fe.Trace = []string{"Runtime.UserCodeSyntaxError: SyntaxError: " + text, "    at " + where}
	}
	return fe
}

// valueError converts a thrown JavaScript value: an Error gives its name,
// message and stack; anything else its type and text.
func (in *instance) valueError(v goja.Value, atInit bool) *sandbox.FunctionError {
	obj, ok := v.(*goja.Object)
	if !ok || in.vm == nil {
		typ := jsTypeof(v)
		msg := "undefined"
		if v != nil {
			msg = v.String()
		}
		return &sandbox.FunctionError{Type: typ, Message: msg, Trace: []string{}}
	}
	if !isErrorLike(obj) {
		// The runtime client reports other values by typeof and
		// toString(), with an empty trace.
		typ := "object"
		if _, fn := goja.AssertFunction(obj); fn {
			typ = "function"
		}
		msg := ""
		_ = in.guard(func() { msg = obj.String() })
		return &sandbox.FunctionError{Type: typ, Message: msg, Trace: []string{}}
	}
	trace := in.nodeError(obj)
	name := "Error"
	if n := obj.Get("name"); n != nil && !goja.IsUndefined(n) {
		name = n.String()
	}
	msg := ""
	if m := obj.Get("message"); m != nil && !goja.IsUndefined(m) {
		msg = m.String()
	}
	if c := obj.Get("code"); c != nil && c.String() == "MODULE_NOT_FOUND" && atInit {
		first := strings.SplitN(msg, "\n", 2)[0]
		return &sandbox.FunctionError{Type: "Runtime.ImportModuleError", Message: "Error: " + msg,
			Trace: append([]string{"Runtime.ImportModuleError: Error: " + first}, trace[1:]...)}
	}
	if name == "SyntaxError" && atInit {
		return &sandbox.FunctionError{Type: "Runtime.UserCodeSyntaxError", Message: "SyntaxError: " + msg, Trace: trace}
	}
	return &sandbox.FunctionError{Type: name, Message: msg, Trace: trace}
}

// errorMessageOf is the message of a JavaScript error.
func errorMessageOf(err error) string {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		if o, ok := ex.Value().(*goja.Object); ok {
			if m := o.Get("message"); m != nil {
				return m.String()
			}
		}
		return ex.Value().String()
	}
	return err.Error()
}

// isErrorLike is the runtime client's test for an error: a native Error,
// or an object with string name, message and stack.
func isErrorLike(obj *goja.Object) bool {
	if obj.ClassName() == "Error" {
		return true
	}
	for _, k := range []string{"name", "message", "stack"} {
		v := obj.Get(k)
		if v == nil {
			return false
		}
		if _, ok := v.Export().(string); !ok {
			return false
		}
	}
	return true
}

// jsTypeof is JavaScript's typeof of a primitive value.
func jsTypeof(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "object"
	}
	switch v.Export().(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64, float64, int, int32, uint32:
		return "number"
	case *big.Int:
		return "bigint"
	}
	if _, ok := v.(*goja.Symbol); ok {
		return "symbol"
	}
	return strings.ToLower(v.ExportType().Kind().String())
}
