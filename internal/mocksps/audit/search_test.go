package audit

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestDefaultOrderAndPaging(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	// Newest start first; sessions without start_time last.
	all := keys(t, getJSON(t, h, "/api/audit/sessions", 200))
	want := []string{"s10", "s11", "s09", "s08", "s07", "s06", "s05", "s04", "s03", "s02", "s01", "s12"}
	if !slices.Equal(all, want) {
		t.Fatalf("default order %v, want %v", all, want)
	}

	out := getJSON(t, h, "/api/audit/sessions?limit=5&q=protocol:*", 200)
	meta := out["meta"].(map[string]any)
	if got := keys(t, out); !slices.Equal(got, want[:5]) {
		t.Fatalf("page 1 = %v", got)
	}
	checkMeta := func(meta map[string]any, wantMeta map[string]any) {
		t.Helper()
		for k, v := range wantMeta {
			if meta[k] != v {
				t.Errorf("meta[%s] = %v, want %v", k, meta[k], v)
			}
		}
	}
	checkMeta(meta, map[string]any{
		"match_count": 12.0, "limit": 5.0, "offset": 0.0, "href": "/api/audit/sessions", "parent": "/api/audit",
		"first":             "/api/audit/sessions?limit=5&offset=0&fields=&q=protocol%3A%2A",
		"last":              "/api/audit/sessions?limit=5&offset=10&fields=&q=protocol%3A%2A",
		"next":              "/api/audit/sessions?limit=5&offset=5&fields=&q=protocol%3A%2A",
		"previous":          nil,
		"remaining_seconds": 599.0,
	})

	// Following next walks the whole result in order.
	var walked []string
	next := "/api/audit/sessions?limit=5&q=protocol:*"
	for next != "" {
		out := getJSON(t, h, next, 200)
		walked = append(walked, keys(t, out)...)
		n, _ := out["meta"].(map[string]any)["next"].(string)
		next = n
	}
	if !slices.Equal(walked, want) {
		t.Fatalf("walking next links gave %v", walked)
	}

	out = getJSON(t, h, "/api/audit/sessions?limit=5&offset=7", 200)
	if got := keys(t, out); !slices.Equal(got, want[7:12]) {
		t.Fatalf("offset 7 = %v", got)
	}
	checkMeta(out["meta"].(map[string]any), map[string]any{
		"offset": 7.0, "next": nil,
		"previous": "/api/audit/sessions?limit=5&offset=2&fields=",
	})

	// limit above 500 is capped, offset above 10000 ignored.
	meta = getJSON(t, h, "/api/audit/sessions?limit=100000&offset=10001", 200)["meta"].(map[string]any)
	checkMeta(meta, map[string]any{"limit": 500.0, "offset": 0.0, "match_count": 12.0})
	// limit=0 counts without listing.
	out = getJSON(t, h, "/api/audit/sessions?limit=0", 200)
	if len(out["items"].([]any)) != 0 || matchCount(t, out) != 12 {
		t.Fatalf("limit=0: %v", out)
	}
	for _, bad := range []string{"limit=-1", "limit=x", "offset=-5", "offset=1.5"} {
		t.Run(bad, func(t *testing.T) {
			e := getJSON(t, h, "/api/audit/sessions?"+bad, 400)["error"].(map[string]any)
			if e["type"] != "InvalidQuery" {
				t.Errorf("%s: %v", bad, e)
			}
		})
	}
}

