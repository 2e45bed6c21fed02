package mocksps

import (
	"reflect"
	"strings"
	"testing"
)

func keysOf(t *testing.T, r response) []string {
	t.Helper()
	var keys []string
	for _, it := range r.json["items"].([]any) {
		keys = append(keys, at(it, "key").(string))
	}
	return keys
}

// The directories list their children in the order of the samples, and
// their meta walks their siblings as the samples print it.
func TestConfigDirectoriesMatchTheSamples(t *testing.T) {
	_, ts := start(t, Config{})
	c := login(t, ts, "admin")
	root := c.do("GET", "/api/configuration", nil).must(t, 200)
	want := "aaa,alerting,datetime,http,ica,local_services,management,mssql,network,passwords,plugins,policies,private_keys,rdp,reporting,ssh,telnet,troubleshooting,vnc,x509"
	if got := strings.Join(keysOf(t, root), ","); got != want {
		t.Errorf("root children\n got %s\nwant %s", got, want)
	}
	wantRootMeta := decodeJSON(t, `{"first":"/api/configuration","href":"/api/configuration","last":"/api/configuration","next":null,"parent":null,"previous":null,"remaining_seconds":600,"transaction":"/api/transaction"}`)
	if !reflect.DeepEqual(root.json["meta"], wantRootMeta) {
		t.Errorf("root meta %v", root.json["meta"])
	}
	// The SSH root, item by item and link by link as the 6.0.2 - 7.0.5.1 sample.
	ssh := c.do("GET", "/api/configuration/ssh/", nil).must(t, 200)
	wantSSH := decodeJSON(t, `{"items":[
		{"key":"authentication_policies","meta":{"href":"/api/configuration/ssh/authentication_policies"}},
		{"key":"channel_policies","meta":{"href":"/api/configuration/ssh/channel_policies"}},
		{"key":"connections","meta":{"href":"/api/configuration/ssh/connections"}},
		{"key":"options","meta":{"href":"/api/configuration/ssh/options"}},
		{"key":"settings_policies","meta":{"href":"/api/configuration/ssh/settings_policies"}}],
		"meta":{"first":"/api/configuration/aaa","href":"/api/configuration/ssh","last":"/api/configuration/x509","next":"/api/configuration/telnet","parent":"/api/configuration","previous":"/api/configuration/reporting","remaining_seconds":600,"transaction":"/api/transaction"}}`)
	if got := decodeJSON(t, string(ssh.raw)); !reflect.DeepEqual(got, wantSSH) {
		t.Errorf("ssh root\n got %v\nwant %v", got, wantSSH)
	}
	cases := []struct {
		path, children string
		meta           map[string]any
	}{
		{"/api/configuration/rdp", "channel_policies,connections,domain_membership,options,settings_policies",
			map[string]any{"previous": "/api/configuration/private_keys", "next": "/api/configuration/reporting"}},
		{"/api/configuration/aaa", "acls,ldap_servers,local_database,login_methods,saml2,settings",
			map[string]any{"previous": nil, "next": "/api/configuration/alerting", "first": "/api/configuration/aaa"}},
		{"/api/configuration/aaa/local_database", "groups,users", map[string]any{"parent": "/api/configuration/aaa"}},
		{"/api/configuration/policies", "aa_plugin_instances,analytics,archive_cleanup_policies,audit_policies,backup_policies,content_policies,credentialstores,indexing,ldap_servers,signing_cas,time_policies,trusted_ca_lists,user_databases,userlists,usermapping_policies",
			map[string]any{"parent": "/api/configuration"}},
		{"/api/configuration/http", "authentication_policies,channel_policies,connections,options,settings_policies",
			map[string]any{"previous": "/api/configuration/datetime", "next": "/api/configuration/ica"}},
		{"/api/configuration/vnc", "channel_policies,connections,options,settings_policies",
			map[string]any{"previous": "/api/configuration/troubleshooting", "next": "/api/configuration/x509"}},
		{"/api/configuration/telnet", "authentication_policies,channel_policies,connections,options,settings_policies", nil},
		{"/api/configuration/ica", "channel_policies,connections,options,settings_policies", nil},
		{"/api/configuration/plugins", "aa,credentialstore,ticketing", map[string]any{"previous": "/api/configuration/passwords"}},
		{"/api/configuration/mssql", "connections,options", nil},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			r := c.do("GET", tc.path, nil).must(t, 200)
			if got := strings.Join(keysOf(t, r), ","); got != tc.children {
				t.Errorf("children %s, want %s", got, tc.children)
			}
			for k, v := range tc.meta {
				if got := at(r.json, "meta", k); got != v {
					t.Errorf("meta.%s = %v, want %v", k, got, v)
				}
			}
		})
	}
}

