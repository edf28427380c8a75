package nodejs

import (
	"regexp"
	"strconv"
	"strings"
)

// goja has async functions but not for await...of, which handlers use to
// read the AWS SDK's paginators and streams (for await (const page of
// paginateQuery(...))). rewriteForAwait turns each
//
//	for await (const x of iterable) {
//
// into a loop over the async iterator, on the same line:
//
//	for (let i = __lambdatutorAsyncIter(iterable), r; !(r = await i.next()).done; ) { const x = r.value;
//
// A loop whose body has no braces is left alone (goja then reports the
// syntax error). Leaving the loop early (break, return) does not call the
// iterator's return().
var forAwaitRE = regexp.MustCompile(`\Afor\s+await\s*\(`)

var forAwaitHeadRE = regexp.MustCompile(`^\s*(const|let|var)\s+([\s\S]+?)\s+of\s+([\s\S]+)$`)

func rewriteForAwait(src string) string {
	if !strings.Contains(src, "await") {
		return src
	}
	var b strings.Builder
	n := 0
	for {
		loc := findForAwait(src)
		if loc == nil {
			break
		}
		open := loc[1] - 1
		close := matchParen(src, open)
		if close < 0 {
			break
		}
		head := forAwaitHeadRE.FindStringSubmatch(src[open+1 : close])
		brace := close + 1
		for brace < len(src) && (src[brace] == ' ' || src[brace] == '\t' || src[brace] == '\n' || src[brace] == '\r') {
			brace++
		}
		if head == nil || brace >= len(src) {
			b.WriteString(src[:loc[1]])
			src = src[loc[1]:]
			continue
		}
		end := -1 // a body without braces: one statement, closed after its ';'
		if src[brace] != '{' {
			if end = statementEnd(src, brace); end < 0 {
				b.WriteString(src[:loc[1]])
				src = src[loc[1]:]
				continue
			}
			brace--
		}
		i, r := "__faI"+strconv.Itoa(n), "__faR"+strconv.Itoa(n)
		n++
		b.WriteString(src[:loc[0]])
		b.WriteString("for (let " + i + " = __lambdatutorAsyncIter(" + head[3] + "), " + r + "; !(" + r + " = await " + i + ".next()).done; ) { " +
			head[1] + " " + head[2] + " = " + r + ".value;")
		// Keep the line count: the replaced text's newlines.
		b.WriteString(strings.Repeat("\n", strings.Count(src[loc[0]:brace+1], "\n")-strings.Count(head[3]+head[2], "\n")))
		if end >= 0 {
			b.WriteString(src[brace+1 : end+1])
			b.WriteString(" }")
			src = src[end+1:]
			continue
		}
		src = src[brace+1:]
	}
	if n == 0 {
		return b.String() + src
	}
	b.WriteString(src)
	b.WriteString("\n;function __lambdatutorAsyncIter(x) { if (x != null && typeof x[Symbol.asyncIterator] === 'function') return x[Symbol.asyncIterator](); " +
		"if (x != null && typeof x[Symbol.iterator] === 'function') { const it = x[Symbol.iterator](); return { next: () => { const r = it.next(); " +
		"return r.done ? Promise.resolve(r) : Promise.resolve(r.value).then((value) => ({ value, done: false })); } }; } " +
		"throw new TypeError((x === null ? 'null' : typeof x) + ' is not async iterable'); }")
	return b.String()
}

// matchParen returns the index of the parenthesis closing the one at
// open, skipping strings and template literals; -1 if there is none.
func matchParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				if c != ')' {
					return -1
				}
				return i
			}
		case '\'', '"', '`':
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		}
	}
	return -1
}

// statementEnd returns the index of the ';' that ends the statement
// starting at i, skipping brackets and strings; -1 if there is none.
func statementEnd(s string, i int) int {
	depth := 0
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth < 0 {
				return -1
			}
		case ';':
			if depth == 0 {
				return i
			}
		case '\'', '"', '`':
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		}
	}
	return -1
}

// findForAwait finds the next "for await (" in code, outside strings,
// template literals and comments.
func findForAwait(s string) []int {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"', '`':
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '/':
			if i+1 < len(s) && s[i+1] == '/' {
				for i < len(s) && s[i] != '\n' {
					i++
				}
			} else if i+1 < len(s) && s[i+1] == '*' {
				end := strings.Index(s[i+2:], "*/")
				if end < 0 {
					return nil
				}
				i += end + 3
			}
		case 'f':
			if i > 0 && (isIdentByte(s[i-1]) || s[i-1] == '.') {
				continue
			}
			if loc := forAwaitRE.FindStringIndex(s[i:]); loc != nil {
				return []int{i + loc[0], i + loc[1]}
			}
		}
	}
	return nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
