package sps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// oneBasedLists serves every per-session list of one session with n items,
// paged the way the vendor's paging example on the alerts, events,
// indexing and trail-download pages counts offsets: from 1 ("offset=501"
// shows items 501 to 1000, "offset=1001" the remaining 12 of 1012). The
// client counts from 0, so its second page (offset=500) starts with the
// last item of the first, and every later page is shifted by one. matchCount adds meta.match_count (the alerts
// sample has it, the events sample has not); next links are always set.
type oneBasedLists struct {
	n          int
	matchCount bool
	// zeroBased serves offsets from 0 instead, for the control cases.
	zeroBased bool
	// item renders item i (0-based) of the list at path's last element.
	item func(list string, i int) any
}

func (f *oneBasedLists) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/authentication" {
		http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "0123456789abcdef0123456789abcdef01234567"})
		fmt.Fprint(w, `{"meta":{"href":"/api/authentication"}}`)
		return
	}
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	if limit <= 0 || limit > AuditPageSize {
		limit = AuditPageSize
	}
	first := offset // 0-based index of the first item served
	if !f.zeroBased && offset > 0 {
		first = offset - 1 // "offset=501" is the 501st item
	}
	first = min(first, AuditMaxResults) // offsets past 10000 are ignored
	end := min(first+limit, f.n)
	list := strings.Trim(r.URL.Path[strings.LastIndex(strings.TrimSuffix(r.URL.Path, "/"), "/"):], "/")
	items := []any{}
	for i := first; i < end; i++ {
		items = append(items, f.item(list, i))
	}
	meta := map[string]any{"limit": limit, "offset": offset, "next": nil}
	if end < min(f.n, AuditMaxResults) {
		meta["next"] = fmt.Sprintf("%s?limit=%d&offset=%d", r.URL.Path, limit, offset+limit)
	}
	if f.matchCount {
		meta["match_count"] = f.n
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"items": items, "meta": meta})
}

// listItem renders item i of each per-session list, each with its own
// identity (record ids and channel keys count from 1, as the samples).
func listItem(list string, i int) any {
	switch list {
	case "events":
		return map[string]any{"action": "cmd" + strconv.Itoa(i), "channels_id": "0", "content": "$ cmd", "record_id": i + 1, "time": "2017-04-11T09:21:10.832", "type": "command"}
	case "alerts":
		return map[string]any{"alert_type": "adp.event.command", "channel_id": "0", "matched_action": "ls", "record_id": i + 1, "rule_name": "R", "time": "2017-04-25T13:26:39.144356"}
	case "channels":
		return map[string]any{"key": strconv.Itoa(i + 1), "body": map[string]any{"type": "session exec", "verdict": "accept", "command": "cmd" + strconv.Itoa(i)}}
	case "content":
		return map[string]any{"channel.id": 5, "rank": 1.5, "record_id": map[string]any{"begin": 2*i + 1, "end": 2*i + 2, "for_screenshot": 2*i + 1}, "trail_id": "12", "start_time": "2017-08-14T10:35:19.098000"}
	case "trail_downloads":
		return map[string]any{"from_api": false, "ip_address": "10.20.30.40", "time": "2018-11-20T11:10:19.000Z", "username": "admin" + strconv.Itoa(i)}
	}
	return nil
}

// readList reads one per-session list with the client and returns an
// identity per item, in order, and truncated.
func readList(t *testing.T, c *Client, list string) ([]string, bool) {
	t.Helper()
	ctx := context.Background()
	var ids []string
	var truncated bool
	var err error
	switch list {
	case "events":
		var evs []SessionEvent
		evs, truncated, err = c.SessionEvents(ctx, "svc/abc/ssh:7", "")
		for _, e := range evs {
			ids = append(ids, strconv.Itoa(e.RecordID)+" "+e.Action)
		}
	case "alerts":
		var als []SessionAlert
		als, truncated, err = c.SessionAlerts(ctx, "svc/abc/ssh:7")
		for _, a := range als {
			ids = append(ids, strconv.Itoa(a.RecordID))
		}
	case "channels":
		var chs []SessionChannel
		chs, err = c.SessionChannels(ctx, "svc/abc/ssh:7")
		for _, ch := range chs {
			ids = append(ids, ch.ChannelID+" "+ch.Command)
		}
	case "content":
		var ms []ContentMatch
		ms, truncated, err = c.SearchSessionContent(ctx, "svc/abc/ssh:7", "ls")
		for _, m := range ms {
			ids = append(ids, strconv.Itoa(m.RecordBegin))
		}
	default:
		t.Fatalf("no list %s", list)
	}
	if err != nil {
		t.Fatalf("%s: %v", list, err)
	}
	return ids, truncated
}

