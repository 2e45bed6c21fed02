package audit

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// keys lists the keys of a search answer's items, in order.
func keys(t testing.TB, out map[string]any) []string {
	t.Helper()
	var ks []string
	for _, it := range out["items"].([]any) {
		ks = append(ks, it.(map[string]any)["key"].(string))
	}
	return ks
}

func matchCount(t testing.TB, out map[string]any) int {
	t.Helper()
	return int(out["meta"].(map[string]any)["match_count"].(float64))
}

// TestQueryLanguage runs the q parameter over testdata/sessions_small.json,
// twelve sessions of mixed shapes (see the fixture), and checks which
// sessions match.
func TestQueryLanguage(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	cases := []struct {
		q    string
		want []string // matching keys, any order
	}{
		{"", []string{"s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s10", "s11", "s12"}},
		{"*:*", []string{"s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s10", "s11", "s12"}},
		// terms compare case-insensitively (s11 stores RDP)
		{"protocol:ssh", []string{"s01", "s02", "s09", "s10", "s12"}},
		{"protocol:SSH", []string{"s01", "s02", "s09", "s10", "s12"}},
		{"protocol:(ssh rdp)", []string{"s01", "s02", "s03", "s04", "s09", "s10", "s11", "s12"}},
		{"protocol:(ssh OR vnc)", []string{"s01", "s02", "s05", "s09", "s10", "s12"}},
		// AND, AND NOT; a missing field counts as "not admin"
		{"protocol:ssh AND verdict:accept", []string{"s01"}},
		{"protocol:ssh AND verdict:accept AND NOT name:admin", nil},
		{"protocol:ssh AND NOT name:admin", []string{"s02", "s09", "s10", "s12"}},
		{"protocol:ssh NOT name:admin", []string{"s02", "s09", "s10", "s12"}},
		{"NOT protocol:ssh", []string{"s03", "s04", "s05", "s06", "s07", "s08", "s11"}},
		// precedence: AND binds tighter than OR; parentheses group
		{"protocol:ssh OR protocol:rdp AND verdict:deny", []string{"s01", "s02", "s04", "s09", "s10", "s12"}},
		{"(protocol:ssh OR protocol:rdp) AND verdict:deny", []string{"s04"}},
		{"protocol:vnc protocol:telnet", []string{"s05", "s06"}}, // implicit OR
		{"(client.address:10.20.30.40 OR target.address:10.20.30.40) AND verdict:accept", []string{"s01", "s03"}},
		// whole-value matching: accept does not match ACCEPT-TERMINATED
		{"verdict:accept-terminated", []string{"s02"}},
		{"verdict:(deny OR fail)", []string{"s04", "s11"}},
		// wildcards
		{"name:?dmi*", []string{"s01", "s02", "s11"}},
		{"name:a*b", []string{"s07", "s09"}},
		{"name:*", []string{"s01", "s02", "s03", "s04", "s06", "s07", "s08", "s09", "s10", "s11"}},
		{"client.port:5000?", []string{"s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09"}},
		// escapes
		{`name:a\*b`, []string{"s09"}},
		{`name:john\ doe`, []string{"s10"}},
		{`session_id:svc\/aaa\/ssh_prod\:1`, []string{"s01"}},
		{"session_id:svc/aaa/ssh_prod:1", []string{"s01"}},
		// quoted phrases, also in the docs' escaped-quote spelling
		{`name:"john doe"`, []string{"s10"}},
		{`server_username:"Windows User"`, []string{"s03"}},
		{`server_username:\"Windows User\"`, []string{"s03"}},
		// ranges: inclusive [ ], exclusive { }, mixed, open ends
		{"server.port:{21 TO 23}", []string{"s01", "s02"}},
		{"server.port:[21 TO 23]", []string{"s01", "s02", "s06", "s09"}},
		{"server.port:[21 TO 23}", []string{"s01", "s02", "s09"}},
		{"server.port:{21 TO 23]", []string{"s01", "s02", "s06"}},
		{"server.port:[* TO 22]", []string{"s01", "s02", "s09"}},
		{"duration:[60 TO *]", []string{"s01", "s02", "s03", "s05", "s08", "s11"}},
		{"start_time:[* TO 1485000000]", []string{"s01", "s02", "s03", "s04"}},
		{"start_time:[2017-01-24 TO 2017-01-24]", []string{"s07", "s08"}},
		{"start_time:{2017-01-24 TO *]", []string{"s09", "s10", "s11"}},
		{"start_time:[2017-01-21T09:00 TO 2017-01-21T09:05}", []string{"s03"}},
		{"start_time:2017-01-24", []string{"s07", "s08"}},
		// aliases: legacy names reach old (psm.*, flat) and new documents
		{"name:admin", []string{"s01", "s11"}},
		{"server_username:administrator", []string{"s04", "s11"}},
		{"client.address:10.20.30.40", []string{"s01", "s03", "s11"}},
		{"server.address:10.0.0.9", []string{"s11"}},
		{"target.port:3389", []string{"s03", "s04", "s11"}},
		{"psm.connection_policy:ssh_prod", []string{"s01", "s02"}},
		{"psm.connection_policy:rdp_old", []string{"s11"}},
		{"recording.connection_policy:rdp_old", []string{"s11"}},
		{"auth_method:password", []string{"s02", "s11"}},
		{"channel_policy:*", []string{"s01", "s11"}},
		{"user.name:admin", []string{"s01", "s11"}},
		{"active:true", []string{"s05"}},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			out := getJSON(t, h, "/api/audit/sessions?q="+url.QueryEscape(c.q), 200)
			got := keys(t, out)
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("q=%s: got %v, want %v", c.q, got, want)
			}
			if matchCount(t, out) != len(c.want) {
				t.Errorf("q=%s: match_count %d, want %d", c.q, matchCount(t, out), len(c.want))
			}
		})
	}
}

