package mocksps

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const options = "/api/configuration/vnc/options"

func decodeJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// The seeded default policy and both list/get envelopes, exactly as the
// vendor samples print them (remaining_seconds from the default TTL).
func TestSettingsPoliciesSeedShapes(t *testing.T) {
	_, ts := start(t, Config{})
	c := login(t, ts, "admin")
	body := `{"client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"inactivity_timeout":{"enabled":false},"name":"default","preconnect_channel_check":false,"server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"timeout":600}`
	wantList := decodeJSON(t, `{"items":[{"body":`+body+`,"key":"-30211","meta":{"href":"/api/configuration/vnc/settings_policies/-30211"}}],
		"meta":{"first":"/api/configuration/vnc/channel_policies","href":"/api/configuration/vnc/settings_policies","last":"/api/configuration/vnc/settings_policies","next":null,"parent":"/api/configuration/vnc","previous":"/api/configuration/vnc/options","remaining_seconds":600,"transaction":"/api/transaction"}}`)
	if got := decodeJSON(t, string(c.do("GET", policies, nil).must(t, 200).raw)); !reflect.DeepEqual(got, wantList) {
		t.Errorf("list:\n got %v\nwant %v", got, wantList)
	}
	wantOne := decodeJSON(t, `{"body":`+body+`,"key":"-30211","meta":{"first":"/api/configuration/vnc/settings_policies/-30211","href":"/api/configuration/vnc/settings_policies/-30211","last":"/api/configuration/vnc/settings_policies/-30211","next":null,"parent":"/api/configuration/vnc/settings_policies","previous":null,"remaining_seconds":600,"transaction":"/api/transaction"}}`)
	r := c.do("GET", policies+"/-30211", nil).must(t, 200)
	if got := decodeJSON(t, string(r.raw)); !reflect.DeepEqual(got, wantOne) {
		t.Errorf("get:\n got %v\nwant %v", got, wantOne)
	}
	if r.header.Get("Allow") != "GET, PUT, DELETE" || r.header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", r.header)
	}
}

func TestSettingsPolicyCRUD(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")

	r := c.do("POST", policies+"/", validPolicy("first")).must(t, 201) // trailing slash as the docs write it
	key, _ := r.json["key"].(string)
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(key) {
		t.Fatalf("key %q is not a UUID", key)
	}
	if at(r.json, "meta", "href") != policies+"/"+key || at(r.json, "meta", "parent") != policies || at(r.json, "meta", "transaction") != "/api/transaction" {
		t.Fatalf("POST meta %s", r.raw)
	}
	second := at(c.do("POST", policies, validPolicy("second")).must(t, 201).json, "key").(string)

	// Sibling navigation on a single object.
	g := c.do("GET", policies+"/"+key, nil).must(t, 200)
	if at(g.json, "meta", "first") != policies+"/-30211" || at(g.json, "meta", "previous") != policies+"/-30211" ||
		at(g.json, "meta", "next") != policies+"/"+second || at(g.json, "meta", "last") != policies+"/"+second {
		t.Errorf("sibling meta %v", g.json["meta"])
	}

	upd := validPolicy("first_renamed")
	upd["inactivity_timeout"] = map[string]any{"enabled": true, "value": 900}
	r = c.do("PUT", policies+"/"+key, upd).must(t, 200)
	if r.json["key"] != key || at(r.json, "meta", "href") != policies+"/"+key {
		t.Fatalf("PUT response %s", r.raw)
	}
	g = c.do("GET", policies+"/"+key, nil).must(t, 200)
	if at(g.json, "body", "name") != "first_renamed" || at(g.json, "body", "inactivity_timeout", "value") != float64(900) {
		t.Fatalf("after PUT: %s", g.raw)
	}
	// PUT with its own unchanged name is not a uniqueness clash.
	c.do("PUT", policies+"/"+key, upd).must(t, 200)
	// Built-in policies can be modified.
	def := validPolicy("default")
	def["timeout"] = 700
	c.do("PUT", policies+"/-30211", def).must(t, 200)

	r = c.do("DELETE", policies+"/"+second, nil).must(t, 200)
	if at(r.json, "meta", "href") != policies+"/"+second || at(r.json, "meta", "parent") != policies {
		t.Fatalf("DELETE response %s", r.raw)
	}
	c.do("GET", policies+"/"+second, nil).errType(t, 404, "NotFound")
	c.do("PUT", policies+"/"+second, validPolicy("zombie")).errType(t, 404, "NotFound")
	c.do("DELETE", policies+"/"+second, nil).errType(t, 404, "NotFound")
	c.do("DELETE", policies+"/-30211", nil).errType(t, 400, "BuiltinObjectNotDeletable")

	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
	got := s.SettingsPolicies()
	if len(got) != 2 || !strings.Contains(string(got[key]), `"first_renamed"`) || !strings.Contains(string(got["-30211"]), `"timeout":700`) {
		t.Fatalf("committed %v", got)
	}
}

