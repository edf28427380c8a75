package ssm

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// ParameterState is one parameter as saved between runs of the tutor.
type ParameterState struct {
	Name     string    `json:"name"`
	Type     string    `json:"type"`
	Value    string    `json:"value"`
	Version  int64     `json:"version"`
	Modified time.Time `json:"modified"`
}

// MarshalState saves every parameter.
func (s *Service) MarshalState() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []ParameterState{}
	names := make([]string, 0, len(s.params))
	for n := range s.params {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := s.params[n]
		out = append(out, ParameterState{Name: n, Type: p.typ, Value: p.value, Version: p.version, Modified: p.modified})
	}
	return json.Marshal(out)
}

// UnmarshalState replaces the service's content; on error nothing changes.
func (s *Service) UnmarshalState(data []byte) error {
	var in []ParameterState
	if err := json.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("ssm state: %w", err)
	}
	params := map[string]*param{}
	for _, p := range in {
		if err := validName(p.Name); err != nil {
			return fmt.Errorf("ssm state: %w", err)
		}
		params[p.Name] = &param{name: p.Name, typ: p.Type, value: p.Value, version: p.Version, modified: p.Modified}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.params = params
	return nil
}
