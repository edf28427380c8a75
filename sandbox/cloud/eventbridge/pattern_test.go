package eventbridge

import (
	"strings"
	"testing"
)

// An event shaped like the EC2 state-change example of the EventBridge
// user guide, with the fields the operator examples of
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
// use.
const event = `{
  "version": "0",
  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  "source": "aws.ec2",
  "account": "111122223333",
  "time": "2017-12-22T18:43:48Z",
  "region": "us-west-1",
  "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  "detail": {
    "instance-id": "i-1234567890abcdef0",
    "state": "terminated",
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.123",
    "eventName": "PutObject",
    "filename": "photos/cat.png",
    "tags": ["prod", "web"],
    "empty": "",
    "nothing": null,
    "flag": false,
    "location": { "city": "Seattle" }
  }
}`

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
var patternCases = []struct {
	name    string
	pattern string
	want    bool
}{
	{"exact source", `{"source":["aws.ec2"]}`, true},
	{"exact source, another value", `{"source":["aws.s3"]}`, false},
	{"any of several values", `{"source":["aws.s3","aws.ec2"]}`, true},
	{"nested field", `{"detail":{"state":["terminated"]}}`, true},
	{"all fields must match (AND)", `{"source":["aws.ec2"],"detail":{"state":["running"]}}`, false},
	{"matching is case-sensitive", `{"detail":{"state":["Terminated"]}}`, false},
	{"numbers match numerically", `{"detail":{"c-count":[5.0]}}`, true},
	{"a number does not match its string", `{"detail":{"c-count":["5"]}}`, false},
	{"boolean", `{"detail":{"flag":[false]}}`, true},
	{"null matches null", `{"detail":{"nothing":[null]}}`, true},
	{"null does not match a missing field", `{"detail":{"missing":[null]}}`, false},
	{"empty string matches empty string", `{"detail":{"empty":[""]}}`, true},
	{"empty string does not match null", `{"detail":{"nothing":[""]}}`, false},
	{"array in the event: any element", `{"detail":{"tags":["web"]}}`, true},
	{"array in the event: no element", `{"detail":{"tags":["dev"]}}`, false},
	{"array in the event, top level", `{"resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"]}`, true},
	{"prefix", `{"detail":{"instance-id":[{"prefix":"i-123"}]}}`, true},
	{"prefix no match", `{"detail":{"instance-id":[{"prefix":"i-999"}]}}`, false},
	{"prefix ignoring case", `{"detail":{"state":[{"prefix":{"equals-ignore-case":"TERM"}}]}}`, true},
	{"suffix", `{"detail":{"filename":[{"suffix":".png"}]}}`, true},
	{"suffix no match", `{"detail":{"filename":[{"suffix":".jpg"}]}}`, false},
	{"suffix ignoring case", `{"detail":{"filename":[{"suffix":{"equals-ignore-case":".PNG"}}]}}`, true},
	{"equals-ignore-case", `{"detail":{"state":[{"equals-ignore-case":"TERMINATED"}]}}`, true},
	{"anything-but a value", `{"detail":{"state":[{"anything-but":"running"}]}}`, true},
	{"anything-but the value itself", `{"detail":{"state":[{"anything-but":"terminated"}]}}`, false},
	{"anything-but a list", `{"detail":{"state":[{"anything-but":["stopped","terminated"]}]}}`, false},
	{"anything-but a number", `{"detail":{"c-count":[{"anything-but":[4,6]}]}}`, true},
	{"anything-but a prefix", `{"detail":{"state":[{"anything-but":{"prefix":"term"}}]}}`, false},
	{"anything-but a suffix", `{"detail":{"filename":[{"anything-but":{"suffix":".jpg"}}]}}`, true},
	{"anything-but ignoring case", `{"detail":{"state":[{"anything-but":{"equals-ignore-case":["TERMINATED"]}}]}}`, false},
	{"anything-but on an array: any element that passes", `{"detail":{"tags":[{"anything-but":"web"}]}}`, true},
	{"anything-but on an array: no element passes", `{"detail":{"tags":[{"anything-but":["web","prod"]}]}}`, false},
	// Matches on AWS: https://github.com/localstack/localstack/issues/9711
	{"anything-but matches a null value", `{"detail":{"nothing":[{"anything-but":["baz"]}]}}`, true},
	{"anything-but does not match a missing field", `{"detail":{"missing":[{"anything-but":"x"}]}}`, false},
	{"numeric range", `{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}`, true},
	{"numeric range excludes", `{"detail":{"c-count":[{"numeric":[">",5]}]}}`, false},
	{"numeric equals", `{"detail":{"x-limit":[{"numeric":["=",301.8]}]}}`, true},
	{"numeric on a string field", `{"detail":{"state":[{"numeric":[">",0]}]}}`, false},
	{"exists true", `{"detail":{"c-count":[{"exists":true}]}}`, true},
	{"exists false on a missing field", `{"detail":{"missing":[{"exists":false}]}}`, true},
	{"exists false on a present field", `{"detail":{"c-count":[{"exists":false}]}}`, false},
	{"exists true on a missing field", `{"detail":{"missing":[{"exists":true}]}}`, false},
	{"exists does not match an object (leaf nodes only)", `{"detail":{"location":[{"exists":true}]}}`, false},
	{"exists true on a null value", `{"detail":{"nothing":[{"exists":true}]}}`, true},
	{"cidr", `{"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}]}}`, true},
	{"cidr outside", `{"detail":{"source-ip":[{"cidr":"10.0.1.0/24"}]}}`, false},
	{"wildcard", `{"detail":{"filename":[{"wildcard":"photos/*.png"}]}}`, true},
	{"wildcard no match", `{"detail":{"filename":[{"wildcard":"videos/*"}]}}`, false},
	{"wildcard escaped star", `{"detail":{"filename":[{"wildcard":"photos/\\*.png"}]}}`, false},
	{"$or: one branch matches", `{"detail":{"$or":[{"c-count":[{"numeric":[">",10]}]},{"d-count":[{"numeric":["<",5]}]}]}}`, true},
	{"$or: no branch matches", `{"detail":{"$or":[{"c-count":[{"numeric":[">",10]}]},{"d-count":[{"numeric":[">",5]}]}]}}`, false},
	{"$or with other fields (AND)", `{"source":["aws.s3"],"$or":[{"detail":{"state":["terminated"]}},{"region":["us-west-1"]}]}`, false},
	{"several matchers on one field (OR)", `{"detail":{"state":[{"prefix":"run"},"terminated"]}}`, true},
	{"nested object missing", `{"detail":{"other":{"x":["y"]}}}`, false},
	{"nested object of exists false, object missing", `{"detail":{"other":{"x":[{"exists":false}]}}}`, true},
	{"detail-type", `{"detail-type":["EC2 Instance State-change Notification"]}`, true},
}

