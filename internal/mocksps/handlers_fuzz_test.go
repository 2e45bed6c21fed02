package mocksps

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/vnc"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// FuzzJSONHandlers sends arbitrary bodies to every configuration write
// route and the commit route through the whole server (auth included) and
// checks the contract for bad input: a documented client error with the SPS
// error object, never a 5xx, never a change to the committed state unless
// the body was accepted, and a server that keeps answering.
func FuzzJSONHandlers(f *testing.F) {
	f.Add(uint8(0), []byte(vnc.DefaultPolicy))
	f.Add(uint8(1), []byte(vnc.DefaultPolicy))
	f.Add(uint8(2), []byte(vnc.DefaultAuditOptions))
	f.Add(uint8(3), []byte(`{"status":"commit"}`))
	f.Add(uint8(0), []byte(`{"name":"a b","timeout":-1}`))
	f.Add(uint8(1), []byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`))
	f.Add(uint8(2), []byte(`{"service":{"enabled":true,"log_level":1e999}}`))
	f.Add(uint8(3), []byte("\x00\xff{"))

	routes := []struct{ method, path string }{
		{http.MethodPost, "/api/configuration/vnc/settings_policies"},
		{http.MethodPut, "/api/configuration/vnc/settings_policies/-30211"},
		{http.MethodPut, "/api/configuration/vnc/options"},
		{http.MethodPut, "/api/transaction"},
	}
	srv := New(Config{Users: []User{{Name: "admin", Password: "pw", Role: "admin"}}})
	cookie := fuzzLogin(f, srv)
	before := srv.SettingsPolicies()

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
		}
		// Whatever happened went into this session's transaction; roll it
		// back so the committed state stays the seed for the next input.
		serve(srv, http.MethodDelete, "/api/transaction", cookie, nil)
		if got := srv.SettingsPolicies(); len(got) != len(before) || !bytes.Equal(got["-30211"], before["-30211"]) {
			t.Fatalf("committed policies changed by %s %s %q", r.method, r.path, body)
		}
		if rec := serve(srv, http.MethodGet, "/api/configuration/vnc/settings_policies", cookie, nil); rec.Code != http.StatusOK {
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

func fuzzLogin(f *testing.F, srv *Server) string {
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
