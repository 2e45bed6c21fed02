package sps

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// powerBIAppliance serves the page shapes the vendor's Power BI connector
// for SPS 7.3-8.2 is tested against (Test/Unit/Search/*.query.pq): items
// of key, body and meta; meta.next an opaque path relative to the
// appliance (no offsets to compute); the last page empty with next null.
type powerBIAppliance struct {
	mu       sync.Mutex
	requests []string
}

const powerBIPage1 = `{
  "items": [
    {"key": "svc-abc-ssh_prod-1", "body": {"protocol": "SSH", "active": false, "start_time": "2024-03-01T10:00:00.000Z",
      "end_time": "2024-03-01T10:05:00.000Z", "duration": 300, "verdict": "ACCEPT",
      "user": {"gateway_username": "alice", "server_username": "root"},
      "client": {"ip": "10.1.1.1", "name": "ws-1", "port": 50000},
      "recording": {"session_id": "svc/abc/ssh_prod:1", "connection_policy": "ssh_prod", "index_status": "INDEXED",
        "target": {"ip": "10.2.2.2", "name": "srv", "port": 22}},
      "analytics": {"interesting_events": ["sudo"], "tags": ["after-hours"], "scripted": false, "score": {"aggregated": 12}}},
     "meta": {"href": "/api/audit/sessions/svc-abc-ssh_prod-1"}},
    {"key": "svc-abc-rdp_win-2", "body": {"protocol": "RDP", "active": true, "start_time": "2024-03-01T11:00:00.000Z",
      "end_time": null, "duration": "42", "verdict": "ACCEPT", "user": {"gateway_username": "bob"}},
     "meta": {"href": "/api/audit/sessions/svc-abc-rdp_win-2"}}
  ],
  "meta": {"next": "/api/audit/sessions?snapshot=snap-7&cursor=b2Zmc2V0PTI", "href": "/api/audit/sessions"}
}`

const powerBIPage2 = `{
  "items": [
    {"key": "svc-abc-vnc_kiosk-3", "body": {"protocol": "VNC", "active": false, "start_time": "2024-03-01T12:00:00.000Z",
      "end_time": "2024-03-01T12:00:03.000Z", "duration": 3, "verdict": "DENY"},
     "meta": {"href": "/api/audit/sessions/svc-abc-vnc_kiosk-3"}}
  ],
  "meta": {"next": "/api/audit/sessions?snapshot=snap-7&cursor=b2Zmc2V0PTM"}
}`

const powerBIPage3 = `{"items": [], "meta": {"next": null}}`

func (p *powerBIAppliance) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests = append(p.requests, r.URL.Path+"?"+r.URL.RawQuery)
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/api/authentication":
		http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "0123456789abcdef0123456789abcdef01234567"})
		fmt.Fprint(w, `{"meta":{"href":"/api/authentication"}}`)
	case r.URL.Path == "/api/info":
		fmt.Fprint(w, `{"body": {"firmware_version": "8.1.0", "version": "8 F1"}, "key": "about_info", "meta": {"href": "/api/info"}}`)
	case r.URL.Path == snapshotPath:
		fmt.Fprint(w, `{"body": {"snapshot": "snap-7"}}`)
	case r.URL.Path == countPath:
		fmt.Fprint(w, `{"count": 3}`)
	case r.URL.Path == sessionsPath && q.Get("snapshot") == "snap-7" && q.Get("cursor") == "":
		fmt.Fprint(w, powerBIPage1)
	case r.URL.Path == sessionsPath && q.Get("cursor") == "b2Zmc2V0PTI":
		fmt.Fprint(w, powerBIPage2)
	case r.URL.Path == sessionsPath && q.Get("cursor") == "b2Zmc2V0PTM":
		fmt.Fprint(w, powerBIPage3)
	default:
		writeSPSError(w, http.StatusNotFound, "NotFound", "no such page: "+r.URL.String(), nil)
	}
}

