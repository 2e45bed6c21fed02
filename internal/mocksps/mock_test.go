package mocksps

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

func TestMockCountersAndReset(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	c.do("GET", policies, nil)
	c.do("GET", policies+"/", nil) // counted under the normalised path
	c.do("POST", policies, validPolicy("x"))
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"})
	c.do("POST", "/api/transaction", nil)
	c.do("DELETE", "/api/transaction", nil)
	anon(t, ts).do("GET", policies, nil) // 401s count too

	m := anon(t, ts)
	r := m.do("GET", "/_mock/counters", nil).must(t, 200)
	want := map[string]any{
		"GET /api/authentication": 1.0,
		"GET " + policies:         3.0,
		"POST " + policies:        1.0,
		"PUT /api/transaction":    1.0,
		"POST /api/transaction":   1.0,
		"DELETE /api/transaction": 1.0,
	}
	got := r.json["requests"].(map[string]any)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("requests[%q] = %v, want %v", k, got[k], v)
		}
	}
	if len(got) != len(want) || r.json["total"] != 8.0 || r.json["commits"] != 1.0 || r.json["rollbacks"] != 1.0 {
		t.Fatalf("counters %s", r.raw)
	}
	m.do("POST", "/_mock/reset-counters", nil).must(t, 200)
	if c := s.Counters(); c.Total != 0 || len(c.Requests) != 0 || c.Commits != 0 || c.Rollbacks != 0 {
		t.Fatalf("after reset %+v", c)
	}
	m.do("GET", "/_mock/counters", nil).must(t, 200)
	if s.Counters().Total != 0 {
		t.Fatal("/_mock requests are counted")
	}
	m.do("GET", "/_mock/reset-counters", nil).errType(t, 405, "MethodNotAllowed")
	m.do("GET", "/_mock/nope", nil).errType(t, 404, "NotFound")
}

func TestMockStateAndOutOfBandChanges(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	m := anon(t, ts)
	c.do("POST", "/api/transaction", nil).must(t, 200)
	r := m.do("GET", "/_mock/state", nil).must(t, 200)
	if r.json["lock_holder"] != "admin" || r.json["open_transactions"] != 1.0 || r.json["options_shape"] != "audit" ||
		r.json["sessions"] != 1.0 || at(r.json, "settings_policies", "-30211", "name") != "default" {
		t.Fatalf("state %s", r.raw)
	}
	c.do("DELETE", "/api/transaction", nil).must(t, 200)

	// Drift: a committed change made behind the API's back.
	d := validPolicy("drifted")
	m.do("PUT", "/_mock/config/vnc/settings_policies/oob-1", d).must(t, 200)
	if at(c.do("GET", policies+"/oob-1", nil).must(t, 200).json, "body", "name") != "drifted" {
		t.Fatal("out-of-band policy not visible")
	}
	d["timeout"] = 0
	if de := m.do("PUT", "/_mock/config/vnc/settings_policies/oob-1", d).errType(t, 400, "SemanticError"); de["path"] != "body.timeout" {
		t.Fatalf("details %v", de)
	}
	m.do("PUT", "/_mock/config/vnc/settings_policies/oob-2", validPolicy("drifted")).errType(t, 400, "SemanticError") // duplicate name
	m.do("PUT", "/_mock/config/vnc/settings_policies/oob-2", "{").errType(t, 400, "SyntacticError")
	m.do("DELETE", "/_mock/config/vnc/settings_policies/oob-1", nil).must(t, 200)
	m.do("DELETE", "/_mock/config/vnc/settings_policies/oob-1", nil).errType(t, 404, "NotFound")
	c.do("GET", policies+"/oob-1", nil).errType(t, 404, "NotFound")

	m.do("PUT", "/_mock/config/vnc/options", `{"audit":{"cleanup":{"enabled":true,"channel_database_cleanup_days":3},"timestamping":{"selection":"local","signing_interval":30}},"service":{"enabled":false}}`).must(t, 200)
	if !strings.Contains(string(s.VNCOptions()), `"channel_database_cleanup_days":3`) {
		t.Fatalf("options %s", s.VNCOptions())
	}
	m.do("PUT", "/_mock/config/vnc/options", `{"channel_database_cleanup":{"enabled":false},"service":{"enabled":false}}`).errType(t, 400, "SemanticError")

	c.do("POST", "/api/transaction", nil).must(t, 200)
	m.do("POST", "/_mock/expire-sessions", nil).must(t, 200)
	c.do("GET", policies, nil).errType(t, 401, "Unauthenticated")
	if s.LockHolder() != "" {
		t.Fatal("expire-sessions kept the lock")
	}
}

