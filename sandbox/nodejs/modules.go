package nodejs

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// programCache keeps compiled module wrappers by file name and source:
// a goja.Program is immutable and can be shared by VMs, so a function's
// every new environment skips compiling. Bounded in entries and source
// bytes: cleared when full.
var programCache = struct {
	sync.Mutex
	m     map[programKey]compiled
	bytes int
}{m: map[programKey]compiled{}}

// programKey identifies a compiled module (a struct, so that looking a
// module up copies no source).
type programKey struct {
	name, src string
	async     bool
}

// compiled is a module's program, and whether its source names Date (the
// VM's Date is then made to print as Node's; see nodeDate).
type compiled struct {
	p    *goja.Program
	date bool
	json bool // names JSON.parse (see patchJSONParse)
}

const (
	programCacheMax      = 512
	programCacheMaxBytes = 32 << 20
)

// compileModule compiles a CommonJS module wrapped as Node wraps it. ES
// module syntax is rewritten to CommonJS first.
// With async, the wrapper is an async function, so that an ES module's
// top-level await works (see loadFile).
func compileModule(name, src string, async bool) (*goja.Program, bool, bool, error) {
	key := programKey{name, src, async}
	wrapper := moduleWrapper[async]
	programCache.Lock()
	c, ok := programCache.m[key]
	programCache.Unlock()
	if ok {
		return c.p, c.date, c.json, nil
	}
	body := src
	if isESM(name, src) {
		body = rewriteESM(src)
	}
	body = strings.TrimPrefix(body, "#!")
	if strings.Contains(body, "for await") {
		body = rewriteForAwait(body) // forawait.go
	}
	if strings.Contains(body, "catch") {
		// Errors goja throws are worded as V8's when the handler
		// catches them (catch (e) { return e.message; }), on the same
		// line so that line numbers stay.
		body = catchRE().ReplaceAllString(body, "$0 $1 = __lambdatutorNodeError($1);")
	}
	p, err := goja.Compile(name, wrapper+body+"\n})", false)
	if err != nil {
		return nil, false, false, err
	}
	date := strings.Contains(src, "Date")
	programCache.Lock()
	size := len(name) + len(src)
	if len(programCache.m) >= programCacheMax || programCache.bytes+size > programCacheMaxBytes {
		programCache.m = map[programKey]compiled{}
		programCache.bytes = 0
	}
	jsonParse := strings.Contains(src, "JSON.parse")
	programCache.m[key] = compiled{p, date, jsonParse}
	programCache.bytes += size
	programCache.Unlock()
	return p, date, jsonParse, nil
}

// loadFile runs a file of the deployment package (once per environment)
// and returns its module object. Errors are thrown as JavaScript values.
//
// An ES module with top-level await (const config = await load();) is run
// as an async function; the handler's module is awaited on the virtual
// clock during INIT, as Node awaits it. A required module cannot be
// awaited from inside require, so top-level await works in the handler's
// module only, and elsewhere fails with a clear message.
func (in *instance) loadFile(full string) *goja.Object {
	if m, ok := in.modules[full]; ok {
		return m
	}
	rel := strings.TrimPrefix(full, sandbox.TaskRoot+"/")
	src := in.h.Config.Files[rel]
	module := in.vm.NewObject()
	exports := in.vm.NewObject()
	_ = module.Set("exports", exports)
	_ = module.Set("id", full)
	_ = module.Set("filename", full)
	_ = module.Set("loaded", false)
	in.modules[full] = module
	if strings.HasSuffix(full, ".json") {
		v, err := in.jsonFunc("parse")(goja.Undefined(), in.vm.ToValue(src))
		if err != nil {
			delete(in.modules, full)
			panic(in.newError("SyntaxError", full+": "+errorMessageOf(err), ""))
		}
		_ = module.Set("exports", v)
		return module
	}
	prg, date, jsonParse, err := compileModule(full, src, false)
	async := false
	var se *goja.CompilerSyntaxError
	if errors.As(err, &se) && isESM(full, src) && awaitRE().MatchString(src) {
		if prg2, date2, json2, err2 := compileModule(full, src, true); err2 == nil {
			prg, date, jsonParse, err, async = prg2, date2, json2, nil, true
		}
	}
	if date && !in.datePatched {
		// Only code that names Date can make a Date: patch it now.
		in.nodeDate()
	}
	if jsonParse && !in.jsonParsePatched && err == nil {
		in.patchJSONParse()
	}
	if err != nil {
		delete(in.modules, full)
		panic(err)
	}
	if async {
		if in.asyncModules == nil {
			in.asyncModules = map[string]bool{}
		}
		in.asyncModules[full] = true
	}
	if async && in.loading > 0 {
		delete(in.modules, full)
		panic(in.newError("SyntaxError", full+": top-level await works only in the handler's own module in the tutor's runtime; move it there, or await inside the handler", ""))
	}
	wrapper, err := in.vm.RunProgram(prg)
	if err != nil {
		delete(in.modules, full)
		panic(err)
	}
	fn, _ := goja.AssertFunction(wrapper)
	dir := path.Dir(full)
	req := in.makeRequire(full)
	ret, err := in.runModule(full, fn, exports, exports, req, module, in.vm.ToValue(full), in.vm.ToValue(dir))
	if err != nil {
		delete(in.modules, full)
		panic(err)
	}
	if async {
		in.awaitModule(full, ret)
	}
	_ = module.Set("loaded", true)
	return module
}

