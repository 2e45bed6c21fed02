package audit

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

var genNow = time.Date(2024, 5, 17, 15, 30, 0, 0, time.UTC)

// Item 8: generated session ids follow the search page's documented format
// svc/<hash>/<policy>:<n>/<protocol> for some sessions (the details
// sample's form, without /<protocol>, for the others), and every session
// is found by the REST form of its id and by the URL-escaped logged form.
func TestGeneratedSessionIDForms(t *testing.T) {
	t.Parallel()
	st := Generate(40, 3, genNow)
	h := st.Handler(func() time.Time { return genNow })
	withProto := regexp.MustCompile(`^svc/[0-9A-Za-z]{22}/[a-z_]+:[0-9]+/(ssh|rdp|vnc|telnet|http|ica)$`)
	without := regexp.MustCompile(`^svc/[0-9A-Za-z]{22}/[a-z_]+:[0-9]+$`)
	var nWith, nWithout int
	d := st.state()
	for i := range d.sessions {
		sid := d.ix.FieldTexts("recording.session_id", int32(i))[0]
		proto := strings.ToLower(d.ix.FieldTexts("protocol", int32(i))[0])
		switch {
		case withProto.MatchString(sid) && strings.HasSuffix(sid, "/"+proto):
			nWith++
		case without.MatchString(sid):
			nWithout++
		default:
			t.Fatalf("session id %q (protocol %s) has neither documented form", sid, proto)
		}
		key := d.sessions[i].key
		if key != jsondoc.RESTForm(sid) {
			t.Errorf("key %q is not the REST form of %q", key, sid)
		}
		for _, id := range []string{jsondoc.RESTForm(sid), url.PathEscape(sid)} {
			if got := getJSON(t, h, "/api/audit/sessions/"+id, 200)["key"]; got != key {
				t.Errorf("GET by %s: key %v, want %s", id, got, key)
			}
		}
	}
	if nWith == 0 || nWithout == 0 {
		t.Fatalf("%d ids with /<protocol>, %d without: want both forms", nWith, nWithout)
	}
}

// Item 12: generated values use the samples' casing ("protocol": "SSH"),
// while queries match case-insensitively as documented (?q=protocol:ssh).
func TestGeneratedCasingAndCaseInsensitiveMatching(t *testing.T) {
	t.Parallel()
	st := Generate(500, 2, genNow)
	h := st.Handler(func() time.Time { return genNow })
	stats := getJSON(t, h, "/api/audit/sessions/stats?field=protocol&size=10", 200)["items"].([]any)
	counts := map[string]int{}
	for _, it := range stats {
		m := it.(map[string]any)
		counts[m["value"].(string)] = int(m["count"].(float64))
	}
	if counts["SSH"] == 0 || counts["ssh"] != 0 {
		t.Fatalf("protocol values %v, want upper case (SSH)", counts)
	}
	for _, q := range []string{"protocol:ssh", "protocol:SSH", "protocol:Ssh", "protocol:(ssh%20rdp)"} {
		t.Run(q, func(t *testing.T) {
			want := counts["SSH"]
			if strings.Contains(q, "rdp") {
				want += counts["RDP"]
			}
			if n := matchCount(t, getJSON(t, h, "/api/audit/sessions?limit=0&q="+q, 200)); n != want {
				t.Errorf("q=%s matches %d sessions, want %d", q, n, want)
			}
		})
	}
}
