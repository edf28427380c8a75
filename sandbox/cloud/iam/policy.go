// Package iam evaluates a function's execution-role policy the way AWS
// evaluates an identity-based policy, and words a refusal as AWS does.
//
// What is evaluated: Effect, Action, NotAction, Resource and NotResource
// with the `*` and `?` wildcards; an explicit Deny wins over any Allow; what
// no statement allows is denied. What is not: Condition blocks and policy
// variables (`${aws:username}`), resource-based policies, permission
// boundaries, SCPs and session policies. A policy that uses Condition or a
// policy variable is refused when it is parsed, with a message that says
// the tutor does not evaluate it, rather than being half-evaluated.
//
// Sources:
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Policy is a parsed identity-based policy document.
type Policy struct {
	Version    string
	Statements []Statement
}

// Statement is one statement of a policy. Exactly one of Actions and
// NotActions is set, and at most one of Resources and NotResources (an
// identity-based policy needs one of them).
type Statement struct {
	Sid          string
	Allow        bool // Effect: Allow (true) or Deny (false)
	Actions      []string
	NotActions   []string
	Resources    []string
	NotResources []string
}

// Versions IAM accepts in a policy document.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// stringList is a JSON value that is either one string or a list of them,
// as IAM accepts for Action, Resource and their Not forms.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = stringList{s}
		return nil
	}
	var ss []string
	if err := json.Unmarshal(b, &ss); err != nil {
		return errors.New("must be a string or a list of strings")
	}
	*l = ss
	return nil
}

type rawStatement struct {
	Sid          string          `json:"Sid"`
	Effect       string          `json:"Effect"`
	Action       *stringList     `json:"Action"`
	NotAction    *stringList     `json:"NotAction"`
	Resource     *stringList     `json:"Resource"`
	NotResource  *stringList     `json:"NotResource"`
	Condition    json.RawMessage `json:"Condition"`
	Principal    json.RawMessage `json:"Principal"`
	NotPrincipal json.RawMessage `json:"NotPrincipal"`
}

// knownStatementKeys are the elements a statement of an identity-based
// policy may have; any other key is an error, as in IAM.
var knownStatementKeys = map[string]bool{
	"Sid": true, "Effect": true, "Action": true, "NotAction": true,
	"Resource": true, "NotResource": true, "Condition": true,
	"Principal": true, "NotPrincipal": true,
}

// Parse reads an identity-based policy document (IAM JSON). Its errors
// say what is wrong and in which statement.
func Parse(doc []byte) (*Policy, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, fmt.Errorf("the policy is not a JSON object: %w", err)
	}
	for k := range top {
		if k != "Version" && k != "Statement" && k != "Id" {
			return nil, fmt.Errorf("the policy has an unknown element %q: a policy has Version, Id and Statement", k)
		}
	}
	p := &Policy{Version: Version2008}
	if v, ok := top["Version"]; ok {
		if err := json.Unmarshal(v, &p.Version); err != nil || (p.Version != Version2012 && p.Version != Version2008) {
			return nil, fmt.Errorf("the policy's Version must be %q (or the older %q), got %s", Version2012, Version2008, v)
		}
	}
	st, ok := top["Statement"]
	if !ok {
		return nil, errors.New("the policy has no Statement: add a list of statements with Effect, Action and Resource")
	}
	var raws []json.RawMessage
	st = bytes.TrimSpace(st)
	if len(st) > 0 && st[0] == '{' {
		raws = []json.RawMessage{st}
	} else if err := json.Unmarshal(st, &raws); err != nil {
		return nil, errors.New("the policy's Statement must be a statement or a list of statements")
	}
	for i, raw := range raws {
		s, err := parseStatement(raw, p.Version)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i+1, err)
		}
		p.Statements = append(p.Statements, s)
	}
	return p, nil
}

func parseStatement(raw json.RawMessage, version string) (Statement, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return Statement{}, errors.New("a statement must be a JSON object")
	}
	for k := range keys {
		if !knownStatementKeys[k] {
			return Statement{}, fmt.Errorf("unknown element %q (a statement has Sid, Effect, Action or NotAction, Resource or NotResource, Condition)", k)
		}
	}
	var r rawStatement
	if err := json.Unmarshal(raw, &r); err != nil {
		return Statement{}, fmt.Errorf("%w", err)
	}
	s := Statement{Sid: r.Sid}
	switch r.Effect {
	case "Allow":
		s.Allow = true
	case "Deny":
	default:
		return Statement{}, fmt.Errorf("Effect must be \"Allow\" or \"Deny\", got %q", r.Effect)
	}
	if r.Principal != nil || r.NotPrincipal != nil {
		// IAM's own message for a principal in an identity-based policy.
		return Statement{}, errors.New("MalformedPolicyDocument: Policy document should not specify a principal (an execution role's policy applies to the role itself)")
	}
	if r.Condition != nil {
		return Statement{}, errors.New("has a Condition: the tutor's sandbox does not evaluate IAM conditions; remove the Condition block to run here (real IAM would evaluate it)")
	}
	switch {
	case r.Action != nil && r.NotAction != nil:
		return Statement{}, errors.New("has both Action and NotAction: use one")
	case r.Action != nil:
		s.Actions = *r.Action
	case r.NotAction != nil:
		s.NotActions = *r.NotAction
	default:
		return Statement{}, errors.New("has no Action: name the actions it allows or denies, e.g. \"dynamodb:PutItem\"")
	}
	switch {
	case r.Resource != nil && r.NotResource != nil:
		return Statement{}, errors.New("has both Resource and NotResource: use one")
	case r.Resource != nil:
		s.Resources = *r.Resource
	case r.NotResource != nil:
		s.NotResources = *r.NotResource
	default:
		return Statement{}, errors.New("has no Resource: name the ARNs it applies to, or \"*\"")
	}
	for _, a := range append(append([]string{}, s.Actions...), s.NotActions...) {
		if err := checkAction(a); err != nil {
			return Statement{}, err
		}
	}
	for _, res := range append(append([]string{}, s.Resources...), s.NotResources...) {
		if err := checkResource(res, version); err != nil {
			return Statement{}, err
		}
	}
	return s, nil
}

// checkAction accepts "*" and "service:Action" with wildcards.
func checkAction(a string) error {
	if a == "*" {
		return nil
	}
	svc, name, ok := strings.Cut(a, ":")
	if !ok || svc == "" || name == "" {
		return fmt.Errorf("action %q must be \"service:Action\", e.g. \"s3:GetObject\", or \"*\"", a)
	}
	return nil
}

// checkResource accepts "*" and ARNs; policy variables need the 2012
// version, and the tutor does not substitute them.
func checkResource(r, version string) error {
	if r == "*" {
		return nil
	}
	if !strings.HasPrefix(r, "arn:") {
		return fmt.Errorf("resource %q must be an ARN (arn:aws:service:region:account:...) or \"*\"", r)
	}
	if strings.Contains(r, "${") {
		return fmt.Errorf("resource %q uses a policy variable: the tutor's sandbox does not substitute policy variables; write the ARN out", r)
	}
	return nil
}
