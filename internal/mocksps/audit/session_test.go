package audit

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

func TestSessionIDForms(t *testing.T) {
	h := loadFixture(t, "session_details.json").Handler(fixedNow)
	for _, id := range []string{
		"rUhhQZ3jYsY1NDWYp9DEpq",                              // the key
		"svc-rUhhQZ3jYsY1NDWYp9DEpq-abcde-29",                 // REST form of recording.session_id
		url.PathEscape("svc/rUhhQZ3jYsY1NDWYp9DEpq/abcde:29"), // the logged form, escaped
	} {
		t.Run(id, func(t *testing.T) {
			out := getJSON(t, h, "/api/audit/sessions/"+id, 200)
			if out["key"] != "rUhhQZ3jYsY1NDWYp9DEpq" {
				t.Errorf("%s: key %v", id, out["key"])
			}
			meta := out["meta"].(map[string]any)
			if meta["href"] != "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq" || meta["parent"] != "/api/audit/sessions" || meta["remaining_seconds"] != 599.0 {
				t.Errorf("%s: meta %v", id, meta)
			}
		})
	}
	// Keys with special characters are addressed by their REST form.
	st, err := Load(strings.NewReader(`{"svc/X/name:2": {"protocol": "ssh"}}`))
	if err != nil {
		t.Fatal(err)
	}
	out := getJSON(t, st.Handler(nil), "/api/audit/sessions/svc-X-name-2", 200)
	if out["key"] != "svc/X/name:2" {
		t.Fatalf("key %v", out["key"])
	}
	list := getJSON(t, st.Handler(nil), "/api/audit/sessions", 200)
	if href := list["items"].([]any)[0].(map[string]any)["meta"].(map[string]any)["href"]; href != "/api/audit/sessions/svc-X-name-2" {
		t.Fatalf("href %v", href)
	}

	for _, p := range []string{"/api/audit/sessions/nope", "/api/audit/sessions/nope/events", "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/nope",
		"/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/channels/99", "/api/audit/nope", "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/events/1"} {
		t.Run(p, func(t *testing.T) {
			e := getJSON(t, h, p, 404)["error"].(map[string]any)
			if e["type"] != "NotFound" {
				t.Errorf("%s: %v", p, e)
			}
		})
	}
}

func TestHandlerMountingAndMethods(t *testing.T) {
	h := loadFixture(t, "session_details.json").Handler(fixedNow)
	// Mounted behind http.StripPrefix the paths arrive without /api/audit.
	stripped := http.StripPrefix("/api/audit", h)
	if got := keys(t, getJSON(t, stripped, "/api/audit/sessions", 200)); len(got) != 3 {
		t.Fatalf("stripped mount: %v", got)
	}
	out := getJSON(t, h, "/api/audit", 200)
	if canon(t, out["items"]) != `[{"key":"sessions","meta":{"href":"/api/audit/sessions"}}]` {
		t.Fatalf("index %v", out)
	}
	req := httptest.NewRequestWithContext(context.Background(), http.MethodDelete, "/api/audit/sessions/2", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Fatalf("DELETE: %d %v", rec.Code, rec.Header())
	}
	// Without a caller (no auth layer) meta has no remaining_seconds.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/api/audit/sessions/2", nil))
	if rec.Code != 200 || strings.Contains(rec.Body.String(), "remaining_seconds") {
		t.Fatalf("no caller: %d %s", rec.Code, rec.Body.String())
	}
}