// The meta of lists and singletons as the vendor samples print them.
func TestConfigEndpointMetaMatchesTheSamples(t *testing.T) {
	_, ts := start(t, Config{})
	c := login(t, ts, "admin")
	const cfg = "/api/configuration/"
	cases := map[string]string{
		"ssh/connections":         `{"first":"/api/configuration/ssh/authentication_policies","href":"/api/configuration/ssh/connections","last":"/api/configuration/ssh/settings_policies","next":"/api/configuration/ssh/options","parent":"/api/configuration/ssh","previous":"/api/configuration/ssh/channel_policies"}`,
		"ssh/settings_policies":   `{"first":"/api/configuration/ssh/authentication_policies","href":"/api/configuration/ssh/settings_policies","last":"/api/configuration/ssh/settings_policies","next":null,"parent":"/api/configuration/ssh","previous":"/api/configuration/ssh/options"}`,
		"ssh/options":             `{"first":"/api/configuration/ssh/authentication_policies","href":"/api/configuration/ssh/options","last":"/api/configuration/ssh/settings_policies","next":"/api/configuration/ssh/settings_policies","parent":"/api/configuration/ssh","previous":"/api/configuration/ssh/connections"}`,
		"rdp/connections":         `{"first":"/api/configuration/rdp/channel_policies","href":"/api/configuration/rdp/connections","last":"/api/configuration/rdp/settings_policies","next":"/api/configuration/rdp/domain_membership","parent":"/api/configuration/rdp","previous":"/api/configuration/rdp/channel_policies"}`,
		"rdp/options":             `{"first":"/api/configuration/rdp/channel_policies","href":"/api/configuration/rdp/options","last":"/api/configuration/rdp/settings_policies","next":"/api/configuration/rdp/settings_policies","parent":"/api/configuration/rdp","previous":"/api/configuration/rdp/domain_membership"}`,
		"rdp/settings_policies":   `{"first":"/api/configuration/rdp/channel_policies","href":"/api/configuration/rdp/settings_policies","last":"/api/configuration/rdp/settings_policies","next":null,"parent":"/api/configuration/rdp","previous":"/api/configuration/rdp/options"}`,
		"policies/audit_policies": `{"first":"/api/configuration/policies/aa_plugin_instances","href":"/api/configuration/policies/audit_policies","last":"/api/configuration/policies/usermapping_policies","next":"/api/configuration/policies/backup_policies","parent":"/api/configuration/policies","previous":"/api/configuration/policies/archive_cleanup_policies"}`,
		"management/webinterface": `{"first":"/api/configuration/management/certificates","href":"/api/configuration/management/webinterface","last":"/api/configuration/management/webinterface","next":null,"parent":"/api/configuration/management","previous":"/api/configuration/management/syslog"}`,
		// As printed by the vendor, not as the VNC listing would have it.
		"vnc/options": `{"first":"/api/configuration/vnc/channel_policies","href":"/api/configuration/vnc/options","last":"/api/configuration/vnc/options","next":null,"parent":"/api/configuration/vnc","previous":"/api/configuration/vnc/channel_policies"}`,
	}
	for path, want := range cases {
		t.Run(path, func(t *testing.T) {
			meta := c.do("GET", cfg+path, nil).must(t, 200).json["meta"].(map[string]any)
			if meta["transaction"] != "/api/transaction" || meta["remaining_seconds"] != 600.0 {
				t.Errorf("meta %v", meta)
			}
			delete(meta, "transaction")
			delete(meta, "remaining_seconds")
			if w := decodeJSON(t, want); !reflect.DeepEqual(any(meta), w) {
				t.Errorf("meta\n got %v\nwant %v", meta, w)
			}
		})
	}
	// One object's meta walks its sibling objects (the local-group sample).
	g := c.do("GET", cfg+"rdp/settings_policies/-303", nil).must(t, 200)
	if at(g.json, "meta", "first") != cfg+"rdp/settings_policies/-301" || at(g.json, "meta", "previous") != cfg+"rdp/settings_policies/-301" ||
		at(g.json, "meta", "next") != cfg+"rdp/settings_policies/13298899495727c51f725cf" || at(g.json, "meta", "parent") != cfg+"rdp/settings_policies" {
		t.Errorf("object meta %v", g.json["meta"])
	}
}