func TestPagingStopsAtTenThousand(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("{")
	for i := range 10_050 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"k%05d": {"protocol": "ssh"}`, i)
	}
	b.WriteString("}")
	st, err := Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	h := st.Handler(nil)
	meta := getJSON(t, h, "/api/audit/sessions?limit=500&offset=9500", 200)["meta"].(map[string]any)
	if meta["match_count"] != 10050.0 || meta["next"] != nil || meta["last"] != "/api/audit/sessions?limit=500&offset=9500&fields=" {
		t.Fatalf("meta at the 10000 boundary: %v", meta)
	}
	out := getJSON(t, h, "/api/audit/sessions?limit=500&offset=9800", 200)
	if n := len(out["items"].([]any)); n != 200 {
		t.Fatalf("offset 9800 returned %d items, want the 200 before the 10000 cap", n)
	}
}

func TestFields(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	out := getJSON(t, h, "/api/audit/sessions?q=name:admin&fields=protocol,name,client.address,recording.connection_policy,missing.thing.nope,duration&sort=start_time", 400)
	if e := out["error"].(map[string]any); e["type"] != "InvalidQuery" || !strings.Contains(e["message"].(string), `"missing.thing.nope"`) {
		t.Fatalf("unknown field: %v", e)
	}

	rec := get(t, h, "/api/audit/sessions?q=name:admin&fields=protocol,name,client.address,psm.connection_policy,duration,trail_download_link&sort=start_time")
	body := rec.Body.String()
	// s01 (new-style document) and s11 (legacy): the same field names find
	// the values in both; body keys alphabetical; dots nest.
	wantS01 := `{"body":{"client":{"address":"10.20.30.40"},"duration":1800,"name":"admin","protocol":"ssh","psm":{"connection_policy":"ssh_prod"},"trail_download_link":"https://127.0.0.1/api/audit/sessions/s01/audit_trail"},"key":"s01"`
	wantS11 := `{"body":{"client":{"address":"10.20.30.40"},"duration":60,"name":"admin","protocol":"RDP","psm":{"connection_policy":"rdp_old"},"trail_download_link":""},"key":"s11"`
	if !strings.Contains(body, wantS01) || !strings.Contains(body, wantS11) || strings.Index(body, wantS01) > strings.Index(body, wantS11) {
		t.Fatalf("bodies:\n%s", body)
	}
	if !strings.Contains(body, `"fields":["protocol","name","client.address","psm.connection_policy","duration","trail_download_link"]`) {
		t.Fatalf("meta.fields must echo the request: %s", body)
	}

	// A missing field is null; a whole object can be asked for; lists stay lists.
	out = getJSON(t, h, "/api/audit/sessions?q=protocol:vnc&fields=user.gateway_username,server,analytics.tags", 200)
	if got := canon(t, out["items"].([]any)[0].(map[string]any)["body"]); got != `{"analytics":{"tags":null},"server":{"ip":"10.0.0.4","port":5900},"user":{"gateway_username":null}}` {
		t.Fatalf("vnc body %s", got)
	}
	out = getJSON(t, h, "/api/audit/sessions?q=protocol:ssh%20AND%20verdict:accept&fields=analytics.tags,analytics.interesting_events", 200)
	if got := canon(t, out["items"].([]any)[0].(map[string]any)["body"]); got != `{"analytics":{"interesting_events":["sudo","cat"],"tags":["after-hours"]}}` {
		t.Fatalf("list body %s", got)
	}

	// fields=* returns the stored document as is.
	out = getJSON(t, h, "/api/audit/sessions?q=protocol:ssh%20AND%20verdict:accept&fields=*", 200)
	b := out["items"].([]any)[0].(map[string]any)["body"].(map[string]any)
	if b["verdict"] != "ACCEPT" || b["user"].(map[string]any)["server_username"] != "root" || b["start_time"] != "2017-01-20T10:00:00.000Z" {
		t.Fatalf("fields=* body %v", b)
	}
}

func TestSort(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	cases := []struct {
		sort string
		want []string
	}{
		// ties (s08 and s11 both last 60 s) keep the default order; a
		// session without the field is last in both directions
		{"duration", []string{"s07", "s06", "s04", "s10", "s09", "s11", "s08", "s02", "s05", "s01", "s03", "s12"}},
		{"-duration", []string{"s03", "s01", "s05", "s02", "s11", "s08", "s09", "s10", "s04", "s06", "s07", "s12"}},
		// several keys: protocol ascending (byte order: RDP before http),
		// then newest first; times compare as instants whatever their form
		{"protocol,-start_time", []string{"s11", "s07", "s08", "s04", "s03", "s10", "s09", "s02", "s01", "s12", "s06", "s05"}},
		{"start_time", []string{"s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s11", "s10", "s12"}},
		// alias fields sort across document shapes
		{"-name,protocol", []string{"s10", "s08", "s06", "s04", "s03", "s02", "s11", "s01", "s07", "s09", "s12", "s05"}},
	}
	for _, c := range cases {
		t.Run(c.sort, func(t *testing.T) {
			got := keys(t, getJSON(t, h, "/api/audit/sessions?sort="+url.QueryEscape(c.sort), 200))
			if !slices.Equal(got, c.want) {
				t.Errorf("sort=%s: %v, want %v", c.sort, got, c.want)
			}
		})
	}
	e := getJSON(t, h, "/api/audit/sessions?sort=-nope", 400)["error"].(map[string]any)
	if e["type"] != "InvalidQuery" || !strings.Contains(e["message"].(string), `"nope"`) {
		t.Fatalf("bad sort field: %v", e)
	}
}

func TestStartEnd(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	cases := []struct {
		params string
		want   []string
	}{
		// end: started by then (date-only = the whole day)
		{"end=2017-01-20", []string{"s01", "s02"}},
		{"end=2017-01-20T10:59", []string{"s01"}},
		{"end=2017-01-20T11:00", []string{"s01", "s02"}},
		// start: not ended before then; running sessions and sessions
		// without end_time (s05 active, s12 bare) always qualify
		{"start=2017-01-25", []string{"s05", "s09", "s10", "s11", "s12"}},
		{"start=2017-01-25T10:00:00.000+01:00", []string{"s05", "s09", "s10", "s11", "s12"}},
		{"start=2017-01-25T10:00:06Z", []string{"s05", "s10", "s11", "s12"}},
		{"start=1485338406", []string{"s05", "s10", "s11", "s12"}}, // epoch seconds
		{"start=2017-01-20T10:30&end=2017-01-21T09:00", []string{"s01", "s02", "s03"}},
		{"start=2017-01-24&end=2017-01-24", []string{"s05", "s07", "s08"}},
	}
	for _, c := range cases {
		t.Run(c.params, func(t *testing.T) {
			got := keys(t, getJSON(t, h, "/api/audit/sessions?"+c.params, 200))
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.params, got, c.want)
			}
		})
	}
	for _, bad := range []string{"start=yesterday", "end=2017-13-01", "start=2017-01-25&end=2017-01-20"} {
		t.Run(bad, func(t *testing.T) {
			e := getJSON(t, h, "/api/audit/sessions?"+bad, 400)["error"].(map[string]any)
			if e["type"] != "InvalidQuery" {
				t.Errorf("%s: %v", bad, e)
			}
		})
	}
}

func TestCSVMultipleListsAndPaging(t *testing.T) {
	h := loadFixture(t, "sessions_small.json").Handler(fixedNow)
	rec := get(t, h, "/api/audit/sessions?format=csv&q=protocol:ssh%20AND%20verdict:accept&fields=analytics.interesting_events,analytics.tags,client")
	want := `"Key","Analytics Interesting events","Analytics tags","client"` + "\r\n" +
		`"s01","sudo","after-hours","{""ip"":""10.20.30.40"",""port"":50001}"` + "\r\n" +
		`"s01","cat","after-hours","{""ip"":""10.20.30.40"",""port"":50001}"` + "\r\n"
	if rec.Body.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", rec.Body.String(), want)
	}
	rec = get(t, h, "/api/audit/sessions?format=csv&fields=protocol&limit=2&offset=1")
	if want := `"Key","Protocol"` + "\r\n" + `"s11","RDP"` + "\r\n" + `"s09","ssh"` + "\r\n"; rec.Body.String() != want {
		t.Fatalf("paged CSV:\n%s", rec.Body.String())
	}
	e := getJSON(t, h, "/api/audit/sessions?format=xml", 400)["error"].(map[string]any)
	if e["type"] != "InvalidQuery" {
		t.Fatalf("bad format: %v", e)
	}
}

func TestFieldsLinkObjects(t *testing.T) {
	h := loadFixture(t, "session_details.json").Handler(nil)
	out := getJSON(t, h, "/api/audit/sessions?q=protocol:ssh%20AND%20origin:recording&fields=alerts,recording.audit_trail", 200)
	if got := canon(t, out["items"].([]any)[0].(map[string]any)["body"]); got != `{"alerts":{"href":"/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/alerts"},"recording":{"audit_trail":{"archive":null,"download":{"href":"/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/audit_trail"}}}}` {
		t.Fatalf("link objects %s", got)
	}
}

// TestFieldsParentOfFlatKeys: a document stored in the flat legacy shape
// ("client.address", "client.port" as top-level keys) answers a request
// for the parent "client" with those keys as one object, and a whole value
// and its parts asked for together give the whole value in either order,
// unless the whole one is null: then the parts are answered.
func TestFieldsParentOfFlatKeys(t *testing.T) {
	st, err := Load(strings.NewReader(`{
	  "flat":   {"protocol": "ssh", "start_time": "2017-01-25T11:11:52.000Z", "client.address": "10.0.0.1", "client.port": 50001, "target.address": "10.0.0.3"},
	  "nested": {"protocol": "ssh", "start_time": "2017-01-25T11:10:52.000Z", "client": {"ip": "10.0.0.1", "name": "c1", "port": 50001}}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	h := st.Handler(fixedNow)
	bodies := func(fields string) map[string]string {
		t.Helper()
		out := getJSON(t, h, "/api/audit/sessions?sort=start_time&fields="+url.QueryEscape(fields), 200)
		got := map[string]string{}
		for _, it := range out["items"].([]any) {
			m := it.(map[string]any)
			got[m["key"].(string)] = canon(t, m["body"])
		}
		return got
	}
	for _, tc := range []struct{ fields, flat, nested string }{
		{"client", `{"client":{"address":"10.0.0.1","port":50001}}`, `{"client":{"ip":"10.0.0.1","name":"c1","port":50001}}`},
		{"client,client.address,client.port", `{"client":{"address":"10.0.0.1","port":50001}}`, `{"client":{"ip":"10.0.0.1","name":"c1","port":50001}}`},
		{"client.address,client.port,client", `{"client":{"address":"10.0.0.1","port":50001}}`, `{"client":{"ip":"10.0.0.1","name":"c1","port":50001}}`},
		// recording.target is null in both; target.address is answered.
		{"recording.target,target.address", `{"recording":{"target":null},"target":{"address":"10.0.0.3"}}`, `{"recording":{"target":null},"target":{"address":null}}`},
		{"server,server.port", `{"server":{"port":null}}`, `{"server":{"port":null}}`},
	} {
		got := bodies(tc.fields)
		if got["flat"] != tc.flat || got["nested"] != tc.nested {
			t.Errorf("fields=%s:\nflat   %s, want %s\nnested %s, want %s", tc.fields, got["flat"], tc.flat, got["nested"], tc.nested)
		}
	}
}

// Item 4: each start/end example of the search page, as the mock reads
// them: the sessions that overlap the window (not ended before start, not
// started after end; a date-only end covers its day; running sessions have
// not ended). The page's own sentences read "started after" / "ended
// before"; only the overlap reading reproduces its worked stats example
// (stats_content golden: Charlie 01-01..01-02 and Delta 01-03..01-04 are
// counted for start=2017-01-02&end=2017-01-03). literal is what the
// sentences promise: always a subset, which a start_time/end_time range in
// q gives on any appliance.
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
