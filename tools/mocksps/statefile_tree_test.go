package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every family of the configuration tree survives a restart: an object
// created through the API in a generic list, a protocol's options, and an
// out-of-band change to a read-only family.
func TestStateFileKeepsTheWholeTree(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sps.json")
	base, stop := startInProcess(t, "-plain-http", "-addr", "127.0.0.1:0", "-user", "ops:ops-pw:admin", "-state-file", file)
	f := newFlow(t, base, nil)
	f.call("GET", "/api/authentication", "ops", "", 200)
	key := f.call("POST", "/api/configuration/policies/time_policies", "", `{"name":"office","Mon":[["8:00","17:00"]]}`, 201)["key"].(string)
	f.call("PUT", "/api/configuration/ssh/options", "", `{"audit":{"cleanup":{"enabled":false},"timestamping":{"selection":"local","signing_interval":60}},"gssapi":{"enabled":true},"service":{"enabled":true}}`, 200)
	f.call("PUT", "/api/transaction", "", `{"status":"commit"}`, 200)
	f.call("PUT", "/_mock/config/telnet/connections/web-ui-made", "", `{"name":"from_the_web_ui","active":true}`, 200)
	if code := stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	raw, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(raw), `"version":2`) {
		t.Fatalf("state file (%v) is not version 2: %.200s", err, raw)
	}

	base, _ = startInProcess(t, "-plain-http", "-addr", "127.0.0.1:0", "-user", "ops:ops-pw:admin", "-state-file", file)
	f = newFlow(t, base, nil)
	f.call("GET", "/api/authentication", "ops", "", 200)
	if got := f.call("GET", "/api/configuration/policies/time_policies/"+key, "", "", 200)["body"].(map[string]any); got["name"] != "office" {
		t.Fatalf("time policy after restart: %v", got)
	}
	opts := f.call("GET", "/api/configuration/ssh/options", "", "", 200)["body"].(map[string]any)
	if opts["gssapi"].(map[string]any)["enabled"] != true {
		t.Fatalf("ssh options after restart: %v", opts)
	}
	if got := f.call("GET", "/api/configuration/telnet/connections/web-ui-made", "", "", 200)["body"].(map[string]any); got["name"] != "from_the_web_ui" {
		t.Fatalf("telnet connection after restart: %v", got)
	}
	// The seeds not touched are there too.
	f.call("GET", "/api/configuration/ssh/settings_policies/-300", "", "", 200)
}

// A version-1 file (VNC only) is upgraded: its configuration is kept, the
// families it predates are seeded, and it is rewritten as version 2.
func TestStateFileUpgradesVersion1(t *testing.T) {
	file := filepath.Join(t.TempDir(), "v1.json")
	policy := strings.ReplaceAll(policyBody, "%q", `"from_v1"`)
	v1 := `{"format":"mocksps-state","version":1,"options_shape":"legacy","sessions":{},"config":{` +
		`"lists":{"/api/configuration/vnc/settings_policies":[{"key":"kept-1","body":` + policy + `}]},` +
		`"singletons":{"/api/configuration/vnc/options":{"channel_database_cleanup":{"enabled":true,"days":7},"service":{"enabled":true}}}}}`
	if err := os.WriteFile(file, []byte(v1), 0o644); err != nil {
		t.Fatal(err)
	}
	base, stop := startInProcess(t, "-plain-http", "-addr", "127.0.0.1:0", "-user", "ops:ops-pw:admin", "-state-file", file)
	f := newFlow(t, base, nil)
	f.call("GET", "/api/authentication", "ops", "", 200)
	items := f.call("GET", "/api/configuration/vnc/settings_policies", "", "", 200)["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["key"] != "kept-1" {
		t.Fatalf("VNC policies after the upgrade (the file's, no re-seeded default): %v", items)
	}
	vncOpts := f.call("GET", "/api/configuration/vnc/options", "", "", 200)["body"].(map[string]any)
	if vncOpts["channel_database_cleanup"].(map[string]any)["days"] != 7.0 {
		t.Fatalf("VNC options after the upgrade: %v", vncOpts)
	}
	// A family the file predates, seeded in the file's (legacy) shape.
	rdp := f.call("GET", "/api/configuration/rdp/options", "", "", 200)["body"].(map[string]any)
	if _, ok := rdp["channel_database_cleanup"]; !ok {
		t.Fatalf("rdp options after the upgrade: %v", rdp)
	}
	f.call("GET", "/api/configuration/policies/audit_policies/78101850949e47437dd91d", "", "", 200)
	stop()

	var saved struct {
		Version int `json:"version"`
		Config  struct {
			Lists map[string]json.RawMessage `json:"lists"`
		} `json:"config"`
	}
	raw, _ := os.ReadFile(file)
	if err := json.Unmarshal(raw, &saved); err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 || saved.Config.Lists["/api/configuration/ssh/connections"] == nil {
		t.Fatalf("the upgraded file was not rewritten as version 2 with the whole tree: version %d", saved.Version)
	}
}
