package dynamodb

import (
	_ "embed"
	"strings"
)

// The reserved words of the expression languages, copied from the developer
// guide (see testdata/reserved_words.txt for its SOURCE note).
//
//go:embed testdata/reserved_words.txt
var reservedWordsFile string

var reserved = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(reservedWordsFile, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m[line] = true
	}
	return m
}()

type tokKind uint8

const (
	tEOF tokKind = iota
	tWS
	tIdent  // attribute name or keyword or function name
	tName   // #name
	tValue  // :value
	tNumber // digits (list index)
	tPunct  // . [ ] ( ) , = <> < <= > >= + -
	tBad    // a character the language has no use for
)

type token struct {
	k   tokKind
	s   string
	pos int
}

func isAlnum(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// lex splits an expression into raw tokens, whitespace included (the
// "near" of a syntax error is cut from the raw tokens).
func lex(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		c := s[i]
		start := i
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
				i++
			}
			out = append(out, token{tWS, s[start:i], start})
		case c == '#' || c == ':':
			i++
			for i < len(s) && isAlnum(s[i]) {
				i++
			}
			k := tName
			if c == ':' {
				k = tValue
			}
			if i == start+1 {
				k = tBad
			}
			out = append(out, token{k, s[start:i], start})
		case c >= '0' && c <= '9':
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			// "1a" is not a number nor a name
			if i < len(s) && isAlnum(s[i]) {
				for i < len(s) && isAlnum(s[i]) {
					i++
				}
				out = append(out, token{tBad, s[start:i], start})
				continue
			}
			out = append(out, token{tNumber, s[start:i], start})
		case isAlnum(c):
			for i < len(s) && isAlnum(s[i]) {
				i++
			}
			out = append(out, token{tIdent, s[start:i], start})
		case c == '<' || c == '>':
			i++
			if i < len(s) && (s[i] == '=' || (c == '<' && s[i] == '>')) {
				i++
			}
			out = append(out, token{tPunct, s[start:i], start})
		case strings.IndexByte(".[](),=+-", c) >= 0:
			i++
			out = append(out, token{tPunct, s[start:i], start})
		default:
			// one UTF-8 character
			i++
			for i < len(s) && s[i]&0xC0 == 0x80 {
				i++
			}
			out = append(out, token{tBad, s[start:i], start})
		}
	}
	return out
}
