package nodejs

import (
	"regexp"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// V8 names the frame of a function called as a method after the
// receiver's type: "Object.run" for a method of an object literal,
// "Repo.find" for a class's. goja's frame has the function's name only.
// The tutor reads the definition nearest before the frame in the source:
// a method or function-valued property of an object literal, or a class
// method. (A subclass instance shows the defining class, where V8 shows
// the subclass.)

var classHeadRE = regexp.MustCompile(`\bclass\s+([A-Za-z_$][\w$]*)(?:\s+extends\s+[^{]+)?\s*$`)

// methodFrameName returns V8's name for a frame of the function name
// running at line of file.
func (in *instance) methodFrameName(file string, line int, name string) string {
	if strings.ContainsAny(name, ". [<") || !strings.HasPrefix(file, sandbox.TaskRoot+"/") {
		return name
	}
	src := in.h.Config.Files[strings.TrimPrefix(file, sandbox.TaskRoot+"/")]
	starts := in.lineStarts[file]
	if src == "" || starts == nil || line > len(starts) {
		return name
	}
	end := starts[line-1]
	if line < len(starts) {
		end = starts[line]
	}
	q := regexp.QuoteMeta(name)
	defRE, err := regexp.Compile(`(?:\bfunction\s*\*?\s*` + q + `\s*\(|(?:^|[{,;\s])(?:async\s+|static\s+|\*\s*)*` + q + `\s*\([^()]*\)\s*\{|\b([A-Za-z_$][\w$]*)\s*:\s*(?:async\s+)?function\s*\*?\s*` + q + `\s*\(|\b` + q + `\s*:\s*(?:async\s+)?(?:function\b|\([^()]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>))`)
	if err != nil {
		return name
	}
	all := defRE.FindAllStringSubmatchIndex(src[:min(end, len(src))], -1)
	if len(all) == 0 {
		return name
	}
	d := all[len(all)-1]
	text := src[d[0]:d[1]]
	if strings.Contains(text, "function") && !strings.Contains(text, ":") {
		return name // a function declaration or expression: V8 prints its name alone
	}
	owner := "Object"
	if open := unmatchedBrace(src, d[0]); open >= 0 {
		if c := classHeadRE.FindStringSubmatch(src[:open]); c != nil {
			owner = c[1]
		}
	}
	if d[2] >= 0 {
		return owner + "." + name + " [as " + src[d[2]:d[3]] + "]"
	}
	return owner + "." + name
}

// unmatchedBrace is the index of the "{" that encloses position i, or -1.
func unmatchedBrace(src string, i int) int {
	depth := 0
	for k := i - 1; k >= 0; k-- {
		switch src[k] {
		case '}':
			depth++
		case '{':
			if depth == 0 {
				return k
			}
			depth--
		}
	}
	return -1
}
