package secrets

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// State is the service's content as saved between runs of the tutor.
type State struct {
	Seq     int           `json:"seq"`
	Secrets []SecretState `json:"secrets"`
}

// SecretState is one secret with its versions and stages.
type SecretState struct {
	Name        string            `json:"name"`
	ARN         string            `json:"arn"`
	Description string            `json:"description,omitempty"`
	Created     time.Time         `json:"created"`
	Versions    []VersionState    `json:"versions"`
	Stages      map[string]string `json:"stages"`
}

// VersionState is one version of a secret.
type VersionState struct {
	ID      string    `json:"id"`
	String  *string   `json:"string,omitempty"`
	Binary  []byte    `json:"binary,omitempty"`
	Created time.Time `json:"created"`
}

// MarshalState saves every secret.
func (s *Service) MarshalState() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{Seq: s.seq, Secrets: []SecretState{}}
	names := make([]string, 0, len(s.secrets))
	for n := range s.secrets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sec := s.secrets[n]
		ss := SecretState{Name: n, ARN: sec.arn, Description: sec.description, Created: sec.created, Stages: sec.stages}
		ids := make([]string, 0, len(sec.versions))
		for id := range sec.versions {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			v := sec.versions[id]
			ss.Versions = append(ss.Versions, VersionState{ID: id, String: v.str, Binary: v.bin, Created: v.created})
		}
		st.Secrets = append(st.Secrets, ss)
	}
	return json.Marshal(st)
}

// UnmarshalState replaces the service's content; on error nothing changes.
func (s *Service) UnmarshalState(data []byte) error {
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("secrets state: %w", err)
	}
	secrets := map[string]*secret{}
	for _, ss := range st.Secrets {
		sec := &secret{name: ss.Name, arn: ss.ARN, description: ss.Description, created: ss.Created, versions: map[string]*version{}, stages: map[string]string{}}
		for _, v := range ss.Versions {
			sec.versions[v.ID] = &version{id: v.ID, str: v.String, bin: v.Binary, created: v.Created}
		}
		for stage, id := range ss.Stages {
			if _, ok := sec.versions[id]; !ok {
				return fmt.Errorf("secrets state: secret %s's stage %s names no version", ss.Name, stage)
			}
			sec.stages[stage] = id
		}
		secrets[ss.Name] = sec
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets, s.seq = secrets, st.Seq
	return nil
}
