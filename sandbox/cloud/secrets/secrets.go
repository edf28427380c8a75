// Package secrets is the tutor's in-process AWS Secrets Manager: secrets
// and their versions in memory, no network, no encryption (nothing leaves
// the process), with the shapes of the AWS SDK for JavaScript v3's
// commands and Secrets Manager's errors.
//
// What it has: CreateSecret, GetSecretValue (by name, full ARN or partial
// ARN; VersionId or VersionStage), PutSecretValue (the new version becomes
// AWSCURRENT, the old one AWSPREVIOUS), DescribeSecret, ListSecrets.
// What it has not: rotation, KMS keys, resource policies, replication,
// deletion with a recovery window.
//
// Sources:
//   - https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
//   - https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
//   - https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html
package secrets

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// Service is one account's Secrets Manager in one Region.
type Service struct {
	mu      sync.Mutex
	clock   cloud.Clock
	region  string
	account string
	secrets map[string]*secret // by name
	seq     int
}

type secret struct {
	name, arn, description string
	created                time.Time
	versions               map[string]*version // by VersionId
	stages                 map[string]string   // stage -> VersionId
}

type version struct {
	id      string
	str     *string
	bin     []byte
	created time.Time
}

// New returns a Secrets Manager with no secrets.
func New(clock cloud.Clock, region, accountID string) *Service {
	return &Service{clock: clock, region: region, account: accountID, secrets: map[string]*secret{}}
}

func (s *Service) now() time.Time {
	if s.clock == nil {
		return time.Time{}
	}
	return s.clock.Now().UTC()
}

// CreateSecret stores a secret string, as a project file declares it.
func (s *Service) CreateSecret(name, value string) error {
	_, err := s.Call("CreateSecret", map[string]any{"Name": name, "SecretString": value})
	return err
}

