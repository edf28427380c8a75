package iam

import (
	"fmt"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// Decision is the outcome of evaluating a request against a policy.
type Decision int

const (
	// ImplicitDeny: no statement allows the request (IAM's default).
	ImplicitDeny Decision = iota
	// Allow: a statement allows it and none denies it.
	Allow
	// ExplicitDeny: a Deny statement matches; it wins over any Allow.
	ExplicitDeny
)

func (d Decision) String() string {
	switch d {
	case Allow:
		return "allow"
	case ExplicitDeny:
		return "explicit deny"
	}
	return "implicit deny"
}

// Evaluate decides whether the policy lets its role perform action (e.g.
// "dynamodb:PutItem") on resource (an ARN). A nil policy allows nothing.
func (p *Policy) Evaluate(action, resource string) Decision {
	if p == nil {
		return ImplicitDeny
	}
	allowed := false
	for _, s := range p.Statements {
		if !s.matches(action, resource) {
			continue
		}
		if !s.Allow {
			return ExplicitDeny
		}
		allowed = true
	}
	if allowed {
		return Allow
	}
	return ImplicitDeny
}

func (s Statement) matches(action, resource string) bool {
	if s.Actions != nil && !anyMatch(s.Actions, action, matchAction) {
		return false
	}
	if s.NotActions != nil && anyMatch(s.NotActions, action, matchAction) {
		return false
	}
	if s.Resources != nil && !anyMatch(s.Resources, resource, matchResource) {
		return false
	}
	if s.NotResources != nil && anyMatch(s.NotResources, resource, matchResource) {
		return false
	}
	return true
}

func anyMatch(patterns []string, v string, match func(p, v string) bool) bool {
	for _, p := range patterns {
		if match(p, v) {
			return true
		}
	}
	return false
}

// matchAction: actions match case-insensitively, `*` and `?` anywhere.
func matchAction(pattern, action string) bool {
	if !strings.ContainsAny(pattern, "*?") {
		return strings.EqualFold(pattern, action)
	}
	return glob(strings.ToLower(pattern), strings.ToLower(action), false)
}

// matchResource: ARNs match case-sensitively. A `*` matches within one
// colon-separated segment of the ARN, except at the end of a segment (or
// of the pattern), where it may also match beyond the colons, as the IAM
// User Guide's Resource element page says.
func matchResource(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	if !strings.ContainsAny(pattern, "*?") {
		return pattern == arn
	}
	return glob(pattern, arn, true)
}

// glob matches `*` (any run of characters) and `?` (one character). With
// segments, a `*` that is not the last character of an ARN segment (or of
// the pattern) does not match a colon, and `?` never does. It is a dynamic
// programme over (pattern, string) positions: policies are short, and a
// hostile pattern cannot make it backtrack exponentially.
func glob(p, s string, segments bool) bool {
	// cur[j]: p[:i] matches s[:j].
	cur := make([]bool, len(s)+1)
	next := make([]bool, len(s)+1)
	cur[0] = true
	for i := 0; i < len(p); i++ {
		c := p[i]
		for j := range next {
			next[j] = false
		}
		switch c {
		case '*':
			crosses := !segments || i+1 == len(p) || p[i+1] == ':'
			for j := 0; j <= len(s); j++ {
				if cur[j] {
					next[j] = true
				} else if j > 0 && next[j-1] && (crosses || s[j-1] != ':') {
					next[j] = true
				}
			}
		default:
			for j := 1; j <= len(s); j++ {
				if !cur[j-1] {
					continue
				}
				if c == '?' {
					next[j] = !(segments && s[j-1] == ':')
				} else {
					next[j] = s[j-1] == c
				}
			}
		}
		cur, next = next, cur
	}
	return cur[len(s)]
}

// RoleSession is the principal a function's calls are made as: its
// execution role, assumed by Lambda with the function's name as the
// session name.
func RoleSession(accountID, role, function string) string {
	return fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", accountID, role, function)
}

// DeniedMessage words a refusal as IAM does: "User: P is not authorized to
// perform: A on resource: R because no identity-based policy allows the A
// action" (implicit) or "... with an explicit deny in an identity-based
// policy" (explicit). Source:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
func DeniedMessage(principal, action, resource string, d Decision) string {
	m := fmt.Sprintf("User: %s is not authorized to perform: %s on resource: %s", principal, action, resource)
	if d == ExplicitDeny {
		return m + " with an explicit deny in an identity-based policy"
	}
	return m + " because no identity-based policy allows the " + action + " action"
}

// serviceDenial is how one service answers a refused call.
type serviceDenial struct {
	code   string
	status int
	// quote: the resource ARN appears in double quotes (S3's enhanced
	// messages do this).
	quote bool
}

// denials: the error code and HTTP status each service answers with.
// DynamoDB, Secrets Manager, SSM and EventBridge answer with the common
// AccessDeniedException (HTTP 400) of their API references' Common Errors;
// S3 answers AccessDenied (403) with the resource quoted
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html);
// Lambda answers AccessDeniedException with 403
// (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html lists no
// AccessDenied of its own; the 403 is the common error's). SNS answers
// AuthorizationError (403) per its API reference. SQS over the JSON
// protocol: the code the SDKs surface for a refused call is
// AccessDeniedException per the SQS API reference's Common Errors; the
// status AWS sends there was not confirmed, 400 is the common errors'.
var denials = map[string]serviceDenial{
	"dynamodb":       {"AccessDeniedException", 400, false},
	"s3":             {"AccessDenied", 403, true},
	"secretsmanager": {"AccessDeniedException", 400, false},
	"ssm":            {"AccessDeniedException", 400, false},
	"events":         {"AccessDeniedException", 400, false},
	"lambda":         {"AccessDeniedException", 403, false},
	"sns":            {"AuthorizationError", 403, false},
	"sqs":            {"AccessDeniedException", 400, false},
}

// Check evaluates the call and, when it is refused, returns the error the
// service answers with. The action's service prefix ("dynamodb" of
// "dynamodb:PutItem") picks the wording.
func Check(p *Policy, principal, action, resource string) *cloud.Error {
	d := p.Evaluate(action, resource)
	if d == Allow {
		return nil
	}
	svc, _, _ := strings.Cut(action, ":")
	sd, ok := denials[strings.ToLower(svc)]
	if !ok {
		sd = serviceDenial{"AccessDeniedException", 400, false}
	}
	res := resource
	if sd.quote {
		res = `"` + resource + `"`
	}
	return &cloud.Error{Code: sd.code, Message: DeniedMessage(principal, action, res, d), Status: sd.status}
}
