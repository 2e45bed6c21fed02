package audit

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Tests of the issue-13 choices: the mock serves every shape the vendor
// pages document, on its own data.

// Item 10: a REST download of the audit trail is listed in the session's
// trail_downloads with from_api true (trail_downloads page), after the
// downloads the fixture already had (the page's sample, from_api false).
func TestAuditTrailDownloadIsListedFromAPI(t *testing.T) {
	t.Parallel()
	st := loadFixture(t, "session_details.json")
	h := st.Handler(fixedNow)
	const base = "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq"
	before := getJSON(t, h, base+"/trail_downloads", 200)["items"].([]any)
	if len(before) != 2 {
		t.Fatalf("fixture has %d downloads, want the sample's 2", len(before))
	}
	if rec := get(t, h, base+"/audit_trail"); rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "ZAT1") {
		t.Fatalf("download: %d %q", rec.Code, rec.Body.String()[:min(20, rec.Body.Len())])
	}
	after := getJSON(t, h, base+"/trail_downloads", 200)["items"].([]any)
	if len(after) != 3 {
		t.Fatalf("after one download: %d items, want 3", len(after))
	}
	want := `{"from_api":true,"ip_address":"192.0.2.1","time":"2018-02-16T14:40:00.000Z","username":"admin"}`
	if got := canon(t, after[2]); got != want {
		t.Fatalf("recorded download %s, want %s", got, want)
	}
	// Generated sessions record theirs the same way.
	gen := Generate(200, 5, genNow)
	gh := gen.Handler(fixedNow)
	for i := range gen.sessions {
		if !gen.trail.has(int32(i)) {
			continue
		}
		key := gen.sessions[i].key
		n := len(gen.subList(int32(i), subDownloads))
		get(t, gh, "/api/audit/sessions/"+key+"/audit_trail?format=srs")
		items := gen.subList(int32(i), subDownloads)
		if len(items) != n+1 || !strings.Contains(string(items[n]), `"from_api":true`) {
			t.Fatalf("generated session %s: downloads %d -> %d", key, n, len(items))
		}
		break
	}
}

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
	for i := range st.sessions {
		sid := st.fieldTexts("recording.session_id", int32(i))[0]
		proto := strings.ToLower(st.fieldTexts("protocol", int32(i))[0])
		switch {
		case withProto.MatchString(sid) && strings.HasSuffix(sid, "/"+proto):
			nWith++
		case without.MatchString(sid):
			nWithout++
		default:
			t.Fatalf("session id %q (protocol %s) has neither documented form", sid, proto)
		}
		key := st.sessions[i].key
		if key != restForm(sid) {
			t.Errorf("key %q is not the REST form of %q", key, sid)
		}
		for _, id := range []string{restForm(sid), url.PathEscape(sid)} {
			if got := getJSON(t, h, "/api/audit/sessions/"+id, 200)["key"]; got != key {
				t.Errorf("GET by %s: key %v, want %s", id, got, key)
			}
		}
	}
	if nWith == 0 || nWithout == 0 {
		t.Fatalf("%d ids with /<protocol>, %d without: want both forms", nWith, nWithout)
	}
}

// Item 9: an INDEXING_FAILED session keeps the events of the part indexed
// before the failure, and content search finds them (details page:
// "SPS will return search results for the parts ... successfully indexed").
func TestIndexingFailedKeepsIndexedEvents(t *testing.T) {
	t.Parallel()
	st := Generate(3000, 11, genNow)
	h := st.Handler(func() time.Time { return genNow })
	failed := getJSON(t, h, "/api/audit/sessions?q=recording.index_status:INDEXING_FAILED%20AND%20protocol:ssh&fields=recording.session_id&limit=500", 200)
	withEvents := 0
	for _, it := range failed["items"].([]any) {
		key := it.(map[string]any)["key"].(string)
		events := getJSON(t, h, "/api/audit/sessions/"+key+"/events", 200)["items"].([]any)
		if len(events) == 0 {
			continue
		}
		withEvents++
		// The first event's command is found by a content search.
		action := events[0].(map[string]any)["action"].(string)
		word := strings.Fields(action)[0]
		hits := getJSON(t, h, "/api/audit/sessions/"+key+"/content/?q="+url.QueryEscape(word), 200)["items"].([]any)
		if len(hits) == 0 {
			t.Errorf("%s: content search for %q finds nothing in an event the session has", key, word)
		}
		all := getJSON(t, h, "/api/audit/sessions?limit=0&content="+url.QueryEscape(word)+"&q=recording.index_status:INDEXING_FAILED", 200)
		if matchCount(t, all) == 0 {
			t.Errorf("session search with content=%s skips INDEXING_FAILED sessions", word)
		}
	}
	if withEvents == 0 {
		t.Fatal("no INDEXING_FAILED ssh session has events")
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
		want := counts["SSH"]
		if strings.Contains(q, "rdp") {
			want += counts["RDP"]
		}
		if n := matchCount(t, getJSON(t, h, "/api/audit/sessions?limit=0&q="+q, 200)); n != want {
			t.Errorf("q=%s matches %d sessions, want %d", q, n, want)
		}
	}
}
