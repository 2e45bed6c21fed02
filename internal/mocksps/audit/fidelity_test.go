package audit

import (
	"net/url"
	"regexp"
	"slices"
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

// windowFixture has sessions around 2017-01-20, the date of the search
// page's start/end examples.
const windowFixture = `{
  "A": {"protocol": "SSH", "active": false, "start_time": "2017-01-19T10:00:00.000Z", "end_time": "2017-01-19T11:00:00.000Z"},
  "B": {"protocol": "SSH", "active": false, "start_time": "2017-01-19T23:00:00.000Z", "end_time": "2017-01-20T01:00:00.000Z"},
  "C": {"protocol": "SSH", "active": false, "start_time": "2017-01-20T09:00:00.000Z", "end_time": "2017-01-20T10:00:00.000Z"},
  "D": {"protocol": "SSH", "active": false, "start_time": "2017-01-20T12:00:00.000Z", "end_time": "2017-01-20T13:00:00.000Z"},
  "E": {"protocol": "SSH", "active": false, "start_time": "2017-01-20T23:30:00.000Z", "end_time": "2017-01-21T08:00:00.000Z"},
  "F": {"protocol": "SSH", "active": false, "start_time": "2017-01-21T08:30:00.000Z", "end_time": "2017-01-21T10:00:00.000Z"},
  "G": {"protocol": "SSH", "active": false, "start_time": "2017-01-22T10:00:00.000Z", "end_time": "2017-01-22T11:00:00.000Z"},
  "H": {"protocol": "SSH", "active": true, "start_time": "2017-01-20T10:30:00.000Z", "end_time": null}
}`

// Item 4: each start/end example of the search page, as the mock reads
// them: the sessions that overlap the window (not ended before start, not
// started after end; a date-only end covers its day; running sessions have
// not ended). The page's own sentences read "started after" / "ended
// before"; only the overlap reading reproduces its worked stats example
// (stats_content golden: Charlie 01-01..01-02 and Delta 01-03..01-04 are
// counted for start=2017-01-02&end=2017-01-03). literal is what the
// sentences promise: always a subset, which a start_time/end_time range in
// q gives on any appliance.
func TestStartEndExamples(t *testing.T) {
	t.Parallel()
	st, err := Load(strings.NewReader(windowFixture))
	if err != nil {
		t.Fatal(err)
	}
	h := st.Handler(fixedNow)
	keys := func(target string) string {
		t.Helper()
		var out []string
		for _, it := range getJSON(t, h, target, 200)["items"].([]any) {
			out = append(out, it.(map[string]any)["key"].(string))
		}
		slices.Sort(out)
		return strings.Join(out, ",")
	}
	for _, ex := range []struct {
		doc, params, overlap, literalQ, literal string
	}{
		{"Select sessions that started on January 20, 2017, or later", "start=2017-01-20",
			"B,C,D,E,F,G,H", "start_time:[2017-01-20 TO *]", "C,D,E,F,G,H"},
		{"Select sessions that started on 11:00 January 20, 2017, or later", "start=2017-01-20T11:00",
			"D,E,F,G,H", `start_time:[2017\-01\-20T11\:00 TO *]`, "D,E,F,G"},
		{"Select sessions that ended on January 20, 2017", "end=2017-01-20",
			"A,B,C,D,E,H", "end_time:[* TO 2017-01-20]", "A,B,C,D"},
		{"Select sessions started and ended on January 20, 2017", "start=2017-01-20&end=2017-01-20",
			"B,C,D,E,H", "start_time:[2017-01-20 TO *] AND end_time:[* TO 2017-01-20]", "C,D"},
		{"Select sessions started after 11:00, January 20, 2017, and ended before 09:00, January 21, 2017",
			"start=2017-01-20T11:00&end=2017-01-21T09:00",
			"D,E,F,H", `start_time:[2017\-01\-20T11\:00 TO *] AND end_time:[* TO 2017\-01\-21T09\:00]`, "D,E"},
	} {
		t.Run(ex.params, func(t *testing.T) {
			if got := keys("/api/audit/sessions?" + ex.params); got != ex.overlap {
				t.Errorf("%s (%s): %s, want %s", ex.doc, ex.params, got, ex.overlap)
			}
			if got := keys("/api/audit/sessions?" + ex.params + "&q=" + url.QueryEscape(ex.literalQ)); got != ex.literal {
				t.Errorf("%s with q=%s: %s, want the literal reading %s", ex.params, ex.literalQ, got, ex.literal)
			}
		})
	}
}
