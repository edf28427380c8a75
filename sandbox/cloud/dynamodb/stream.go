package dynamodb

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"time"
)

// Record is a DynamoDB Streams record as Lambda receives it in the event's
// Records[] (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html,
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html).
// Images are in the typed AttributeValue form.
type Record struct {
	EventID        string
	EventName      string // INSERT, MODIFY or REMOVE
	EventVersion   string
	EventSource    string
	AWSRegion      string
	EventSourceARN string // the table's stream ARN
	TableName      string

	ApproximateCreationDateTime time.Time // from the service's clock
	Keys                        map[string]any
	NewImage                    map[string]any // per StreamViewType; nil when absent
	OldImage                    map[string]any
	SequenceNumber              string
	SizeBytes                   int
	StreamViewType              string
}

// Event returns the record in the JSON shape of a Lambda event's Records[]
// element. ApproximateCreationDateTime is epoch seconds, as Lambda sends it.
func (r Record) Event() map[string]any {
	d := map[string]any{
		"ApproximateCreationDateTime": float64(r.ApproximateCreationDateTime.Unix()),
		"Keys":                        r.Keys,
		"SequenceNumber":              r.SequenceNumber,
		"SizeBytes":                   r.SizeBytes,
		"StreamViewType":              r.StreamViewType,
	}
	if r.NewImage != nil {
		d["NewImage"] = r.NewImage
	}
	if r.OldImage != nil {
		d["OldImage"] = r.OldImage
	}
	return map[string]any{
		"eventID":        r.EventID,
		"eventName":      r.EventName,
		"eventVersion":   r.EventVersion,
		"eventSource":    r.EventSource,
		"awsRegion":      r.AWSRegion,
		"dynamodb":       d,
		"eventSourceARN": r.EventSourceARN,
	}
}

// record builds the stream record of a write; a write that changes nothing
// (an identical put, a delete of a missing item) writes no record.
func (s *Service) record(t *table, old, nw item) (Record, bool) {
	var name string
	switch {
	case old == nil && nw == nil:
		return Record{}, false
	case old == nil:
		name = "INSERT"
	case nw == nil:
		name = "REMOVE"
	default:
		if itemsEqual(old, nw) {
			return Record{}, false
		}
		name = "MODIFY"
	}
	src := nw
	if src == nil {
		src = old
	}
	keys := t.keyItem(src)
	s.seq++
	seq := fmt.Sprintf("%d%020d", 1, s.seq) // 21 digits, increasing, as real sequence numbers are
	sum := md5.Sum([]byte(t.arn + seq))
	r := Record{
		EventID:                     hex.EncodeToString(sum[:]),
		EventName:                   name,
		EventVersion:                "1.1",
		EventSource:                 "aws:dynamodb",
		AWSRegion:                   s.region,
		EventSourceARN:              t.streamARN(),
		TableName:                   t.spec.Name,
		ApproximateCreationDateTime: s.clock.Now().UTC(),
		Keys:                        encodeItem(keys),
		SequenceNumber:              seq,
		StreamViewType:              t.spec.StreamViewType,
	}
	size := itemSize(keys)
	view := t.spec.StreamViewType
	if nw != nil && (view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES") {
		r.NewImage = encodeItem(nw)
		size += itemSize(nw)
	}
	if old != nil && (view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES") {
		r.OldImage = encodeItem(old)
		size += itemSize(old)
	}
	r.SizeBytes = size
	return r, true
}

func itemsEqual(a, b item) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !equal(v, w) {
			return false
		}
	}
	return true
}