func TestGoAPI(t *testing.T) {
	s := New(Config{})
	if err := s.PutSettingsPolicy("k1", json.RawMessage(`{"name":"bad name"}`)); err == nil {
		t.Fatal("invalid out-of-band policy accepted")
	}
	body, _ := json.Marshal(validPolicy("ok"))
	if err := s.PutSettingsPolicy("k1", body); err != nil {
		t.Fatal(err)
	}
	if len(s.SettingsPolicies()) != 2 {
		t.Fatal("policy not created")
	}
	if !s.DeleteSettingsPolicy("k1") || s.DeleteSettingsPolicy("k1") {
		t.Fatal("DeleteSettingsPolicy results wrong")
	}
	if err := s.PutVNCOptions(json.RawMessage(`{"audit":{}}`)); err == nil {
		t.Fatal("invalid options accepted")
	}
	if err := s.HoldLock("other-admin", 30*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if s.LockHolder() != "other-admin" || s.HoldLock("x", time.Second) == nil {
		t.Fatal("HoldLock did not take the lock exclusively")
	}
	deadline := time.Now().Add(2 * time.Second)
	for s.LockHolder() != "" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if s.LockHolder() != "" {
		t.Fatal("HoldLock never released")
	}
}

func TestHandleMockAndFaultSlot(t *testing.T) {
	s, ts := start(t, Config{})
	s.HandleMock("/_mock/extra", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"path":"` + r.URL.Path + `"}`))
	}))
	m := anon(t, ts)
	if r := m.do("GET", "/_mock/extra/x", nil).must(t, 200); r.json["path"] != "/_mock/extra/x" {
		t.Fatalf("mounted handler got %s", r.raw)
	}
	m.do("GET", "/_mock/extras", nil).errType(t, 404, "NotFound")

	// The fault slot sees API requests after counting and before auth.
	var seen []string
	s.SetFaults(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, authed := httpapi.CallerFrom(r.Context())
			seen = append(seen, r.Method+" "+r.URL.Path+" authed="+strconv.FormatBool(authed))
			next.ServeHTTP(w, r)
		})
	})
	login(t, ts, "admin").do("GET", policies, nil).must(t, 200)
	m.do("GET", "/_mock/state", nil).must(t, 200)
	if strings.Join(seen, ";") != "GET /api/authentication authed=false;GET "+policies+" authed=false" {
		t.Fatalf("fault slot saw %v", seen)
	}
	if s.Counters().Total != 2 {
		t.Fatalf("total %d", s.Counters().Total)
	}
}

func TestAuditRoutesBehindAuth(t *testing.T) {
	clk := newClock()
	st := audit.Generate(5, 7, clk.Now())
	_, ts := start(t, Config{Audit: st, Now: clk.Now})
	anon(t, ts).do("GET", "/api/audit/sessions", nil).errType(t, 401, "Unauthenticated")
	c := login(t, ts, "viewer") // auditors may search
	r := c.do("GET", "/api/audit/sessions", nil).must(t, 200)
	if items, _ := r.json["items"].([]any); len(items) != 5 {
		t.Fatalf("sessions %s", r.raw)
	}
	if at(r.json, "meta", "remaining_seconds") != float64(600) {
		t.Errorf("remaining_seconds %v", at(r.json, "meta", "remaining_seconds"))
	}
	// An empty database by default.
	_, ts2 := start(t, Config{})
	r = login(t, ts2, "admin").do("GET", "/api/audit/sessions", nil).must(t, 200)
	if items, _ := r.json["items"].([]any); len(items) != 0 {
		t.Fatalf("default database not empty: %s", r.raw)
	}
}
