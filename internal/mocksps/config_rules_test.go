package mocksps

import (
	"regexp"
	"strings"
	"testing"
)

const cfgRoot = "/api/configuration/"

// A generic list: POST (SPS-style key), GET one and list (bodies embedded),
// PUT replacing the whole object, DELETE, all inside the transaction, and
// nothing committed after a rollback.
func TestConfigGenericCRUDInTransactions(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	const conns = cfgRoot + "ssh/connections"
	r := c.do("POST", conns+"/", `{"name":"jump","active":true,"network":{"clients":["0.0.0.0/0"],"ports":[22],"targets":["10.0.0.1"]}}`).must(t, 201)
	key, _ := r.json["key"].(string)
	if !regexp.MustCompile(`^[0-9]{9,10}[0-9a-f]{8}[0-9a-f]{5}$`).MatchString(key) {
		t.Fatalf("key %q is not SPS-style", key)
	}
	if at(r.json, "meta", "href") != conns+"/"+key || at(r.json, "meta", "parent") != conns {
		t.Fatalf("POST meta %s", r.raw)
	}
	if s.LockHolder() != "admin" {
		t.Fatal("the write did not open a transaction")
	}
	if _, ok := s.ConfigObject("ssh/connections", key); ok {
		t.Fatal("uncommitted object visible in the committed configuration")
	}
	anotherView := login(t, ts, "viewer")
	anotherView.do("GET", conns+"/"+key, nil).errType(t, 404, "NotFound")

	// PUT replaces the whole object: a field left out is gone.
	c.do("PUT", conns+"/"+key, `{"name":"jump","active":false}`).must(t, 200)
	g := c.do("GET", conns+"/"+key, nil).must(t, 200)
	if at(g.json, "body", "active") != false || at(g.json, "body", "network") != nil {
		t.Fatalf("after PUT %s", g.raw)
	}
	items := c.do("GET", conns, nil).must(t, 200).json["items"].([]any)
	if len(items) != 2 || at(items[1], "body", "name") != "jump" || at(items[1], "meta", "href") != conns+"/"+key {
		t.Fatalf("list %v", items)
	}
	ch := c.do("GET", "/api/transaction/changes", nil).must(t, 200)
	if cs := ch.json["changes"].([]any); len(cs) != 1 || at(cs[0], "type") != "create" || at(cs[0], "path") != conns+"/"+key {
		t.Fatalf("changes %s", ch.raw)
	}
	c.do("DELETE", "/api/transaction", nil).must(t, 200)
	c.do("GET", conns+"/"+key, nil).errType(t, 404, "NotFound")

	key = at(c.do("POST", conns, `{"name":"kept"}`).must(t, 201).json, "key").(string)
	c.do("PUT", cfgRoot+"management/webinterface", `{"timeout":25}`).must(t, 200)
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
	if b, ok := s.ConfigObject("ssh/connections", key); !ok || string(b) != `{"name":"kept"}` {
		t.Fatalf("committed %s %v", b, ok)
	}
	if b, _ := s.ConfigObject("management/webinterface", ""); string(b) != `{"timeout":25}` {
		t.Fatalf("committed webinterface %s", b)
	}
	r = c.do("DELETE", conns+"/"+key, nil).must(t, 200)
	if at(r.json, "meta", "href") != conns+"/"+key || r.json["key"] != nil {
		t.Fatalf("DELETE answer %s", r.raw)
	}
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
	if _, ok := s.ConfigObject("ssh/connections", key); ok {
		t.Fatal("delete not committed")
	}
}

func TestConfigBuiltinsCannotBeDeleted(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	for _, p := range []string{"ssh/settings_policies/-300", "rdp/settings_policies/-303", "http/settings_policies/-3040010",
		"ica/settings_policies/-301101020", "ssh/authentication_policies/-200", "rdp/channel_policies/-20100", "policies/time_policies/-100"} {
		r := c.do("DELETE", cfgRoot+p, nil)
		r.errType(t, 400, "BuiltinObjectNotDeletable")
		if msg := at(r.json, "error", "message").(string); !strings.Contains(msg, "built in") {
			t.Errorf("%s: message %q", p, msg)
		}
	}
	// They can be modified.
	c.do("PUT", cfgRoot+"ssh/settings_policies/-300", `{"name":"default","greeting":"hello"}`).must(t, 200)
	if s.LockHolder() != "admin" {
		t.Fatal("lock")
	}
}

