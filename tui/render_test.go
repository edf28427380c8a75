package tui

import (
	"regexp"
	"testing"

	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/lambdatutor/lambdatutor/lessons"
)

// TestCodeLanguagesHaveLexers: the trimmed chroma in third_party keeps only
// some lexers; every language a lesson uses must be among them.
func TestCodeLanguagesHaveLexers(t *testing.T) {
	cat, err := lessons.Default()
	if err != nil {
		t.Fatal(err)
	}
	fence := regexp.MustCompile("(?m)^```([A-Za-z0-9_+-]+)")
	for _, l := range cat.All() {
		for _, m := range fence.FindAllStringSubmatch(l.Body, -1) {
			if lexers.Get(m[1]) == nil {
				t.Errorf("%s: code language %q has no lexer in third_party/chroma (copy its XML from upstream)", l.ID, m[1])
			}
		}
	}
}
