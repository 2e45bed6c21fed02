package audit

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// The vendor's worked examples, reproduced from fixtures built out of the
// example data. Each answer is compared byte for byte with a golden file;
// the golden files were checked by hand against the documentation (the
// doc-visible parts are asserted separately below, so a careless -update
// cannot silently change them).
var vendorExamples = []struct {
	name, fixture, target string
}{
	{"stats_size", "stats_size.json", "/api/audit/sessions/stats?field=protocol&size=2"},
	{"stats_default", "stats_default.json", "/api/audit/sessions/stats?field=protocol"},
	{"stats_content", "stats_content.json", "/api/audit/sessions/stats?field=protocol&content=login&start=2017-01-02&end=2017-01-03&q=psm.content_reference_id%3A%5B3%20TO%206%5D"},
	// The doc writes the parameters with a stray '?': &?sub_fields=...&?size=...
	{"stats_subfields", "stats_subfields.json", "/api/audit/sessions/stats?field=user.gateway_username&?sub_fields=protocol&?size=1"},
	{"csv_basic", "csv_basic.json", "/api/audit/sessions?format=csv&fields=protocol,end_time,user.gateway_username,server.ip,client.ip,client.port"},
	{"csv_multivalue", "csv_multivalue.json", "/api/audit/sessions?sort=recording.session_id&format=csv&fields=recording.session_id,analytics.interesting_events,analytics.similar_sessions"},
	{"csv_trail_link", "csv_trail_link.json", "/api/audit/sessions?format=csv&fields=trail_download_link"},
	{"histogram_day", "histogram_window.json", "/api/audit/sessions/histogram?start=2018-02-12T14:40&end=2018-02-16T14:40&bin_size=day"},
	{"histogram_week", "histogram_window.json", "/api/audit/sessions/histogram?start=2018-02-12T14:40&end=2018-02-16T14:40&bin-size=week"},
	{"list_fields", "session_details.json", "/api/audit/sessions?fields=start_time,name,duration&q=name%3Amyname&sort=duration"},
	{"list_plain", "session_details.json", "/api/audit/sessions"},
	{"session_details", "session_details.json", "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq"},
	{"session_alerts", "session_details.json", "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/alerts"},
	{"session_events", "session_details.json", "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/events"},
	{"session_indexing", "session_details.json", "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/indexing"},
	{"session_trail_downloads", "session_details.json", "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/trail_downloads?limit=5"},
	{"session_channels", "session_details.json", "/api/audit/sessions/svc-rUhhQZ3jYsY1NDWYp9DEpq-abcde-29/channels"},
	{"session_content", "session_details.json", "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/content/?q=sudo"},
}

func TestVendorExamplesGolden(t *testing.T) {
	for _, ex := range vendorExamples {
		t.Run(ex.name, func(t *testing.T) {
			st := loadFixture(t, ex.fixture)
			rec := get(t, st.Handler(fixedNow), ex.target)
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			got := rec.Body.Bytes()
			ext := ".json"
			if strings.Contains(ex.target, "format=csv") {
				ext = ".csv"
			} else {
				var buf bytes.Buffer
				if err := json.Indent(&buf, got, "", "  "); err != nil {
					t.Fatal(err)
				}
				got = append(buf.Bytes(), '\n')
			}
			path := filepath.Join("testdata", "golden", ex.name+ext)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestVendorExamplesGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("answer differs from %s:\n got %s\nwant %s", path, got, want)
			}
		})
	}
}

