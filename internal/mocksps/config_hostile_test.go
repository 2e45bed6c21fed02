package mocksps

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Hostile and malformed bodies on every configuration write of the tree:
// a documented 4xx with the SPS error object, never a 5xx, nothing pending
// in the transaction, no lock left taken, the committed configuration
// unchanged, and the server still serving a normal change afterwards.
func TestConfigHostileBodies(t *testing.T) {
	s, ts := start(t, Config{})
	routes := configWriteRoutes(t, s)
	c := login(t, ts, "admin")
	before, _ := json.Marshal(s.Snapshot())
	deep := strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)
	bodies := map[string]string{
		"deep object":         deep,
		"deep array":          strings.Repeat("[", 100000),
		"just past MaxDepth":  strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33),
		"huge number":         `{"name":"n","n":1e999}`,
		"huge negative":       `{"name":"n","deep":{"l":[1,-2e308,3]}}`,
		"long digits":         `{"name":"n","n":` + strings.Repeat("9", 400) + `}`,
		"invalid UTF-8":       "{\"name\":\"bad\xff\xfe\"}",
		"invalid UTF-8 key":   "{\"\xc3\":1}",
		"array":               `[{"name":"n"}]`,
		"string":              `"name"`,
		"number":              `42`,
		"null":                `null`,
		"true":                `true`,
		"empty":               ``,
		"whitespace":          " \n\t ",
		"trailing data":       `{"name":"n"} {"name":"m"}`,
		"truncated":           `{"name":"n",`,
		"trailing comma":      `{"name":"n",}`,
		"NUL":                 "\x00",
		"too large":           `{"name":"` + strings.Repeat("a", 2<<20) + `"}`,
		"duplicate keys kept": `{"name":"a","name":"a b"}`,
	}
	for _, rt := range routes {
		if rt.path == "/api/transaction" {
			continue
		}
		for name, body := range bodies {
			r := c.do(rt.method, rt.path, body)
			if r.status < 400 {
				if name == "duplicate keys kept" && !strings.Contains(rt.path, "time_policies") && !strings.Contains(rt.path, "vnc/settings") {
					// Any JSON object is a body for undocumented
					// families; the last duplicate wins, as in Go.
					c.do("DELETE", "/api/transaction", nil).must(t, 200)
					continue
				}
				t.Errorf("%s %s with %s: status %d %s", rt.method, rt.path, name, r.status, r.raw)
				c.do("DELETE", "/api/transaction", nil)
				continue
			}
			if r.status >= 500 {
				t.Fatalf("%s %s with %s: status %d", rt.method, rt.path, name, r.status)
			}
			if typ, _ := at(r.json, "error", "type").(string); typ == "" {
				t.Errorf("%s %s with %s: no error type: %s", rt.method, rt.path, name, r.raw)
			}
		}
	}
	if s.LockHolder() != "" {
		t.Fatal("a refused write left a transaction open")
	}
	if after, _ := json.Marshal(s.Snapshot()); !bytes.Equal(before, after) {
		t.Fatal("refused writes changed the committed configuration")
	}
	c.do("POST", cfgRoot+"ssh/connections", `{"name":"after_the_bombs"}`).must(t, 201)
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
}

// Hostile keys and paths: never a success on something that is not an
// object of the tree, never a 5xx.
func TestConfigHostileKeysAndPaths(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	m := anon(t, ts)
	before, _ := json.Marshal(s.Snapshot())
	for _, p := range []string{
		cfgRoot + "ssh/connections/..",
		cfgRoot + "ssh/connections/.",
		cfgRoot + "ssh/connections/%2e%2e",
		cfgRoot + "ssh/connections/a%2Fb",
		cfgRoot + "ssh/connections/a/b",
		cfgRoot + "ssh/connections/../../vnc/options",
		cfgRoot + "ssh//connections/x",
		cfgRoot + "ssh/connections/x?y=1",
		cfgRoot + "ssh/connections?x",
		cfgRoot + "ssh/connections/%00",
		cfgRoot + "ssh/connections/" + strings.Repeat("k", 5000),
		"/api/configuration%2Fssh/connections/x",
	} {
		for _, method := range []string{"GET", "PUT", "DELETE", "POST"} {
			r := c.do(method, p, `{"name":"hostile"}`)
			if r.status < 400 || r.status >= 500 {
				t.Errorf("%s %s: status %d %s", method, p, r.status, r.raw)
			}
		}
	}
	for _, key := range []string{"..", ".", "a%2Fb", "%2e%2e", "a%20b", "%00", strings.Repeat("k", 200), "-", "a:b"} {
		r := m.do(http.MethodPut, "/_mock/config/ssh/connections/"+key, `{"name":"oob"}`)
		if r.status < 400 || r.status >= 500 {
			t.Errorf("/_mock PUT key %q: status %d %s", key, r.status, r.raw)
		}
	}
	c.do("DELETE", "/api/transaction", nil).must(t, 200)
	if after, _ := json.Marshal(s.Snapshot()); !bytes.Equal(before, after) {
		t.Fatal("hostile keys changed the committed configuration")
	}
}
