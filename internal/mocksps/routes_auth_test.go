package mocksps

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// apiRoute is one request the mock serves behind authentication.
type apiRoute struct{ method, path string }

// allAPIRoutes lists every route of the SPS API the mock serves, with every
// method it accepts, including the audit database and one recorded
// session's sub-resources (sid is that session's id, ch one of its
// channels). Paths with a trailing
// slash and unknown paths are included: the session check must come before
// routing, so they must be refused the same way.
func allAPIRoutes(sid, ch string) []apiRoute {
	one := "/api/audit/sessions/" + url.PathEscape(sid)
	rs := []apiRoute{
		{"GET", "/api"},
		{"GET", "/api/configuration"},
		{"GET", "/api/configuration/vnc"},
		{"GET", "/api/configuration/vnc/channel_policies"},
		{"GET", policies},
		{"POST", policies},
		{"POST", policies + "/"},
		{"GET", policies + "/-30211"},
		{"PUT", policies + "/-30211"},
		{"DELETE", policies + "/-30211"},
		{"GET", "/api/configuration/vnc/options"},
		{"PUT", "/api/configuration/vnc/options"},
		{"GET", "/api/transaction"},
		{"POST", "/api/transaction"},
		{"PUT", "/api/transaction"},
		{"DELETE", "/api/transaction"},
		{"GET", "/api/transaction/changes"},
		{"GET", "/api/audit"},
		{"GET", "/api/audit/sessions"},
		{"GET", "/api/audit/sessions?q=protocol:ssh&fields=protocol"},
		{"GET", "/api/audit/sessions/stats?field=protocol"},
		{"GET", "/api/audit/sessions/histogram?interval=day"},
		{"GET", one},
		{"GET", one + "/alerts"},
		{"GET", one + "/events"},
		{"GET", one + "/channels"},
		{"GET", one + "/channels/" + url.PathEscape(ch)},
		{"GET", one + "/indexing"},
		{"GET", one + "/trail_downloads"},
		{"GET", one + "/content?q=x"},
		{"GET", one + "/audit_trail"},
		{"PATCH", policies + "/-30211"},
		{"GET", "/api/no/such/thing"},
		{"GET", "/api/authentication/types"},
	}
	return rs
}

