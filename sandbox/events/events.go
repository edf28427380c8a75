// Package events holds the test-event templates a learner can send to a handler:
// the console's hello-world event and events from API Gateway, function URLs, S3, SQS,
// SNS, DynamoDB Streams, Kinesis and EventBridge.
//
// The templates are our own JSON (embedded from templates/), written with the same keys
// as aws-lambda-go's real samples; a test compares the key sets with those samples,
// copied into testdata/ (see testdata/SOURCE.md).
package events

import (
	"embed"
	"errors"
	"fmt"
	"strings"
)

//go:embed templates/*.json
var templateFS embed.FS

// ErrUnknownTemplate is wrapped by Get's error for a name that is not a template.
var ErrUnknownTemplate = errors.New("unknown event template")

type template struct {
	name        string
	description string
}

// catalog is the stable order of Names; each entry has templates/<name>.json.
var catalog = []template{
	{"hello-world", "Console hello-world test event {key1, key2, key3} (synchronous)"},
	{"apigw-rest", "API Gateway REST API proxy request, payload v1 (synchronous)"},
	{"apigw-http", "API Gateway HTTP API request, payload v2 (synchronous)"},
	{"function-url", "Lambda function URL request, v2 shape, IAM auth (synchronous)"},
	{"s3-put", "S3 ObjectCreated:Put notification (asynchronous)"},
	{"sqs", "SQS batch of 2 messages (event source mapping: Lambda polls the queue)"},
	{"sns", "SNS notification (asynchronous)"},
	{"dynamodb", "DynamoDB stream records INSERT, MODIFY, REMOVE (event source mapping)"},
	{"kinesis", "Kinesis stream records, base64 data (event source mapping)"},
	{"eventbridge-scheduled", "EventBridge scheduled event, detail-type \"Scheduled Event\" (asynchronous)"},
}

// Names returns the template names in a stable order.
func Names() []string {
	out := make([]string, len(catalog))
	for i, t := range catalog {
		out[i] = t.name
	}
	return out
}

// Get returns the JSON of template name. For an unknown name the error wraps
// ErrUnknownTemplate, suggests the closest name and lists them all.
func Get(name string) ([]byte, error) {
	if _, ok := find(name); !ok {
		return nil, unknown(name)
	}
	data, err := templateFS.ReadFile("templates/" + name + ".json")
	if err != nil {
		return nil, fmt.Errorf("read event template %q: %w", name, err)
	}
	return data, nil
}

// Describe returns one line saying what the event is and how Lambda is invoked with it,
// or "" for an unknown name.
func Describe(name string) string {
	t, _ := find(name)
	return t.description
}

// Suggest returns the template name closest to name ("" when none is close): a name that
// starts with or contains it ("s3" → "s3-put"), else the one within a small edit distance.
func Suggest(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return ""
	}
	for _, t := range catalog {
		if strings.HasPrefix(t.name, n) {
			return t.name
		}
	}
	for _, t := range catalog {
		if strings.Contains(t.name, n) || strings.Contains(n, t.name) {
			return t.name
		}
	}
	best, bestDist := "", 0
	for _, t := range catalog {
		d := levenshtein(n, t.name)
		if best == "" || d < bestDist {
			best, bestDist = t.name, d
		}
	}
	if bestDist <= max(2, len(n)/3) {
		return best
	}
	return ""
}

func find(name string) (template, bool) {
	for _, t := range catalog {
		if t.name == name {
			return t, true
		}
	}
	return template{}, false
}

func unknown(name string) error {
	list := strings.Join(Names(), ", ")
	if s := Suggest(name); s != "" {
		return fmt.Errorf("%w %q: did you mean %q? templates: %s", ErrUnknownTemplate, name, s, list)
	}
	return fmt.Errorf("%w %q: templates: %s", ErrUnknownTemplate, name, list)
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