// The parts the vendor documentation shows, asserted literally.
func TestVendorExamplesAsDocumented(t *testing.T) {
	items := func(t *testing.T, fixture, target string) (string, map[string]any) {
		t.Helper()
		out := getJSON(t, loadFixture(t, fixture).Handler(fixedNow), target, 200)
		return canon(t, out["items"]), out["meta"].(map[string]any)
	}

	t.Run("stats size=2: top two, ssh counted in others", func(t *testing.T) {
		got, meta := items(t, "stats_size.json", "/api/audit/sessions/stats?field=protocol&size=2")
		if want := `[{"count":3,"value":"http"},{"count":3,"value":"rdp"}]`; got != want {
			t.Fatalf("items %s, want %s", got, want)
		}
		if meta["others"] != 1.0 || meta["field"] != "protocol" || meta["size"] != 2.0 ||
			meta["href"] != "/api/audit/sessions/stats" || meta["parent"] != "/api/audit/sessions" {
			t.Fatalf("meta %v", meta)
		}
	})
	t.Run("stats default size", func(t *testing.T) {
		got, meta := items(t, "stats_default.json", "/api/audit/sessions/stats?field=protocol")
		if want := `[{"count":4,"value":"ssh"},{"count":3,"value":"rdp"}]`; got != want {
			t.Fatalf("items %s, want %s", got, want)
		}
		if meta["others"] != 0.0 || meta["size"] != 10.0 {
			t.Fatalf("meta %v", meta)
		}
	})
	t.Run("stats with content, start, end and q", func(t *testing.T) {
		got, meta := items(t, "stats_content.json", "/api/audit/sessions/stats?field=protocol&content=login&start=2017-01-02&end=2017-01-03&q=psm.content_reference_id%3A%5B3%20TO%206%5D")
		if want := `[{"count":2,"value":"rdp"}]`; got != want {
			t.Fatalf("items %s, want %s", got, want)
		}
		if meta["others"] != 0.0 {
			t.Fatalf("meta %v", meta)
		}
	})
	t.Run("stats with sub_fields", func(t *testing.T) {
		got, meta := items(t, "stats_subfields.json", "/api/audit/sessions/stats?field=user.gateway_username&?sub_fields=protocol&?size=1")
		if want := `[{"buckets":[{"count":3,"value":"ssh"}],"count":5,"others":2,"value":"user-Alpha"}]`; got != want {
			t.Fatalf("items %s, want %s", got, want)
		}
		if meta["others"] != 3.0 {
			t.Fatalf("meta %v", meta)
		}
	})
	t.Run("histogram: 4 days by day gives 5 buckets, by week one", func(t *testing.T) {
		h := loadFixture(t, "histogram_window.json").Handler(fixedNow)
		out := getJSON(t, h, "/api/audit/sessions/histogram?start=2018-02-12T14:40&end=2018-02-16T14:40&bin_size=day", 200)
		if n := len(out["body"].(map[string]any)["buckets"].([]any)); n != 5 {
			t.Fatalf("%d day buckets, want 5", n)
		}
		out = getJSON(t, h, "/api/audit/sessions/histogram?start=2018-02-12T14:40&end=2018-02-16T14:40&bin_size=week", 200)
		if n := len(out["body"].(map[string]any)["buckets"].([]any)); n != 1 {
			t.Fatalf("%d week buckets, want 1", n)
		}
	})

	csvCases := []struct{ fixture, target, want string }{
		{"csv_basic.json", "/api/audit/sessions?format=csv&fields=protocol,end_time,user.gateway_username,server.ip,client.ip,client.port",
			`"Key","Protocol","End time","Gateway username","Server IP","Client IP","Client port"` + "\r\n" +
				`"2","ssh","7","user2","2.2.2.2","3.3.3.3","48680"` + "\r\n" +
				`"1","ssh","5","user1","2.2.2.2","2.2.2.2","48679"` + "\r\n"},
		{"csv_multivalue.json", "/api/audit/sessions?sort=recording.session_id&format=csv&fields=recording.session_id,analytics.interesting_events,analytics.similar_sessions",
			`"Key","Recording Session ID","Analytics Interesting events","Similar Sessions"` + "\r\n" +
				`"1","1","ssh",""` + "\r\n" + `"1","1","sudo",""` + "\r\n" +
				`"2","2","sudo",""` + "\r\n" + `"2","2","systemctl",""` + "\r\n"},
		{"csv_trail_link.json", "/api/audit/sessions?format=csv&fields=trail_download_link",
			`"Key","Audit trail download link"` + "\r\n" +
				`"svc-paKzcMJwXghEFJ9UvsdqFU-sid-2",""` + "\r\n" +
				`"svc-paKzcMJwXghEFJ9UvsdqFU-sid-1","https://127.0.0.1/api/audit/sessions/svc-paKzcMJwXghEFJ9UvsdqFU-sid-1/audit_trail"` + "\r\n"},
	}
	for _, c := range csvCases {
		t.Run("csv "+c.fixture, func(t *testing.T) {
			rec := get(t, loadFixture(t, c.fixture).Handler(fixedNow), c.target)
			if rec.Code != 200 || rec.Body.String() != c.want {
				t.Fatalf("status %d, body:\n%s\nwant:\n%s", rec.Code, rec.Body.String(), c.want)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Fatalf("Content-Type %q", ct)
			}
		})
	}

	t.Run("list with fields: body keys alphabetical, meta.fields as requested", func(t *testing.T) {
		rec := get(t, loadFixture(t, "session_details.json").Handler(fixedNow), "/api/audit/sessions?fields=start_time,name,duration&q=name%3Amyname&sort=duration")
		body := rec.Body.String()
		if !strings.Contains(body, `{"body":{"duration":0,"name":"myname","start_time":"2017-01-25T11:11:52.000+01:00"},"key":"2","meta":{"href":"/api/audit/sessions/2"}}`) {
			t.Fatalf("first item not as documented: %s", body)
		}
		if !strings.Contains(body, `"fields":["start_time","name","duration"]`) ||
			!strings.Contains(body, `"first":"/api/audit/sessions?limit=500&offset=0&fields=start_time,name,duration&q=name%3Amyname&sort=duration"`) {
			t.Fatalf("meta not as documented: %s", body)
		}
	})
}
