package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdatutor/lambdatutor/progress"
)

// TestReadyzFails checks that /readyz says why the instance is not ready:
// the database does not answer, or the server is shutting down.
func TestReadyzFails(t *testing.T) {
	f := &Factory{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	h, err := newHealth(f, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer h.close()
	s, err := progress.Open(filepath.Join(t.TempDir(), "p.db"), f.StoreOptions...)
	if err != nil {
		t.Fatal(err)
	}
	h.store = s
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		h.handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := get("/readyz"); code != 200 {
		t.Fatalf("/readyz with a working database: %d %s", code, body)
	}
	s.Close()
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "does not answer") {
		t.Errorf("/readyz with a closed database: %d %q", code, body)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz must not depend on the database: %d", code)
	}
	h.drain()
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "shutting down") {
		t.Errorf("/readyz while draining: %d %q", code, body)
	}
	if _, err := newHealth(f, "127.0.0.1:99999"); err == nil || !strings.Contains(err.Error(), "--health-listen") {
		t.Errorf("bad --health-listen: %v", err)
	}
}
