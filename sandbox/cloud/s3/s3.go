// Package s3 is the tutor's in-process Amazon S3: buckets and objects in
// memory, no network, with the request and response shapes of the AWS SDK
// for JavaScript v3's S3 commands and S3's own errors.
//
// What it has: CreateBucket, HeadBucket, ListBuckets, DeleteBucket,
// PutObject, GetObject (with a byte Range), HeadObject, DeleteObject,
// DeleteObjects, CopyObject and ListObjectsV2 (prefix, delimiter, MaxKeys,
// continuation tokens, StartAfter), user metadata, content type, ETag (the
// quoted MD5 of the body), LastModified from the virtual clock, and event
// notifications for ObjectCreated:Put, ObjectCreated:Copy and
// ObjectRemoved:Delete. What it has not: versioning, multipart uploads,
// ACLs and bucket policies, encryption, storage classes other than
// STANDARD, presigned URLs. The whole account holds at most
// DefaultStorageLimit bytes: that is the tutor's limit, not S3's, and the
// error says so.
//
// Sources:
//   - https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
//   - https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
//   - https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
//   - https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
//   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
//   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
package s3

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// DefaultStorageLimit is what one account's buckets hold in total: the
// tutor keeps them in memory. Real S3 has no such limit.
const DefaultStorageLimit = 64 << 20

// maxKeyBytes is S3's limit on an object key's UTF-8 length.
const maxKeyBytes = 1024

// Service is one account's S3 in one Region.
type Service struct {
	mu      sync.Mutex
	clock   cloud.Clock
	region  string
	account string
	limit   int64
	used    int64
	buckets map[string]*bucket
	seq     uint64
	onEvent func(Event)
}

type bucket struct {
	name    string
	created time.Time
	objects map[string]*object
}

type object struct {
	body               []byte
	etag               string // quoted, as S3 returns it
	contentType        string
	cacheControl       string
	contentDisposition string
	contentEncoding    string
	metadata           map[string]string
	lastModified       time.Time
}

// New returns an empty S3 for the account in the region.
func New(clock cloud.Clock, region, accountID string) *Service {
	return &Service{clock: clock, region: region, account: accountID, limit: DefaultStorageLimit, buckets: map[string]*bucket{}}
}

// SetStorageLimit changes the tutor's limit on the bytes all buckets hold.
func (s *Service) SetStorageLimit(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit = n
}

// OnEvent sets the function called after every object created or removed,
// outside the service's lock (it may call the service).
func (s *Service) OnEvent(f func(Event)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onEvent = f
}

// CreateBucket makes a bucket, as a project file declares it.
func (s *Service) CreateBucket(name string) error {
	_, err := s.Call("CreateBucket", map[string]any{"Bucket": name})
	return err
}

// Errors as S3 answers them.
func noSuchBucket(name string) error {
	return cloud.Errorf(404, "NoSuchBucket", "The specified bucket does not exist")
}

func noSuchKey() error {
	return cloud.Errorf(404, "NoSuchKey", "The specified key does not exist.")
}

// Call runs one S3 operation. Input and output are the SDK v3 command
// shapes: PascalCase keys, Body as []byte (a string is accepted on input),
// times as time.Time.
func (s *Service) Call(op string, in map[string]any) (map[string]any, error) {
	var out map[string]any
	var events []Event
	var err error
	s.mu.Lock()
	switch op {
	case "CreateBucket":
		out, err = s.createBucket(in)
	case "HeadBucket":
		out, err = s.headBucket(in)
	case "ListBuckets":
		out, err = s.listBuckets()
	case "DeleteBucket":
		out, err = s.deleteBucket(in)
	case "PutObject":
		out, events, err = s.putObject(in)
	case "GetObject":
		out, err = s.getObject(in, true)
	case "HeadObject":
		out, err = s.getObject(in, false)
	case "DeleteObject":
		out, events, err = s.deleteObject(in)
	case "DeleteObjects":
		out, events, err = s.deleteObjects(in)
	case "CopyObject":
		out, events, err = s.copyObject(in)
	case "ListObjectsV2":
		out, err = s.listObjectsV2(in)
	default:
		err = cloud.Errorf(400, "NotImplemented", "the tutor's in-process S3 does not offer %s; it has CreateBucket, HeadBucket, ListBuckets, DeleteBucket, PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject and ListObjectsV2", op)
	}
	f := s.onEvent
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if f != nil {
		for _, e := range events {
			f(e)
		}
	}
	return out, nil
}

func required(in map[string]any, k string) (string, error) {
	v, ok := in[k].(string)
	if !ok || v == "" {
		return "", cloud.Errorf(400, "ValidationError", "%s is required", k)
	}
	return v, nil
}

