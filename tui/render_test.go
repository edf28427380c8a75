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

func TestTerminalLinks(t *testing.T) {
	in := "See [provisioned concurrency](concurrency-and-scaling.md#provisioned-concurrency) and [Cold starts](cold-starts.md), or https://aws.amazon.com/x. [Above](#part-one)."
	want := "See provisioned concurrency (lesson “Concurrency and scaling”) and *Cold starts* (lesson), or https://aws.amazon.com/x. Above."
	if got := terminalLinks(in); got != want {
		t.Errorf("terminalLinks:\n got %q\nwant %q", got, want)
	}
	// A content pack's lesson links to the pack's own lessons by local id.
	in = "Then [the release](releases.md#live) and [Cold starts](cold-starts.md)."
	want = "Then the release (lesson “Releases at Skyrail”) and *Cold starts* (lesson)."
	if got := terminalLinksIn(in, map[string]string{"releases": "Releases at Skyrail"}); got != want {
		t.Errorf("terminalLinksIn:\n got %q\nwant %q", got, want)
	}
}