// A reference is a documented field (indexing.policy) or any string equal
// to the key: the referenced object cannot be deleted, and a documented
// reference must name an existing object.
func TestConfigReferences(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	idx := at(c.do("POST", cfgRoot+"policies/indexing", `{"name":"idx"}`).must(t, 201).json, "key").(string)
	const conns = cfgRoot + "ssh/connections"

	d := c.do("POST", conns, `{"name":"c1","indexing":{"enabled":true,"policy":"no-such-policy"}}`).errType(t, 400, "SemanticError")
	if d["path"] != "body.indexing.policy" {
		t.Fatalf("missing reference: %v", d)
	}
	c.do("POST", conns, `{"name":"c1","indexing":{"enabled":true,"policy":42}}`).errType(t, 400, "SemanticError")
	conn := at(c.do("POST", conns, `{"name":"c1","indexing":{"enabled":true,"policy":"`+idx+`","priority":3}}`).must(t, 201).json, "key").(string)
	// Read back in the read form, written back as read: stored as the key.
	g := c.do("GET", conns+"/"+conn, nil).must(t, 200)
	if at(g.json, "body", "indexing", "policy", "key") != idx || at(g.json, "body", "indexing", "policy", "meta", "href") != cfgRoot+"policies/indexing/"+idx {
		t.Fatalf("reference read form %s", g.raw)
	}
	c.do("PUT", conns+"/"+conn, map[string]any{"name": "c1", "indexing": at(g.json, "body", "indexing")}).must(t, 200)
	c.do("PUT", "/api/transaction", map[string]any{"status": "commit"}).must(t, 200)
	if b, _ := s.ConfigObject("ssh/connections", conn); !strings.Contains(string(b), `"policy":"`+idx+`"`) {
		t.Fatalf("stored reference %s", b)
	}

	r := c.do("DELETE", cfgRoot+"policies/indexing/"+idx, nil)
	d = r.errType(t, 409, "ReferencedObjectNotDeletable")
	by, _ := d["referenced_by"].([]any)
	if len(by) != 1 || by[0] != conns+"/"+conn || !strings.Contains(at(r.json, "error", "message").(string), `"c1"`) {
		t.Fatalf("referenced delete %s", r.raw)
	}
	if s.LockHolder() != "" {
		t.Fatal("a refused delete left an implicit transaction open")
	}

	// An undocumented field holding the key string is a reference too.
	tp := at(c.do("POST", cfgRoot+"policies/time_policies", `{"name":"office"}`).must(t, 201).json, "key").(string)
	ch := at(c.do("POST", cfgRoot+"ssh/channel_policies", `{"name":"ch","rules":[{"actions":{"audit":true},"time_policy":"`+tp+`"}]}`).must(t, 201).json, "key").(string)
	c.do("DELETE", cfgRoot+"policies/time_policies/"+tp, nil).errType(t, 409, "ReferencedObjectNotDeletable")
	// Once the referrer is gone (in the same transaction), it can go.
	c.do("DELETE", cfgRoot+"ssh/channel_policies/"+ch, nil).must(t, 200)
	c.do("DELETE", cfgRoot+"policies/time_policies/"+tp, nil).must(t, 200)
	// The read form of a reference to another list with the same key is not
	// a reference to this object.
	grp := at(c.do("POST", cfgRoot+"aaa/local_database/groups", `{"name":"g","members":[]}`).must(t, 201).json, "key").(string)
	c.do("POST", cfgRoot+"ssh/channel_policies", `{"name":"ch2","ref":{"key":"`+grp+`","meta":{"href":"/api/configuration/aaa/local_database/users/`+grp+`"}}}`).must(t, 201)
	c.do("DELETE", cfgRoot+"aaa/local_database/groups/"+grp, nil).must(t, 200)
}

// Connection policies of every protocol but SSH and RDP, and the ACLs,
// are read-only over REST: every write is 405 with SPS's reason.
func TestConfigReadOnlyFamilies(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	for _, rq := range []struct{ method, path, words string }{
		{"POST", "telnet/connections", "Telnet connection policies are read-only"},
		{"PUT", "telnet/connections/8348340645707e2575e3c6", "only the RDP and SSH connection policies can be modified"},
		{"DELETE", "telnet/connections/8348340645707e2575e3c6", "read-only"},
		{"POST", "vnc/connections", "VNC connection policies are read-only"},
		{"POST", "mssql/connections", "MSSQL connection policies are read-only"},
		{"POST", "http/connections", "HTTP connection policies are read-only"},
		{"POST", "ica/connections", "ICA connection policies are read-only"},
		{"PUT", "aaa/acls", "cannot be edited over the REST API"},
	} {
		r := c.do(rq.method, cfgRoot+rq.path, `{"name":"x"}`)
		d := r.errType(t, 405, "MethodNotAllowed")
		if r.header.Get("Allow") != "GET" || d["read_only"] != true || !strings.Contains(at(r.json, "error", "message").(string), rq.words) {
			t.Errorf("%s %s: Allow %q %s", rq.method, rq.path, r.header.Get("Allow"), r.raw)
		}
	}
	c.do("GET", cfgRoot+"telnet/connections/8348340645707e2575e3c6", nil).must(t, 200)
	// SSH and RDP connections are writable.
	c.do("POST", cfgRoot+"rdp/connections", `{"name":"rdp1"}`).must(t, 201)
	c.do("DELETE", "/api/transaction", nil).must(t, 200)
	if s.LockHolder() != "" {
		t.Fatal("lock")
	}
}

