package mocksps

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config/tree"
)

// /_mock/config reaches every object of the tree: drift on any family,
// read-only ones included (SPS's web interface edits them).
func TestMockConfigGeneric(t *testing.T) {
	s, ts := start(t, Config{})
	m := anon(t, ts)
	c := login(t, ts, "admin")

	m.do("PUT", "/_mock/config/telnet/connections/webui-1", `{"name":"made_in_the_ui"}`).must(t, 200)
	if at(c.do("GET", cfgRoot+"telnet/connections/webui-1", nil).must(t, 200).json, "body", "name") != "made_in_the_ui" {
		t.Fatal("out-of-band object not visible")
	}
	if r := m.do("GET", "/_mock/config/telnet/connections/webui-1", nil).must(t, 200); r.json["key"] != "webui-1" || at(r.json, "body", "name") != "made_in_the_ui" {
		t.Fatalf("GET %s", r.raw)
	}
	items := m.do("GET", "/_mock/config/telnet/connections", nil).must(t, 200).json["items"].([]any)
	if len(items) != 2 || at(items[1], "key") != "webui-1" {
		t.Fatalf("list %v", items)
	}
	m.do("PUT", "/_mock/config/management/webinterface", `{"timeout":30}`).must(t, 200)
	if r := m.do("GET", "/_mock/config/management/webinterface", nil).must(t, 200); r.json["key"] != "webinterface" || at(r.json, "body", "timeout") != 30.0 {
		t.Fatalf("singleton %s", r.raw)
	}
	// Validated as the API validates: names, shapes, references, keys.
	m.do("PUT", "/_mock/config/policies/audit_policies/x", `{"name":"default"}`).errType(t, 400, "SemanticError")
	m.do("PUT", "/_mock/config/ssh/options", `{"channel_database_cleanup":{"enabled":false},"service":{"enabled":false}}`).errType(t, 400, "SemanticError")
	m.do("PUT", "/_mock/config/ssh/connections/x", `{"indexing":{"policy":"none"}}`).errType(t, 400, "SemanticError")
	m.do("PUT", "/_mock/config/ssh/connections/x", `[]`).errType(t, 400, "SemanticError")
	m.do("PUT", "/_mock/config/ssh/connections/x", `{"a":`).errType(t, 400, "SyntacticError")
	for _, key := range []string{"..", ".", ".hidden", "a%20b", "@order"} {
		m.do("PUT", "/_mock/config/ssh/connections/"+key, `{}`).errType(t, 400, "SemanticError")
	}
	for _, p := range []string{"/_mock/config/ssh/connections/a/b", "/_mock/config/ssh", "/_mock/config/alerting",
		"/_mock/config/nope/x", "/_mock/config/ssh/options/x"} {
		m.do("PUT", p, `{}`).errType(t, 404, "NotFound")
	}
	// Deletes skip the rules: built-in and referenced objects go too.
	m.do("DELETE", "/_mock/config/ssh/settings_policies/-300", nil).must(t, 200)
	m.do("DELETE", "/_mock/config/ssh/settings_policies/-300", nil).errType(t, 404, "NotFound")
	m.do("DELETE", "/_mock/config/ssh/options", nil).errType(t, 405, "MethodNotAllowed")
	c.do("GET", cfgRoot+"ssh/settings_policies/-300", nil).errType(t, 404, "NotFound")

	snap := m.do("GET", "/_mock/config", nil).must(t, 200)
	if at(snap.json, "singletons", "/api/configuration/management/webinterface", "timeout") != 30.0 {
		t.Fatalf("snapshot %s", snap.raw)
	}
	if s.LockHolder() != "" {
		t.Fatal("out-of-band writes took the lock")
	}
}

func TestConfigGoAPI(t *testing.T) {
	s := New(Config{})
	if err := s.PutConfigObject("policies/time_policies", "tp1", json.RawMessage(`{"name":"nights","Mon":[["22:00","23:59"]]}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutConfigObject("/api/configuration/ssh/channel_policies/", "ch1", json.RawMessage(`{"name":"uses","tp":"tp1"}`)); err != nil {
		t.Fatal(err)
	}
	if b, ok := s.ConfigObject("policies/time_policies", "tp1"); !ok || string(b) != `{"Mon":[["22:00","23:59"]],"name":"nights"}` {
		t.Fatalf("ConfigObject %s %v", b, ok)
	}
	entries, ok := s.ConfigList("ssh/channel_policies")
	if !ok || len(entries) != 1 || entries[0].Key != "ch1" {
		t.Fatalf("ConfigList %v %v", entries, ok)
	}
	if b, ok := s.ConfigObject("ssh/options", ""); !ok || len(b) == 0 {
		t.Fatal("singleton not read")
	}
	var fe *config.FieldError
	if err := s.PutConfigObject("policies/time_policies", "tp2", json.RawMessage(`{"name":"nights"}`)); !errors.As(err, &fe) || fe.Path != "body.name" {
		t.Fatalf("duplicate name: %v", err)
	}
	if err := s.PutConfigObject("policies/time_policies", "../x", json.RawMessage(`{"name":"a"}`)); !errors.As(err, &fe) || fe.Path != "key" {
		t.Fatalf("bad key: %v", err)
	}
	var pe *tree.PathError
	for _, bad := range []struct{ path, key string }{{"ssh", "x"}, {"ssh/connections", ""}, {"ssh/options", "x"}, {"alerting", ""}, {"no/such", "k"}} {
		if err := s.PutConfigObject(bad.path, bad.key, json.RawMessage(`{}`)); !errors.As(err, &pe) {
			t.Errorf("PutConfigObject(%q, %q): %v", bad.path, bad.key, err)
		}
	}
	if _, ok := s.ConfigList("ssh/options"); ok {
		t.Fatal("ConfigList of a singleton")
	}
	if ok, err := s.DeleteConfigObject("policies/time_policies", "tp1"); !ok || err != nil {
		t.Fatalf("delete referenced out of band: %v %v", ok, err)
	}
	if ok, _ := s.DeleteConfigObject("policies/time_policies", "tp1"); ok {
		t.Fatal("deleted twice")
	}
	if _, err := s.DeleteConfigObject("ssh/options", ""); err == nil {
		t.Fatal("deleted a singleton")
	}
}

// One key seed and clock give the same keys; VNC settings policies keep
// UUIDs.
func TestConfigKeysAreSeeded(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	keys := func(seed int64) []string {
		_, ts := start(t, Config{KeySeed: seed, Now: now})
		c := login(t, ts, "admin")
		var out []string
		for _, p := range []string{"ssh/connections", "policies/time_policies", "vnc/settings_policies"} {
			body := `{"name":"k"}`
			if p == "vnc/settings_policies" {
				b, _ := json.Marshal(validPolicy("k"))
				body = string(b)
			}
			out = append(out, at(c.do("POST", cfgRoot+p, body).must(t, 201).json, "key").(string))
		}
		return out
	}
	a, b, other := keys(7), keys(7), keys(8)
	if a[0] != b[0] || a[1] != b[1] || a[2] != b[2] {
		t.Fatalf("same seed, different keys: %v %v", a, b)
	}
	if a[0] == other[0] || a[2] == other[2] {
		t.Fatalf("different seeds, same keys: %v %v", a, other)
	}
	if a[0][len(a[0])-13:len(a[0])-5] != "695735a5" { // 2026-01-02T03:04:05Z
		t.Errorf("key %s does not carry the clock's time", a[0])
	}
	if len(a[2]) != 36 || a[2][14] != '4' {
		t.Errorf("VNC key %s is not a UUID v4", a[2])
	}
}