// TestSnapshotSearchPowerBIPageShapes: the connector's page shapes decode
// exactly, its opaque next links are followed one at a time as given, and
// its empty last page ends the read.
func TestSnapshotSearchPowerBIPageShapes(t *testing.T) {
	t.Parallel()
	p := &powerBIAppliance{}
	c := newAuditTestClient(t, p)
	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 1000})
	if err != nil {
		t.Fatal(err)
	}
	want := []Session{
		{ID: "svc-abc-ssh_prod-1", SessionID: "svc/abc/ssh_prod:1", Protocol: "SSH", Verdict: "ACCEPT",
			StartTime: "2024-03-01T10:00:00.000Z", EndTime: "2024-03-01T10:05:00.000Z", Duration: 300,
			User:   SessionUser{Name: "alice", ServerUsername: "root"},
			Client: Endpoint{IP: "10.1.1.1", Name: "ws-1", Port: 50000}, Target: Endpoint{IP: "10.2.2.2", Name: "srv", Port: 22},
			ConnectionPolicy: "ssh_prod", IndexStatus: "INDEXED",
			InterestingEvents: []string{"sudo"}, Tags: []string{"after-hours"}, Score: 12},
		{ID: "svc-abc-rdp_win-2", Protocol: "RDP", Active: true, Verdict: "ACCEPT", StartTime: "2024-03-01T11:00:00.000Z",
			Duration: 42, User: SessionUser{Name: "bob"}},
		{ID: "svc-abc-vnc_kiosk-3", Protocol: "VNC", Verdict: "DENY", StartTime: "2024-03-01T12:00:00.000Z",
			EndTime: "2024-03-01T12:00:03.000Z", Duration: 3},
	}
	if !reflect.DeepEqual(res.Sessions, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", res.Sessions, want)
	}
	if res.MatchCount != 3 || res.Truncated {
		t.Errorf("match_count %d, truncated %v", res.MatchCount, res.Truncated)
	}
	var pages []string
	for _, r := range p.requests {
		if strings.HasPrefix(r, sessionsPath+"?") {
			pages = append(pages, r)
		}
	}
	if len(pages) != 3 || !strings.Contains(pages[0], "snapshot=snap-7") || !strings.HasSuffix(pages[2], "cursor=b2Zmc2V0PTM&snapshot=snap-7") {
		t.Errorf("page requests %q: want the first page with the snapshot, then the two next links as given", pages)
	}
}

// TestSnapshotCSVMatchesTheCSVExport: where SPS has no CSV of a snapshot,
// the CSV built from the snapshot's JSON pages is byte for byte the CSV
// export of the basic search of the same sessions: SPS's header, the same
// quoting and line ends, one row per list value, computed links.
func TestSnapshotCSVMatchesTheCSVExport(t *testing.T) {
	t.Parallel()
	st := audit.Generate(1500, 12, slicesNow)
	c, pc, _ := snapshotClient(t, st)
	fields := []string{"start_time", "protocol", "user.gateway_username", "analytics.interesting_events", "client.port", "trail_download_link", "recording.session_id"}
	q := SessionQuery{MaxResults: 1200, Sort: []string{"start_time"}, Query: "NOT protocol:http"}
	q.Method = SearchBasic
	basic, err := c.SearchSessionsCSV(context.Background(), q, fields)
	if err != nil {
		t.Fatal(err)
	}
	q.Method = SearchAuto
	snap, err := c.SearchSessionsCSV(context.Background(), q, fields)
	if err != nil {
		t.Fatal(err)
	}
	if pc.count(snapshotPath) != 1 {
		t.Fatalf("the CSV export was not read through a snapshot (%d snapshots)", pc.count(snapshotPath))
	}
	if snap.CSV != basic.CSV || snap.MatchCount != basic.MatchCount || snap.Truncated != basic.Truncated {
		t.Fatalf("the snapshot's CSV (%d bytes, match %d, truncated %v) differs from the export (%d bytes, match %d, truncated %v)",
			len(snap.CSV), snap.MatchCount, snap.Truncated, len(basic.CSV), basic.MatchCount, basic.Truncated)
	}
	rows, err := csv.NewReader(strings.NewReader(snap.CSV)).ReadAll()
	if err != nil || len(rows) < 1201 || rows[0][0] != "Key" {
		t.Fatalf("%d rows (%v)", len(rows), err)
	}
}