func (s *Service) bucketOf(in map[string]any) (*bucket, error) {
	name, err := required(in, "Bucket")
	if err != nil {
		return nil, err
	}
	b, ok := s.buckets[name]
	if !ok {
		return nil, noSuchBucket(name)
	}
	return b, nil
}

func (s *Service) keyOf(in map[string]any) (string, error) {
	k, err := required(in, "Key")
	if err != nil {
		return "", err
	}
	if len(k) > maxKeyBytes {
		return "", cloud.Errorf(400, "KeyTooLongError", "Your key is too long")
	}
	if !utf8.ValidString(k) {
		return "", cloud.Errorf(400, "InvalidArgument", "Object key must be valid UTF-8")
	}
	return k, nil
}

// validBucketName follows the general purpose bucket naming rules.
func validBucketName(n string) bool {
	if len(n) < 3 || len(n) > 63 {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	first, last := n[0], n[len(n)-1]
	if first == '.' || first == '-' || last == '.' || last == '-' {
		return false
	}
	if strings.Contains(n, "..") || isIPv4(n) {
		return false
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(n, p) {
			return false
		}
	}
	for _, suf := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(n, suf) {
			return false
		}
	}
	return true
}

// isIPv4: bucket names must not be formatted as an IP address.
func isIPv4(n string) bool {
	a, err := netip.ParseAddr(n)
	return err == nil && a.Is4()
}

