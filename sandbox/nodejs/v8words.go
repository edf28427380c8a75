package nodejs

import (
	"regexp"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// More of V8's wording and positions, found by comparing the tutor with
// real node on testdata/v8errors/cases.tsv (v8errors_test.go). goja does
// not say whether a value was null or undefined, nor name the variable or
// class an error is about; these are taken from the handler's source and,
// for expressions rooted at the handler's event parameter, from the event.

var (
	identAtRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_$][\w$]*`) })
	chainEndRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*(?:\??\.)?\s*$`)
	})
	indexSetRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\[\s*(\d+|'[^']*'|"[^"]*")\s*\]\s*=[^=>]`)
	})
	arrayDestrRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:\b(?:const|let|var)\s+|^\s*|[(,;]\s*)\[[^\]=]*\]\s*=\s*([^;]+?)\s*(?:;|$)`)
	})
	objDestrRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\{\s*([A-Za-z_$][\w$]*)?[^}=]*\}\s*\)?\s*=\s*([^;>][^;]*?)\s*(?:;|$)`)
	})
	paramDestrRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\(\s*\{\s*([A-Za-z_$][\w$]*)?[^}]*\}[^)]*\)\s*(?:=>|\{)`)
	})
	simpleOperandRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[A-Za-z_$][\w$]*|\{\s*\}|\[\s*\]|null|undefined|-?\d+(?:\.\d+)?|'[^']*'|"[^"]*")$`)
	})
	memberChainRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)+$`)
	})
	newCalleeRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^new\s+([A-Za-z_$][\w$.]*)`) })
	instanceofRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\sinstanceof\s`) })
	callOfRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z_$][\w$.]*)\s*\(.*\)$`) })
	bigintNumRE  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^Cannot convert (-?\d+\.\d+(?:e[+-]?\d+)?) to a BigInt$`)
	})
	iterCallRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(?:Promise\.(?:all|allSettled|race|any)|Array\.from|Object\.fromEntries)\s*\(\s*([^()]*?)\s*\)`)
	})
	firstParamRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\s*(?:async\s*)?(?:function\s*[\w$]*\s*)?\(?\s*([A-Za-z_$][\w$]*)`)
	})
)

// missingNodeGlobals are globals of Node.js 22 that the tutor lacks; a
// handler that names one is told so rather than left with "is not defined".
var missingNodeGlobals = map[string]bool{
	"WebAssembly": true, "Blob": true, "File": true, "FormData": true, "Headers": true, "Request": true, "Response": true,
	"MessageChannel": true, "MessagePort": true, "BroadcastChannel": true, "WeakRef": true, "FinalizationRegistry": true,
	"SharedArrayBuffer": true, "Atomics": true, "ReadableStream": true, "WritableStream": true, "TransformStream": true,
	"CompressionStream": true, "DecompressionStream": true, "CustomEvent": true, "WebSocket": true,
}

const iterSuffix = " is not iterable (cannot read property Symbol(Symbol.iterator))"

// v8CallColumn moves a frame's column from the "(" of a call, where goja
// puts it, to where V8 puts it: the start of the callee's last name
// (event.foo() at foo, JSON.parse() at parse).
func v8CallColumn(src string, col int) int {
	if col < 2 || col > len(src) || src[col-1] != '(' {
		return col
	}
	if end := matchingParen(src, col-1); end >= 0 && end+1 < len(src) && src[end+1] == '(' {
		return col // f()(): V8 points at the first call's "(" too
	}
	i := col - 1
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	j := i
	for j > 0 && isIdentByte(src[j-1]) {
		j--
	}
	if j == i {
		return col
	}
	return j + 1
}

// matchingParen is the index of the ")" that closes the "(" at i, or -1.
func matchingParen(s string, i int) int {
	depth := 0
	for k := i; k < len(s); k++ {
		switch s[k] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// v8TopColumn corrects the column of the frame that threw, for errors
// whose position V8 and goja choose differently: an assignment points at
// its "=", a failed read at the property read, a failed destructuring at
// the pattern's first property.
func v8TopColumn(msg, src string, col int) int {
	if col < 1 || col > len(src) {
		return col
	}
	switch {
	case strings.HasSuffix(msg, " is not defined"):
		// V8 puts a failed load right after "return" at the "return".
		before := strings.TrimRight(src[:col-1], " \t")
		if strings.HasSuffix(before, "return") && (len(before) == 6 || !isIdentByte(before[len(before)-7])) {
			return len(before) - 6 + 1
		}
	case msg == "Cannot convert a Symbol value to a string":
		if i := strings.IndexByte(src[col-1:], '+'); i >= 0 {
			return col + i
		}
	case instanceofRE().MatchString(src) && (noMemberRE().MatchString(msg) || notObjectRE().MatchString(msg)):
		return instanceofRE().FindStringIndex(src)[0] + 2
	case strings.HasPrefix(msg, "Cannot read property '"):
		prop := readPropRE().FindStringSubmatch(msg)
		if prop == nil || strings.HasPrefix(src[col-1:], prop[1]) {
			return col
		}
		re := regexp.MustCompile(`\??\.\s*(` + regexp.QuoteMeta(prop[1]) + `)\b`)
		if m := re.FindStringSubmatchIndex(src[col-1:]); m != nil {
			return col + m[2]
		}
	case msg == "Value is not object coercible":
		if m := objDestrRE().FindStringSubmatchIndex(src); m != nil && m[2] >= 0 {
			return m[2] + 1
		} else if m != nil {
			return m[0] + 1
		}
		if m := paramDestrRE().FindStringSubmatchIndex(src); m != nil && m[2] >= 0 {
			return m[2] + 1
		}
	case msg == "Cannot convert undefined or null to object" || msg == "object is not iterable":
		if m := arrayDestrRE().FindStringSubmatchIndex(src); m != nil {
			rhs := src[m[2]:m[3]]
			if cm := callOfRE().FindStringSubmatch(rhs); cm != nil {
				return m[2] + len(cm[1]) - len(lastName(cm[1])) + 1
			}
			return m[2] + 1
		}
		if m := iterCallRE().FindStringSubmatchIndex(src); m != nil {
			return v8CallColumn(src, strings.IndexByte(src[m[0]:], '(')+m[0]+1)
		}
		fallthrough
	default:
		if src[col-1] == '[' {
			if close := strings.IndexByte(src[col-1:], ']'); close > 0 {
				rest := strings.TrimLeft(src[col+close:], " \t")
				if strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "==") && !strings.HasPrefix(rest, "=>") {
					return len(src) - len(rest) + 1
				}
			}
		}
		if m := identAtRE().FindString(src[col-1:]); m != "" {
			rest := strings.TrimLeft(src[col-1+len(m):], " \t")
			if strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "==") && !strings.HasPrefix(rest, "=>") {
				return len(src) - len(rest) + 1
			}
		}
	}
	return col
}

func lastName(chain string) string {
	if i := strings.LastIndexByte(chain, '.'); i >= 0 {
		return chain[i+1:]
	}
	return chain
}

// v8MoreWords words the messages v8Message leaves as goja's. col is the
// V8 column of the throwing frame, gcol goja's.
func (in *instance) v8MoreWords(name, msg, file string, line, col, gcol int) (string, bool) {
	src := in.sourceLine(file, line)
	at := func(c int) string {
		if c < 1 || c > len(src) {
			return ""
		}
		return src[c-1:]
	}
	switch name {
	case "TypeError":
		if m := readPropRE().FindStringSubmatch(msg); m != nil {
			what := "undefined"
			if chain := chainBefore(src, col); chain != "" && in.isNull(file, chain) {
				what = "null"
			}
			return "Cannot read properties of " + what + " (reading '" + m[1] + "')", true
		}
		if msg == "Class constructor cannot be invoked without 'new'" {
			if id := identAtRE().FindString(at(col)); id != "" {
				return "Class constructor " + id + " cannot be invoked without 'new'", true
			}
		}
		if notObjectRE().MatchString(msg) && instanceofRE().MatchString(src) {
			return "Right-hand side of 'instanceof' is not an object", true
		}
		if noMemberRE().MatchString(msg) || notObjectRE().MatchString(msg) {
			before := src
			if gcol-1 <= len(src) && gcol > 0 {
				before = src[:gcol-1]
			}
			if m := newCalleeRE().FindStringSubmatch(at(gcol)); m != nil {
				return m[1] + " is not a constructor", true
			}
			if strings.HasSuffix(strings.TrimRight(before, " \t"), ")") {
				b := strings.TrimRight(before, " \t")
				if open := matchingOpen(b, len(b)-1); open > 0 {
					if m := calleeRE().FindStringSubmatch(b[:open]); m != nil {
						return m[1] + "(...) is not a function", true
					}
				}
			}
			if m := arrayDestrRE().FindStringSubmatch(src); m != nil {
				if cm := callOfRE().FindStringSubmatch(m[1]); cm != nil {
					return cm[1] + " is not a function or its return value is not iterable", true
				}
			}
		}
		if msg == "Cannot convert undefined or null to object" || msg == "object is not iterable" {
			if m := arrayDestrRE().FindStringSubmatch(src); m != nil && !strings.Contains(src, " of ") {
				rhs := m[1]
				switch {
				case callOfRE().MatchString(rhs):
					return callOfRE().FindStringSubmatch(rhs)[1] + " is not a function or its return value is not iterable", true
				case simpleOperandRE().MatchString(rhs):
					return rhs + " is not iterable", true
				case msg == "object is not iterable":
					return "object" + iterSuffix, true
				case memberChainRE().MatchString(rhs) && in.isNull(file, rhs):
					return "object null" + iterSuffix, true
				default:
					return "undefined" + iterSuffix, true
				}
			}
			if m := iterCallRE().FindStringSubmatch(src); m != nil && msg != "object is not iterable" {
				if in.isNull(file, m[1]) {
					return "object null" + iterSuffix, true
				}
				return "undefined" + iterSuffix, true
			}
			if m := indexSetRE().FindStringSubmatch(src); m != nil && msg != "object is not iterable" {
				what := "undefined"
				if in.isNull(file, m[1]) {
					what = "null"
				}
				return "Cannot set properties of " + what + " (setting '" + strings.Trim(m[2], `'"`) + "')", true
			}
			if m := setPropRE().FindStringSubmatch(src); m != nil && msg != "object is not iterable" && !forOfRE().MatchString(src) && !spreadRE().MatchString(src) {
				what := "undefined"
				if in.isNull(file, m[1]) {
					what = "null"
				}
				return "Cannot set properties of " + what + " (setting '" + m[2] + "')", true
			}
		}
		if msg == "Value is not object coercible" {
			if m := objDestrRE().FindStringSubmatch(src); m != nil {
				rhs := strings.TrimSuffix(strings.TrimSpace(m[2]), ")")
				what := "undefined"
				if rhs == "null" || in.isNull(file, rhs) {
					what = "null"
				}
				if m[1] == "" {
					return "Cannot destructure '" + rhs + "' as it is " + what + ".", true
				}
				return "Cannot destructure property '" + m[1] + "' of '" + rhs + "' as it is " + what + ".", true
			}
			if m := paramDestrRE().FindStringSubmatch(src); m != nil && m[1] != "" {
				return "Cannot destructure property '" + m[1] + "' of 'undefined' as it is undefined.", true
			}
		}
		switch msg {
		case "No initial value":
			return "Reduce of empty array with no initial value", true
		}
	case "ReferenceError":
		switch msg {
		case "Intl is not defined":
			return msg + " in the tutor: Node.js on Lambda has Intl (locale-aware dates, numbers and currencies), but the tutor's JavaScript engine, goja, does not. " +
				"To practise here, format with toISOString, toUTCString or toFixed, or keep the formatting out of the logic you test", true
		}
		if global, ok := strings.CutSuffix(msg, " is not defined"); ok && missingNodeGlobals[global] {
			return msg + " in the tutor: Node.js 22 on Lambda has the global " + global + ", but the tutor's in-process runtime does not offer it. " +
				"To practise here, keep the code that needs it out of the logic you test", true
		}
		switch msg {
		case "Cannot access a variable before initialization":
			if id := identAtRE().FindString(at(col)); id != "" {
				return "Cannot access '" + id + "' before initialization", true
			}
		case "Must call super constructor in derived class before accessing 'this'":
			return msg + " or returning from derived constructor", true
		}
	case "RangeError":
		if m := bigintNumRE().FindStringSubmatch(msg); m != nil {
			return "The number " + m[1] + " cannot be converted to a BigInt because it is not an integer", true
		}
		switch msg {
		case "toFixed() precision must be between 0 and 100":
			return "toFixed() digits argument must be between 0 and 100", true
		case "toExponential() precision must be between 0 and 100":
			return "toExponential() argument must be between 0 and 100", true
		case "toPrecision() precision must be between 1 and 100":
			return "toPrecision() argument must be between 1 and 100", true
		case "Invalid count value":
			if m := regexp.MustCompile(`\.repeat\(\s*(-?\d+|Infinity|-Infinity)\s*\)`).FindStringSubmatch(src); m != nil {
				return msg + ": " + m[1], true
			}
		}
	case "URIError":
		if msg == "Malformed URI" {
			return "URI malformed", true
		}
	}
	return msg, false
}

