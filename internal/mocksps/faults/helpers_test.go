package faults

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// fakeSPS stands in for the mock core: it counts what it applied.
type fakeSPS struct {
	mu         sync.Mutex
	applied    map[string]int // "METHOD /path" → requests handled
	commits    int            // commits applied
	failCommit bool           // reject commits with 400, as a validation failure
}

func newFakeSPS() *fakeSPS { return &fakeSPS{applied: map[string]int{}} }

func (f *fakeSPS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.applied[r.Method+" "+r.URL.Path]++
	if r.Method == http.MethodPut && r.URL.Path == "/api/transaction" {
		var body struct{ Status string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			httpapi.WriteError(w, r, http.StatusBadRequest, "SyntacticError", err.Error(), nil)
			return
		}
		if body.Status == "commit" {
			if f.failCommit {
				httpapi.WriteError(w, r, http.StatusBadRequest, "SemanticError", "real validation failure", nil)
				return
			}
			f.commits++
			httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": "transaction", "body": map[string]any{"status": "closed"}, "meta": map[string]any{}})
			return
		}
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"ok": true, "meta": map[string]any{"href": r.URL.Path}})
}

func (f *fakeSPS) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.applied[key]
}

func (f *fakeSPS) commitCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.commits
}

// serve runs in's middleware around a fresh fakeSPS on a real listener (drop
// faults need a connection to take over), with the admin endpoint mounted as
// the core is expected to mount it.
func serve(t *testing.T, in *Injector) (*httptest.Server, *fakeSPS) {
	t.Helper()
	sps := newFakeSPS()
	mux := http.NewServeMux()
	mux.Handle(AdminPath, in.AdminHandler())
	mux.Handle(AdminPath+"/", in.AdminHandler())
	mux.Handle("/", in.Middleware(sps))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, sps
}

// do sends one request and returns status, decoded body and headers. A
// transport error is returned as err.
func do(t *testing.T, c *http.Client, method, url, body string) (int, map[string]any, http.Header, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, resp.Header, err
	}
	var m map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s %s: body is not JSON: %q", method, url, raw)
		}
	}
	return resp.StatusCode, m, resp.Header, nil
}

// record runs one request through the middleware without a network.
func record(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), method, path, rd))
	return rec
}

// errorOf returns the "error" object of an SPS error body, failing the test
// if the shape is wrong.
func errorOf(t *testing.T, body map[string]any) (typ, msg string, details map[string]any) {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object in %v", body)
	}
	typ, _ = e["type"].(string)
	msg, _ = e["message"].(string)
	details, ok = e["details"].(map[string]any)
	if !ok || typ == "" || msg == "" {
		t.Fatalf("error object incomplete: %v", e)
	}
	if _, ok := body["meta"].(map[string]any); !ok {
		t.Fatalf("error body without meta: %v", body)
	}
	return typ, msg, details
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("body is not JSON: %q", rec.Body.String())
	}
	return m
}

func mustAdd(t *testing.T, in *Injector, f Fault) string {
	t.Helper()
	id, err := in.Add(f)
	if err != nil {
		t.Fatalf("Add(%+v): %v", f, err)
	}
	return id
}

const commitBody = `{"status":"commit"}`
