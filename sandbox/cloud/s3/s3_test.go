package s3

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

var t0 = time.Date(2026, 12, 3, 9, 15, 30, 512e6, time.UTC)

func newS3(t *testing.T, buckets ...string) *Service {
	t.Helper()
	s := New(&fixedClock{t0}, "us-east-1", "123456789012")
	for _, b := range buckets {
		if err := s.CreateBucket(b); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func call(t *testing.T, s *Service, op string, in map[string]any) map[string]any {
	t.Helper()
	out, err := s.Call(op, in)
	if err != nil {
		t.Fatalf("%s(%v): %v", op, in, err)
	}
	return out
}

func wantErr(t *testing.T, err error, status int, code, msg string) {
	t.Helper()
	var ce *cloud.Error
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want %s", err, code)
	}
	if ce.Status != status || ce.Code != code || (msg != "" && ce.Message != msg) {
		t.Errorf("got %d %s %q, want %d %s %q", ce.Status, ce.Code, ce.Message, status, code, msg)
	}
}

// PutObject returns the quoted MD5 of the body as its ETag; GetObject
// returns the body, its type, its metadata (keys in lower case) and
// LastModified to the second; a PUT without a content type is stored as
// binary/octet-stream.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
func TestPutGetHead(t *testing.T) {
	s := newS3(t, "photos")
	out := call(t, s, "PutObject", map[string]any{"Bucket": "photos", "Key": "a.txt", "Body": "hello", "ContentType": "text/plain", "Metadata": map[string]any{"Owner": "ana"}})
	if out["ETag"] != `"5d41402abc4b2a76b9719d911017c592"` {
		t.Errorf("ETag = %v", out["ETag"])
	}
	got := call(t, s, "GetObject", map[string]any{"Bucket": "photos", "Key": "a.txt"})
	if string(got["Body"].([]byte)) != "hello" || got["ContentType"] != "text/plain" || got["ContentLength"] != int64(5) {
		t.Errorf("GetObject = %v", got)
	}
	if !reflect.DeepEqual(got["Metadata"], map[string]any{"owner": "ana"}) {
		t.Errorf("Metadata = %v", got["Metadata"])
	}
	if got["LastModified"] != t0.Truncate(time.Second) {
		t.Errorf("LastModified = %v", got["LastModified"])
	}
	head := call(t, s, "HeadObject", map[string]any{"Bucket": "photos", "Key": "a.txt"})
	if _, ok := head["Body"]; ok || head["ETag"] != out["ETag"] {
		t.Errorf("HeadObject = %v", head)
	}
	call(t, s, "PutObject", map[string]any{"Bucket": "photos", "Key": "raw", "Body": []byte{0, 1}})
	if got := call(t, s, "GetObject", map[string]any{"Bucket": "photos", "Key": "raw"}); got["ContentType"] != "binary/octet-stream" {
		t.Errorf("default content type = %v", got["ContentType"])
	}
}

// S3's errors: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
func TestErrors(t *testing.T) {
	s := newS3(t, "photos")
	_, err := s.Call("GetObject", map[string]any{"Bucket": "photos", "Key": "missing"})
	wantErr(t, err, 404, "NoSuchKey", "The specified key does not exist.")
	_, err = s.Call("GetObject", map[string]any{"Bucket": "nope", "Key": "k"})
	wantErr(t, err, 404, "NoSuchBucket", "The specified bucket does not exist")
	_, err = s.Call("HeadObject", map[string]any{"Bucket": "photos", "Key": "missing"})
	wantErr(t, err, 404, "NotFound", "")
	_, err = s.Call("PutObject", map[string]any{"Bucket": "photos", "Key": strings.Repeat("k", 1025), "Body": "x"})
	wantErr(t, err, 400, "KeyTooLongError", "Your key is too long")
	err = s.CreateBucket("photos")
	wantErr(t, err, 409, "BucketAlreadyOwnedByYou", "")
	for _, bad := range []string{"ab", "Photos", "my_bucket", "-photos", "photos.", "a..b", "192.168.5.4", "xn--abc", "data-s3alias", strings.Repeat("a", 64)} {
		wantErr(t, s.CreateBucket(bad), 400, "InvalidBucketName", "The specified bucket is not valid.")
	}
	for _, good := range []string{"abc", "my-bucket.2026", strings.Repeat("a", 63)} {
		if err := s.CreateBucket(good); err != nil {
			t.Errorf("CreateBucket(%q): %v", good, err)
		}
	}
	call(t, s, "PutObject", map[string]any{"Bucket": "photos", "Key": "k", "Body": "x"})
	_, err = s.Call("DeleteBucket", map[string]any{"Bucket": "photos"})
	wantErr(t, err, 409, "BucketNotEmpty", "")
	_, err = s.Call("SelectObjectContent", map[string]any{})
	wantErr(t, err, 400, "NotImplemented", "")
	if !strings.Contains(err.Error(), "the tutor's in-process S3 does not offer SelectObjectContent") {
		t.Errorf("unsupported operation reads %q", err)
	}
	// Deleting a key that does not exist succeeds.
	call(t, s, "DeleteObject", map[string]any{"Bucket": "photos", "Key": "never"})
}

func keysOf(out map[string]any) (keys, prefixes []string) {
	c, _ := out["Contents"].([]any)
	for _, x := range c {
		keys = append(keys, x.(map[string]any)["Key"].(string))
	}
	p, _ := out["CommonPrefixes"].([]any)
	for _, x := range p {
		prefixes = append(prefixes, x.(map[string]any)["Prefix"].(string))
	}
	return
}

// ListObjectsV2: keys in UTF-8 binary order; Prefix filters; Delimiter
// rolls keys up into CommonPrefixes, each counting once against MaxKeys
// and in KeyCount; pages follow NextContinuationToken; StartAfter starts
// after a key. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
func TestListObjectsV2(t *testing.T) {
	s := newS3(t, "bkt")
	for _, k := range []string{"a.txt", "photos/2025/x.jpg", "photos/2026/a.jpg", "photos/2026/b.jpg", "photos/top.jpg", "videos/v.mp4", "B.txt", "é.txt"} {
		call(t, s, "PutObject", map[string]any{"Bucket": "bkt", "Key": k, "Body": k})
	}
	out := call(t, s, "ListObjectsV2", map[string]any{"Bucket": "bkt"})
	keys, _ := keysOf(out)
	if want := []string{"B.txt", "a.txt", "photos/2025/x.jpg", "photos/2026/a.jpg", "photos/2026/b.jpg", "photos/top.jpg", "videos/v.mp4", "é.txt"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	if out["KeyCount"] != 8 || out["IsTruncated"] != false || out["MaxKeys"] != 1000 || out["Name"] != "bkt" {
		t.Errorf("list = %v", out)
	}
	if _, ok := out["CommonPrefixes"]; ok {
		t.Error("CommonPrefixes without a delimiter")
	}

	out = call(t, s, "ListObjectsV2", map[string]any{"Bucket": "bkt", "Delimiter": "/"})
	keys, prefixes := keysOf(out)
	if !reflect.DeepEqual(keys, []string{"B.txt", "a.txt", "é.txt"}) || !reflect.DeepEqual(prefixes, []string{"photos/", "videos/"}) || out["KeyCount"] != 5 {
		t.Errorf("delimiter: keys %v prefixes %v count %v", keys, prefixes, out["KeyCount"])
	}

	out = call(t, s, "ListObjectsV2", map[string]any{"Bucket": "bkt", "Prefix": "photos/", "Delimiter": "/"})
	keys, prefixes = keysOf(out)
	if !reflect.DeepEqual(keys, []string{"photos/top.jpg"}) || !reflect.DeepEqual(prefixes, []string{"photos/2025/", "photos/2026/"}) || out["Prefix"] != "photos/" {
		t.Errorf("prefix+delimiter: keys %v prefixes %v", keys, prefixes)
	}

	// Pages of two, with a delimiter: a common prefix is one entry, and the
	// next page does not repeat the keys rolled up into it.
	var all []string
	in := map[string]any{"Bucket": "bkt", "Delimiter": "/", "MaxKeys": 2}
	pages := 0
	for {
		out := call(t, s, "ListObjectsV2", in)
		pages++
		k, p := keysOf(out)
		all = append(all, k...)
		all = append(all, p...)
		if out["KeyCount"].(int) > 2 {
			t.Errorf("page of %v entries with MaxKeys 2", out["KeyCount"])
		}
		if out["IsTruncated"] != true {
			if _, ok := out["NextContinuationToken"]; ok {
				t.Error("NextContinuationToken on the last page")
			}
			break
		}
		in["ContinuationToken"] = out["NextContinuationToken"]
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
	}
	if want := []string{"B.txt", "a.txt", "photos/", "videos/", "é.txt"}; pages != 3 || len(all) != len(want) {
		t.Errorf("pages %d, entries %v, want 3 pages of %v", pages, all, want)
	}

	out = call(t, s, "ListObjectsV2", map[string]any{"Bucket": "bkt", "StartAfter": "photos/2026/a.jpg", "MaxKeys": 2})
	keys, _ = keysOf(out)
	if !reflect.DeepEqual(keys, []string{"photos/2026/b.jpg", "photos/top.jpg"}) || out["StartAfter"] != "photos/2026/a.jpg" || out["IsTruncated"] != true {
		t.Errorf("StartAfter: %v", out)
	}

	_, err := s.Call("ListObjectsV2", map[string]any{"Bucket": "bkt", "ContinuationToken": "garbage!"})
	wantErr(t, err, 400, "InvalidArgument", "The continuation token provided is incorrect")

	out = call(t, s, "ListObjectsV2", map[string]any{"Bucket": "bkt", "Prefix": "nothing/"})
	if _, ok := out["Contents"]; ok || out["KeyCount"] != 0 {
		t.Errorf("empty listing: %v", out)
	}
}

// CopyObject: CopySource is "bucket/key", URL-encoded; metadata is copied
// unless MetadataDirective is REPLACE; copying an object onto itself
// unchanged is refused. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
func TestCopyObject(t *testing.T) {
	s := newS3(t, "src", "dst")
	call(t, s, "PutObject", map[string]any{"Bucket": "src", "Key": "my photo.jpg", "Body": "img", "ContentType": "image/jpeg", "Metadata": map[string]any{"a": "1"}})
	out := call(t, s, "CopyObject", map[string]any{"Bucket": "dst", "Key": "copy.jpg", "CopySource": "src/my%20photo.jpg"})
	res := out["CopyObjectResult"].(map[string]any)
	if res["ETag"] != etagOf([]byte("img")) {
		t.Errorf("CopyObjectResult = %v", res)
	}
	got := call(t, s, "GetObject", map[string]any{"Bucket": "dst", "Key": "copy.jpg"})
	if got["ContentType"] != "image/jpeg" || !reflect.DeepEqual(got["Metadata"], map[string]any{"a": "1"}) {
		t.Errorf("copied object = %v", got)
	}
	call(t, s, "CopyObject", map[string]any{"Bucket": "dst", "Key": "copy.jpg", "CopySource": "/dst/copy.jpg", "MetadataDirective": "REPLACE", "Metadata": map[string]any{"b": "2"}})
	got = call(t, s, "GetObject", map[string]any{"Bucket": "dst", "Key": "copy.jpg"})
	if !reflect.DeepEqual(got["Metadata"], map[string]any{"b": "2"}) || got["ContentType"] != "binary/octet-stream" {
		t.Errorf("replaced metadata = %v", got)
	}
	_, err := s.Call("CopyObject", map[string]any{"Bucket": "dst", "Key": "copy.jpg", "CopySource": "dst/copy.jpg"})
	wantErr(t, err, 400, "InvalidRequest", "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
	_, err = s.Call("CopyObject", map[string]any{"Bucket": "dst", "Key": "x", "CopySource": "src/missing"})
	wantErr(t, err, 404, "NoSuchKey", "")
}

func TestRangeAndDeleteObjects(t *testing.T) {
	s := newS3(t, "bkt")
	call(t, s, "PutObject", map[string]any{"Bucket": "bkt", "Key": "k", "Body": "0123456789"})
	for r, want := range map[string]string{"bytes=0-3": "0123", "bytes=7-": "789", "bytes=-2": "89", "bytes=8-100": "89"} {
		got := call(t, s, "GetObject", map[string]any{"Bucket": "bkt", "Key": "k", "Range": r})
		if string(got["Body"].([]byte)) != want {
			t.Errorf("Range %s = %q, want %q", r, got["Body"], want)
		}
	}
	got := call(t, s, "GetObject", map[string]any{"Bucket": "bkt", "Key": "k", "Range": "bytes=2-4"})
	if got["ContentRange"] != "bytes 2-4/10" || got["ContentLength"] != int64(3) {
		t.Errorf("ContentRange %v ContentLength %v", got["ContentRange"], got["ContentLength"])
	}
	_, err := s.Call("GetObject", map[string]any{"Bucket": "bkt", "Key": "k", "Range": "bytes=20-30"})
	wantErr(t, err, 416, "InvalidRange", "")

	call(t, s, "PutObject", map[string]any{"Bucket": "bkt", "Key": "k2", "Body": "x"})
	out := call(t, s, "DeleteObjects", map[string]any{"Bucket": "bkt", "Delete": map[string]any{"Objects": []any{map[string]any{"Key": "k"}, map[string]any{"Key": "k2"}, map[string]any{"Key": "absent"}}}})
	if d, _ := out["Deleted"].([]any); len(d) != 3 {
		t.Errorf("Deleted = %v", out)
	}
	if out := call(t, s, "ListObjectsV2", map[string]any{"Bucket": "bkt"}); out["KeyCount"] != 0 {
		t.Errorf("left after DeleteObjects: %v", out)
	}
}

// The account's objects live in memory: past the tutor's limit a PUT is
// refused with a message that says the limit is the tutor's, not S3's, and
// nothing stored is lost.
func TestStorageLimitIsTheTutors(t *testing.T) {
	s := newS3(t, "bkt")
	s.SetStorageLimit(1 << 20)
	call(t, s, "PutObject", map[string]any{"Bucket": "bkt", "Key": "keep", "Body": make([]byte, 600<<10)})
	_, err := s.Call("PutObject", map[string]any{"Bucket": "bkt", "Key": "big", "Body": make([]byte, 600<<10)})
	wantErr(t, err, 507, "TutorStorageFull", "")
	if !strings.Contains(err.Error(), "real S3 has no such limit") {
		t.Errorf("error %q does not say the limit is the tutor's", err)
	}
	// Overwriting an object counts only the difference.
	call(t, s, "PutObject", map[string]any{"Bucket": "bkt", "Key": "keep", "Body": make([]byte, 900<<10)})
	call(t, s, "DeleteObject", map[string]any{"Bucket": "bkt", "Key": "keep"})
	call(t, s, "PutObject", map[string]any{"Bucket": "bkt", "Key": "big", "Body": make([]byte, 900<<10)})
}

// Notifications carry the record Lambda receives, with the same keys as a
// real S3 event (testdata/s3-event.json, from aws-lambda-go, Apache-2.0),
// the key URL-encoded with "+" for spaces, size and eTag on creation only.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
func TestEventsHaveTheRealShape(t *testing.T) {
	s := newS3(t, "uploads")
	var events []Event
	s.OnEvent(func(e Event) { events = append(events, e) })
	call(t, s, "PutObject", map[string]any{"Bucket": "uploads", "Key": "beach day/1.jpg", "Body": "hello"})
	call(t, s, "CopyObject", map[string]any{"Bucket": "uploads", "Key": "copy.jpg", "CopySource": "uploads/beach%20day/1.jpg"})
	call(t, s, "DeleteObject", map[string]any{"Bucket": "uploads", "Key": "copy.jpg"})
	call(t, s, "DeleteObject", map[string]any{"Bucket": "uploads", "Key": "copy.jpg"})
	if len(events) != 3 {
		t.Fatalf("%d events: %v", len(events), events)
	}
	for i, want := range []string{"ObjectCreated:Put", "ObjectCreated:Copy", "ObjectRemoved:Delete"} {
		if events[i].Name != want {
			t.Errorf("event %d = %s, want %s", i, events[i].Name, want)
		}
	}
	if events[0].Sequencer >= events[1].Sequencer {
		t.Errorf("sequencers do not increase: %s, %s", events[0].Sequencer, events[1].Sequencer)
	}
	rec := events[0].Record("us-east-1", "AWS:AROAEXAMPLE:fn", "on-upload")
	raw, err := os.ReadFile("testdata/s3-event.json")
	if err != nil {
		t.Fatal(err)
	}
	var real struct{ Records []map[string]any }
	if err := json.Unmarshal(raw, &real); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rec)
	var ours map[string]any
	_ = json.Unmarshal(b, &ours)
	// versionId is only sent for a bucket with versioning on; the tutor's
	// buckets have none, so the sample's versionId is left out.
	delete(real.Records[0]["s3"].(map[string]any)["object"].(map[string]any), "versionId")
	if missing := sameKeys("", real.Records[0], ours); missing != "" {
		t.Errorf("record differs from the real event's shape: %s\n%s", missing, b)
	}
	obj := ours["s3"].(map[string]any)["object"].(map[string]any)
	if obj["key"] != "beach+day/1.jpg" || obj["eTag"] != "5d41402abc4b2a76b9719d911017c592" || obj["size"] != float64(5) {
		t.Errorf("object = %v", obj)
	}
	if ours["eventTime"] != "2026-12-03T09:15:30.512Z" {
		t.Errorf("eventTime = %v", ours["eventTime"])
	}
	removed := events[2].Record("us-east-1", "p", "c")["s3"].(map[string]any)["object"].(map[string]any)
	if _, ok := removed["size"]; ok {
		t.Errorf("a removal carries a size: %v", removed)
	}
}

// sameKeys reports the first key path present in one map and not the
// other, recursively.
func sameKeys(path string, a, b map[string]any) string {
	for k, v := range a {
		w, ok := b[k]
		if !ok {
			return fmt.Sprintf("%s.%s missing", path, k)
		}
		if am, ok := v.(map[string]any); ok {
			bm, ok := w.(map[string]any)
			if !ok {
				return fmt.Sprintf("%s.%s is not an object", path, k)
			}
			if d := sameKeys(path+"."+k, am, bm); d != "" {
				return d
			}
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			return fmt.Sprintf("%s.%s extra", path, k)
		}
	}
	return ""
}

// The content saved between runs comes back whole: objects, types,
// metadata, ETags, and the event sequencer keeps increasing.
func TestStateRoundTrip(t *testing.T) {
	s := newS3(t, "bkt")
	call(t, s, "PutObject", map[string]any{"Bucket": "bkt", "Key": "a/b.txt", "Body": "hello", "ContentType": "text/plain", "Metadata": map[string]any{"k": "v"}})
	data, err := s.MarshalState()
	if err != nil {
		t.Fatal(err)
	}
	r := New(&fixedClock{t0}, "us-east-1", "123456789012")
	if err := r.UnmarshalState(data); err != nil {
		t.Fatal(err)
	}
	got := call(t, r, "GetObject", map[string]any{"Bucket": "bkt", "Key": "a/b.txt"})
	if string(got["Body"].([]byte)) != "hello" || got["ETag"] != `"5d41402abc4b2a76b9719d911017c592"` || got["ContentType"] != "text/plain" || !reflect.DeepEqual(got["Metadata"], map[string]any{"k": "v"}) {
		t.Errorf("restored object = %v", got)
	}
	if err := r.UnmarshalState([]byte("{")); err == nil {
		t.Error("broken state accepted")
	}
	if out := call(t, r, "ListObjectsV2", map[string]any{"Bucket": "bkt"}); out["KeyCount"] != 1 {
		t.Errorf("a failed restore changed the content: %v", out)
	}
}
