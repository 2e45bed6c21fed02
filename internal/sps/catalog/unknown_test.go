package catalog

import (
	"testing"
)

// unknownCase: with Unknown in place the body yields want; with the value
// learned (known) it yields wantKnown, so the rule is checked later, not
// dropped.
type unknownCase struct {
	name             string
	path             string
	unknown, learned func() any
	want, wantKnown  []string
}

func obj(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func list(v ...any) []any { return v }

var unknownCases = []unknownCase{
	{name: "a name not known yet", path: "policies/time_policies",
		unknown: func() any { return obj("name", Unknown) }, learned: func() any { return obj("name", "a b") },
		wantKnown: []string{"body.name time_policy.name:format"}},
	{name: "an interval end not known yet", path: "policies/time_policies",
		unknown:   func() any { return obj("Mon", list(list(Unknown, "25:00"), Unknown)) },
		learned:   func() any { return obj("Mon", list(list("7:60", "25:00"), list("1:00"))) },
		want:      []string{"body.Mon[0][1] day_intervals[][]:format"},
		wantKnown: []string{"body.Mon[0][0] day_intervals[][]:format", "body.Mon[0][1] day_intervals[][]:format", "body.Mon[1] day_intervals[]:length"}},
	{name: "selection not known yet", path: "ssh/connections",
		unknown:   func() any { return obj("server_address", obj("selection", Unknown)) },
		learned:   func() any { return obj("server_address", obj("selection", "nat")) },
		wantKnown: []string{"body.server_address.network server_address:required_if:network"}},
	{name: "a required field that will be known", path: "ssh/connections",
		unknown: func() any { return obj("server_address", obj("selection", "fix", "address", Unknown)) },
		learned: func() any { return obj("server_address", obj("selection", "fix")) },
		want:    []string{"body.server_address.port server_address:required_if:port"},
		wantKnown: []string{"body.server_address.address server_address:required_if:address",
			"body.server_address.port server_address:required_if:port"}},
	{name: "inactivity enabled not known yet", path: "vnc/settings_policies",
		unknown:   func() any { return obj("timeout", 600, "inactivity_timeout", obj("enabled", Unknown, "value", 60)) },
		learned:   func() any { return obj("timeout", 600, "inactivity_timeout", obj("enabled", true, "value", 60)) },
		wantKnown: []string{"body.inactivity_timeout.value vnc_settings_policy:at_least:inactivity_timeout.value"}},
	{name: "timeout not known yet", path: "vnc/settings_policies",
		unknown:   func() any { return obj("timeout", Unknown, "inactivity_timeout", obj("enabled", true, "value", 60)) },
		learned:   func() any { return obj("timeout", 61, "inactivity_timeout", obj("enabled", true, "value", 60)) },
		wantKnown: []string{"body.inactivity_timeout.value vnc_settings_policy:at_least:inactivity_timeout.value"}},
	{name: "a reference not known yet", path: "rdp/connections",
		unknown:   func() any { return obj("indexing", obj("policy", Unknown)) },
		learned:   func() any { return obj("indexing", obj("policy", obj("key", "-1"))) },
		wantKnown: []string{"body.indexing.policy connection_policy.indexing.policy:ref"}},
	{name: "a whole block not known yet", path: "ssh/options",
		unknown:   func() any { return obj("audit", Unknown, "service", obj("enabled", true)) },
		learned:   func() any { return obj("audit", obj("cleanup", obj("days", 1)), "service", obj("enabled", true)) },
		wantKnown: []string{"body.audit.cleanup.days options_audit.audit.cleanup:closed"}},
	{name: "a whole body not known yet", path: "policies/time_policies",
		unknown: func() any { return Unknown }, learned: func() any { return obj("mon", list()) },
		wantKnown: []string{"body.mon time_policy:closed"}},
	{name: "an undocumented key's value is unknown, the key is not", path: "policies/time_policies",
		unknown: func() any { return obj("mon", Unknown) }, learned: func() any { return obj("mon", list()) },
		want: []string{"body.mon time_policy:closed"}, wantKnown: []string{"body.mon time_policy:closed"}},
}

func TestUnknownValuesAreCheckedWhenKnown(t *testing.T) {
	for _, tc := range unknownCases {
		t.Run(tc.name, func(t *testing.T) {
			f := family(t, tc.path)
			if got := found(f.Check(tc.unknown(), Whole)); !sameLines(got, tc.want) {
				t.Errorf("with unknowns: got %q, want %q", got, tc.want)
			}
			if got := found(f.Check(tc.learned(), Whole)); !sameLines(got, tc.wantKnown) {
				t.Errorf("known: got %q, want %q", got, tc.wantKnown)
			}
		})
	}
}

func TestOverlaySkipsPresenceRules(t *testing.T) {
	f := family(t, "ssh/connections")
	body := obj("server_address", obj("selection", "fix", "dns_server", "10.0.0.53"))
	if got := found(f.Check(body, Overlay)); !sameLines(got, []string{"body.server_address.dns_server server_address:applies_only_if:dns_server"}) {
		t.Errorf("overlay: SPS may hold address and port, only the warning stays: %q", got)
	}
	if got := found(f.Check(body, Whole)); len(got) != 3 {
		t.Errorf("whole: address and port are required, and the warning: %q", got)
	}

	d, err := load([]byte(synthetic))
	if err != nil {
		t.Fatal(err)
	}
	syn := d.byPath["policies/f"]
	inList := obj("one", obj("mode", "fix"), "many", list(obj("mode", "fix"), obj("mode", "fix", "target", "t")))
	want := []string{"body.many[0].target entry:required_if:target"}
	if got := found(syn.Check(inList, Overlay)); !sameLines(got, want) {
		t.Errorf("a list replaces whole, so its elements are whole even in an overlay: got %q, want %q", got, want)
	}
	want = append(want, "body.one.target entry:required_if:target")
	if got := found(syn.Check(inList, Whole)); !sameLines(got, want) {
		t.Errorf("whole: got %q, want %q", got, want)
	}
}

func TestNullIsAbsent(t *testing.T) {
	cases := []struct {
		path string
		body any
		want []string
	}{
		{"ssh/connections", obj("server_address", obj("selection", "fix", "address", nil, "port", 22)),
			[]string{"body.server_address.address server_address:required_if:address"}},
		{"policies/time_policies", obj("mon", nil, "name", nil), nil},
		{"policies/time_policies", obj("Mon", list(nil)), []string{"body.Mon[0] day_intervals[]:type"}},
		{"vnc/settings_policies", obj("timeout", nil, "inactivity_timeout", obj("enabled", true, "value", 1)), nil},
		{"policies/time_policies", nil, nil},
	}
	for _, tc := range cases {
		if got := found(Check(tc.path, tc.body, Whole)); !sameLines(got, tc.want) {
			t.Errorf("%s %v: got %q, want %q", tc.path, tc.body, got, tc.want)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, p := range []string{"ssh/connections", "/api/configuration/ssh/connections/", "api/configuration/ssh/connections", "/ssh/connections"} {
		if f, ok := Lookup(p); !ok || f.Path != "ssh/connections" || f.Protocol != "ssh" || f.Singleton {
			t.Errorf("Lookup(%q) = %+v, %v", p, f, ok)
		}
	}
	for _, p := range []string{"ssh/connections/123", "ssh", "policies/indexing", "SSH/connections", ""} {
		if _, ok := Lookup(p); ok {
			t.Errorf("Lookup(%q) found a family", p)
		}
		if vs := Check(p, "not an object", Whole); vs != nil {
			t.Errorf("a path outside the catalog is checked: %v", vs)
		}
	}
	if f, _ := Lookup("vnc/options"); !f.Singleton || len(f.Shapes()) != 2 {
		t.Errorf("vnc/options: %+v", f)
	}
}
