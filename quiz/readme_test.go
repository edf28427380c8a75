package quiz

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestReadmeQuestionCount: the README's question count is the bank's
// real count (it said 200 when the bank had 202). Update the README
// when adding questions.
func TestReadmeQuestionCount(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`an interview trainer: (\d+) questions`).FindSubmatch(readme)
	if m == nil {
		t.Fatal(`README.md lacks "an interview trainer: N questions"`)
	}
	if n, _ := strconv.Atoi(string(m[1])); n != b.Len() {
		t.Errorf("README.md says %d questions; the bank has %d", n, b.Len())
	}
}
