package s3

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Event is an object created or removed, for the notifications that
// invoke functions.
type Event struct {
	Name      string // ObjectCreated:Put, ObjectCreated:Copy, ObjectRemoved:Delete
	Bucket    string
	Key       string
	Size      int64  // 0 for removals
	ETag      string // unquoted MD5 hex; empty for removals
	Time      time.Time
	Sequencer string
}

func (s *Service) event(name, bkt, key string, o *object) Event {
	s.seq++
	e := Event{Name: name, Bucket: bkt, Key: key, Time: s.now(), Sequencer: fmt.Sprintf("%018X", s.seq)}
	if o != nil {
		e.Size = int64(len(o.body))
		e.ETag = strings.Trim(o.etag, `"`)
	}
	return e
}

// Record is the event as Lambda receives it in Records: the S3 event
// message structure, version 2.1, with the key URL-encoded (spaces as
// "+"), as S3 sends it. principalID is the caller's principal, the
// configuration id names the bucket's notification configuration.
func (e Event) Record(region, principalID, configurationID string) map[string]any {
	obj := map[string]any{
		"key":       eventKey(e.Key),
		"sequencer": e.Sequencer,
	}
	if strings.HasPrefix(e.Name, "ObjectCreated:") {
		obj["size"] = e.Size
		obj["eTag"] = e.ETag
	}
	return map[string]any{
		"eventVersion": "2.1",
		"eventSource":  "aws:s3",
		"awsRegion":    region,
		"eventTime":    e.Time.UTC().Format("2006-01-02T15:04:05.000Z"),
		"eventName":    e.Name,
		"userIdentity": map[string]any{"principalId": principalID},
		"requestParameters": map[string]any{
			"sourceIPAddress": "127.0.0.1",
		},
		"responseElements": map[string]any{
			"x-amz-request-id": e.Sequencer[len(e.Sequencer)-16:],
			"x-amz-id-2":       "lambdatutor/in-process/" + e.Sequencer,
		},
		"s3": map[string]any{
			"s3SchemaVersion": "1.0",
			"configurationId": configurationID,
			"bucket": map[string]any{
				"name":          e.Bucket,
				"ownerIdentity": map[string]any{"principalId": principalID},
				"arn":           "arn:aws:s3:::" + e.Bucket,
			},
			"object": obj,
		},
	}
}

// eventKey is the key as S3 writes it in a notification: URL-encoded as a
// form value (a space is "+"), with the slashes between "folders" left as
// they are (the sample of sandbox/events and the developer guide's
// examples, e.g. "key": "HappyFace.jpg", "photos/beach+day+2026.jpg").
func eventKey(k string) string {
	return strings.ReplaceAll(url.QueryEscape(k), "%2F", "/")
}

// urlUnescape decodes a URL-encoded CopySource key ("%20" and "+" stay
// distinct: a path escape).
func urlUnescape(s string) (string, error) {
	return url.PathUnescape(s)
}