func TestConfigRefusals(t *testing.T) {
	s, ts := start(t, Config{})
	c := login(t, ts, "admin")
	c.do("GET", cfgRoot+"alerting", nil).errType(t, 404, "NotFound")
	c.do("GET", cfgRoot+"rdp/domain_membership", nil).errType(t, 404, "NotFound")
	r := c.do("GET", cfgRoot+"telnet/connections/@order", nil)
	r.errType(t, 404, "NotFound")
	if !strings.Contains(at(r.json, "error", "message").(string), "@order") {
		t.Errorf("@order: %s", r.raw)
	}
	for _, p := range []string{"ssh/nope", "ssh/connections/x/y", "ssh/options/x", "aaa/local_database/groups//x", "nope/connections", "ssh/../ssh/connections"} {
		c.do("GET", cfgRoot+p, nil).errType(t, 404, "NotFound")
	}
	d := c.do("POST", cfgRoot+"ssh/connections?x=1", `{"name":"q"}`).errType(t, 400, "InvalidQuery")
	if d["parameter"] != "x" {
		t.Errorf("query details %v", d)
	}
	c.do("GET", cfgRoot+"ssh/connections?fields=name", nil).errType(t, 400, "InvalidQuery")
	for body, path := range map[string]string{
		`[1,2]`:                     "body",
		`"text"`:                    "body",
		`null`:                      "body",
		`{"name":"n","n":1e999}`:    "body.n",
		`{"name":"n","l":[-1e400]}`: "body.l[0]",
	} {
		if d := c.do("POST", cfgRoot+"policies/content_policies", body).errType(t, 400, "SemanticError"); d["path"] != path {
			t.Errorf("%s: details.path %v, want %s", body, d["path"], path)
		}
	}
	// Time policies: the documented table, completely.
	for body, path := range map[string]string{
		`{"name":"has space"}`:                        "body.name",
		`{"Mon":[]}`:                                  "body.name",
		`{"name":"t","Mon":[["8:00"]]}`:               "body.Mon[0]",
		`{"name":"t","Tue":[["8:00","24:00"]]}`:       "body.Tue[0][1]",
		`{"name":"t","Wed":"always"}`:                 "body.Wed",
		`{"name":"t","Thu":[["8:00",800]]}`:           "body.Thu[0][1]",
		`{"name":"t","Fri":[],"holidays":[]}`:         "body.holidays",
		`{"name":"t","Sat":[["0:00","23:59"]],"x":1}`: "body.x",
	} {
		if d := c.do("POST", cfgRoot+"policies/time_policies", body).errType(t, 400, "SemanticError"); d["path"] != path {
			t.Errorf("time policy %s: details.path %v, want %s", body, d["path"], path)
		}
	}
	c.do("POST", cfgRoot+"policies/time_policies", `{"name":"nights","Mon":[["0:00","6:00"],["22:00","23:59"]],"Sun":[]}`).must(t, 201)
	// Names are unique within a list, in the caller's view.
	c.do("POST", cfgRoot+"policies/audit_policies", `{"name":"default"}`).errType(t, 400, "SemanticError")
	k := at(c.do("POST", cfgRoot+"policies/audit_policies", `{"name":"mine"}`).must(t, 201).json, "key").(string)
	c.do("PUT", cfgRoot+"policies/audit_policies/"+k, `{"name":"remote-timestamping"}`).errType(t, 400, "SemanticError")
	c.do("PUT", cfgRoot+"policies/audit_policies/"+k, `{"name":"mine","extra":1}`).must(t, 200)
	c.do("PUT", cfgRoot+"ssh/connections/no-such-key", `{"name":"x"}`).errType(t, 404, "NotFound")
	c.do("DELETE", cfgRoot+"ssh/connections/no-such-key", nil).errType(t, 404, "NotFound")
	for _, rq := range []struct{ method, path, allow string }{
		{"DELETE", "ssh/connections", "GET, POST"},
		{"POST", "ssh/options", "GET, PUT"},
		{"PUT", "ssh", "GET"},
		{"POST", "", "GET"},
		{"PATCH", "ssh/connections/8348340645707e2575e3c6", "GET, PUT, DELETE"},
	} {
		r := c.do(rq.method, cfgRoot+rq.path, nil)
		r.errType(t, 405, "MethodNotAllowed")
		if r.header.Get("Allow") != rq.allow {
			t.Errorf("%s %s: Allow %q", rq.method, rq.path, r.header.Get("Allow"))
		}
	}
	c.do("DELETE", "/api/transaction", nil).must(t, 200)
	if s.LockHolder() != "" {
		t.Fatal("lock")
	}
}
