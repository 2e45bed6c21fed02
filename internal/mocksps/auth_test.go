package mocksps

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"testing"
	"time"
)

func TestLogin(t *testing.T) {
	_, ts := start(t, Config{})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, ts.URL+"/api/authentication", nil)
	req.SetBasicAuth("admin", "adminpw")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "session_id" {
			cookie = c
		}
	}
	if cookie == nil || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(cookie.Value) {
		t.Fatalf("session_id cookie = %v, want 40 hex characters", cookie)
	}
	if !cookie.Expires.IsZero() || cookie.MaxAge != 0 {
		t.Errorf("cookie carries an expiry (%v / %d); clock skew would drop it", cookie.Expires, cookie.MaxAge)
	}

	c := anon(t, ts)
	r := c.do(http.MethodGet, "/api/info", nil).must(t, 200)
	if at(r.json, "body", "firmware_version") != nil {
		t.Error("anonymous /api/info shows firmware_version")
	}
	c = login(t, ts, "admin")
	r = c.do(http.MethodGet, "/api/info", nil).must(t, 200)
	if at(r.json, "body", "firmware_version") == nil || at(r.json, "meta", "remaining_seconds") != float64(600) {
		t.Errorf("authenticated /api/info = %s", r.raw)
	}
}

func TestLoginResponseBody(t *testing.T) {
	_, ts := start(t, Config{SessionTTL: 90 * time.Second})
	c := anon(t, ts)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, ts.URL+"/api/authentication", nil)
	req.SetBasicAuth("viewer", "viewerpw")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"meta": map[string]any{"href": "/api/authentication", "parent": "/api", "remaining_seconds": float64(90)}}
	if !reflect.DeepEqual(body, want) {
		t.Fatalf("login body = %v, want %v", body, want)
	}
	r := c.do(http.MethodGet, "/api/authentication", nil) // no Basic: fails, but the jar kept the cookie
	r.errType(t, 401, "AuthenticationFailure")
	if r.header.Get("WWW-Authenticate") == "" {
		t.Error("401 AuthenticationFailure without WWW-Authenticate")
	}
	got := c.do(http.MethodGet, "/api/transaction", nil).must(t, 200)
	if at(got.json, "meta", "remaining_seconds") != float64(90) {
		t.Errorf("remaining_seconds = %v, want the configured 90", at(got.json, "meta", "remaining_seconds"))
	}
}

func TestLoginFailures(t *testing.T) {
	_, ts := start(t, Config{})
	for _, tc := range []struct{ name, user, pass string }{
		{"wrong password", "admin", "nope"},
		{"unknown user", "mallory", "adminpw"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, ts.URL+"/api/authentication", nil)
			req.SetBasicAuth(tc.user, tc.pass)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 401 || len(resp.Cookies()) != 0 {
				t.Fatalf("status %d, cookies %v", resp.StatusCode, resp.Cookies())
			}
		})
	}
	c := anon(t, ts)
	c.do(http.MethodGet, "/api/authentication", nil).errType(t, 401, "AuthenticationFailure")
	c.do(http.MethodGet, "/api/authentication?type=x509", nil).errType(t, 401, "AuthenticationFailure")
	r := c.do(http.MethodPost, "/api/authentication", nil)
	r.errType(t, 405, "MethodNotAllowed")
	if r.header.Get("Allow") != "GET" {
		t.Errorf("Allow = %q", r.header.Get("Allow"))
	}
}

func TestSessionExpiry(t *testing.T) {
	clk := newClock()
	s, ts := start(t, Config{Now: clk.Now, SessionTTL: 10 * time.Minute})
	c := login(t, ts, "admin")

	// Sliding: each call restarts the idle timer.
	for range 3 {
		clk.Advance(9 * time.Minute)
		r := c.do(http.MethodGet, policies, nil).must(t, 200)
		if at(r.json, "meta", "remaining_seconds") != float64(600) {
			t.Fatalf("remaining_seconds = %v after activity", at(r.json, "meta", "remaining_seconds"))
		}
	}
	c.do(http.MethodPost, "/api/transaction", nil).must(t, 200)
	if s.LockHolder() != "admin" {
		t.Fatal("no lock after open")
	}
	clk.Advance(10 * time.Minute)
	c.do(http.MethodGet, policies, nil).errType(t, 401, "Unauthenticated")
	if s.LockHolder() != "" || s.OpenTransactions() != 0 {
		t.Fatal("expired session kept its transaction and the lock")
	}
	// A new login works and sees a closed transaction.
	c2 := login(t, ts, "admin")
	r := c2.do(http.MethodGet, "/api/transaction", nil).must(t, 200)
	if at(r.json, "body", "status") != "closed" {
		t.Fatalf("status %v", at(r.json, "body", "status"))
	}
}

func TestAuditorIsReadOnly(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "viewer")
	for _, rt := range []struct{ method, path string }{
		{"POST", policies},
		{"PUT", policies + "/-30211"},
		{"DELETE", policies + "/-30211"},
		{"PUT", "/api/configuration/vnc/options"},
		{"POST", "/api/configuration/vnc"},
		{"DELETE", "/api/configuration"},
		{"POST", "/api/transaction"},
		{"PUT", "/api/transaction"},
		{"DELETE", "/api/transaction"},
	} {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			d := c.do(rt.method, rt.path, validPolicy("x")).errType(t, 403, "Unauthorized")
			if d["path"] != rt.path {
				t.Errorf("details.path = %v", d["path"])
			}
		})
	}
	if s.LockHolder() != "" || len(s.SettingsPolicies()) != 1 {
		t.Fatal("an auditor request changed state")
	}
	for _, p := range []string{policies, policies + "/-30211", "/api/configuration/vnc/options", "/api/transaction", "/api/transaction/changes", "/api/configuration/vnc"} {
		c.do(http.MethodGet, p, nil).must(t, 200)
	}
}