func TestSettingsPolicyUniqueNameInCallersView(t *testing.T) {
	_, ts := start(t, Config{})
	c := login(t, ts, "admin")
	d := c.do("POST", policies, validPolicy("default")).errType(t, 400, "SemanticError")
	if d["path"] != "body.name" {
		t.Fatalf("details %v", d)
	}
	k := at(c.do("POST", policies, validPolicy("uncommitted")).must(t, 201).json, "key").(string)
	// The clash is with the caller's own uncommitted policy.
	c.do("POST", policies, validPolicy("uncommitted")).errType(t, 400, "SemanticError")
	c.do("PUT", policies+"/"+k, validPolicy("default")).errType(t, 400, "SemanticError")
	// Deleting it frees the name again.
	c.do("DELETE", policies+"/"+k, nil).must(t, 200)
	c.do("POST", policies, validPolicy("uncommitted")).must(t, 201)
}

// Every rule reaches the HTTP layer as 400 SemanticError with the JSON path.
func TestSettingsPolicyValidationOverHTTP(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	cases := []struct {
		path   string
		mutate func(m map[string]any)
	}{
		{"body.name", func(m map[string]any) { m["name"] = "has space" }},
		{"body.name", func(m map[string]any) { delete(m, "name") }},
		{"body.timeout", func(m map[string]any) { m["timeout"] = -1 }},
		{"body.timeout", func(m map[string]any) { m["timeout"] = "600" }},
		{"body.inactivity_timeout.enabled", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": 1} }},
		{"body.inactivity_timeout.value", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": true, "value": 10} }},
		{"body.inactivity_timeout.value", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": true} }},
		{"body.inactivity_timeout.value", func(m map[string]any) { m["inactivity_timeout"] = map[string]any{"enabled": false, "value": 700} }},
		{"body.client_tls_security_settings.cipher_strength.selection", func(m map[string]any) {
			m["client_tls_security_settings"] = map[string]any{"cipher_strength": map[string]any{"selection": "weak"}, "minimum_tls_version": "TLSv1_2"}
		}},
		{"body.server_tls_security_settings.cipher_strength.custom_cipher", func(m map[string]any) {
			m["server_tls_security_settings"] = map[string]any{"cipher_strength": map[string]any{"selection": "custom"}, "minimum_tls_version": "TLSv1_2"}
		}},
		{"body.server_tls_security_settings.cipher_strength.custom_cipher", func(m map[string]any) {
			m["server_tls_security_settings"] = map[string]any{"cipher_strength": map[string]any{"selection": "recommended", "custom_cipher": "ALL"}, "minimum_tls_version": "TLSv1_2"}
		}},
		{"body.server_tls_security_settings.minimum_tls_version", func(m map[string]any) {
			m["server_tls_security_settings"] = map[string]any{"cipher_strength": map[string]any{"selection": "recommended"}, "minimum_tls_version": "SSLv3"}
		}},
		{"body.client_tls_security_settings", func(m map[string]any) { delete(m, "client_tls_security_settings") }},
		{"body.preconnect_channel_check", func(m map[string]any) { m["preconnect_channel_check"] = nil }},
		{"body.unexpected", func(m map[string]any) { m["unexpected"] = 1 }},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			m := validPolicy("p")
			tc.mutate(m)
			for _, rq := range []struct{ method, path string }{{"POST", policies}, {"PUT", policies + "/-30211"}} {
				r := c.do(rq.method, rq.path, m)
				d := r.errType(t, 400, "SemanticError")
				if d["path"] != tc.path {
					t.Errorf("%s: details.path = %v, want %s (%s)", rq.method, d["path"], tc.path, r.raw)
				}
				if msg := at(r.json, "error", "message").(string); !strings.HasPrefix(msg, tc.path+": ") {
					t.Errorf("message %q does not start with the path", msg)
				}
			}
		})
	}
	if s.LockHolder() != "" {
		t.Fatal("rejected writes left an implicit transaction open")
	}
}

func TestOptionsAuditShape(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	want := decodeJSON(t, `{"body":{"audit":{"cleanup":{"enabled":false},"timestamping":{"selection":"local","signing_interval":30}},"service":{"enabled":true,"log_level":4}},"key":"options",
		"meta":{"first":"/api/configuration/vnc/channel_policies","href":"/api/configuration/vnc/options","last":"/api/configuration/vnc/options","next":null,"parent":"/api/configuration/vnc","previous":"/api/configuration/vnc/channel_policies","remaining_seconds":600,"transaction":"/api/transaction"}}`)
	r := c.do("GET", options, nil).must(t, 200)
	if got := decodeJSON(t, string(r.raw)); !reflect.DeepEqual(got, want) {
		t.Fatalf("GET options:\n got %v\nwant %v", got, want)
	}
	remote := `{"audit":{"cleanup":{"channel_database_cleanup_days":10,"enabled":true},"timestamping":{"oid":{"enabled":true,"policy_oid":"1.2.3"},"selection":"remote","server_url":"https://tsa.example.com/tsa","signing_interval":30}},"service":{"enabled":true,"log_level":4}}`
	r = c.do("PUT", options, remote).must(t, 200)
	if r.json["key"] != "options" || at(r.json, "meta", "href") != options {
		t.Fatalf("PUT response %s", r.raw)
	}
	d := c.do("PUT", options, `{"channel_database_cleanup":{"enabled":false},"service":{"enabled":false}}`).errType(t, 400, "SemanticError")
	if d["path"] != "body.channel_database_cleanup" {
		t.Fatalf("legacy body on audit appliance: %v", d)
	}
	d = c.do("PUT", options, strings.Replace(remote, `"server_url":"https://tsa.example.com/tsa",`, "", 1)).errType(t, 400, "SemanticError")
	if d["path"] != "body.audit.timestamping.server_url" {
		t.Fatalf("remote without url: %v", d)
	}
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
	if !reflect.DeepEqual(decodeJSON(t, string(s.VNCOptions())), decodeJSON(t, remote)) {
		t.Fatalf("committed options %s", s.VNCOptions())
	}
	ch := c.do("GET", "/api/transaction/changes", nil)
	if n := len(at(ch.json, "changes").([]any)); n != 0 {
		t.Fatalf("changes after commit: %d", n)
	}
	r = c.do("DELETE", options, nil)
	r.errType(t, 405, "MethodNotAllowed")
	if r.header.Get("Allow") != "GET, PUT" {
		t.Errorf("Allow %q", r.header.Get("Allow"))
	}
}

func TestOptionsLegacyShape(t *testing.T) {
	s, ts := start(t, Config{OptionsShape: "legacy"})
	c := login(t, ts, "admin")
	r := c.do("GET", options, nil).must(t, 200)
	if !reflect.DeepEqual(r.json["body"], decodeJSON(t, `{"channel_database_cleanup":{"enabled":false},"service":{"enabled":false}}`)) {
		t.Fatalf("legacy seed %s", r.raw)
	}
	d := c.do("PUT", options, `{"audit":{"cleanup":{"enabled":false},"timestamping":{"selection":"local","signing_interval":30}},"service":{"enabled":true}}`).errType(t, 400, "SemanticError")
	if d["path"] != "body.audit" {
		t.Fatalf("audit body on legacy appliance: %v", d)
	}
	c.do("PUT", options, `{"channel_database_cleanup":{"enabled":true},"service":{"enabled":true}}`).errType(t, 400, "SemanticError")
	c.do("PUT", options, `{"channel_database_cleanup":{"enabled":true,"days":365},"service":{"enabled":true,"log_level":4}}`).must(t, 200)
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
	if string(s.VNCOptions()) != `{"channel_database_cleanup":{"days":365,"enabled":true},"service":{"enabled":true,"log_level":4}}` {
		t.Fatalf("committed %s", s.VNCOptions())
	}
}

func TestBadBodiesAndServerKeepsServing(t *testing.T) {
	_, ts := start(t, Config{})
	c := login(t, ts, "admin")
	huge := `{"name":"` + strings.Repeat("a", 2<<20) + `"}`
	c.do("POST", policies, huge).errType(t, 413, "PayloadTooLarge")
	for i, body := range []string{
		`{"name": `,
		`{"name":"a"} trailing`,
		`{"name":"a",}`,
		"",
		strings.Repeat("[", 100000),
		strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40),
		"\xff\xfe",
	} {
		t.Run("body"+strconv.Itoa(i), func(t *testing.T) {
			for _, p := range []string{policies, policies + "/-30211", options} {
				method := "PUT"
				if p == policies {
					method = "POST"
				}
				c.do(method, p, body).errType(t, 400, "SyntacticError")
			}
		})
	}
	// Deep but well within MaxDepth is a semantic (not syntactic) error.
	c.do("POST", policies, `{"name":{"a":{"b":{"c":1}}}}`).errType(t, 400, "SemanticError")
	c.do("GET", policies, nil).must(t, 200)
}