func (s *Service) createBucket(in map[string]any) (map[string]any, error) {
	name, err := required(in, "Bucket")
	if err != nil {
		return nil, err
	}
	if !validBucketName(name) {
		return nil, cloud.Errorf(400, "InvalidBucketName", "The specified bucket is not valid.")
	}
	if _, ok := s.buckets[name]; ok {
		return nil, cloud.Errorf(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
	}
	s.buckets[name] = &bucket{name: name, created: s.now(), objects: map[string]*object{}}
	return map[string]any{"Location": "/" + name}, nil
}

func (s *Service) headBucket(in map[string]any) (map[string]any, error) {
	if _, err := s.bucketOf(in); err != nil {
		// HEAD responses have no body: the SDKs see only the status.
		return nil, cloud.Errorf(404, "NotFound", "Not Found")
	}
	return map[string]any{"BucketRegion": s.region}, nil
}

func (s *Service) listBuckets() (map[string]any, error) {
	names := make([]string, 0, len(s.buckets))
	for n := range s.buckets {
		names = append(names, n)
	}
	sort.Strings(names)
	list := make([]any, 0, len(names))
	for _, n := range names {
		list = append(list, map[string]any{"Name": n, "CreationDate": s.buckets[n].created})
	}
	return map[string]any{"Buckets": list}, nil
}

func (s *Service) deleteBucket(in map[string]any) (map[string]any, error) {
	b, err := s.bucketOf(in)
	if err != nil {
		return nil, err
	}
	if len(b.objects) > 0 {
		return nil, cloud.Errorf(409, "BucketNotEmpty", "The bucket you tried to delete is not empty")
	}
	delete(s.buckets, b.name)
	return map[string]any{}, nil
}

func (s *Service) now() time.Time {
	if s.clock == nil {
		return time.Time{}
	}
	return s.clock.Now().UTC()
}

func body(in map[string]any) ([]byte, error) {
	switch v := in["Body"].(type) {
	case nil:
		return nil, nil
	case []byte:
		return append([]byte(nil), v...), nil
	case string:
		return []byte(v), nil
	default:
		return nil, cloud.Errorf(400, "InvalidArgument", "Body must be a string, a Buffer or a Uint8Array, got %T", v)
	}
}

func metadata(in map[string]any) (map[string]string, error) {
	m := map[string]string{}
	switch v := in["Metadata"].(type) {
	case nil:
	case map[string]string:
		for k, x := range v {
			m[strings.ToLower(k)] = x
		}
	case map[string]any:
		for k, x := range v {
			sx, ok := x.(string)
			if !ok {
				return nil, cloud.Errorf(400, "InvalidArgument", "Metadata values must be strings: %q is %T", k, x)
			}
			m[strings.ToLower(k)] = sx
		}
	default:
		return nil, cloud.Errorf(400, "InvalidArgument", "Metadata must be a map of strings")
	}
	// User metadata is limited to 2 KB (keys and values, UTF-8).
	n := 0
	for k, v := range m {
		n += len(k) + len(v)
	}
	if n > 2048 {
		return nil, cloud.Errorf(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.")
	}
	return m, nil
}

func etagOf(b []byte) string {
	sum := md5.Sum(b)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// store puts o at key, within the tutor's storage limit.
func (s *Service) store(b *bucket, key string, o *object) error {
	var old int64
	if prev, ok := b.objects[key]; ok {
		old = int64(len(prev.body))
	}
	if s.used-old+int64(len(o.body)) > s.limit {
		return cloud.Errorf(507, "TutorStorageFull", "the tutor's in-process S3 holds at most %d MB per account in memory (real S3 has no such limit): delete objects or store smaller ones", s.limit>>20)
	}
	s.used += int64(len(o.body)) - old
	b.objects[key] = o
	return nil
}

func (s *Service) putObject(in map[string]any) (map[string]any, []Event, error) {
	b, err := s.bucketOf(in)
	if err != nil {
		return nil, nil, err
	}
	key, err := s.keyOf(in)
	if err != nil {
		return nil, nil, err
	}
	data, err := body(in)
	if err != nil {
		return nil, nil, err
	}
	md, err := metadata(in)
	if err != nil {
		return nil, nil, err
	}
	ct := cloud.Str(in, "ContentType")
	if ct == "" {
		// What S3 stores when a PUT names no content type.
		ct = "binary/octet-stream"
	}
	o := &object{
		body: data, etag: etagOf(data), contentType: ct, metadata: md,
		cacheControl: cloud.Str(in, "CacheControl"), contentDisposition: cloud.Str(in, "ContentDisposition"),
		contentEncoding: cloud.Str(in, "ContentEncoding"),
		lastModified:    s.now().Truncate(time.Second),
	}
	if err := s.store(b, key, o); err != nil {
		return nil, nil, err
	}
	ev := s.event("ObjectCreated:Put", b.name, key, o)
	return map[string]any{"ETag": o.etag}, []Event{ev}, nil
}

func (s *Service) getObject(in map[string]any, withBody bool) (map[string]any, error) {
	b, err := s.bucketOf(in)
	if err != nil {
		if !withBody {
			return nil, cloud.Errorf(404, "NotFound", "Not Found")
		}
		return nil, err
	}
	key, err := s.keyOf(in)
	if err != nil {
		return nil, err
	}
	o, ok := b.objects[key]
	if !ok {
		if !withBody {
			// HeadObject's 404 has no body: the SDK for JavaScript
			// names the error NotFound; boto3 shows the code "404".
			return nil, cloud.Errorf(404, "NotFound", "Not Found")
		}
		return nil, noSuchKey()
	}
	md := make(map[string]any, len(o.metadata))
	for k, v := range o.metadata {
		md[k] = v
	}
	out := map[string]any{
		"AcceptRanges":  "bytes",
		"ContentLength": int64(len(o.body)),
		"ContentType":   o.contentType,
		"ETag":          o.etag,
		"LastModified":  o.lastModified,
		"Metadata":      md,
	}
	for k, v := range map[string]string{"CacheControl": o.cacheControl, "ContentDisposition": o.contentDisposition, "ContentEncoding": o.contentEncoding} {
		if v != "" {
			out[k] = v
		}
	}
	data := o.body
	if r := cloud.Str(in, "Range"); r != "" {
		start, end, err := parseRange(r, len(o.body))
		if err != nil {
			return nil, err
		}
		data = o.body[start : end+1]
		out["ContentRange"] = fmt.Sprintf("bytes %d-%d/%d", start, end, len(o.body))
		out["ContentLength"] = int64(len(data))
	}
	if withBody {
		out["Body"] = append([]byte(nil), data...)
	}
	return out, nil
}

// parseRange reads one HTTP byte range: "bytes=0-9", "bytes=10-" or
// "bytes=-5" (the last 5 bytes).
func parseRange(r string, size int) (int, int, error) {
	bad := cloud.Errorf(416, "InvalidRange", "The requested range is not satisfiable")
	spec, ok := strings.CutPrefix(r, "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return 0, 0, cloud.Errorf(400, "InvalidArgument", "Range must be one byte range like bytes=0-99, got %q", r)
	}
	a, z, ok := strings.Cut(spec, "-")
	if !ok {
		return 0, 0, bad
	}
	var start, end int
	switch {
	case a == "":
		var n int
		if _, err := fmt.Sscanf(z, "%d", &n); err != nil || n <= 0 {
			return 0, 0, bad
		}
		start, end = max(size-n, 0), size-1
	default:
		if _, err := fmt.Sscanf(a, "%d", &start); err != nil {
			return 0, 0, bad
		}
		end = size - 1
		if z != "" {
			if _, err := fmt.Sscanf(z, "%d", &end); err != nil || end < start {
				return 0, 0, bad
			}
			end = min(end, size-1)
		}
	}
	if start >= size || size == 0 {
		return 0, 0, bad
	}
	return start, end, nil
}

func (s *Service) deleteObject(in map[string]any) (map[string]any, []Event, error) {
	b, err := s.bucketOf(in)
	if err != nil {
		return nil, nil, err
	}
	key, err := s.keyOf(in)
	if err != nil {
		return nil, nil, err
	}
	// Deleting a key that does not exist succeeds (204), as in S3.
	o, ok := b.objects[key]
	if !ok {
		return map[string]any{}, nil, nil
	}
	s.used -= int64(len(o.body))
	delete(b.objects, key)
	return map[string]any{}, []Event{s.event("ObjectRemoved:Delete", b.name, key, nil)}, nil
}

func (s *Service) deleteObjects(in map[string]any) (map[string]any, []Event, error) {
	b, err := s.bucketOf(in)
	if err != nil {
		return nil, nil, err
	}
	del, _ := in["Delete"].(map[string]any)
	objs, _ := del["Objects"].([]any)
	if len(objs) == 0 {
		return nil, nil, cloud.Errorf(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
	}
	if len(objs) > 1000 {
		return nil, nil, cloud.Errorf(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema (at most 1,000 keys per request)")
	}
	quiet, _ := del["Quiet"].(bool)
	var deleted, errs []any
	var events []Event
	for _, x := range objs {
		m, _ := x.(map[string]any)
		key := cloud.Str(m, "Key")
		if key == "" || len(key) > maxKeyBytes {
			errs = append(errs, map[string]any{"Key": key, "Code": "InvalidArgument", "Message": "Invalid key"})
			continue
		}
		if o, ok := b.objects[key]; ok {
			s.used -= int64(len(o.body))
			delete(b.objects, key)
			events = append(events, s.event("ObjectRemoved:Delete", b.name, key, nil))
		}
		if !quiet {
			deleted = append(deleted, map[string]any{"Key": key})
		}
	}
	out := map[string]any{}
	if len(deleted) > 0 {
		out["Deleted"] = deleted
	}
	if len(errs) > 0 {
		out["Errors"] = errs
	}
	return out, events, nil
}

// copySource reads CopySource: "bucket/key", URL-encoded, with an
// optional leading slash.
func copySource(v string) (string, string, error) {
	v = strings.TrimPrefix(v, "/")
	if i := strings.Index(v, "?versionId="); i >= 0 {
		return "", "", cloud.Errorf(400, "InvalidArgument", "the tutor's in-process S3 has no versioning, so CopySource cannot name a versionId")
	}
	bkt, key, ok := strings.Cut(v, "/")
	if !ok || bkt == "" || key == "" {
		return "", "", cloud.Errorf(400, "InvalidArgument", "Invalid copy source object key: CopySource is \"bucket/key\", URL-encoded")
	}
	k, err := urlUnescape(key)
	if err != nil {
		return "", "", cloud.Errorf(400, "InvalidArgument", "Invalid copy source encoding")
	}
	return bkt, k, nil
}

func (s *Service) copyObject(in map[string]any) (map[string]any, []Event, error) {
	dst, err := s.bucketOf(in)
	if err != nil {
		return nil, nil, err
	}
	key, err := s.keyOf(in)
	if err != nil {
		return nil, nil, err
	}
	sb, sk, err := copySource(cloud.Str(in, "CopySource"))
	if err != nil {
		return nil, nil, err
	}
	src, ok := s.buckets[sb]
	if !ok {
		return nil, nil, noSuchBucket(sb)
	}
	so, ok := src.objects[sk]
	if !ok {
		return nil, nil, noSuchKey()
	}
	directive := cloud.Str(in, "MetadataDirective")
	if directive == "" {
		directive = "COPY"
	}
	if directive != "COPY" && directive != "REPLACE" {
		return nil, nil, cloud.Errorf(400, "InvalidArgument", "Unknown metadata directive.")
	}
	if sb == dst.name && sk == key && directive == "COPY" {
		return nil, nil, cloud.Errorf(400, "InvalidRequest", "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
	}
	o := &object{body: so.body, etag: so.etag, lastModified: s.now().Truncate(time.Second)}
	if directive == "COPY" {
		o.contentType, o.metadata = so.contentType, so.metadata
		o.cacheControl, o.contentDisposition, o.contentEncoding = so.cacheControl, so.contentDisposition, so.contentEncoding
	} else {
		md, err := metadata(in)
		if err != nil {
			return nil, nil, err
		}
		o.metadata = md
		o.contentType = cloud.Str(in, "ContentType")
		if o.contentType == "" {
			o.contentType = "binary/octet-stream"
		}
		o.cacheControl, o.contentDisposition, o.contentEncoding = cloud.Str(in, "CacheControl"), cloud.Str(in, "ContentDisposition"), cloud.Str(in, "ContentEncoding")
	}
	if err := s.store(dst, key, o); err != nil {
		return nil, nil, err
	}
	ev := s.event("ObjectCreated:Copy", dst.name, key, o)
	return map[string]any{"CopyObjectResult": map[string]any{"ETag": o.etag, "LastModified": o.lastModified}}, []Event{ev}, nil
}