// Every route refuses a request without a cookie, with an unknown cookie,
// with an empty one and with one that expired, all with the same 401
// Unauthenticated; and the same routes with a live session get past the
// session check, so the table is made of routes that really exist.
func TestEveryRouteRefusesBadSessions(t *testing.T) {
	clk := newClock()
	st := audit.Generate(3, 11, clk.Now())
	s, ts := start(t, Config{Audit: st, Now: clk.Now, SessionTTL: time.Minute})

	live := login(t, ts, "admin")
	r := live.do("GET", "/api/audit/sessions", nil).must(t, 200)
	items, _ := r.json["items"].([]any)
	if len(items) == 0 {
		t.Fatalf("no recorded sessions: %s", r.raw)
	}
	sid, _ := at(items[0], "key").(string)
	r = live.do("GET", "/api/audit/sessions/"+url.PathEscape(sid)+"/channels", nil).must(t, 200)
	chs, _ := r.json["items"].([]any)
	if len(chs) == 0 {
		t.Fatalf("session %s has no channels: %s", sid, r.raw)
	}
	ch, _ := at(chs[0], "key").(string)
	routes := allAPIRoutes(sid, ch)

	// An expired cookie: log in, then let the idle timeout pass. A second
	// session ended by ExpireAllSessions counts as expired too.
	expired := login(t, ts, "admin")
	clk.Advance(2 * time.Minute)
	killed := login(t, ts, "admin2")
	s.ExpireAllSessions()
	live = login(t, ts, "admin")

	withCookie := func(value string) *client {
		c := anon(t, ts)
		c.hc.Jar.SetCookies(mustURL(t, ts.URL), []*http.Cookie{{Name: "session_id", Value: value}})
		return c
	}
	callers := map[string]*client{
		"missing": anon(t, ts),
		"unknown": withCookie("a1f71d030e657634730b9e887cb59a5e56162860"),
		"garbage": withCookie("not-hex-%00-../.."),
		"expired": expired,
		"ended":   killed,
	}
	for name, c := range callers {
		t.Run(name, func(t *testing.T) {
			for _, rt := range routes {
				d := c.do(rt.method, rt.path, nil).errType(t, 401, "Unauthenticated")
				wantPath, _, _ := strings.Cut(rt.path, "?")
				wantPath = strings.TrimSuffix(wantPath, "/")
				if p, _ := d["path"].(string); p != wantPath && p != strings.ReplaceAll(wantPath, "%2F", "/") {
					t.Errorf("%s cookie, %s %s: details.path = %v", name, rt.method, rt.path, d["path"])
				}
			}
		})
	}
	if s.LockHolder() != "" || len(s.SettingsPolicies()) != 1 {
		t.Fatal("a refused request changed state")
	}

	// The public endpoints treat a bad cookie as no login at all: /api/info
	// answers the anonymous form, login still wants credentials.
	for name, c := range callers {
		t.Run(name, func(t *testing.T) {
			info := c.do("GET", "/api/info", nil).must(t, 200)
			if at(info.json, "body", "firmware_version") != nil {
				t.Errorf("%s cookie: /api/info shows the logged-in form", name)
			}
			c.do("GET", "/api/authentication", nil).errType(t, 401, "AuthenticationFailure")
		})
	}

	// With a live session every GET works, except the two paths that do
	// not exist: the table is made of real routes.
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			if rt.method != "GET" {
				return // writes would change the state the checks above rely on
			}
			// Raw: audit_trail answers a binary download, not JSON.
			req, _ := http.NewRequestWithContext(t.Context(), rt.method, ts.URL+rt.path, nil)
			resp, err := live.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := http.StatusOK
			if rt.path == "/api/no/such/thing" || rt.path == "/api/authentication/types" {
				want = http.StatusNotFound
			}
			if resp.StatusCode != want {
				t.Errorf("live session, %s %s: status %d, want %d", rt.method, rt.path, resp.StatusCode, want)
			}
		})
	}
}

// An auditor is refused (403, nothing changed) on every write to the
// configuration and the transaction, including spellings that try to slip
// past a prefix check; writes to the read-only audit database are refused
// for everyone.
func TestAuditorRefusedOnEveryWrite(t *testing.T) {
	s, ts := start(t, Config{Audit: audit.Generate(2, 3, time.Now())})
	c := login(t, ts, "viewer")
	before := s.SettingsPolicies()
	beforeOptions := string(s.VNCOptions())
	var writes []apiRoute
	for _, p := range []string{
		"/api/configuration",
		"/api/configuration/",
		"/api/configuration/vnc",
		"/api/configuration/vnc/channel_policies",
		policies,
		policies + "/",
		policies + "/-30211",
		policies + "/-30211/",
		policies + "/no-such-key",
		"/api/configuration/vnc/options",
		"/api/configuration/vnc/options/",
		"/api/configuration/ssh/settings_policies",
		"/api/transaction",
		"/api/transaction/",
		"/api/transaction/changes",
	} {
		for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
			writes = append(writes, apiRoute{m, p})
		}
	}
	for _, rt := range writes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			body := validPolicy("auditor-" + rt.method)
			if strings.HasSuffix(strings.TrimSuffix(rt.path, "/"), "/options") {
				body = map[string]any{"service": map[string]any{"enabled": false}}
			}
			if strings.HasPrefix(rt.path, "/api/transaction") {
				body = map[string]any{"status": "commit"}
			}
			d := c.do(rt.method, rt.path, body).errType(t, 403, "Unauthorized")
			if d["path"] != strings.TrimSuffix(rt.path, "/") {
				t.Errorf("%s %s: details.path = %v", rt.method, rt.path, d["path"])
			}
		})
	}
	// Paths that are not the configuration by prefix but might be taken
	// for it by a sloppier router: never a success, never a change.
	for _, p := range []string{
		"/api//configuration/vnc/options",
		"/api/./configuration/vnc/options",
		"/api/configuration/../configuration/vnc/options",
		"/api/Configuration/vnc/options",
	} {
		t.Run(p, func(t *testing.T) {
			if r := c.do("PUT", p, map[string]any{"service": map[string]any{"enabled": false}}); r.status < 400 {
				t.Errorf("auditor PUT %s: status %d %s", p, r.status, r.raw)
			}
		})
	}
	for _, p := range []string{"/api/audit", "/api/audit/sessions", "/api/audit/sessions/stats"} {
		t.Run(p, func(t *testing.T) {
			for _, m := range []string{"POST", "PUT", "DELETE"} {
				for _, who := range []*client{c, login(t, ts, "admin")} {
					if r := who.do(m, p, "{}"); r.status != 405 && r.status != 403 {
						t.Errorf("%s %s: status %d, want 405", m, p, r.status)
					}
				}
			}
		})
	}
	if s.LockHolder() != "" || s.OpenTransactions() != 0 {
		t.Fatal("an auditor write opened a transaction")
	}
	after := s.SettingsPolicies()
	if len(after) != len(before) || string(after["-30211"]) != string(before["-30211"]) || string(s.VNCOptions()) != beforeOptions {
		t.Fatal("an auditor write changed the configuration")
	}
}

