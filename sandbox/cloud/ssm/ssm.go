// Package ssm is the tutor's in-process AWS Systems Manager Parameter
// Store: parameters in memory, no network, with the shapes of the AWS SDK
// for JavaScript v3's commands and Parameter Store's errors.
//
// What it has: PutParameter (String, StringList, SecureString; Overwrite;
// versions), GetParameter, GetParameters, GetParametersByPath (Recursive,
// MaxResults, NextToken), DeleteParameter. SecureString values are not
// encrypted (there is no KMS here): without WithDecryption the tutor
// returns a placeholder that says so, where AWS returns the ciphertext.
// What it has not: parameter policies, labels, advanced tier, public
// parameters (/aws/service/...).
//
// Sources:
//   - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
//   - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
//   - https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
//   - https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
package ssm

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// Service is one account's Parameter Store in one Region.
type Service struct {
	mu      sync.Mutex
	clock   cloud.Clock
	region  string
	account string
	params  map[string]*param
}

type param struct {
	name, typ, value string
	version          int64
	modified         time.Time
}

// New returns an empty Parameter Store.
func New(clock cloud.Clock, region, accountID string) *Service {
	return &Service{clock: clock, region: region, account: accountID, params: map[string]*param{}}
}

// PutParameter stores a parameter, as a project file declares it.
func (s *Service) PutParameter(name, typ, value string) error {
	_, err := s.Call("PutParameter", map[string]any{"Name": name, "Type": typ, "Value": value, "Overwrite": true})
	return err
}

// notFound: Parameter Store answers ParameterNotFound with no message of
// its own; the SDK for JavaScript then shows "UnknownError" and boto3 an
// empty message.
func notFound() error {
	return cloud.Errorf(400, "ParameterNotFound", "")
}

// Call runs one operation with the SDK v3 command's input and output
// shapes.
func (s *Service) Call(op string, in map[string]any) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch op {
	case "PutParameter":
		return s.put(in)
	case "GetParameter":
		p, ok := s.params[cloud.Str(in, "Name")]
		if !ok {
			return nil, notFound()
		}
		dec, _ := in["WithDecryption"].(bool)
		return map[string]any{"Parameter": s.view(p, dec)}, nil
	case "GetParameters":
		names, _ := in["Names"].([]any)
		if len(names) == 0 || len(names) > 10 {
			return nil, cloud.Errorf(400, "ValidationException", "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10")
		}
		dec, _ := in["WithDecryption"].(bool)
		found, invalid := []any{}, []any{}
		for _, x := range names {
			n, _ := x.(string)
			if p, ok := s.params[n]; ok {
				found = append(found, s.view(p, dec))
			} else {
				invalid = append(invalid, n)
			}
		}
		return map[string]any{"Parameters": found, "InvalidParameters": invalid}, nil
	case "GetParametersByPath":
		return s.byPath(in)
	case "DeleteParameter":
		n := cloud.Str(in, "Name")
		if _, ok := s.params[n]; !ok {
			return nil, notFound()
		}
		delete(s.params, n)
		return map[string]any{}, nil
	}
	return nil, cloud.Errorf(400, "ValidationException", "the tutor's in-process Parameter Store does not offer %s; it has PutParameter, GetParameter, GetParameters, GetParametersByPath and DeleteParameter", op)
}

func validName(n string) error {
	if n == "" || len(n) > 1011 {
		return cloud.Errorf(400, "ValidationException", "Parameter name must be 1 to 1011 characters.")
	}
	if strings.Contains(n, "/") && !strings.HasPrefix(n, "/") {
		return cloud.Errorf(400, "ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_")
	}
	low := strings.ToLower(strings.TrimPrefix(n, "/"))
	if strings.HasPrefix(low, "aws") || strings.HasPrefix(low, "ssm") {
		return cloud.Errorf(400, "ValidationException", "No access to reserved parameter name: %s.", n)
	}
	for _, c := range n {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("/._-", c)) {
			return cloud.Errorf(400, "ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_")
		}
	}
	if strings.Count(n, "/") > 15 {
		return cloud.Errorf(400, "HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.")
	}
	return nil
}

func (s *Service) put(in map[string]any) (map[string]any, error) {
	name := cloud.Str(in, "Name")
	if err := validName(name); err != nil {
		return nil, err
	}
	value, ok := in["Value"].(string)
	if !ok || value == "" {
		return nil, cloud.Errorf(400, "ValidationException", "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	if len(value) > 4096 {
		return nil, cloud.Errorf(400, "ValidationException", "Standard tier parameters support a maximum parameter value of 4096 characters.")
	}
	overwrite, _ := in["Overwrite"].(bool)
	typ := cloud.Str(in, "Type")
	old, exists := s.params[name]
	switch {
	case exists && !overwrite:
		return nil, cloud.Errorf(400, "ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.")
	case typ == "" && exists:
		typ = old.typ
	case typ == "":
		return nil, cloud.Errorf(400, "ValidationException", "A parameter type is required when you create a parameter.")
	case typ != "String" && typ != "StringList" && typ != "SecureString":
		return nil, cloud.Errorf(400, "ValidationException", "1 validation error detected: Value '%s' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]", typ)
	}
	p := &param{name: name, typ: typ, value: value, version: 1, modified: s.now()}
	if exists {
		p.version = old.version + 1
	}
	s.params[name] = p
	return map[string]any{"Version": p.version, "Tier": "Standard"}, nil
}

func (s *Service) now() time.Time {
	if s.clock == nil {
		return time.Time{}
	}
	return s.clock.Now().UTC()
}

func (s *Service) arn(name string) string {
	return fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/%s", s.region, s.account, strings.TrimPrefix(name, "/"))
}

func (s *Service) view(p *param, decrypt bool) map[string]any {
	v := p.value
	if p.typ == "SecureString" && !decrypt {
		v = "(SecureString: encrypted by KMS on AWS; the tutor's sandbox has no KMS, ask WithDecryption: true for the value)"
	}
	return map[string]any{
		"Name": p.name, "Type": p.typ, "Value": v, "Version": p.version,
		"LastModifiedDate": p.modified, "ARN": s.arn(p.name), "DataType": "text",
	}
}

func (s *Service) byPath(in map[string]any) (map[string]any, error) {
	path := cloud.Str(in, "Path")
	if !strings.HasPrefix(path, "/") {
		return nil, cloud.Errorf(400, "ValidationException", "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".")
	}
	prefix := strings.TrimSuffix(path, "/") + "/"
	recursive, _ := in["Recursive"].(bool)
	dec, _ := in["WithDecryption"].(bool)
	max := 10
	if v, ok := in["MaxResults"]; ok && v != nil {
		n, ok := cloud.Int(v)
		if !ok || n < 1 || n > 10 {
			return nil, cloud.Errorf(400, "ValidationException", "1 validation error detected: Value '%v' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10", v)
		}
		max = n
	}
	var names []string
	for n := range s.params {
		rest, ok := strings.CutPrefix(n, prefix)
		if !ok || rest == "" || (!recursive && strings.Contains(rest, "/")) {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	start := 0
	if tok := cloud.Str(in, "NextToken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 || n > len(names) {
			return nil, cloud.Errorf(400, "ValidationException", "The specified NextToken is not valid.")
		}
		start = n
	}
	end := min(start+max, len(names))
	list := []any{}
	for _, n := range names[start:end] {
		list = append(list, s.view(s.params[n], dec))
	}
	out := map[string]any{"Parameters": list}
	if end < len(names) {
		out["NextToken"] = strconv.Itoa(end)
	}
	return out, nil
}
