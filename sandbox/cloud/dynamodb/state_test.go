package dynamodb

import (
	"reflect"
	"testing"
	"time"
)

// Items of every type come back as they were saved, and restoring sends
// no stream records.
func TestStateRoundTrip(t *testing.T) {
	s := newTestService(t)
	if err := s.CreateTable(TableSpec{Name: "Orders", PartitionKey: "id", PartitionKeyType: "S", SortKey: "n", SortKeyType: "N", StreamViewType: "NEW_IMAGE"}); err != nil {
		t.Fatal(err)
	}
	item := map[string]any{"id": map[string]any{"S": "a"}, "n": map[string]any{"N": "1.50"}, "b": map[string]any{"B": []byte{0, 1, 2}},
		"ss": map[string]any{"SS": []any{"x", "y"}}, "m": map[string]any{"M": map[string]any{"l": map[string]any{"L": []any{map[string]any{"BOOL": true}, map[string]any{"NULL": true}}}}}}
	if _, err := s.Call("PutItem", map[string]any{"TableName": "Orders", "Item": item}); err != nil {
		t.Fatal(err)
	}
	data, err := s.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	r := New(&fixedClock{time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}, "us-east-1", "123456789012")
	records := 0
	r.OnStreamRecord(func(Record) { records++ })
	if err := r.UnmarshalState(data); err != nil {
		t.Fatal(err)
	}
	want, _ := s.Items("Orders")
	got, err := r.Items("Orders")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("restored items = %v, %v\nwant %v", got, err, want)
	}
	if records != 0 {
		t.Errorf("restoring sent %d stream records", records)
	}
	if r.UnmarshalState([]byte(`{"tables":[{"spec":{"Name":"T","PartitionKey":"id","PartitionKeyType":"S"},"items":[{"other":{"S":"x"}}]}]}`)) == nil {
		t.Error("an item without its key was restored")
	}
	if tables := r.Tables(); len(tables) != 3 {
		t.Errorf("a failed restore changed the tables: %v", tables)
	}
}
