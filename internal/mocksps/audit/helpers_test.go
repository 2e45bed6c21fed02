package audit

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

func loadFixture(t testing.TB, name string) *Store {
	t.Helper()
	st, err := LoadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return st
}

var fixedNow = func() time.Time { return time.Date(2018, 2, 16, 14, 40, 0, 0, time.UTC) }

// get performs a request the way the mock core would after authentication:
// https to 127.0.0.1, with a caller whose session has 599 seconds left.
func get(t testing.TB, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "https://127.0.0.1"+target, nil)
	req = req.WithContext(httpapi.WithCaller(req.Context(), httpapi.Caller{User: "admin", Role: "admin", RemainingSeconds: 599}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// getJSON requests target and decodes the JSON answer, failing on a status
// other than want.
func getJSON(t testing.TB, h http.Handler, target string, want int) map[string]any {
	t.Helper()
	rec := get(t, h, target)
	if rec.Code != want {
		t.Fatalf("GET %s: status %d, want %d: %s", target, rec.Code, want, rec.Body.String())
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("GET %s: %v: %s", target, err, rec.Body.String())
	}
	return out
}

// canon re-encodes a JSON value with sorted keys for exact comparison.
func canon(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
