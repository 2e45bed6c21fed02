package sps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

// Golden tests of the client against the vendor's own sample answers
// (testdata/vendor, copied from the reference pages), for the places where
// the pages are ambiguous or where an appliance may answer differently
// from the mock (issue 13).

// vendorSample reads one sample answer.
func vendorSample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vendor", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cannedAudit answers every audit request with the body answer returns for
// it, after a login, and keeps the queries it received.
type cannedAudit struct {
	answer func(r *http.Request) (status int, body string)

	mu      sync.Mutex
	queries []url.Values
	paths   []string
}

func (c *cannedAudit) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/authentication" {
		http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "0123456789abcdef0123456789abcdef01234567"})
		fmt.Fprint(w, `{"meta":{"href":"/api/authentication"}}`)
		return
	}
	c.mu.Lock()
	c.queries = append(c.queries, r.URL.Query())
	c.paths = append(c.paths, r.URL.EscapedPath())
	c.mu.Unlock()
	status, body := c.answer(r)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func canned(body string) *cannedAudit {
	return &cannedAudit{answer: func(*http.Request) (int, string) { return http.StatusOK, body }}
}

// Item 1: the vendor's histogram sample reports meta.bin_size "month"
// although its buckets are an hour apart. Asked for hours, the client must
// refuse it, naming both values, instead of labeling months as hours.
func TestHistogramVerifiesBinSize(t *testing.T) {
	t.Parallel()
	fake := canned(vendorSample(t, "histogram.json"))
	c := newAuditTestClient(t, fake)
	_, err := c.SessionHistogram(context.Background(), HistogramQuery{BinSize: "hour", Field: "recording.connection_policy"})
	var mm *HistogramMismatchError
	if !errors.As(err, &mm) || mm.Param != "bin_size" || mm.Requested != "hour" || mm.Answered != "month" {
		t.Fatalf("err = %v, want a bin_size mismatch hour/month", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `"hour"`) || !strings.Contains(msg, `"month"`) {
		t.Errorf("message %q names not both values", msg)
	}
	// Both documented spellings go out with the same value.
	q := fake.queries[0]
	if q.Get("bin_size") != "hour" || q.Get("bin-size") != "hour" {
		t.Errorf("query %v: want bin_size=hour and bin-size=hour", q)
	}
}

// The same sample, asked for what it reports, is accepted as is.
func TestHistogramAcceptsAMatchingAnswer(t *testing.T) {
	t.Parallel()
	c := newAuditTestClient(t, canned(vendorSample(t, "histogram.json")))
	for _, q := range []HistogramQuery{
		{BinSize: "month", Field: "recording.connection_policy", TimeZone: "Etc/UTC"},
		{BinSize: "Month", Field: "recording.connection_policy", TimeZone: "UTC"}, // UTC by another name
		{Field: "recording.connection_policy"},                                    // defaults: whatever SPS used
	} {
		t.Run(fmt.Sprintf("bin=%q tz=%q", q.BinSize, q.TimeZone), func(t *testing.T) {
			res, err := c.SessionHistogram(context.Background(), q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			if len(res.Buckets) != 6 || res.Buckets[1].StartCount != 89 || res.BinSize != "month" || res.TimeZone != "Etc/UTC" {
				t.Fatalf("%+v: got %+v", q, res)
			}
		})
	}
}

func TestHistogramVerifiesFieldAndTimeZone(t *testing.T) {
	t.Parallel()
	c := newAuditTestClient(t, canned(vendorSample(t, "histogram.json")))
	for _, tc := range []struct {
		q                          HistogramQuery
		param, requested, answered string
	}{
		{HistogramQuery{Field: "protocol"}, "field", "protocol", "recording.connection_policy"},
		// time_zone is documented only as a meta element: an appliance that
		// ignores the parameter reports its own zone.
		{HistogramQuery{Field: "recording.connection_policy", TimeZone: "Europe/Budapest"}, "time_zone", "Europe/Budapest", "Etc/UTC"},
	} {
		t.Run(tc.param, func(t *testing.T) {
			_, err := c.SessionHistogram(context.Background(), tc.q)
			var mm *HistogramMismatchError
			if !errors.As(err, &mm) || mm.Param != tc.param || mm.Requested != tc.requested || mm.Answered != tc.answered {
				t.Errorf("%+v: err = %v, want %s mismatch %s/%s", tc.q, err, tc.param, tc.requested, tc.answered)
			}
		})
	}
}

// Item 2: an appliance that reports no meta.time_zone is checked on its
// buckets: day buckets must start at midnight in the requested zone.
func TestHistogramChecksBucketsWhenTheZoneIsNotReported(t *testing.T) {
	t.Parallel()
	answer := func(ids ...string) string {
		var b strings.Builder
		b.WriteString(`{"body": {"buckets": [`)
		for i, id := range ids {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"active_count": 1, "id": %q, "start_count": 1}`, id)
		}
		b.WriteString(`]}, "key": "histogram", "meta": {"bin_size": "day", "field": "protocol"}}`)
		return b.String()
	}
	q := HistogramQuery{BinSize: "day", Field: "protocol", TimeZone: "Europe/Budapest"}

	ignored := newAuditTestClient(t, canned(answer("2018-01-15T00:00:00.000Z", "2018-01-16T00:00:00.000Z")))
	_, err := ignored.SessionHistogram(context.Background(), q)
	var mm *HistogramMismatchError
	if !errors.As(err, &mm) || mm.Param != "time_zone" || !strings.Contains(err.Error(), "2018-01-15T00:00:00.000Z") {
		t.Fatalf("UTC-aligned days for Europe/Budapest: err = %v, want a time_zone mismatch naming the bucket", err)
	}
	// The same days aligned to Budapest, written in UTC or with the offset.
	honored := newAuditTestClient(t, canned(answer("2018-01-14T23:00:00.000Z", "2018-01-16T00:00:00.000+01:00")))
	if _, err := honored.SessionHistogram(context.Background(), q); err != nil {
		t.Fatalf("Budapest-aligned days: %v", err)
	}
}

// Item 11: 500 SearchUnavailable (stats page) is retried like any 5xx on a
// read; when the retries run out the error says what SPS answered and how
// many times it was asked.
func TestSearchUnavailableIsRetriedThenExplained(t *testing.T) {
	t.Parallel()
	st, err := audit.LoadFile(filepath.Join("..", "mocksps", "audit", "testdata", "stats_default.json"))
	if err != nil {
		t.Fatal(err)
	}
	env := newMockEnv(t, mocksps.Config{Audit: st})
	c := env.client()
	in := env.srv.Faults()

	// Two failures, then the backend is back: the read succeeds.
	if _, err := in.Add(faults.Fault{Kind: faults.KindSearchUnavailable, Count: 2}); err != nil {
		t.Fatal(err)
	}
	res, err := c.SessionStats(context.Background(), StatsQuery{Field: "protocol"})
	if err != nil {
		t.Fatalf("after two SearchUnavailable answers: %v", err)
	}
	if len(res.Items) != 2 || res.Items[0].Value != "ssh" || res.Items[0].Count != 4 {
		t.Fatalf("stats %+v", res.Items)
	}
	if n := in.Injected().ByKind[faults.KindSearchUnavailable]; n != 2 {
		t.Fatalf("fault fired %d times, want 2", n)
	}

	// Down for good: every attempt fails and the error explains it.
	in.Clear()
	if _, err := in.Add(faults.Fault{Kind: faults.KindSearchUnavailable, Count: -1}); err != nil {
		t.Fatal(err)
	}
	_, err = c.SessionStats(context.Background(), StatsQuery{Field: "protocol"})
	if !IsSearchUnavailable(err) {
		t.Fatalf("err = %v, want SearchUnavailable", err)
	}
	// The error carries the facts the provider words (diagnostics.go):
	// type, status and how many times the read was tried.
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Attempts != DefaultMaxRetries+1 {
		t.Fatalf("err = %#v, want a 500 after %d attempts", err, DefaultMaxRetries+1)
	}
	if !strings.Contains(err.Error(), "500 SearchUnavailable") {
		t.Errorf("error %q lacks the status and type", err)
	}
}

// Items 6 and 7: the vendor's SSH channel sample carries epoch start and
// end times and flat dotted keys for the forwarded connection's ends.
func TestSessionChannelsVendorSample(t *testing.T) {
	t.Parallel()
	c := newAuditTestClient(t, canned(vendorSample(t, "channels_ssh.json")))
	chs, err := c.SessionChannels(context.Background(), "1")
	if err != nil {
		t.Fatal(err)
	}
	if len(chs) != 7 {
		t.Fatalf("got %d channels, want 7", len(chs))
	}
	// 1451901988 is 2016-01-04T10:06:28Z: ISO 8601, same instant.
	if chs[0].StartTime != "2016-01-04T10:06:28.000Z" || chs[0].EndTime != "2016-01-04T10:09:05.000Z" {
		t.Errorf("channel 1 times %q .. %q, want ISO 8601 of 1451901988 .. 1451902145", chs[0].StartTime, chs[0].EndTime)
	}
	local, remote := chs[4], chs[5]
	if local.Type != "local forward" || local.Originator != (Endpoint{IP: "::1", Port: 59578}) ||
		local.Connected != (Endpoint{IP: "<server>", Port: 22}) {
		t.Errorf("local forward: %+v", local)
	}
	if remote.Originator != (Endpoint{IP: "::1", Port: 42212}) || remote.Connected != (Endpoint{IP: "localhost", Port: 9898}) {
		t.Errorf("remote forward: %+v", remote)
	}
	if chs[0].Originator != (Endpoint{}) {
		t.Errorf("a shell channel has no forward ends, got %+v", chs[0].Originator)
	}
}

// The other documented shapes of the forward ends: the element table's
// originator.ip / .name / .port (flat, as the mock writes them) and the
// nested form.
func TestSessionChannelsForwardEndShapes(t *testing.T) {
	t.Parallel()
	c := newAuditTestClient(t, canned(`{"items": [
	  {"key": "1", "body": {"type": "local forward", "start_time": "2016-01-04T10:06:28.000Z",
	    "originator.ip": "10.0.0.1", "originator.name": "ws1", "originator.port": 40000,
	    "connected.ip": "10.0.0.2", "connected.name": "db", "connected.port": 5432}},
	  {"key": "2", "body": {"type": "remote forward", "start_time": 1451901988.5,
	    "originator": {"ip": "::1", "name": "localhost", "port": 42212},
	    "connected": {"address": "127.0.0.1", "port": "9898"}}}
	], "meta": {"next": null}}`))
	chs, err := c.SessionChannels(context.Background(), "1")
	if err != nil {
		t.Fatal(err)
	}
	if chs[0].Originator != (Endpoint{IP: "10.0.0.1", Name: "ws1", Port: 40000}) || chs[0].Connected != (Endpoint{IP: "10.0.0.2", Name: "db", Port: 5432}) {
		t.Errorf("flat .ip/.name/.port: %+v", chs[0])
	}
	if chs[1].Originator != (Endpoint{IP: "::1", Name: "localhost", Port: 42212}) || chs[1].Connected != (Endpoint{IP: "127.0.0.1", Port: 9898}) {
		t.Errorf("nested: %+v", chs[1])
	}
	if chs[0].StartTime != "2016-01-04T10:06:28.000Z" || chs[1].StartTime != "2016-01-04T10:06:28.500Z" {
		t.Errorf("times %q, %q", chs[0].StartTime, chs[1].StartTime)
	}
}

func TestISOTime(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"1451901988":                    "2016-01-04T10:06:28.000Z",
		"1542116524143":                 "2018-11-13T13:42:04.143Z", // milliseconds (indexer statistics)
		"2018-09-15T15:53:00+05:00":     "2018-09-15T15:53:00+05:00",
		"2017-04-11T09:21:10.832":       "2017-04-11T09:21:10.832",
		"2017-01-25":                    "2017-01-25",
		"":                              "",
		"2018-10-11T09:23:38.000+02:00": "2018-10-11T09:23:38.000+02:00",
	} {
		t.Run(in, func(t *testing.T) {
			if got := isoTime(flexString(in)); got != want {
				t.Errorf("isoTime(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

// Issue 10 item 10: a session with more events than the 10,000 the client
// pages through is flagged, not cut silently; exactly 10,000 is not.
func TestSessionEventsFlagsTruncation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n         int
		truncated bool
	}{{12000, true}, {10000, false}, {9999, false}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			var paths []string
			c := newAuditTestClient(t, eventsFake(tc.n, &paths))
			events, truncated, err := c.SessionEvents(context.Background(), "svc/abc/ssh_main:7", "")
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != min(tc.n, AuditMaxResults) || truncated != tc.truncated {
				t.Errorf("%d events: read %d, truncated %v; want %d, %v", tc.n, len(events), truncated, min(tc.n, AuditMaxResults), tc.truncated)
			}
		})
	}
}

// An appliance (like the mock) that stops offering pages at the 10,000th
// result but counts more in match_count is reported as truncated too.
func TestSessionEventsTruncatedByMatchCount(t *testing.T) {
	t.Parallel()
	st, err := audit.Load(strings.NewReader(manyEventsFixture(10001)))
	if err != nil {
		t.Fatal(err)
	}
	env := newMockEnv(t, mocksps.Config{Audit: st})
	events, truncated, err := env.client().SessionEvents(context.Background(), "svc/many/ssh:1", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != AuditMaxResults || !truncated {
		t.Fatalf("read %d events, truncated %v; want %d, true", len(events), truncated, AuditMaxResults)
	}
}

// manyEventsFixture is a session file with one session holding n events.
func manyEventsFixture(n int) string {
	var b strings.Builder
	b.WriteString(`{"sessions": {"svc-many-ssh-1": {"protocol": "ssh", "recording": {"session_id": "svc/many/ssh:1"}}}, "events": {"svc-many-ssh-1": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"action": "ls", "channels_id": "1", "content": "$ ls", "record_id": %d, "time": "2024-01-01T00:00:00.000Z", "type": "command"}`, i+1)
	}
	b.WriteString(`]}}`)
	return b.String()
}

// Item 13 on the vendor's samples: the session document's links, the
// indexing details (epoch-millisecond start), the trail downloads and a
// content search inside the session.
func TestSessionDetailsVendorSamples(t *testing.T) {
	t.Parallel()
	fake := &cannedAudit{answer: func(r *http.Request) (int, string) {
		p := r.URL.Path
		switch {
		case strings.HasSuffix(p, "/indexing"), strings.HasSuffix(p, "/indexer"):
			return http.StatusOK, vendorSample(t, "indexing.json")
		case strings.HasSuffix(p, "/trail_downloads"):
			return http.StatusOK, vendorSample(t, "trail_downloads.json")
		case strings.HasSuffix(p, "/content/"):
			return http.StatusOK, vendorSample(t, "content.json")
		}
		return http.StatusOK, vendorSample(t, "session_details.json")
	}}
	c := newAuditTestClient(t, fake)
	ctx := context.Background()
	s, err := c.GetSessionDetails(ctx, "rUhhQZ3jYsY1NDWYp9DEpq")
	if err != nil {
		t.Fatal(err)
	}
	want := SessionLinks{
		Alerts: "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/alerts", Events: "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/events",
		Channels: "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/channels", Indexing: "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/indexing",
		AuditTrail: "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/audit_trail",
	}
	if s.Links != want || s.SessionID != "svc/rUhhQZ3jYsY1NDWYp9DEpq/abcde:29" || s.Protocol != "SSH" {
		t.Fatalf("links %+v, session %s %s", s.Links, s.SessionID, s.Protocol)
	}
	if u := c.URL(s.Links.AuditTrail + "?format=srs"); !strings.HasSuffix(u, "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/audit_trail?format=srs") || !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Errorf("absolute download URL %q", u)
	}

	runs, err := c.SessionIndexing(ctx, "rUhhQZ3jYsY1NDWYp9DEpq", s.Links.Indexing)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Status != "COMPLETED" || runs[0].StartTime != "2018-11-13T13:42:04.143Z" ||
		runs[0].Duration != 149 || runs[0].CPUTime != 5 || !runs[0].Commands || runs[0].Keyboard || runs[0].ADPVersion != "6.0.20" {
		t.Errorf("indexing %+v", runs)
	}
	// A document that links the details as "indexer" is followed there.
	if _, err := c.SessionIndexing(ctx, "x", "/api/audit/sessions/x/indexer"); err != nil {
		t.Fatal(err)
	}
	if last := fake.paths[len(fake.paths)-1]; last != "/api/audit/sessions/x/indexer" {
		t.Errorf("indexer link: requested %s", last)
	}

	dls, err := c.SessionTrailDownloads(ctx, "rUhhQZ3jYsY1NDWYp9DEpq", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(dls) != 2 || dls[1] != (TrailDownload{Time: "2018-11-20T11:10:38.000Z", Username: "admin", IPAddress: "10.20.30.40"}) {
		t.Errorf("downloads %+v", dls)
	}

	hits, truncated, err := c.SearchSessionContent(ctx, "2a620c1cfeb39c537a5e80280283d741", "man iptables")
	if err != nil {
		t.Fatal(err)
	}
	wantHit := ContentMatch{ChannelID: "5", StartTime: "2017-08-14T10:35:19.098000", EndTime: "2017-08-14T10:35:43.957000",
		Rank: 2.4756217002868652, RecordBegin: 158, RecordEnd: 160, RecordScreenshot: 158, TrailID: "12"}
	if len(hits) != 1 || hits[0] != wantHit || truncated {
		t.Errorf("content hits %+v (truncated %v), want %+v", hits, truncated, wantHit)
	}
	if q := fake.queries[len(fake.queries)-1]; q.Get("q") != "man iptables" {
		t.Errorf("content query sent as %v", q)
	}
	if _, _, err := c.SearchSessionContent(ctx, "x", "  "); err == nil {
		t.Error("an empty content query was sent; SPS answers it with an empty list")
	}
}

// Item 6 for the session itself: the search page's CSV example records
// sessions with epoch times ("start_time": 1, "end_time": 5); SPS before
// 5 LTS wrote them that way. They come back as ISO 8601.
func TestSessionEpochTimesAreISO(t *testing.T) {
	t.Parallel()
	c := newAuditTestClient(t, canned(`{"key": "1", "body": {"protocol": "ssh", "active": false, "start_time": 1, "duration": 4, "end_time": 5,
	  "recording": {"session_id": 1}}}`))
	s, err := c.GetSessionDetails(context.Background(), "1")
	if err != nil {
		t.Fatal(err)
	}
	if s.StartTime != "1970-01-01T00:00:01.000Z" || s.EndTime != "1970-01-01T00:00:05.000Z" || s.SessionID != "1" {
		t.Fatalf("start %q end %q id %q", s.StartTime, s.EndTime, s.SessionID)
	}
}
