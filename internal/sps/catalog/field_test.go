package catalog

import (
	"reflect"
	"strings"
	"testing"
)

func TestFieldDescribesTheDefinition(t *testing.T) {
	vnc := family(t, "vnc/settings_policies")
	name, ok := vnc.Field("name")
	if !ok || name.Type != "string" || !reflect.DeepEqual(name.Rules, []string{"cannot contain whitespace"}) || name.Source.Section == "" {
		t.Errorf("vnc name: %+v", name)
	}
	value, _ := vnc.Field("inactivity_timeout.value")
	if strings.Join(value.Rules, "|") != "must be greater than or equal to timeout|applies only if inactivity_timeout.enabled is true" {
		t.Errorf("the rules written on the policy reach the field they are about: %q", value.Rules)
	}
	tls, _ := vnc.Field("client_tls_security_settings.minimum_tls_version")
	if !reflect.DeepEqual(tls.Enum, []string{"TLSv1_2", "TLSv1_1", "TLSv1_0"}) {
		t.Errorf("enum: %+v", tls)
	}
	if it, _ := vnc.Field("inactivity_timeout"); !it.Closed || it.Type != "object" {
		t.Errorf("inactivity_timeout: %+v", it)
	}

	ssh := family(t, "ssh/connections")
	perm, ok := ssh.Field("access_control[].permission")
	if !ok || len(perm.Enum) != 3 {
		t.Errorf("access_control[].permission: %+v", perm)
	}
	if port, _ := ssh.Field("server_address.port"); !reflect.DeepEqual(port.Rules, []string{"required if selection is fix (fix must be used with address and port)"}) {
		t.Errorf("server_address.port: %+v", port)
	}
	if _, ok := ssh.Field("channel_database_cleanup"); ok {
		t.Error("ssh connections have no channel_database_cleanup (Telnet and MSSQL only)")
	}
	tel := family(t, "telnet/connections")
	if days, ok := tel.Field("channel_database_cleanup.days"); !ok || len(days.Rules) != 1 || !strings.Contains(days.Rules[0], "must not exceed") {
		t.Errorf("telnet connection cleanup days: %+v", days)
	}
	time := family(t, "policies/time_policies")
	if iv, ok := time.Field("Mon[][]"); !ok || iv.Type != "string" || len(iv.Rules) != 1 {
		t.Errorf("Mon[][]: %+v", iv)
	}
	if _, ok := family(t, "ssh/options").Field("gssapi.enabled"); !ok {
		t.Error("ssh/options has gssapi")
	}
	if _, ok := family(t, "rdp/options").Field("gssapi"); ok {
		t.Error("rdp/options has no gssapi")
	}
}

func TestReferences(t *testing.T) {
	body := decode(t, `{
		"indexing": {"enabled": true, "policy": "-1"},
		"access_control": [
			{"authorizer": "admins", "permission": "audit", "subject": {"group": "devs"}},
			{"authorizer": {"key": "x"}, "subject": {"group": "ops"}}
		]}`).(map[string]any)
	body["access_control"].([]any)[0].(map[string]any)["authorizer"] = Unknown
	var got []string
	for _, r := range family(t, "ssh/connections").References(body) {
		got = append(got, PathString("body", r.Steps)+" "+r.Family+" "+r.By+" "+r.Value)
	}
	want := []string{
		"body.access_control[0].subject.group aaa/local_database/groups usergroup devs",
		"body.access_control[1].subject.group aaa/local_database/groups usergroup ops",
		"body.indexing.policy policies/indexing key -1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if refs := family(t, "ssh/connections").References(Unknown); refs != nil {
		t.Errorf("an unknown body has references: %v", refs)
	}
}

func TestViolationRendering(t *testing.T) {
	v := Violation{
		Steps: []Step{key("a"), index(2), key("with space"), key("\x1b"), key("ok-1")},
		Rule:  "must be x", Detail: "got y", Suggestion: "z",
		Source: Source{File: "reference/05-policies.md", Section: "5.4 Time policies", Tag: "doc1949119"},
	}
	want := `body.a[2]["with space"]["\x1b"].ok-1: must be x; got y; did you mean "z"? (reference/05-policies.md §5.4 Time policies [doc1949119])`
	if v.String() != want {
		t.Errorf("got  %s\nwant %s", v.String(), want)
	}
	seed := Source{File: "seeds/x.txt", Section: "Cannot contain whitespace."}
	if seed.String() != `seeds/x.txt ("Cannot contain whitespace.")` {
		t.Errorf("seed source: %s", seed)
	}
	if Warning.String() != "warning" || Error.String() != "error" {
		t.Error("severity words")
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"Fri", "Mon", "name", "timeout", "minimum_tls_version", "log_level"}
	for got, want := range map[string]string{
		"mon": "Mon", "nme": "name", "timout": "timeout", "minimum_tls_vresion": "minimum_tls_version",
		"loglevel": "log_level", "xyz": "", "Monday": "", "name": "", strings.Repeat("a", 100): "",
	} {
		if s := suggest(got, names); s != want {
			t.Errorf("suggest(%q) = %q, want %q", got, s, want)
		}
	}
}
