package s3

import (
	"encoding/base64"
	"sort"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// A continuation token is opaque to callers, as S3's are: here it names
// the last key (K) or common prefix (P) of the previous page.
func encodeToken(kind byte, v string) string {
	return base64.RawURLEncoding.EncodeToString(append([]byte{kind}, v...))
}

func decodeToken(t string) (byte, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil || len(b) < 2 || (b[0] != 'K' && b[0] != 'P') {
		return 0, "", false
	}
	return b[0], string(b[1:]), true
}

func intArg(in map[string]any, k string, def int) (int, bool) {
	if in[k] == nil {
		return def, true
	}
	return cloud.Int(in[k])
}

func (s *Service) listObjectsV2(in map[string]any) (map[string]any, error) {
	b, err := s.bucketOf(in)
	if err != nil {
		return nil, err
	}
	prefix, delim := cloud.Str(in, "Prefix"), cloud.Str(in, "Delimiter")
	maxKeys, ok := intArg(in, "MaxKeys", 1000)
	if !ok || maxKeys < 0 {
		return nil, cloud.Errorf(400, "InvalidArgument", "Provided max-keys not an integer or within integer range")
	}
	maxKeys = min(maxKeys, 1000)
	after := cloud.Str(in, "StartAfter")
	var afterPrefix string
	token := cloud.Str(in, "ContinuationToken")
	if token != "" {
		kind, v, ok := decodeToken(token)
		if !ok {
			return nil, cloud.Errorf(400, "InvalidArgument", "The continuation token provided is incorrect")
		}
		after = v
		if kind == 'P' {
			afterPrefix = v
		}
	}
	keys := make([]string, 0, len(b.objects))
	for k := range b.objects {
		if strings.HasPrefix(k, prefix) && k > after && (afterPrefix == "" || !strings.HasPrefix(k, afterPrefix)) {
			keys = append(keys, k)
		}
	}
	// UTF-8 binary order, as S3 lists.
	sort.Strings(keys)
	var contents, prefixes []any
	var last string
	var lastKind byte
	truncated := false
	seen := map[string]bool{}
	n := 0
	for _, k := range keys {
		if delim != "" {
			if i := strings.Index(k[len(prefix):], delim); i >= 0 {
				cp := k[:len(prefix)+i+len(delim)]
				if seen[cp] {
					continue
				}
				if n == maxKeys {
					truncated = true
					break
				}
				seen[cp] = true
				prefixes = append(prefixes, map[string]any{"Prefix": cp})
				last, lastKind = cp, 'P'
				n++
				continue
			}
		}
		if n == maxKeys {
			truncated = true
			break
		}
		o := b.objects[k]
		contents = append(contents, map[string]any{
			"Key": k, "LastModified": o.lastModified, "ETag": o.etag,
			"Size": int64(len(o.body)), "StorageClass": "STANDARD",
		})
		last, lastKind = k, 'K'
		n++
	}
	out := map[string]any{
		"Name":        b.name,
		"Prefix":      prefix,
		"MaxKeys":     maxKeys,
		"KeyCount":    n,
		"IsTruncated": truncated,
	}
	// The SDK leaves out what S3 did not send: no Contents when there are
	// no keys, no CommonPrefixes without a delimiter match.
	if len(contents) > 0 {
		out["Contents"] = contents
	}
	if len(prefixes) > 0 {
		out["CommonPrefixes"] = prefixes
	}
	if delim != "" {
		out["Delimiter"] = delim
	}
	if token != "" {
		out["ContinuationToken"] = token
	}
	if v := cloud.Str(in, "StartAfter"); v != "" {
		out["StartAfter"] = v
	}
	if truncated {
		out["NextContinuationToken"] = encodeToken(lastKind, last)
	}
	return out, nil
}
