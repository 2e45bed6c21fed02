package audit

import (
	"strings"
	"testing"
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