// wantIDs is what readList returns for items 0..n-1 of list.
func wantIDs(list string, n int) []string {
	out := make([]string, n)
	for i := range n {
		switch list {
		case "events":
			out[i] = strconv.Itoa(i+1) + " cmd" + strconv.Itoa(i)
		case "alerts":
			out[i] = strconv.Itoa(i + 1)
		case "channels":
			out[i] = strconv.Itoa(i+1) + " cmd" + strconv.Itoa(i)
		case "content":
			out[i] = strconv.Itoa(2*i + 1)
		}
	}
	return out
}

// The per-session lists: an appliance counting offsets from 1 answers the
// last item of the first page again at the top of the second. Events,
// alerts, channels and content matches must each hold every item once, in
// order, and truncated must say whether items were left unread: the
// vendor's 1012 example is read whole, and so is a list that ends on a page
// boundary (the last item comes on one more page); at the 10,000-result
// limit the shift leaves the last item unread, which truncated reports.
func TestSessionListsDropPageOverlaps(t *testing.T) {
	t.Parallel()
	for _, list := range []string{"events", "alerts", "channels", "content"} {
		for _, tc := range []struct {
			n, want    int
			matchCount bool
			truncated  bool
		}{
			{n: 1012, want: 1012, matchCount: true},
			{n: 1012, want: 1012},
			{n: 1000, want: 1000, matchCount: true}, // two full pages: the 1000th comes on a third
			{n: 501, want: 501},                     // the second page: the 500th again, then the 501st
			{n: 10000, want: 9999, matchCount: true, truncated: true},
		} {
			t.Run(fmt.Sprintf("%s/%d/match_count=%v", list, tc.n, tc.matchCount), func(t *testing.T) {
				t.Parallel()
				c := newAuditTestClient(t, &oneBasedLists{n: tc.n, matchCount: tc.matchCount, item: listItem})
				got, truncated := readList(t, c, list)
				want := wantIDs(list, tc.want)
				if len(got) != len(want) {
					t.Fatalf("%d items, want %d", len(got), len(want))
				}
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("item %d is %q, want %q", i, got[i], want[i])
					}
				}
				if list != "channels" && truncated != tc.truncated {
					t.Errorf("truncated %v, want %v", truncated, tc.truncated)
				}
			})
		}
	}
}

// The same lists from an appliance counting offsets from 0 (the mock's
// reading): nothing repeats, nothing is dropped.
func TestSessionListsZeroBasedUnchanged(t *testing.T) {
	t.Parallel()
	for _, list := range []string{"events", "alerts", "channels", "content"} {
		t.Run(list, func(t *testing.T) {
			t.Parallel()
			c := newAuditTestClient(t, &oneBasedLists{n: 1012, matchCount: true, zeroBased: true, item: listItem})
			got, truncated := readList(t, c, list)
			if len(got) != 1012 || truncated {
				t.Fatalf("%d items, truncated %v; want 1012, false", len(got), truncated)
			}
		})
	}
}

// Trail downloads carry nothing that names one download: two downloads by
// the same user from the same address in the same second are two rows
// that look alike. They are kept, even across a page boundary.
func TestTrailDownloadsKeepLookalikes(t *testing.T) {
	t.Parallel()
	same := func(string, int) any {
		return map[string]any{"from_api": true, "ip_address": "10.20.30.40", "time": "2018-11-20T11:10:19.000Z", "username": "admin"}
	}
	c := newAuditTestClient(t, &oneBasedLists{n: 501, matchCount: true, zeroBased: true, item: same})
	dls, err := c.SessionTrailDownloads(context.Background(), "svc/abc/ssh:7", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(dls) != 501 {
		t.Fatalf("%d downloads, want 501 (lookalike rows are distinct downloads)", len(dls))
	}
}