// Every family is seeded with the vendor's samples, built-in keys included.
func TestConfigSeeds(t *testing.T) {
	_, ts := start(t, Config{})
	c := login(t, ts, "admin")
	const cfg = "/api/configuration/"
	lists := map[string]string{
		"ssh/authentication_policies":       "-200,1895203635707e3340262f",
		"ssh/channel_policies":              "",
		"ssh/connections":                   "8348340645707e2575e3c6",
		"ssh/settings_policies":             "-300,236283841571912b948b88",
		"rdp/channel_policies":              "-20100",
		"rdp/connections":                   "12932832285a830b4d2f5d7",
		"rdp/settings_policies":             "-301,-303,13298899495727c51f725cf",
		"telnet/settings_policies":          "-302",
		"telnet/connections":                "8348340645707e2575e3c6",
		"http/authentication_policies":      "-200",
		"http/settings_policies":            "-3040010",
		"ica/settings_policies":             "-301101020",
		"vnc/settings_policies":             "-30211",
		"vnc/channel_policies":              "",
		"vnc/connections":                   "",
		"policies/time_policies":            "-100",
		"policies/audit_policies":           "78101850949e47437dd91d,4110330695c094b5776670",
		"policies/archive_cleanup_policies": "99375192754364c2b1bd01",
		"policies/ldap_servers":             "3548834825727acc530407,posix-simple",
		"policies/indexing":                 "",
		"aaa/local_database/groups":         "ca2dc85730ca082ee6b5c8",
		"aaa/local_database/users":          "",
		"policies/usermapping_policies":     "11581153055704544883f77,9328731525704545f5e3de",
		"policies/credentialstores":         "1580973975727acedd51b2,935272738572bc2ec1dbdd",
		"policies/signing_cas":              "991699365727ac4eb4606",
		"policies/user_databases":           "8235074425707e306abf39",
		"policies/userlists":                "",
		"policies/content_policies":         "",
		"policies/aa_plugin_instances":      "",
		"policies/backup_policies":          "",
		"policies/trusted_ca_lists":         "",
		"http/channel_policies":             "",
		"ica/channel_policies":              "",
		"mssql/connections":                 "",
		"http/connections":                  "",
		"ica/connections":                   "",
		"plugins/credentialstore":           "2534221015734bb18aaf32",
		"telnet/authentication_policies":    "",
		"telnet/channel_policies":           "",
	}
	for path, keys := range lists {
		r := c.do("GET", cfg+path, nil).must(t, 200)
		if got := strings.Join(keysOf(t, r), ","); got != keys {
			t.Errorf("%s: keys %q, want %q", path, got, keys)
		}
	}
	bodies := map[string]string{
		"telnet/settings_policies/-302":                            `{"banner":"","client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"inactivity_timeout":{"enabled":false},"name":"default","preconnect_channel_check":false,"server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},"timeout":600}`,
		"policies/time_policies/-100":                              `{"Fri":[["0:00","23:59"]],"Mon":[["0:00","23:59"]],"Sat":[["0:00","23:59"]],"Sun":[["0:00","23:59"]],"Thu":[["0:00","23:59"]],"Tue":[["0:00","23:59"]],"Wed":[["0:00","23:59"]],"name":"7x24"}`,
		"policies/audit_policies/4110330695c094b5776670":           `{"encryption":{"enabled":false},"name":"remote-timestamping","signing":{"enabled":false},"signing_and_timestamping_interval":42,"timestamping":{"enabled":true,"server":{"oid":{"enabled":true,"policy_oid":"2.3.5.3.1.5.32.322.32"},"selection":"remote","server_url":"http://tsa.example.com/"}}}`,
		"policies/archive_cleanup_policies/99375192754364c2b1bd01": `{"name":"archive_all_with_filelist","include_node_id_in_path":false,"notification_event":{"type":"all","send_filelist":true,"file_count_limit":123456},"target":{"type":"nfs","server":{"selection":"ip","value":"1.2.3.5"},"path":"/data/backup"},"start_times":["10:10"],"template":"PROTOCOL/CONNECTION/ARCHIVEDATE/","retention_days":30}`,
		"aaa/local_database/groups/ca2dc85730ca082ee6b5c8":         `{"members":[],"name":"http-write"}`,
		"ssh/settings_policies/-300":                               `{}`,
	}
	for path, body := range bodies {
		r := c.do("GET", cfg+path, nil).must(t, 200)
		if !reflect.DeepEqual(r.json["body"], decodeJSON(t, body)) {
			t.Errorf("%s: body %v", path, r.json["body"])
		}
	}
	singletons := map[string]string{
		"management/webinterface":           `{"timeout":10}`,
		"management/disk_fillup_prevention": `{}`,
		"ssh/options":                       `{"audit":{"cleanup":{"channel_database_cleanup_days":600,"enabled":true},"timestamping":{"selection":"local","signing_interval":30}},"gssapi":{"enabled":false},"service":{"enabled":true,"log_level":4}}`,
		"http/options":                      `{"audit":{"cleanup":{"enabled":false},"timestamping":{"selection":"local","signing_interval":30}},"service":{"enabled":true,"log_level":4}}`,
	}
	for path, body := range singletons {
		r := c.do("GET", cfg+path, nil).must(t, 200)
		if !reflect.DeepEqual(r.json["body"], decodeJSON(t, body)) || r.json["key"] != path[strings.LastIndex(path, "/")+1:] {
			t.Errorf("%s: %s", path, r.raw)
		}
	}
	acl := c.do("GET", cfg+"aaa/acls", nil).must(t, 200)
	if l, _ := acl.json["body"].([]any); len(l) != 8 || at(l[0], "group") != "basic-view" {
		t.Errorf("acls %s", acl.raw)
	}
}

