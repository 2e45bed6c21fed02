package sps

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

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

// A session with more events than the 10,000 the client pages through is
// flagged, not cut silently; exactly 10,000 is not.
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
