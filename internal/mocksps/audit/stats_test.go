package audit

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestStatsErrors(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	cases := []struct{ params, msg string }{
		{"", "field parameter is required"},
		{"field=", "field parameter is required"},
		{"field=nope", `unknown field "nope"`},
		{"field=protocol&sub_fields=nope", `unknown sub field "nope"`},
		{"field=protocol&size=0", "invalid size"},
		{"field=protocol&size=ten", "invalid size"},
		{"field=protocol&q=" + url.QueryEscape("protocol:(ssh"), "unclosed parenthesis"},
		{"field=protocol&content=*x", "must not begin with the * wildcard"},
		{"field=protocol&start=soon", "invalid start"},
	}
	for _, c := range cases {
		t.Run(c.params, func(t *testing.T) {
			e := getJSON(t, h, "/api/audit/sessions/stats?"+c.params, 400)["error"].(map[string]any)
			if e["type"] != "InvalidQueryValue" || !strings.Contains(e["message"].(string), c.msg) {
				t.Errorf("%s: %v", c.params, e)
			}
		})
	}
}

func TestStatsDetails(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	// Aliases group values across document shapes; values keep their case;
	// numbers stay numbers; only the first sub field counts.
	out := getJSON(t, h, "/api/audit/sessions/stats?field=name&q=name:admin&sub_fields=protocol,verdict", 200)
	if got := canon(t, out["items"]); got != `[{"buckets":[{"count":1,"value":"RDP"},{"count":1,"value":"ssh"}],"count":2,"others":0,"value":"admin"}]` {
		t.Fatalf("items %s", got)
	}
	if m := out["meta"].(map[string]any); m["sub_fields"] != "protocol" || m["field"] != "name" {
		t.Fatalf("meta %v", m)
	}
	out = getJSON(t, h, "/api/audit/sessions/stats?field=server.port&size=2", 200)
	if got := canon(t, out["items"]); got != `[{"count":3,"value":3389},{"count":2,"value":22}]` {
		t.Fatalf("ports %s", got)
	}
	if out["meta"].(map[string]any)["others"] != 6.0 {
		t.Fatalf("others %v", out["meta"])
	}
	// A list field counts each value once per session.
	out = getJSON(t, h, "/api/audit/sessions/stats?field=analytics.interesting_events", 200)
	if got := canon(t, out["items"]); got != `[{"count":1,"value":"cat"},{"count":1,"value":"sudo"}]` {
		t.Fatalf("list field %s", got)
	}
}

func TestStatsContentCap(t *testing.T) {
	t.Parallel()
	st := Generate(1000, 5, genNow)
	const limit = 100 // StatsContentCap scaled down with the store
	h := &handler{st: st, now: time.Now, contentCap: limit}
	// Every command prompt on an lnx-NN server mentions "lnx".
	all := getJSON(t, h, "/api/audit/sessions?content=lnx&limit=0", 200)
	if matchCount(t, all) <= limit {
		t.Fatalf("fixture too small: %d sessions mention lnx", matchCount(t, all))
	}
	out := getJSON(t, h, "/api/audit/sessions/stats?field=protocol&content=lnx", 200)
	total := int(out["meta"].(map[string]any)["others"].(float64))
	for _, it := range out["items"].([]any) {
		total += int(it.(map[string]any)["count"].(float64))
	}
	if total != limit {
		t.Fatalf("stats over a content search counted %d sessions, want the %d cap", total, limit)
	}
	if got := getJSON(t, st.Handler(nil), "/api/audit/sessions/stats?field=protocol&content=lnx", 200); got["meta"].(map[string]any)["others"] == nil || StatsContentCap != 3000 {
		t.Fatalf("default handler: %v", got)
	}
}