func TestNavigationAnd405(t *testing.T) {
	_, ts := start(t, Config{})
	c := login(t, ts, "admin")
	r := c.do("GET", "/api/configuration/vnc", nil).must(t, 200)
	var keys []string
	for _, it := range r.json["items"].([]any) {
		keys = append(keys, at(it, "key").(string))
	}
	// connections: the VNC connection policies newer firmware lists (read-only).
	if strings.Join(keys, ",") != "channel_policies,connections,options,settings_policies" {
		t.Fatalf("vnc children %v", keys)
	}
	c.do("GET", "/api/configuration/vnc/channel_policies", nil).must(t, 200)
	c.do("GET", "/api/configuration", nil).must(t, 200)
	c.do("GET", "/api", nil).must(t, 200)
	for _, rq := range []struct{ method, path, allow string }{
		{"DELETE", policies, "GET, POST"},
		{"POST", policies + "/-30211", "GET, PUT, DELETE"},
		{"PUT", "/api/configuration/vnc", "GET"},
		{"PATCH", options, "GET, PUT"},
	} {
		t.Run(rq.method+" "+rq.path, func(t *testing.T) {
			r := c.do(rq.method, rq.path, nil)
			r.errType(t, 405, "MethodNotAllowed")
			if r.header.Get("Allow") != rq.allow {
				t.Errorf("%s %s: Allow %q, want %q", rq.method, rq.path, r.header.Get("Allow"), rq.allow)
			}
		})
	}
	c.do("GET", policies+"/-30211/extra", nil).errType(t, 404, "NotFound")
	c.do("GET", "/api/configuration/nope", nil).errType(t, 404, "NotFound")
	c.do("GET", "/not-api", nil).errType(t, 404, "NotFound")
}

func TestPanicsBecomeJSON500(t *testing.T) {
	s := New(Config{})
	s.SetFaults(func(http.Handler) http.Handler {
		return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
	})
	srv := httptest.NewServer(s)
	defer srv.Close()
	anon(t, srv).do("GET", "/api/info", nil).errType(t, 500, "InternalError")
	s.SetFaults(nil)
	anon(t, srv).do("GET", "/api/info", nil).must(t, 200)
}