// runModule runs a module body, keeping the stack of modules loading
// (for Node's "Require stack") even when the body panics.
func (in *instance) runModule(full string, body goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error) {
	in.loading++
	if in.loadStack == nil {
		in.loadStack = in.loadStackBuf[:0]
	}
	in.loadStack = append(in.loadStack, full)
	defer func() {
		in.loadStack = in.loadStack[:len(in.loadStack)-1]
		in.loading--
	}()
	return body(this, args...)
}

// awaitModule runs the event loop until an async module body settles.
func (in *instance) awaitModule(full string, ret goja.Value) {
	p, _ := ret.Export().(*goja.Promise)
	if p == nil || in.call == nil {
		return
	}
	if err := in.runLoop(in.call, func() bool { return p.State() != goja.PromiseStatePending }, false); err != nil {
		delete(in.modules, full)
		panic(in.waitOutIfEmpty(in.call, err))
	}
	if p.State() == goja.PromiseStateRejected {
		in.removeUnhandled(p)
		delete(in.modules, full)
		panic(p.Result())
	}
}

// makeRequire returns the require function of one module.
func (in *instance) makeRequire(from string) goja.Value {
	return in.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0).String()
		return in.require(id, from)
	})
}

// require resolves a module id as Node does, within the deployment
// package and the sandbox's built-ins.
func (in *instance) require(id, from string) goja.Value {
	name := strings.TrimPrefix(id, "node:")
	if v, ok := in.builtins[name]; ok {
		return v
	}
	if mk, ok := builtinModules[name]; ok {
		v := mk(in)
		in.builtins[name] = v
		return v
	}
	var candidates []string
	switch {
	case strings.HasPrefix(id, "./") || strings.HasPrefix(id, "../") || id == "." || id == "..":
		candidates = fileCandidates(path.Join(path.Dir(from), id))
	case strings.HasPrefix(id, "/"):
		candidates = fileCandidates(path.Clean(id))
	default:
		candidates = in.packageCandidates(id)
	}
	for _, c := range candidates {
		rel := strings.TrimPrefix(c, sandbox.TaskRoot+"/")
		if _, ok := in.h.Config.Files[rel]; ok && strings.HasPrefix(c, sandbox.TaskRoot+"/") {
			return in.loadFile(c).Get("exports")
		}
	}
	if why, ok := unavailableModules[name]; ok {
		panic(in.unavailableError(id, why))
	}
	esm := from != "" && isESM(from, in.h.Config.Files[strings.TrimPrefix(from, sandbox.TaskRoot+"/")])
	bare := !strings.HasPrefix(id, ".") && !strings.HasPrefix(id, "/")
	if v, ok := in.awsSDKModule(name); ok {
		return v
	}
	if strings.HasPrefix(id, "@aws-sdk/") {
		panic(in.awsSDKError(id, nil))
	}
	if (id == "aws-sdk" || strings.HasPrefix(id, "aws-sdk/")) && !esm {
		panic(in.awsSDKError(id, in.requireStack(from)))
	}
	if esm {
		// import: Node's ES module resolver words it differently.
		what := "module"
		if bare {
			what = "package"
		}
		target := id
		if !bare {
			target = path.Join(path.Dir(from), id)
		}
		msg := fmt.Sprintf("Cannot find %s '%s' imported from %s", what, target, from)
		if id == "aws-sdk" {
			msg += "\n(The AWS SDK for JavaScript v2, 'aws-sdk', is not in the Node.js runtimes since nodejs18.x, which ships only the v3 SDK, '@aws-sdk/*'. " +
				"Move to v3, e.g. import { S3Client } from '@aws-sdk/client-s3', or bundle v2 in your deployment package. See `lambdatutor lessons show packaging-and-deployment`.)"
		}
		e := in.newError("Error", msg, "ERR_MODULE_NOT_FOUND")
		_ = e.DefineDataProperty("stack", in.vm.ToValue("Error [ERR_MODULE_NOT_FOUND]: "+msg), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		panic(e)
	}
	msg := fmt.Sprintf("Cannot find module '%s'\nRequire stack:\n- %s", id, strings.Join(in.requireStack(from), "\n- "))
	panic(in.newError("Error", msg, "MODULE_NOT_FOUND"))
}

// requireStack is Node's "Require stack" of a failed require: the
// requiring file, the files that required it, and the runtime.
func (in *instance) requireStack(from string) []string {
	var out []string
	if from != "" {
		out = append(out, from)
	}
	for i := len(in.loadStack) - 1; i >= 0; i-- {
		if f := in.loadStack[i]; f != from && (len(out) == 0 || out[len(out)-1] != f) {
			out = append(out, f)
		}
	}
	return append(out, "/var/runtime/index.mjs")
}

func fileCandidates(p string) []string {
	return []string{p, p + ".js", p + ".json", p + ".cjs", p + ".mjs", p + "/index.js", p + "/index.json"}
}

// packageCandidates looks a bare module id up in /var/task/node_modules.
func (in *instance) packageCandidates(id string) []string {
	base := sandbox.TaskRoot + "/node_modules/" + id
	var out []string
	if pj, ok := in.h.Config.Files["node_modules/"+id+"/package.json"]; ok {
		var meta struct {
			Main string `json:"main"`
		}
		if json.Unmarshal([]byte(pj), &meta) == nil && meta.Main != "" {
			out = append(out, fileCandidates(path.Join(base, meta.Main))...)
		}
	}
	return append(out, fileCandidates(base)...)
}

// newError makes a JavaScript error object of the named constructor.
func (in *instance) newError(ctor, msg, code string) *goja.Object {
	c := in.vm.Get(ctor)
	obj, err := in.vm.New(c, in.vm.ToValue(msg))
	if err != nil {
		obj = in.vm.NewGoError(fmt.Errorf("%s", msg))
	}
	if code != "" {
		_ = obj.Set("code", code)
	}
	return obj
}

var (
	awaitRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bawait\b`) })
	catchRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bcatch\s*\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\{`) })
	esmLineRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?m)^\s*(import\s*[\w*{'"]|export\s+(default|const|let|var|async|function|class|\{|\*))`)
	})
	exportDeclRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\s*)export\s+(const|let|var)\s+([A-Za-z_$][\w$]*)`)
	})
	exportFuncRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\s*)export\s+((?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)|class\s+([A-Za-z_$][\w$]*))`)
	})
	exportDefRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\s*)export\s+default\s+`) })
	exportListRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\s*)export\s*\{([^}]*)\}\s*;?\s*$`) })
	importFromRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\s*)import\s+(.+?)\s+from\s+(['"][^'"]+['"])\s*;?\s*$`)
	})
	importBareRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\s*)import\s+(['"][^'"]+['"])\s*;?\s*$`) })
	importNamedRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\{([^}]*)\}$`) })
)

// isESM tells an ES module: a .mjs file, or top-level import/export lines.
func isESM(name, src string) bool {
	if strings.HasSuffix(name, ".cjs") {
		return false
	}
	return strings.HasSuffix(name, ".mjs") || esmLineRE().MatchString(src)
}

// rewriteESM turns the ES module forms handlers use into CommonJS, line
// by line, so that line numbers stay the same:
//
//	export const handler = ...        ->  const handler = ... (+ exports at the end)
//	export async function handler()   ->  async function handler() (+ exports)
//	export default x                  ->  module.exports.default = x
//	export { a, b as c }              ->  (exports at the end)
//	import x from 'y'                 ->  const x = __esmDefault(require('y'))
//	import { a, b as c } from 'y'     ->  const { a, b: c } = require('y')
//	import * as x from 'y'            ->  const x = require('y')
func rewriteESM(src string) string {
	lines := strings.Split(src, "\n")
	type export struct{ local, name string }
	var exports []export
	for i, l := range lines {
		switch {
		case exportDeclRE().MatchString(l):
			m := exportDeclRE().FindStringSubmatch(l)
			exports = append(exports, export{m[3], m[3]})
			// Spaces instead of "export" keep the columns of stack traces.
			lines[i] = strings.Replace(l, "export", "      ", 1)
		case exportFuncRE().MatchString(l):
			m := exportFuncRE().FindStringSubmatch(l)
			name := m[3]
			if name == "" {
				name = m[4]
			}
			exports = append(exports, export{name, name})
			lines[i] = strings.Replace(l, "export", "      ", 1)
		case exportDefRE().MatchString(l):
			lines[i] = exportDefRE().ReplaceAllString(l, "${1}module.exports.default = ")
		case exportListRE().MatchString(l):
			m := exportListRE().FindStringSubmatch(l)
			for _, part := range strings.Split(m[2], ",") {
				f := strings.Fields(part)
				switch len(f) {
				case 1:
					exports = append(exports, export{f[0], f[0]})
				case 3:
					exports = append(exports, export{f[0], f[2]})
				}
			}
			lines[i] = m[1]
		case importBareRE().MatchString(l):
			lines[i] = importBareRE().ReplaceAllString(l, "${1}require($2);")
		case importFromRE().MatchString(l):
			m := importFromRE().FindStringSubmatch(l)
			lines[i] = m[1] + importClause(strings.TrimSpace(m[2]), m[3])
		}
	}
	var b strings.Builder
	b.WriteString(strings.Join(lines, "\n"))
	b.WriteString("\n;function __esmDefault(m) { return m && m.__esModule ? m.default : (m && m.default !== undefined && Object.keys(m).length === 1 ? m.default : m); }")
	for _, e := range exports {
		b.WriteString("\nmodule.exports[" + strconv.Quote(e.name) + "] = " + e.local + ";")
	}
	return b.String()
}

// importClause rewrites the part of an import between "import" and "from".
func importClause(clause, from string) string {
	req := "require(" + from + ")"
	var parts []string
	def, rest := clause, ""
	if i := strings.Index(clause, ","); i >= 0 && !strings.HasPrefix(clause, "{") {
		def, rest = strings.TrimSpace(clause[:i]), strings.TrimSpace(clause[i+1:])
	}
	if strings.HasPrefix(def, "{") || strings.HasPrefix(def, "*") {
		def, rest = "", clause
	}
	if def != "" {
		parts = append(parts, "const "+def+" = __esmDefault("+req+");")
	}
	switch {
	case strings.HasPrefix(rest, "* as "):
		parts = append(parts, "const "+strings.TrimSpace(rest[5:])+" = "+req+";")
	case importNamedRE().MatchString(rest):
		names := importNamedRE().FindStringSubmatch(rest)[1]
		var fields []string
		for _, n := range strings.Split(names, ",") {
			f := strings.Fields(n)
			switch len(f) {
			case 1:
				fields = append(fields, f[0])
			case 3:
				fields = append(fields, f[0]+": "+f[2])
			}
		}
		parts = append(parts, "const { "+strings.Join(fields, ", ")+" } = "+req+";")
	}
	return strings.Join(parts, " ")
}