func TestHistogramOptions(t *testing.T) {
	h := loadFixture(t, "histogram_window.json").Handler(fixedNow)
	buckets := func(out map[string]any) string { return canon(t, out["body"].(map[string]any)["buckets"]) }

	// Defaults: bin month, one month back from now (2018-02-16T14:40Z), UTC.
	out := getJSON(t, h, "/api/audit/sessions/histogram", 200)
	meta := out["meta"].(map[string]any)
	if meta["bin_size"] != "month" || meta["time_zone"] != "Etc/UTC" || meta["start"] != "2018-01-16T14:40:00.000Z" || meta["end"] != "2018-02-16T14:40:00.000Z" {
		t.Fatalf("defaults %v", meta)
	}
	if got := buckets(out); got != `[{"active_count":0,"id":"2018-01-01T00:00:00.000Z","start_count":0},{"active_count":5,"id":"2018-02-01T00:00:00.000Z","start_count":5}]` {
		t.Fatalf("month buckets %s", got)
	}

	// Buckets start at midnight in the requested zone, ids carry its offset.
	out = getJSON(t, h, "/api/audit/sessions/histogram?start=2018-02-12&end=2018-02-13&bin_size=day&time_zone=America/New_York", 200)
	if got := buckets(out); !strings.HasPrefix(got, `[{"active_count":2,"id":"2018-02-12T00:00:00.000-05:00","start_count":1}`) {
		t.Fatalf("zoned buckets %s", got)
	}

	// field restricts to sessions with one of its top size values.
	out = getJSON(t, h, "/api/audit/sessions/histogram?start=2018-02-12T14:40&end=2018-02-16T14:40&bin_size=day&field=recording.connection_policy&size=1", 200)
	if got := buckets(out); got != `[{"active_count":1,"id":"2018-02-12T00:00:00.000Z","start_count":1},{"active_count":0,"id":"2018-02-13T00:00:00.000Z","start_count":0},{"active_count":0,"id":"2018-02-14T00:00:00.000Z","start_count":0},{"active_count":0,"id":"2018-02-15T00:00:00.000Z","start_count":0},{"active_count":1,"id":"2018-02-16T00:00:00.000Z","start_count":1}]` {
		t.Fatalf("field buckets %s", got)
	}
	if m := out["meta"].(map[string]any); m["field"] != "recording.connection_policy" || m["size"] != 1.0 {
		t.Fatalf("meta %v", m)
	}
	// q narrows too.
	out = getJSON(t, h, "/api/audit/sessions/histogram?start=2018-02-12T14:40&end=2018-02-16T14:40&bin_size=day&q=protocol:vnc", 200)
	if got := buckets(out); !strings.Contains(got, `{"active_count":1,"id":"2018-02-15T00:00:00.000Z","start_count":1},{"active_count":1,"id":"2018-02-16T00:00:00.000Z","start_count":0}`) {
		t.Fatalf("q buckets %s", got)
	}
	// Exactly the limit is fine: 1000 hours.
	out = getJSON(t, h, "/api/audit/sessions/histogram?start=2018-01-01T00:00&end=2018-02-11T15:59&bin_size=hour", 200)
	if n := len(out["body"].(map[string]any)["buckets"].([]any)); n != MaxHistogramBuckets {
		t.Fatalf("%d hour buckets", n)
	}
}

func TestHistogramErrors(t *testing.T) {
	h := loadFixture(t, "histogram_window.json").Handler(fixedNow)
	cases := []struct{ params, typ, msg string }{
		{"bin_size=second", "TooMuchBucketsInResult", "more than 1000 intervals"},
		{"start=2018-01-01T00:00&end=2018-02-11T16:00&bin_size=hour", "TooMuchBucketsInResult", "more than 1000"},
		{"start=1900-01-01&bin_size=minute", "TooMuchBucketsInResult", "more than 1000"},
		{"content=login", "NotSupportedContentOption", "content"},
		{"content=", "NotSupportedContentOption", "content"},
		{"bin_size=fortnight", "InvalidQueryValue", "invalid bin_size"},
		{"time_zone=Mars/Olympus", "InvalidQueryValue", "invalid time_zone"},
		{"time_zone=Local", "InvalidQueryValue", "invalid time_zone"},
		{"start=2018-02-16&end=2018-02-01", "InvalidQueryValue", "start is after end"},
		{"field=nope", "InvalidQueryValue", "unknown field"},
		{"q=protocol:", "InvalidQueryValue", "missing value"},
		{"size=-1", "InvalidQueryValue", "invalid size"},
	}
	for _, c := range cases {
		t.Run(c.params, func(t *testing.T) {
			e := getJSON(t, h, "/api/audit/sessions/histogram?"+c.params, 400)["error"].(map[string]any)
			if e["type"] != c.typ || !strings.Contains(e["message"].(string), c.msg) {
				t.Errorf("%s: %v", c.params, e)
			}
		})
	}
}
