package s3

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// State is the service's content as saved between runs of the tutor.
type State struct {
	Buckets []BucketState `json:"buckets"`
	Seq     uint64        `json:"seq"`
}

// BucketState is one bucket and its objects.
type BucketState struct {
	Name    string        `json:"name"`
	Created time.Time     `json:"created"`
	Objects []ObjectState `json:"objects"`
}

// ObjectState is one object.
type ObjectState struct {
	Key                string            `json:"key"`
	Body               []byte            `json:"body"`
	ContentType        string            `json:"contentType"`
	CacheControl       string            `json:"cacheControl,omitempty"`
	ContentDisposition string            `json:"contentDisposition,omitempty"`
	ContentEncoding    string            `json:"contentEncoding,omitempty"`
	Metadata           map[string]string `json:"metadata,omitempty"`
	LastModified       time.Time         `json:"lastModified"`
}

// MarshalState saves every bucket and object.
func (s *Service) MarshalState() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{Seq: s.seq}
	names := make([]string, 0, len(s.buckets))
	for n := range s.buckets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b := s.buckets[n]
		bs := BucketState{Name: n, Created: b.created, Objects: []ObjectState{}}
		keys := make([]string, 0, len(b.objects))
		for k := range b.objects {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			o := b.objects[k]
			bs.Objects = append(bs.Objects, ObjectState{Key: k, Body: o.body, ContentType: o.contentType, CacheControl: o.cacheControl,
				ContentDisposition: o.contentDisposition, ContentEncoding: o.contentEncoding, Metadata: o.metadata, LastModified: o.lastModified})
		}
		st.Buckets = append(st.Buckets, bs)
	}
	return json.Marshal(st)
}

// UnmarshalState replaces the service's content with a saved one. It
// checks the storage limit; on error nothing changes.
func (s *Service) UnmarshalState(data []byte) error {
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("s3 state: %w", err)
	}
	buckets := map[string]*bucket{}
	var used int64
	for _, bs := range st.Buckets {
		if !validBucketName(bs.Name) {
			return fmt.Errorf("s3 state: bucket name %q is not valid", bs.Name)
		}
		b := &bucket{name: bs.Name, created: bs.Created, objects: map[string]*object{}}
		for _, o := range bs.Objects {
			b.objects[o.Key] = &object{body: o.Body, etag: etagOf(o.Body), contentType: o.ContentType, cacheControl: o.CacheControl,
				contentDisposition: o.ContentDisposition, contentEncoding: o.ContentEncoding, metadata: o.Metadata, lastModified: o.LastModified}
			used += int64(len(o.Body))
		}
		buckets[bs.Name] = b
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if used > s.limit {
		return fmt.Errorf("s3 state: %d bytes is over the tutor's in-process S3 limit of %d MB", used, s.limit>>20)
	}
	s.buckets, s.used, s.seq = buckets, used, st.Seq
	return nil
}