// matchingOpen is the index of the "(" that the ")" at i closes, or -1.
func matchingOpen(s string, i int) int {
	depth := 0
	for k := i; k >= 0; k-- {
		switch s[k] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// chainBefore is the member expression whose property is read at col
// ("event.body" in "event.body.id" with col at "id"), or "".
func chainBefore(src string, col int) string {
	if col < 1 || col-1 > len(src) {
		return ""
	}
	if m := chainEndRE().FindStringSubmatch(src[:col-1]); m != nil {
		return m[1]
	}
	return ""
}

// isNull tells whether an expression is null when it can be known: a
// chain rooted at the handler's event parameter is read from the event,
// and a variable declared "= null" (or "= await null") in the file is
// null.
func (in *instance) isNull(file, expr string) bool {
	parts := strings.FieldsFunc(strings.ReplaceAll(expr, "?.", "."), func(r rune) bool { return r == '.' || r == ' ' || r == '\t' })
	if len(parts) == 0 {
		return false
	}
	if in.event != nil && parts[0] == in.eventParam() && len(parts) > 1 {
		var cur goja.Value = in.event
		for _, p := range parts[1:] {
			obj, ok := cur.(*goja.Object)
			if !ok {
				return false
			}
			cur = obj.Get(p)
			if cur == nil {
				return false
			}
		}
		return goja.IsNull(cur)
	}
	if len(parts) != 1 {
		return false
	}
	full := in.h.Config.Files[strings.TrimPrefix(file, sandbox.TaskRoot+"/")]
	re, err := regexp.Compile(`\b(?:const|let|var)\s+` + regexp.QuoteMeta(parts[0]) + `\s*=\s*(?:await\s+)?null\b`)
	return err == nil && re.MatchString(full)
}

// eventParam is the name of the handler's first parameter, or "".
func (in *instance) eventParam() string {
	if in.handlerObj == nil {
		return ""
	}
	text := ""
	_ = in.guard(func() { text = in.handlerObj.String() })
	if m := firstParamRE().FindStringSubmatch(text); m != nil && m[1] != "async" && m[1] != "function" {
		return m[1]
	}
	return ""
}
