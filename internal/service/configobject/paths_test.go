package configobject

import (
	"strings"
	"testing"
)

func TestNormalizePath(t *testing.T) {
	good := map[string]string{
		"ssh/connections":                        "ssh/connections",
		"ssh/connections/":                       "ssh/connections",
		"/api/configuration/ssh/connections":     "ssh/connections",
		"/api/configuration/ssh/connections/":    "ssh/connections",
		"policies/time_policies":                 "policies/time_policies",
		"aaa/local_database/groups":              "aaa/local_database/groups",
		"management/disk_fillup_prevention":      "management/disk_fillup_prevention",
		"/api/configuration/vnc/options":         "vnc/options",
		"Some-Future_Endpoint/with-dashes/AND_9": "Some-Future_Endpoint/with-dashes/AND_9",
	}
	for in, want := range good {
		got, err := NormalizePath(in)
		if err != nil || got != want {
			t.Errorf("NormalizePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{ // input → a word the error must hold
		"":                                     "empty",
		"/api/configuration":                   "root",
		"/api/configuration/":                  "root",
		"/api/transaction":                     "outside",
		"/api/audit/sessions":                  "outside",
		"/ssh/connections":                     "outside",
		"api/configuration/ssh/connections":    "outside",
		"https://sps/api/configuration/ssh":    "segment", // the scheme's colon
		"ssh/../../transaction":                `".."`,
		"/api/configuration/../transaction":    `".."`,
		"ssh/./connections":                    `"."`,
		"ssh/connections?limit=1":              "query string",
		"ssh/connections#x":                    "fragment",
		"/api/configuration/ssh/connections?x": "query string",
		"ssh//connections":                     "empty segment",
		"ssh/connections//":                    "empty segment",
		"ssh/%2e%2e":                           "segment",
		"ssh/connections/@order":               "segment",
		"ssh/conn ections":                     "segment",
		"ssh/conn\u0000":                       "segment",
		"ssh/conn\x1b[31m":                     "segment",
		"ssh/cönnections":                      "segment",
		"ssh\\connections":                     "segment",
		strings.Repeat("a/", 300) + "b":        "long",
	}
	for in, word := range bad {
		got, err := NormalizePath(in)
		if err == nil {
			t.Errorf("NormalizePath(%q) = %q, want an error", in, got)
			continue
		}
		if !strings.Contains(err.Error(), word) {
			t.Errorf("NormalizePath(%q): %v; want it to say %q", in, err, word)
		}
		if strings.ContainsAny(err.Error(), "\x00\x1b") {
			t.Errorf("NormalizePath(%q): the error carries a control character: %q", in, err)
		}
	}
}

func TestValidateKey(t *testing.T) {
	for _, k := range []string{"-200", "8348340645707e2575e3c6", "12932832285a830b4d2f5d7", "0d9e1f0a-5a36-4c1c-9bd4-9f4b7a1d8a51", "options", "a.b", "%41"} {
		if err := ValidateKey(k); err != nil {
			t.Errorf("ValidateKey(%q): %v", k, err)
		}
	}
	for k, word := range map[string]string{
		"": "empty", ".": "no object", "..": "no object", "a/b": "slash", "/": "slash", `a\b`: "slash",
		"a?b": "query", "a#b": "fragment", "a b": "space", "a\tb": "space", "a\x00": "control", "\x1b[2J": "control",
		"a\u2028b": "space", strings.Repeat("k", 600): "long",
	} {
		err := ValidateKey(k)
		if err == nil || !strings.Contains(err.Error(), word) {
			t.Errorf("ValidateKey(%q) = %v; want an error saying %q", k, err, word)
			continue
		}
		if strings.ContainsAny(err.Error(), "\x00\x1b\t") {
			t.Errorf("ValidateKey(%q): the error carries a control character: %q", k, err)
		}
	}
}

func TestParseObjectID(t *testing.T) {
	for id, want := range map[string][2]string{
		"ssh/connections/-200":                        {"ssh/connections", "-200"},
		"/api/configuration/ssh/connections/abc123":   {"ssh/connections", "abc123"},
		"policies/time_policies/-100":                 {"policies/time_policies", "-100"},
		"aaa/local_database/groups/1234-5678":         {"aaa/local_database/groups", "1234-5678"},
		ObjectID("rdp/channel_policies", "-20100"):    {"rdp/channel_policies", "-20100"},
		"/api/configuration/rdp/channel_policies/a.b": {"rdp/channel_policies", "a.b"},
	} {
		rel, key, err := ParseObjectID(id)
		if err != nil || rel != want[0] || key != want[1] {
			t.Errorf("ParseObjectID(%q) = %q, %q, %v; want %q, %q", id, rel, key, err, want[0], want[1])
		}
	}
	for _, id := range []string{"", "-200", "/-200", "ssh/connections/", "ssh/connections/..", "ssh/../connections/1",
		"/api/transaction/1", "ssh/connections/1?x=2", "ssh/connections/a b", "/api/configuration/-200"} {
		if rel, key, err := ParseObjectID(id); err == nil {
			t.Errorf("ParseObjectID(%q) = %q, %q; want an error", id, rel, key)
		}
	}
}

func TestReadOnly(t *testing.T) {
	for _, rel := range []string{"telnet/connections", "vnc/connections", "http/connections", "ica/connections", "mssql/connections", "aaa/acls"} {
		rule, ok := ReadOnly(rel)
		if !ok || rule.Reason == "" || rule.Source == "" {
			t.Errorf("ReadOnly(%q) = %+v, %v; want a rule with reason and source", rel, rule, ok)
		}
	}
	for _, rel := range []string{"ssh/connections", "rdp/connections", "telnet/channel_policies", "vnc/settings_policies",
		"aaa/local_database/groups", "telnet/connections/x", "xtelnet/connections", "policies/time_policies"} {
		if rule, ok := ReadOnly(rel); ok {
			t.Errorf("ReadOnly(%q) = %+v; want writable", rel, rule)
		}
	}
}
