package mocksps

import (
	"net/http"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

// A fault armed through /_mock/faults fires on the real API, is counted in
// Faults().Injected(), and the control API itself is never faulted.
func TestFaultsWiredThroughAdminAPI(t *testing.T) {
	s, ts := start(t, Config{FaultSeed: 3})
	m := anon(t, ts)
	if got := m.do("GET", "/_mock/faults/", nil).must(t, 200); got.json["seed"] != float64(3) {
		t.Fatalf("seed %v", got.json["seed"])
	}
	added := m.do("POST", "/_mock/faults", []map[string]any{
		{"kind": "status", "match": "POST " + policies, "status": 503},
		{"kind": "commit_500_not_applied"},
		{"kind": "status", "match": "* /_mock/**", "count": -1}, // never fires: /_mock is outside the API
	}).must(t, 201)
	if ids, _ := added.json["ids"].([]any); len(ids) != 3 {
		t.Fatalf("added %s", added.raw)
	}

	c := login(t, ts, "admin")
	r := c.do("POST", policies, validPolicy("p1"))
	r.errType(t, 503, "ServiceUnavailable")
	if r.header.Get(faults.HeaderFault) != "f1 status" {
		t.Fatalf("fault header %q", r.header.Get(faults.HeaderFault))
	}
	// Spent: the retry creates the policy; the commit then meets the 500
	// and nothing is published, the transaction stays open.
	c.do("POST", policies, validPolicy("p1")).must(t, 201)
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).errType(t, 500, "InternalError")
	if len(s.SettingsPolicies()) != 1 || s.LockHolder() != "admin" {
		t.Fatalf("after commit_500_not_applied: %d policies, holder %q", len(s.SettingsPolicies()), s.LockHolder())
	}
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
	if len(s.SettingsPolicies()) != 2 || s.LockHolder() != "" {
		t.Fatalf("after commit: %d policies, holder %q", len(s.SettingsPolicies()), s.LockHolder())
	}

	st := s.Faults().Injected()
	if st.Total != 2 || st.ByKind["status"] != 1 || st.ByKind["commit_500_not_applied"] != 1 {
		t.Fatalf("stats %+v", st)
	}
	one := m.do("GET", "/_mock/faults/f1", nil).must(t, 200)
	if at(one.json, "body", "injected") != float64(1) {
		t.Fatalf("f1 %s", one.raw)
	}
	m.do("DELETE", "/_mock/faults", nil).must(t, 200)
	if s.Faults().Injected().Total != 0 || len(s.Faults().List()) != 0 {
		t.Fatal("DELETE /_mock/faults did not clear")
	}
	// The control API rejects an invalid fault with the SPS error shape.
	m.do("POST", "/_mock/faults", map[string]any{"kind": "lock"}).errType(t, 400, "SemanticError")
}

// The hooks reach the core: expire_session ends the caller's login and a
// lock fault makes another user hold the lock, which the client meets as
// 409 TransactionLocked naming that user.
func TestFaultHooksWired(t *testing.T) {
	s, ts := start(t, Config{})
	if _, err := s.Faults().AddAll([]faults.Fault{
		{Kind: faults.KindExpireSession, Match: "GET " + policies},
		{Kind: faults.KindLock, Match: "POST /api/transaction", Delay: faults.Duration(300 * time.Millisecond), User: "bob"},
	}); err != nil {
		t.Fatal(err)
	}
	c := login(t, ts, "admin")
	c.do("GET", policies, nil).errType(t, 401, "Unauthenticated")
	if s.ActiveSessions() != 0 {
		t.Fatalf("sessions %d after expire_session", s.ActiveSessions())
	}
	c = login(t, ts, "admin")
	d := c.do("POST", "/api/transaction", "").errType(t, 409, "TransactionLocked")
	if d["locked_by"] != "bob" {
		t.Fatalf("details %v", d)
	}
	deadline := time.Now().Add(3 * time.Second)
	for s.LockHolder() != "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	c.do("POST", "/api/transaction", "").must(t, http.StatusOK)
	if st := s.Faults().Injected(); st.Total != 2 || st.HookErrors != 0 {
		t.Fatalf("stats %+v", st)
	}
}

// The global latency applies to API calls and not to /_mock.
func TestFaultLatencyWired(t *testing.T) {
	s, ts := start(t, Config{})
	s.Faults().SetLatency(40 * time.Millisecond)
	m := anon(t, ts)
	t0 := time.Now()
	m.do("GET", "/_mock/state", nil).must(t, 200)
	if time.Since(t0) >= 40*time.Millisecond {
		t.Error("/_mock was delayed")
	}
	t0 = time.Now()
	m.do("GET", "/api/info", nil).must(t, 200)
	if time.Since(t0) < 40*time.Millisecond {
		t.Error("API call was not delayed")
	}
}