func TestSubResources(t *testing.T) {
	h := loadFixture(t, "session_details.json").Handler(fixedNow)
	base := "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq"

	// Alerts come sorted by record_id whatever the stored order.
	var recs []float64
	for _, it := range getJSON(t, h, base+"/alerts", 200)["items"].([]any) {
		recs = append(recs, it.(map[string]any)["record_id"].(float64))
	}
	if !slices.Equal(recs, []float64{94, 197}) {
		t.Fatalf("alerts order %v", recs)
	}

	// Paging of a list.
	out := getJSON(t, h, base+"/events?limit=2&offset=2", 200)
	meta := out["meta"].(map[string]any)
	if len(out["items"].([]any)) != 2 || meta["match_count"] != 6.0 ||
		meta["next"] != base+"/events?limit=2&offset=4" || meta["previous"] != base+"/events?limit=2&offset=0" ||
		meta["parent"] != base {
		t.Fatalf("events page: %v", meta)
	}

	// The events filter.
	cases := []struct {
		q    string
		want []float64 // record_ids
	}{
		{"content:sudo", []float64{148}},
		{"content:ls", []float64{46, 95}}, // word match: "ls -la" has ls, "cd /cd" has not
		{"content:(sudo rm)", []float64{148}},
		{`content:\"man sudo\"`, []float64{148}},
		{"content:ls AND NOT content:la", []float64{46}},
		{"(content:ls OR content:cd) AND channels_id:0", []float64{46, 64, 95}},
		{"channels_id:{1 TO 6}", []float64{148}},
		{"channels_id:[* TO 0]", []float64{46, 64, 78, 95, 113}},
		{"record_id:[64 TO 95]", []float64{64, 78, 95}},
		{"type:command AND action:ls", []float64{46, 148}},
		{"content:?cho", []float64{113}},
		{"time:[2017-04-11T09:21:20 TO *]", []float64{95, 113, 148}},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			var got []float64
			for _, it := range getJSON(t, h, base+"/events?q="+url.QueryEscape(c.q), 200)["items"].([]any) {
				got = append(got, it.(map[string]any)["record_id"].(float64))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("events q=%s: %v, want %v", c.q, got, c.want)
			}
		})
	}
	for _, bad := range []string{"verdict:accept", "content:(", "time:[never TO *]"} {
		t.Run(bad, func(t *testing.T) {
			e := getJSON(t, h, base+"/events?q="+url.QueryEscape(bad), 400)["error"].(map[string]any)
			if e["type"] != "InvalidQuery" {
				t.Errorf("events q=%s: %v", bad, e)
			}
		})
	}

	// Indexing answers under every documented spelling.
	for _, sub := range []string{"indexing", "indexer", "indexers"} {
		t.Run(sub, func(t *testing.T) {
			out := getJSON(t, h, base+"/"+sub, 200)
			if len(out["items"].([]any)) != 1 || out["meta"].(map[string]any)["href"] != base+"/"+sub {
				t.Errorf("%s: %v", sub, out)
			}
		})
	}

	// One channel by key.
	out = getJSON(t, h, base+"/channels/5", 200)
	if out["key"] != "5" || out["body"].(map[string]any)["type"] != "local forward" || out["meta"].(map[string]any)["parent"] != base+"/channels" {
		t.Fatalf("channel 5: %v", out)
	}
	// Channels stored inside the document (CSV example shape).
	csv := loadFixture(t, "csv_basic.json").Handler(nil)
	if got := canon(t, getJSON(t, csv, "/api/audit/sessions/1/channels", 200)["items"]); got !=
		`[{"body":{"channel_id":1},"key":"1","meta":{"href":"/api/audit/sessions/1/channels/1"}},{"body":{"channel_id":2},"key":"2","meta":{"href":"/api/audit/sessions/1/channels/2"}}]` {
		t.Fatalf("embedded channels %s", got)
	}
	// A session without lists answers empty lists, not errors.
	for _, sub := range []string{"alerts", "events", "indexing", "trail_downloads", "content?q=x"} {
		t.Run(sub, func(t *testing.T) {
			out := getJSON(t, h, "/api/audit/sessions/2/"+sub, 200)
			if len(out["items"].([]any)) != 0 {
				t.Errorf("%s: %v", sub, out)
			}
		})
	}
}