func notFound() error {
	return cloud.Errorf(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

// Call runs one operation with the SDK v3 command's input and output
// shapes.
func (s *Service) Call(op string, in map[string]any) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch op {
	case "CreateSecret":
		return s.create(in)
	case "GetSecretValue":
		return s.get(in)
	case "PutSecretValue":
		return s.put(in)
	case "DescribeSecret":
		sec, err := s.find(cloud.Str(in, "SecretId"))
		if err != nil {
			return nil, err
		}
		return s.describe(sec), nil
	case "ListSecrets":
		names := make([]string, 0, len(s.secrets))
		for n := range s.secrets {
			names = append(names, n)
		}
		sort.Strings(names)
		list := []any{}
		for _, n := range names {
			list = append(list, s.describe(s.secrets[n]))
		}
		return map[string]any{"SecretList": list}, nil
	}
	return nil, cloud.Errorf(400, "InvalidRequestException", "the tutor's in-process Secrets Manager does not offer %s; it has CreateSecret, GetSecretValue, PutSecretValue, DescribeSecret and ListSecrets", op)
}

func (s *Service) newVersionID() string {
	s.seq++
	h := md5.Sum([]byte(fmt.Sprintf("%s/secret-version/%d", s.account, s.seq)))
	x := hex.EncodeToString(h[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// suffix: Secrets Manager adds a hyphen and six random characters to a
// secret's name in its ARN; here they are derived from the name, so runs
// are reproducible.
func suffix(account, name string) string {
	h := md5.Sum([]byte(account + "/" + name))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 6)
	for i := range b {
		b[i] = letters[int(h[i])%len(letters)]
	}
	return string(b)
}

func value(in map[string]any) (*string, []byte, error) {
	sv, hasS := in["SecretString"].(string)
	bv, hasB := in["SecretBinary"].([]byte)
	if hasS == hasB {
		return nil, nil, cloud.Errorf(400, "InvalidParameterException", "You must provide either SecretString or SecretBinary.")
	}
	if len(sv) > 65536 || len(bv) > 65536 {
		return nil, nil, cloud.Errorf(400, "InvalidParameterException", "The secret value is larger than the 64 KB Secrets Manager allows.")
	}
	if hasS {
		return &sv, nil, nil
	}
	return nil, append([]byte(nil), bv...), nil
}

func (s *Service) create(in map[string]any) (map[string]any, error) {
	name := cloud.Str(in, "Name")
	if name == "" || len(name) > 512 {
		return nil, cloud.Errorf(400, "InvalidParameterException", "Name must be 1 to 512 characters.")
	}
	if _, ok := s.secrets[name]; ok {
		return nil, cloud.Errorf(400, "ResourceExistsException", "The operation failed because the secret %s already exists.", name)
	}
	sv, bv, err := value(in)
	if err != nil {
		return nil, err
	}
	now := s.now()
	sec := &secret{
		name: name, description: cloud.Str(in, "Description"), created: now,
		arn:      fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s-%s", s.region, s.account, name, suffix(s.account, name)),
		versions: map[string]*version{}, stages: map[string]string{},
	}
	v := &version{id: s.newVersionID(), str: sv, bin: bv, created: now}
	sec.versions[v.id] = v
	sec.stages["AWSCURRENT"] = v.id
	s.secrets[name] = sec
	return map[string]any{"ARN": sec.arn, "Name": name, "VersionId": v.id}, nil
}

// find accepts a name, a full ARN, or a partial ARN (without the six
// characters Secrets Manager adds).
func (s *Service) find(id string) (*secret, error) {
	if id == "" {
		return nil, cloud.Errorf(400, "InvalidParameterException", "SecretId is required.")
	}
	if sec, ok := s.secrets[id]; ok {
		return sec, nil
	}
	for _, sec := range s.secrets {
		partial := strings.TrimSuffix(sec.arn, "-"+suffix(s.account, sec.name))
		if id == sec.arn || id == partial {
			return sec, nil
		}
	}
	return nil, notFound()
}

func (s *Service) stagesOf(sec *secret, versionID string) []any {
	var st []any
	for _, stage := range []string{"AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"} {
		if sec.stages[stage] == versionID {
			st = append(st, stage)
		}
	}
	return st
}

func (s *Service) get(in map[string]any) (map[string]any, error) {
	sec, err := s.find(cloud.Str(in, "SecretId"))
	if err != nil {
		return nil, err
	}
	vid := cloud.Str(in, "VersionId")
	stage := cloud.Str(in, "VersionStage")
	if vid == "" {
		if stage == "" {
			stage = "AWSCURRENT"
		}
		vid = sec.stages[stage]
	} else if stage != "" && sec.stages[stage] != vid {
		return nil, cloud.Errorf(400, "InvalidRequestException", "You provided a VersionStage that is not attached to the version that you specified.")
	}
	v, ok := sec.versions[vid]
	if !ok {
		return nil, cloud.Errorf(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for VersionId: %s", vid)
	}
	out := map[string]any{"ARN": sec.arn, "Name": sec.name, "VersionId": v.id, "VersionStages": s.stagesOf(sec, v.id), "CreatedDate": v.created}
	if v.str != nil {
		out["SecretString"] = *v.str
	} else {
		out["SecretBinary"] = append([]byte(nil), v.bin...)
	}
	return out, nil
}

func (s *Service) put(in map[string]any) (map[string]any, error) {
	sec, err := s.find(cloud.Str(in, "SecretId"))
	if err != nil {
		return nil, err
	}
	sv, bv, err := value(in)
	if err != nil {
		return nil, err
	}
	v := &version{id: s.newVersionID(), str: sv, bin: bv, created: s.now()}
	sec.versions[v.id] = v
	if prev, ok := sec.stages["AWSPREVIOUS"]; ok && prev != sec.stages["AWSCURRENT"] {
		// A version with no stage left is deprecated; Secrets Manager
		// keeps up to 100 of them. The tutor drops it.
		delete(sec.versions, prev)
	}
	sec.stages["AWSPREVIOUS"] = sec.stages["AWSCURRENT"]
	sec.stages["AWSCURRENT"] = v.id
	return map[string]any{"ARN": sec.arn, "Name": sec.name, "VersionId": v.id, "VersionStages": []any{"AWSCURRENT"}}, nil
}

func (s *Service) describe(sec *secret) map[string]any {
	vs := map[string]any{}
	for id := range sec.versions {
		vs[id] = s.stagesOf(sec, id)
	}
	out := map[string]any{"ARN": sec.arn, "Name": sec.name, "CreatedDate": sec.created, "VersionIdsToStages": vs}
	if sec.description != "" {
		out["Description"] = sec.description
	}
	return out
}
