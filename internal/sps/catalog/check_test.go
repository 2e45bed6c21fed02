package catalog

import (
	"strings"
	"testing"
)

// ruleCase feeds one documented rule a violating body and the same body
// fixed. bad must yield exactly want ("path ruleID"); good must yield
// nothing, warnings included (through CheckShape for a read-only family,
// whose writes always fail). shape checks a read-only family's fields
// with CheckShape.
type ruleCase struct {
	name  string
	path  string
	mode  Mode
	shape bool
	bad   string
	want  []string
	good  string
}

const (
	vncPolicy = `"name": "p", "timeout": 600, "preconnect_channel_check": false,
		"client_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"},
		"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"}`
	shapeA = `"audit": {"cleanup": {"enabled": false}, "timestamping": {"selection": "local", "signing_interval": 30}}, "service": {"enabled": true, "log_level": 4}`
)

var connectionCases = []ruleCase{
	{name: "permission outside its enum", path: "ssh/connections",
		bad:  `{"access_control": [{"authorizer": "admins", "permission": "audit-and-authorize", "subject": {"group": "devs"}}]}`,
		want: []string{"body.access_control[0].permission access_control_entry.permission:enum"},
		good: `{"access_control": [{"authorizer": "admins", "permission": "audit_and_authorize", "subject": {"group": "devs"}}]}`},
	{name: "indexing.policy as the object SPS returns", path: "rdp/connections",
		bad:  `{"indexing": {"enabled": true, "policy": {"key": "-1", "meta": {"href": "/api/configuration/policies/indexing/-1"}}}}`,
		want: []string{"body.indexing.policy connection_policy.indexing.policy:ref"},
		good: `{"indexing": {"enabled": true, "policy": "-1", "priority": 3}}`},
	{name: "indexing is documented completely", path: "ssh/connections",
		bad:  `{"indexing": {"enabled": true, "priorty": 3}}`,
		want: []string{"body.indexing.priorty connection_policy.indexing:closed"},
		good: `{"indexing": {"enabled": true, "priority": 3}}`},
	{name: "network is documented completely", path: "ssh/connections",
		bad:  `{"network": {"client": ["10.0.0.1"], "ports": [22]}}`,
		want: []string{"body.network.client connection_policy.network:closed"},
		good: `{"network": {"clients": ["10.0.0.1"], "ports": [22], "targets": ["10.0.0.2"]}}`},
	{name: "read-only protocol", path: "vnc/connections",
		bad:  `{"name": "vnc_in", "active": true}`,
		want: []string{"body connection_policies:read_only"},
		good: `{"name": "vnc_in", "active": true}`},
	{name: "selection outside its enum", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "Fix", "address": "10.0.0.1", "port": 22}}`,
		want: []string{"body.server_address.selection server_address.selection:enum"},
		good: `{"server_address": {"selection": "fix", "address": "10.0.0.1", "port": 22}}`},
	{name: "fix needs address", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "fix", "port": 22}}`,
		want: []string{"body.server_address.address server_address:required_if:address"},
		good: `{"server_address": {"selection": "fix", "port": 22, "address": "10.0.0.1"}}`},
	{name: "fix needs port", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "fix", "address": "10.0.0.1"}}`,
		want: []string{"body.server_address.port server_address:required_if:port"},
		good: `{"server_address": {"selection": "fix", "address": "10.0.0.1", "port": 2222}}`},
	{name: "nat needs network", path: "rdp/connections",
		bad:  `{"server_address": {"selection": "nat"}}`,
		want: []string{"body.server_address.network server_address:required_if:network"},
		good: `{"server_address": {"selection": "nat", "network": "10.20.30.40/24"}}`},
	{name: "inband needs domains", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "inband", "dns_server": "10.0.0.53"}}`,
		want: []string{"body.server_address.domains server_address:required_if:domains"},
		good: `{"server_address": {"selection": "inband", "dns_server": "10.0.0.53", "domains": [{"domain": {"selection": "domain", "value": "example.com"}, "port": 22}]}}`},
	{name: "dns_server only with inband", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "fix", "address": "10.0.0.1", "port": 22, "dns_server": "10.0.0.53"}}`,
		want: []string{"body.server_address.dns_server server_address:applies_only_if:dns_server"},
		good: `{"server_address": {"selection": "fix", "address": "10.0.0.1", "port": 22}}`},
	{name: "dns_suffixes only with inband", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "original", "dns_suffixes": ["example.com"]}}`,
		want: []string{"body.server_address.dns_suffixes server_address:applies_only_if:dns_suffixes"},
		good: `{"server_address": {"selection": "original"}}`},
	{name: "exception_domains only with inband", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "nat", "network": "10.0.0.0/8", "exception_domains": []}}`,
		want: []string{"body.server_address.exception_domains server_address:applies_only_if:exception_domains"},
		good: `{"server_address": {"selection": "nat", "network": "10.0.0.0/8"}}`},
	{name: "domain selection outside its enum", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "inband", "domains": [{"domain": {"selection": "ip", "value": "10.0.0.0/8"}, "port": 22}]}}`,
		want: []string{"body.server_address.domains[0].domain.selection address_or_domain.selection:enum"},
		good: `{"server_address": {"selection": "inband", "domains": [{"domain": {"selection": "address", "value": "10.0.0.0/8"}, "port": 22}]}}`},
	{name: "address objects are documented completely", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "inband", "domains": [{"domain": {"selection": "domain", "value": "example.com"}}], "exception_domains": [{"domain": {"selection": "domain", "valeu": "x.example.com"}}]}}`,
		want: []string{"body.server_address.exception_domains[0].domain.valeu address_or_domain:closed"},
		good: `{"server_address": {"selection": "inband", "domains": [{"domain": {"selection": "domain", "value": "example.com"}}], "exception_domains": [{"domain": {"selection": "domain", "value": "x.example.com"}}]}}`},
	{name: "domain entries are documented completely", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "inband", "domains": [{"domain": {"selection": "domain", "value": "example.com"}, "ports": [22]}]}}`,
		want: []string{"body.server_address.domains[0].ports domain_entry:closed"},
		good: `{"server_address": {"selection": "inband", "domains": [{"domain": {"selection": "domain", "value": "example.com"}, "port": 22}]}}`},
	{name: "connection cleanup block is documented completely", path: "telnet/connections", mode: Overlay, shape: true,
		bad:  `{"channel_database_cleanup": {"enabled": true, "day": 30}}`,
		want: []string{"body.channel_database_cleanup.day cleanup_days:closed"},
		good: `{"channel_database_cleanup": {"enabled": true, "days": 30}}`},
	{name: "a wrong type names the documented type", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "fix", "address": "10.0.0.1", "port": "22"}, "active": "yes", "network": {"ports": [22, "23"]}}`,
		want: []string{"body.server_address.port server_address.port:type", "body.active connection_policy.active:type", "body.network.ports[1] connection_policy.network.ports[]:type"},
		good: `{"server_address": {"selection": "fix", "address": "10.0.0.1", "port": 22}, "active": true, "network": {"ports": [22, 23]}}`},
	{name: "undocumented fields pass where the table is cut", path: "ssh/connections",
		bad:  `{"server_address": {"selection": "nat"}, "policies": {"channel_policy": "-10"}}`,
		want: []string{"body.server_address.network server_address:required_if:network"},
		good: `{"server_address": {"selection": "nat", "network": "10.0.0.0/8", "snat": true}, "policies": {"channel_policy": "-10"}, "access_control": [{"permission": "audit", "extra": 1}]}`},
}

var settingsCases = []ruleCase{
	{name: "VNC settings policy name without whitespace", path: "vnc/settings_policies",
		bad:  `{` + vncPolicy + `, "name": "my\tpolicy"}`,
		want: []string{"body.name vnc_settings_policy.name:format"},
		good: `{` + vncPolicy + `, "name": "my_policy"}`},
	{name: "inactivity_timeout.value at least timeout", path: "vnc/settings_policies",
		bad:  `{` + vncPolicy + `, "inactivity_timeout": {"enabled": true, "value": 300}}`,
		want: []string{"body.inactivity_timeout.value vnc_settings_policy:at_least:inactivity_timeout.value"},
		good: `{` + vncPolicy + `, "inactivity_timeout": {"enabled": true, "value": 600}}`},
	{name: "inactivity_timeout.value only if enabled", path: "vnc/settings_policies",
		bad:  `{` + vncPolicy + `, "inactivity_timeout": {"enabled": false, "value": 300}}`,
		want: []string{"body.inactivity_timeout.value vnc_settings_policy:applies_only_if:inactivity_timeout.value"},
		good: `{` + vncPolicy + `, "inactivity_timeout": {"enabled": false}}`},
	{name: "VNC settings policy documented completely", path: "vnc/settings_policies",
		bad:  `{` + vncPolicy + `, "timout": 900}`,
		want: []string{"body.timout vnc_settings_policy:closed"},
		good: `{` + vncPolicy + `}`},
	{name: "inactivity block documented completely", path: "telnet/settings_policies",
		bad:  `{"inactivity_timeout": {"enabled": true, "value": 700, "unit": "s"}, "banner": "hi"}`,
		want: []string{"body.inactivity_timeout.unit inactivity_timeout:closed"},
		good: `{"inactivity_timeout": {"enabled": true, "value": 700}, "banner": "hi", "undocumented_in_telnet": 1}`},
	{name: "cipher_strength.selection outside its enum", path: "http/settings_policies",
		bad:  `{"client_tls_security_settings": {"cipher_strength": {"selection": "strong"}}}`,
		want: []string{"body.client_tls_security_settings.cipher_strength.selection cipher_strength.selection:enum"},
		good: `{"client_tls_security_settings": {"cipher_strength": {"selection": "custom", "custom_cipher": "ALL:!aNULL:@STRENGTH"}}}`},
	{name: "cipher_strength documented completely", path: "vnc/settings_policies",
		bad:  `{"server_tls_security_settings": {"cipher_strength": {"selection": "custom", "custom_ciphers": "ALL"}}}`,
		want: []string{"body.server_tls_security_settings.cipher_strength.custom_ciphers cipher_strength:closed"},
		good: `{"server_tls_security_settings": {"cipher_strength": {"selection": "custom", "custom_cipher": "ALL"}}}`},
	{name: "minimum_tls_version outside its enum", path: "telnet/settings_policies",
		bad:  `{"server_tls_security_settings": {"minimum_tls_version": "TLSv1_3"}}`,
		want: []string{"body.server_tls_security_settings.minimum_tls_version tls_settings.minimum_tls_version:enum"},
		good: `{"server_tls_security_settings": {"minimum_tls_version": "TLSv1_0"}}`},
	{name: "TLS settings documented completely", path: "http/settings_policies",
		bad:  `{"client_tls_security_settings": {"min_tls_version": "TLSv1_2"}}`,
		want: []string{"body.client_tls_security_settings.min_tls_version tls_settings:closed"},
		good: `{"client_tls_security_settings": {"minimum_tls_version": "TLSv1_2"}}`},
	{name: "SSH client-side algorithms documented completely", path: "ssh/settings_policies",
		bad:  `{"client_side_algorithms": {"ciphers": ["aes256-ctr"]}}`,
		want: []string{"body.client_side_algorithms.ciphers ssh_settings_policies.client_side_algorithms:closed"},
		good: `{"client_side_algorithms": {"cipher": ["aes256-ctr"], "kex": [], "mac": [], "compression": []}, "server_side_algorithms": {}}`},
}

var optionsCases = []ruleCase{
	{name: "shape B days only if cleanup enabled", path: "rdp/options",
		bad:  `{"channel_database_cleanup": {"enabled": false, "days": 30}, "service": {"enabled": true}}`,
		want: []string{"body.channel_database_cleanup.days options_cleanup:applies_only_if:channel_database_cleanup.days"},
		good: `{"channel_database_cleanup": {"enabled": true, "days": 30}, "service": {"enabled": true}}`},
	{name: "shape B log_level only if service enabled", path: "telnet/options",
		bad:  `{"channel_database_cleanup": {"enabled": false}, "service": {"enabled": false, "log_level": 4}}`,
		want: []string{"body.service.log_level options_cleanup:applies_only_if:service.log_level"},
		good: `{"channel_database_cleanup": {"enabled": false}, "service": {"enabled": true, "log_level": 4}}`},
	{name: "gssapi belongs to SSH only", path: "rdp/options",
		bad:  `{"channel_database_cleanup": {"enabled": false}, "gssapi": {"enabled": false}}`,
		want: []string{"body.gssapi options_cleanup:closed"},
		good: `{"channel_database_cleanup": {"enabled": false}}`},
	{name: "gssapi documented completely", path: "ssh/options",
		bad:  `{` + shapeA + `, "gssapi": {"enabled": true, "kerberos": true}}`,
		want: []string{"body.gssapi.kerberos options_common.gssapi:closed"},
		good: `{` + shapeA + `, "gssapi": {"enabled": true}}`},
	{name: "cleanup block documented completely", path: "vnc/options",
		bad:  `{"channel_database_cleanup": {"enabled": true, "day": 30}}`,
		want: []string{"body.channel_database_cleanup.day cleanup_days:closed"},
		good: `{"channel_database_cleanup": {"enabled": true, "days": 30}}`},
	{name: "one shape, not a mix", path: "vnc/options",
		bad:  `{` + shapeA + `, "channel_database_cleanup": {"enabled": false}}`,
		want: []string{"body.channel_database_cleanup protocol_options:one_shape"},
		good: `{` + shapeA + `}`},
	{name: "shape A documented completely", path: "http/options",
		bad:  `{` + shapeA + `, "services": {"enabled": true}}`,
		want: []string{"body.services options_audit:closed"},
		good: `{` + shapeA + `}`},
	{name: "audit documented completely", path: "ica/options",
		bad:  `{"audit": {"cleanup": {"enabled": false}, "timestamp": {"selection": "local"}}}`,
		want: []string{"body.audit.timestamp options_audit.audit:closed"},
		good: `{"audit": {"cleanup": {"enabled": false}, "timestamping": {"selection": "local"}}}`},
	{name: "shape A cleanup documented completely", path: "telnet/options",
		bad:  `{"audit": {"cleanup": {"enabled": true, "days": 10}}}`,
		want: []string{"body.audit.cleanup.days options_audit.audit.cleanup:closed"},
		good: `{"audit": {"cleanup": {"enabled": true, "channel_database_cleanup_days": 10}}}`},
	{name: "timestamping documented completely", path: "vnc/options",
		bad:  `{"audit": {"timestamping": {"selection": "remote", "server": "http://tsa.example.com/"}}}`,
		want: []string{"body.audit.timestamping.server options_audit.audit.timestamping:closed"},
		good: `{"audit": {"timestamping": {"selection": "remote", "server_url": "http://tsa.example.com/"}}}`},
	{name: "timestamping selection outside its enum", path: "ssh/options",
		bad:  `{"audit": {"timestamping": {"selection": "external"}}}`,
		want: []string{"body.audit.timestamping.selection timestamp_selection:enum"},
		good: `{"audit": {"timestamping": {"selection": "remote"}}}`},
	{name: "oid documented completely", path: "ssh/options",
		bad:  `{"audit": {"timestamping": {"selection": "remote", "oid": {"enabled": true, "policy": "1.2.3"}}}}`,
		want: []string{"body.audit.timestamping.oid.policy oid:closed"},
		good: `{"audit": {"timestamping": {"selection": "remote", "oid": {"enabled": true, "policy_oid": "1.2.3"}}}}`},
	{name: "service documented completely", path: "ssh/options",
		bad:  `{"service": {"enabled": true, "loglevel": 4}}`,
		want: []string{"body.service.loglevel service:closed"},
		good: `{"service": {"enabled": true, "log_level": 4}}`},
}

var policyCases = []ruleCase{
	{name: "time policy name without whitespace", path: "policies/time_policies",
		bad:  `{"name": "7 x 24", "Mon": [["0:00", "23:59"]]}`,
		want: []string{"body.name time_policy.name:format"},
		good: `{"name": "7x24", "Mon": [["0:00", "23:59"]]}`},
	{name: "day intervals are pairs", path: "policies/time_policies",
		bad:  `{"Mon": [["8:00", "12:00"], ["13:00"]], "Sat": []}`,
		want: []string{"body.Mon[1] day_intervals[]:length"},
		good: `{"Mon": [["8:00", "12:00"], ["13:00", "17:00"]], "Sat": []}`},
	{name: "day intervals are hh:mm", path: "policies/time_policies",
		bad:  `{"Tue": [["08:00", "24:00"]], "Wed": [["8:0", "9:00"]]}`,
		want: []string{"body.Tue[0][1] day_intervals[][]:format", "body.Wed[0][0] day_intervals[][]:format"},
		good: `{"Tue": [["08:00", "23:59"]], "Wed": [["8:00", "9:00"]]}`},
	{name: "time policy documented completely", path: "policies/time_policies",
		bad:  `{"name": "work", "mon": [["8:00", "17:00"]]}`,
		want: []string{"body.mon time_policy:closed"},
		good: `{"name": "work", "Mon": [["8:00", "17:00"]]}`},
	{name: "intervals written as one string", path: "policies/time_policies",
		bad:  `{"Sun": ["0:00-23:59"], "Fri": "all day"}`,
		want: []string{"body.Sun[0] day_intervals[]:type", "body.Fri day_intervals:type"},
		good: `{"Sun": [["0:00", "23:59"]], "Fri": []}`},
	{name: "archive/cleanup top level documented completely", path: "policies/archive_cleanup_policies",
		bad:  `{"name": "a", "retention_day": 30, "target": {"type": "smb", "share": "x"}}`,
		want: []string{"body.retention_day archive_cleanup_policy:closed"},
		good: `{"name": "a", "retention_days": 30, "target": {"type": "smb", "share": "x"}}`},
	{name: "audit policy timestamping server selection", path: "policies/audit_policies",
		bad:  `{"timestamping": {"enabled": true, "server": {"selection": "Remote", "server_url": "http://tsa.example.com/"}}}`,
		want: []string{"body.timestamping.server.selection timestamp_selection:enum"},
		good: `{"timestamping": {"enabled": true, "server": {"selection": "remote", "server_url": "http://tsa.example.com/"}}}`},
	{name: "ACL permission outside its enum", path: "aaa/acls", shape: true,
		bad:  `[{"group": "ssh-write", "objects": ["/special/ssh"], "permission": "admin"}]`,
		want: []string{"body[0].permission acl_entry.permission:enum"},
		good: `[{"group": "ssh-write", "objects": ["/special/ssh"], "permission": "write"}]`},
	{name: "ACLs are read-only", path: "aaa/acls",
		bad:  `[]`,
		want: []string{"body acls:read_only"},
		good: `[]`},
}

func allCases() []ruleCase {
	var out []ruleCase
	for _, cs := range [][]ruleCase{connectionCases, settingsCases, optionsCases, policyCases} {
		out = append(out, cs...)
	}
	return out
}

func TestRules(t *testing.T) {
	for _, tc := range allCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := family(t, tc.path)
			mode := tc.mode
			if mode == 0 {
				mode = Whole
			}
			check := f.Check
			if tc.shape {
				check = f.CheckShape
			}
			got := found(check(decode(t, tc.bad), mode))
			if !sameLines(got, tc.want) {
				t.Fatalf("%s %s\n got %q\nwant %q", tc.path, tc.bad, got, tc.want)
			}
			if f.ReadOnly {
				check = f.CheckShape
			}
			if vs := check(decode(t, tc.good), mode); len(vs) > 0 {
				t.Fatalf("the fixed body fails: %v", vs)
			}
		})
	}
}

// TestEveryRuleHasACase fails when a checked rule of the catalog has no
// violating body in the table above (a new rule needs its case).
func TestEveryRuleHasACase(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range allCases() {
		for _, w := range tc.want {
			covered[w[strings.LastIndex(w, " ")+1:]] = true
		}
	}
	checked, _ := allRuleIDs()
	if len(checked) < 40 {
		t.Fatalf("only %d checked rules found; the catalog lost rules", len(checked))
	}
	for id := range checked {
		if !covered[id] {
			t.Errorf("rule %s has no violating body in check_test.go", id)
		}
	}
}
