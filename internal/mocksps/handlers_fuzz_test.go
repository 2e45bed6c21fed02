package mocksps

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/tree"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/vnc"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

type fuzzRoute struct{ method, path string }

// configWriteRoutes lists every configuration write the API takes, one
// per family and method: POST to each list, PUT to one object of each list
// (fuzzObject, created committed where the seed has none), PUT to each
// singleton, read-only families included (they must refuse). The VNC
// routes come first so the committed fuzz corpus keeps its meaning.
func configWriteRoutes(t testing.TB, srv *Server) []fuzzRoute {
	routes := []fuzzRoute{
		{http.MethodPost, vnc.SettingsPoliciesPath},
		{http.MethodPut, vnc.SettingsPoliciesPath + "/" + vnc.DefaultPolicyKey},
		{http.MethodPut, vnc.OptionsPath},
		{http.MethodPut, "/api/transaction"},
	}
	for _, f := range srv.ConfigTable().Families() {
		switch {
		case f.Href() == vnc.SettingsPoliciesPath || f.Href() == vnc.OptionsPath:
		case f.Kind == tree.Singleton:
			routes = append(routes, fuzzRoute{http.MethodPut, f.Href()})
		case f.Kind == tree.List:
			key := fuzzObject
			if len(f.Seed) > 0 {
				key = f.Seed[0].Key
			} else if err := srv.PutConfigObject(f.Path, key, json.RawMessage(`{}`)); err != nil {
				t.Fatalf("seeding %s: %v", f.Path, err)
			}
			routes = append(routes, fuzzRoute{http.MethodPost, f.Href()}, fuzzRoute{http.MethodPut, f.Href() + "/" + key})
		}
	}
	return routes
}

const fuzzObject = "fuzz-object"

// FuzzJSONHandlers sends arbitrary bodies to every configuration write
// route and the commit route through the whole server (auth included) and
// checks the contract for bad input: a documented client error with the SPS
// error object, never a 5xx, nothing pending in the transaction after a
// refusal, the committed configuration unchanged once the transaction is
// rolled back, and a server that keeps answering.
func FuzzJSONHandlers(f *testing.F) {
	f.Add(uint8(0), []byte(vnc.DefaultPolicy))
	f.Add(uint8(1), []byte(vnc.DefaultPolicy))
	f.Add(uint8(2), []byte(vnc.DefaultAuditOptions))
	f.Add(uint8(3), []byte(`{"status":"commit"}`))
	f.Add(uint8(0), []byte(`{"name":"a b","timeout":-1}`))
	f.Add(uint8(1), []byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`))
	f.Add(uint8(2), []byte(`{"service":{"enabled":true,"log_level":1e999}}`))
	f.Add(uint8(3), []byte("\x00\xff{"))
	for i := uint8(4); i < 90; i += 3 {
		f.Add(i, []byte(`{"name":"fuzzed","indexing":{"enabled":true,"policy":"x"}}`))
		f.Add(i+1, []byte(`{"name":"n\xff","n":1e400}`))
		f.Add(i+2, []byte(`{"name":"default","a":[{"key":"-300","meta":{"href":"/api/configuration/ssh/settings_policies/-300"}}]}`))
	}

	srv := New(Config{Users: []User{{Name: "admin", Password: "pw", Role: "admin"}}, KeySeed: 1})
	routes := configWriteRoutes(f, srv)
	cookie := fuzzLogin(f, srv)
	before, _ := json.Marshal(srv.Snapshot())

	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		r := routes[int(route)%len(routes)]
		rec := serve(srv, r.method, r.path, cookie, body)
		if rec.Code >= 500 {
			t.Fatalf("%s %s answered %d to %q: %s", r.method, r.path, rec.Code, body, rec.Body.Bytes())
		}
		if rec.Code >= 400 {
			var e httpapi.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Type == "" || e.Error.Message == "" {
				t.Fatalf("%s %s: %d without the SPS error object: %s", r.method, r.path, rec.Code, rec.Body.Bytes())
			}
			if r.path != "/api/transaction" {
				ch := serve(srv, http.MethodGet, "/api/transaction/changes", cookie, nil)
				if !bytes.Contains(ch.Body.Bytes(), []byte(`"changes":[]`)) {
					t.Fatalf("%s %s refused (%d) but left changes: %s", r.method, r.path, rec.Code, ch.Body.Bytes())
				}
			}
		}
		// Whatever happened went into this session's transaction; roll it
		// back so the committed state stays the seed for the next input.
		serve(srv, http.MethodDelete, "/api/transaction", cookie, nil)
		if after, _ := json.Marshal(srv.Snapshot()); !bytes.Equal(after, before) {
			t.Fatalf("committed configuration changed by %s %s %q", r.method, r.path, body)
		}
		if rec := serve(srv, http.MethodGet, r.path, cookie, nil); rec.Code != http.StatusOK && rec.Code != http.StatusMethodNotAllowed {
			t.Fatalf("server stopped answering after %q: %d", body, rec.Code)
		}
	})
}

func serve(srv *Server, method, path, cookie string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(context.Background(), method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "session_id", Value: cookie})
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

func fuzzLogin(f testing.TB, srv *Server) string {
	req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/api/authentication", nil)
	req.SetBasicAuth("admin", "pw")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "session_id" {
			return c.Value
		}
	}
	f.Fatalf("login failed: %d %s", rec.Code, rec.Body.Bytes())
	return ""
}