// Hostile bodies on the routes TestBadBodiesAndServerKeepsServing does not
// cover (the commit, the /_mock control API, the fault admin API): refused
// with 400 or 413, and the server keeps serving a normal change afterwards.
func TestHostileBodiesElsewhere(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	m := anon(t, ts)
	c.do("POST", "/api/transaction", "").must(t, 200)

	huge := `{"status":"` + strings.Repeat("a", 2<<20) + `"}`
	deep := strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)
	bombs := []string{
		`{"status": `,
		`{"status":"commit"} trailing`,
		"",
		strings.Repeat("[", 100000),
		deep,
		"\xff\xfe",
	}
	for i, body := range bombs {
		t.Run("body"+strconv.Itoa(i), func(t *testing.T) {
			c.do("PUT", "/api/transaction", body).errType(t, 400, "SyntacticError")
		})
	}
	if r := c.do("PUT", "/api/transaction", huge); r.status != 413 && r.status != 400 {
		t.Errorf("oversized commit body: status %d", r.status)
	}

	for _, p := range []string{"/_mock/config/vnc/options", "/_mock/config/vnc/settings_policies/x"} {
		t.Run(p, func(t *testing.T) {
			for _, body := range append(bombs, huge) {
				if r := m.do("PUT", p, body); r.status != 400 && r.status != 413 {
					t.Errorf("PUT %s with a hostile body: status %d %s", p, r.status, r.raw)
				}
			}
		})
	}
	for i, body := range append(bombs, huge, `[`+strings.Repeat(`{"kind":"latency","delay":"1ms"},`, 1)+`{"kind":"nope"}]`) {
		t.Run("body"+strconv.Itoa(i), func(t *testing.T) {
			if r := m.do("POST", "/_mock/faults", body); r.status != 400 && r.status != 413 {
				t.Errorf("POST /_mock/faults with a hostile body: status %d %s", r.status, r.raw)
			}
		})
	}
	if n := len(s.Faults().List()); n != 0 {
		t.Fatalf("%d faults armed by hostile bodies", n)
	}

	// Still serving, and the transaction opened before is intact.
	c.do("POST", policies, validPolicy("after-bombs")).must(t, 201)
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
	if len(s.SettingsPolicies()) != 2 || s.LockHolder() != "" {
		t.Fatalf("after hostile bodies: %d policies, lock %q", len(s.SettingsPolicies()), s.LockHolder())
	}
}