// The server's options shape applies to every protocol's options.
func TestConfigOptionsShapeForEveryProtocol(t *testing.T) {
	for _, shape := range []string{"audit", "legacy"} {
		t.Run(shape, func(t *testing.T) {
			_, ts := start(t, Config{OptionsShape: shape})
			c := login(t, ts, "admin")
			audit := `{"audit":{"cleanup":{"enabled":false},"timestamping":{"selection":"local","signing_interval":30}},"service":{"enabled":true}}`
			legacy := `{"channel_database_cleanup":{"enabled":true,"days":30},"service":{"enabled":true,"log_level":3}}`
			good, bad, badPath := audit, legacy, "body.channel_database_cleanup"
			if shape == "legacy" {
				good, bad, badPath = legacy, audit, "body.audit"
			}
			for _, p := range []string{"ssh", "rdp", "telnet", "http", "ica", "vnc", "mssql"} {
				path := "/api/configuration/" + p + "/options"
				body := c.do("GET", path, nil).must(t, 200).json["body"].(map[string]any)
				_, hasAudit := body["audit"]
				if hasAudit != (shape == "audit") {
					t.Errorf("%s seed is not in the %s shape: %v", p, shape, body)
				}
				if d := c.do("PUT", path, bad).errType(t, 400, "SemanticError"); d["path"] != badPath {
					t.Errorf("%s: other shape refused at %v, want %s", p, d["path"], badPath)
				}
				c.do("PUT", path, good).must(t, 200)
			}
			// SSH alone has the gssapi switch.
			withGSSAPI := strings.Replace(good, `"service"`, `"gssapi":{"enabled":true},"service"`, 1)
			c.do("PUT", "/api/configuration/ssh/options", withGSSAPI).must(t, 200)
			if d := c.do("PUT", "/api/configuration/rdp/options", withGSSAPI).errType(t, 400, "SemanticError"); d["path"] != "body.gssapi" {
				t.Errorf("rdp gssapi: %v", d)
			}
			c.do("DELETE", "/api/transaction", nil).must(t, 200)
		})
	}
}
