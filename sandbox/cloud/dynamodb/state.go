package dynamodb

import (
	"encoding/json"
	"fmt"
	"time"
)

// State is the service's content as saved between runs of the tutor:
// each table's definition and its items in the wire form.
type State struct {
	Tables []TableState `json:"tables"`
}

// TableState is one table.
type TableState struct {
	Spec    TableSpec        `json:"spec"`
	Created time.Time        `json:"created"`
	Items   []map[string]any `json:"items"`
}

// MarshalState saves every table and item.
func (s *Service) MarshalState() ([]byte, error) {
	st := State{Tables: []TableState{}}
	for _, name := range s.Tables() {
		items, err := s.Items(name)
		if err != nil {
			return nil, err
		}
		s.mu.Lock()
		t := s.tables[name]
		spec, created := t.spec, t.created
		s.mu.Unlock()
		if items == nil {
			items = []map[string]any{}
		}
		st.Tables = append(st.Tables, TableState{Spec: spec, Created: created, Items: items})
	}
	return json.Marshal(st)
}

// UnmarshalState replaces the service's content with a saved one, each
// item checked as PutItem checks it; no stream record is sent for the
// restored items; on error nothing changes.
func (s *Service) UnmarshalState(data []byte) error {
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("dynamodb state: %w", err)
	}
	tmp := New(s.clock, s.region, s.account)
	for _, ts := range st.Tables {
		if err := tmp.CreateTable(ts.Spec); err != nil {
			return fmt.Errorf("dynamodb state: %w", err)
		}
		tmp.tables[ts.Spec.Name].created = ts.Created
		for _, it := range ts.Items {
			if _, err := tmp.Call("PutItem", map[string]any{"TableName": ts.Spec.Name, "Item": it}); err != nil {
				return fmt.Errorf("dynamodb state: table %s: %w", ts.Spec.Name, err)
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tables = tmp.tables
	return nil
}