func TestPatternCases(t *testing.T) {
	if len(patternCases) < 30 {
		t.Fatalf("only %d pattern cases", len(patternCases))
	}
	for _, c := range patternCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := ParsePattern(c.pattern)
			if err != nil {
				t.Fatalf("ParsePattern(%s): %v", c.pattern, err)
			}
			if got := p.Match([]byte(event)); got != c.want {
				t.Errorf("Match = %v, want %v for %s", got, c.want, c.pattern)
			}
		})
	}
}

// Patterns EventBridge refuses when a rule is created.
func TestInvalidPatterns(t *testing.T) {
	cases := []struct{ pattern, want string }{
		{`[]`, "Filter is not an object"},
		{`{}`, "Empty objects are not allowed"},
		{`{"source":"aws.ec2"}`, "must be an object or an array"},
		{`{"source":[]}`, "Empty arrays are not allowed"},
		{`{"detail":{"n":[{"numeric":[">"]}]}}`, "numeric"},
		{`{"detail":{"n":[{"numeric":["~",1]}]}}`, "Unrecognized numeric range operator"},
		{`{"detail":{"n":[{"numeric":[">",6e9]}]}}`, "between -5.0E9 and 5.0E9"},
		{`{"detail":{"n":[{"exists":"yes"}]}}`, "exists match pattern must be either true or false."},
		{`{"detail":{"n":[{"cidr":"10.0.0.1"}]}}`, "Malformed CIDR"},
		{`{"detail":{"n":[{"wildcard":"a**b"}]}}`, "Consecutive wildcard characters"},
		{`{"detail":{"n":[{"regex":"a.*"}]}}`, "Unrecognized match type regex"},
		{`{"$or":[{"source":["a"]}]}`, "$or must be a list of at least two patterns"},
		{`{"source":[{"anything-but":[null]}]}`, "anything but list"},
	}
	for _, c := range cases {
		_, err := ParsePattern(c.pattern)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "Event pattern is not valid. Reason: ") {
			t.Errorf("ParsePattern(%s) = %v, want %q", c.pattern, err, c.want)
		}
	}
}

func TestWildcardHasNoBacktracking(t *testing.T) {
	p := strings.Repeat("a*", 50) + "b"
	if wildcard(p, strings.Repeat("a", 5000)) {
		t.Fatal("matched without the final b")
	}
}