func TestContentEndpoint(t *testing.T) {
	h := loadFixture(t, "session_details.json").Handler(fixedNow)
	base := "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/content"
	for _, target := range []string{base, base + "/", base + "?q=", base + "/?q="} {
		t.Run(target, func(t *testing.T) {
			out := getJSON(t, h, target, 200)
			if len(out["items"].([]any)) != 0 {
				t.Errorf("%s: empty q must give no items: %v", target, out["items"])
			}
		})
	}
	out := getJSON(t, h, base+"/?q="+url.QueryEscape("ech*"), 200)
	if n := len(out["items"].([]any)); n != 1 {
		t.Fatalf("ech*: %d hits", n)
	}
	hit := out["items"].([]any)[0].(map[string]any)
	if hit["channel.id"] != 0.0 || hit["trail_id"] != "30" || hit["record_id"].(map[string]any)["begin"] != 113.0 {
		t.Fatalf("hit %v", hit)
	}
	e := getJSON(t, h, base+"?q=*am", 400)["error"].(map[string]any)
	if e["type"] != "InvalidQuery" {
		t.Fatalf("leading *: %v", e)
	}
}

func TestAuditTrailDownload(t *testing.T) {
	h := loadFixture(t, "session_details.json").Handler(fixedNow)
	base := "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/audit_trail"
	zat := get(t, h, base)
	if zat.Code != 200 || zat.Header().Get("Content-Type") != "application/octet-stream" ||
		!strings.Contains(zat.Header().Get("Content-Disposition"), `rUhhQZ3jYsY1NDWYp9DEpq.zat`) || !bytes.HasPrefix(zat.Body.Bytes(), []byte("ZAT1")) {
		t.Fatalf("zat: %d %v %q", zat.Code, zat.Header(), zat.Body.Bytes()[:8])
	}
	srs := get(t, h, base+"?format=srs")
	if srs.Code != 200 || !bytes.HasPrefix(srs.Body.Bytes(), []byte("SRS1")) || !strings.Contains(srs.Header().Get("Content-Disposition"), ".srs") {
		t.Fatalf("srs: %d %v", srs.Code, srs.Header())
	}
	if again := get(t, h, base); !bytes.Equal(again.Body.Bytes(), zat.Body.Bytes()) {
		t.Fatal("trail bytes are not deterministic")
	}
	if e := getJSON(t, h, base+"?format=mp4", 400)["error"].(map[string]any); e["type"] != "InvalidQuery" {
		t.Fatalf("bad format: %v", e)
	}
	// A session without a trail.
	if e := getJSON(t, h, "/api/audit/sessions/2/audit_trail", 404)["error"].(map[string]any); e["type"] != "NotFound" {
		t.Fatalf("no trail: %v", e)
	}
	// The older form: recording.audit_trail as a path string.
	csv := loadFixture(t, "csv_multivalue.json").Handler(nil)
	if rec := get(t, csv, "/api/audit/sessions/1/audit_trail"); rec.Code != 200 {
		t.Fatalf("string trail: %d", rec.Code)
	}
	if rec := get(t, csv, "/api/audit/sessions/2/audit_trail"); rec.Code != 404 {
		t.Fatalf("no trail: %d", rec.Code)
	}
}

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
	generated := Generate(200, 5, genNow)
	gh := generated.Handler(fixedNow)
	d := generated.state()
	for i := range d.sessions {
		if !d.ix.HasTrail(int32(i)) {
			continue
		}
		key := d.sessions[i].key
		n := len(generated.subList(d, int32(i), jsondoc.ListDownloads))
		get(t, gh, "/api/audit/sessions/"+key+"/audit_trail?format=srs")
		items := generated.subList(d, int32(i), jsondoc.ListDownloads)
		if len(items) != n+1 || !strings.Contains(string(items[n]), `"from_api":true`) {
			t.Fatalf("generated session %s: downloads %d -> %d", key, n, len(items))
		}
		break
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