func TestContentSearch(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	cases := []struct {
		content, q string
		want       []string
	}{
		{"sudo", "", []string{"s01"}},
		{"SUDO", "", []string{"s01"}},
		{"24hrs.txt", "", []string{"s01"}},
		{`"man iptables"`, "", []string{"s02"}},
		{"man iptables", "", []string{"s02"}}, // two words, ORed
		{"ipt*", "", []string{"s02"}},
		{"ip?ables", "", []string{"s02"}},
		{"registry", "", []string{"s03"}},
		{"sudo OR copying", "", []string{"s01", "s05"}},
		{"sudo AND ls", "", nil}, // both words, but in different events
		{"sudo", "protocol:rdp", nil},
		{"rm", "protocol:ssh", []string{"s02"}},
		{"content:sudo", "", []string{"s01"}},
	}
	for _, c := range cases {
		t.Run(c.content+" "+c.q, func(t *testing.T) {
			target := "/api/audit/sessions?content=" + url.QueryEscape(c.content)
			if c.q != "" {
				target += "&q=" + url.QueryEscape(c.q)
			}
			got := keys(t, getJSON(t, h, target, 200))
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("content=%s q=%s: got %v, want %v", c.content, c.q, got, c.want)
			}
		})
	}
	// content inside q works too, with the same rule about leading *.
	if got := keys(t, getJSON(t, h, "/api/audit/sessions?q="+url.QueryEscape("content:iptables AND protocol:ssh"), 200)); !slices.Equal(got, []string{"s02"}) {
		t.Errorf("q=content:iptables: %v", got)
	}
	for _, bad := range []string{"/api/audit/sessions?content=*sudo", "/api/audit/sessions?content=%20*sudo", "/api/audit/sessions?q=content:*sudo"} {
		t.Run(bad, func(t *testing.T) {
			out := getJSON(t, h, bad, 400)
			e := out["error"].(map[string]any)
			if e["type"] != "InvalidQuery" || !strings.Contains(e["message"].(string), "must not begin with the * wildcard") {
				t.Errorf("%s: %v", bad, e)
			}
		})
	}
}

func TestInvalidQueryErrors(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	cases := []struct {
		q, msg string
		pos    float64
	}{
		{"bogus:1", `unknown field "bogus"`, 1},
		{"protocol:ssh AND", "expected a clause", 17},
		{"protocol:ssh)", "unbalanced closing parenthesis", 13},
		{"(protocol:ssh", "unclosed parenthesis", 1},
		{"protocol", "without a field name", 1},
		{`name:"abc`, "unterminated quoted phrase", 6},
		{"server.port:[1 TO", "unexpected end of query inside range", 18},
		{"start_time:[yesterday TO *]", `invalid date "yesterday"`, 12},
		{strings.Repeat("(", 50) + "protocol:ssh" + strings.Repeat(")", 50), "nested too deeply", 33},
	}
	for _, c := range cases {
		t.Run(c.msg, func(t *testing.T) {
			out := getJSON(t, h, "/api/audit/sessions?q="+url.QueryEscape(c.q), 400)
			e := out["error"].(map[string]any)
			d := e["details"].(map[string]any)
			if e["type"] != "InvalidQuery" || !strings.Contains(e["message"].(string), c.msg) || d["position"] != c.pos {
				t.Errorf("q=%s: %v (position %v), want message containing %q at %v", c.q, e["message"], d["position"], c.msg, c.pos)
			}
			if d["parameter"] != "q" || d["query"] != c.q {
				t.Errorf("q=%s: details %v", c.q, d)
			}
		})
	}
}
