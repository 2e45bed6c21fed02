package audit

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// clock is a settable clock for snapshot expiry.
type clock struct{ ns atomic.Int64 }

func newClock(t time.Time) *clock        { c := &clock{}; c.ns.Store(t.UnixNano()); return c }
func (c *clock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.ns.Add(int64(d)) }
func getAs(h http.Handler, target, user, agent string) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "https://127.0.0.1"+target, nil)
	req.Header.Set("User-Agent", agent)
	req = req.WithContext(httpapi.WithCaller(req.Context(), httpapi.Caller{User: user, Role: "auditor", RemainingSeconds: 599}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func newSnapshot(t *testing.T, h http.Handler) string {
	t.Helper()
	out := getJSON(t, h, "/api/audit/sessions/_snapshot", 200)
	id, _ := out["body"].(map[string]any)["snapshot"].(string)
	if id == "" {
		t.Fatalf("no body.snapshot in %v", out)
	}
	return id
}

// readSnapshot follows meta.next from the first page of a snapshot search
// to the end and returns the keys read and the requests made.
func readSnapshot(t *testing.T, h http.Handler, first string, between func(page int)) ([]string, int) {
	t.Helper()
	var keysRead []string
	next, pages := first, 0
	for next != "" {
		out := getJSON(t, h, next, 200)
		pages++
		keysRead = append(keysRead, keys(t, out)...)
		if between != nil {
			between(pages)
		}
		next, _ = out["meta"].(map[string]any)["next"].(string)
		if pages > 1000 {
			t.Fatal("meta.next never ends")
		}
	}
	return keysRead, pages
}

// Through a snapshot, a search pages past 10000 results by meta.next, and
// sessions closed or removed during the read do not change what it reads;
// the current database (and _count) sees the changes at once.
func TestSnapshotIsAPointInTimeCopy(t *testing.T) {
	t.Parallel()
	st := Generate(12000, 3, genNow)
	clk := newClock(genNow)
	h := st.Handler(clk.now, AdvancedSearch())
	want := st.Keys()
	active := keys(t, getJSON(t, h, "/api/audit/sessions?q=active:true&limit=20&fields=", 200))
	if len(active) < 10 {
		t.Fatalf("the test needs active sessions, has %d", len(active))
	}
	id := newSnapshot(t, h)
	got, pages := readSnapshot(t, h, "/api/audit/sessions?fields=active&snapshot="+id, func(page int) {
		switch page {
		case 3:
			for _, k := range active[:5] {
				if err := st.CloseSession(k, genNow); err != nil {
					t.Fatal(err)
				}
			}
		case 7:
			st.RemoveSessions(active[5:10]...)
			st.RemoveSessions(want[:100]...)
		}
		clk.advance(4 * time.Minute) // each query extends the snapshot
	})
	if pages != 24 {
		t.Errorf("%d pages for 12000 sessions, want 24", pages)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("read %d sessions through the snapshot (%d distinct), the store held %d", len(got), len(slices.Compact(slices.Clone(got))), len(want))
	}
	// Within the snapshot the closed sessions are still active.
	q := "/api/audit/sessions?limit=0&q=active:true&snapshot=" + id
	if n := matchCount(t, getJSON(t, h, q, 200)); n < len(active) {
		t.Errorf("the snapshot counts %d active sessions, it had at least %d", n, len(active))
	}
	// The database itself changed.
	if n := st.Len(); n != 12000-105 {
		t.Errorf("the store holds %d sessions after removing 105", n)
	}
	count := func(target string) int {
		return int(getJSON(t, h, target, 200)["count"].(float64))
	}
	if n, m := count("/api/audit/sessions/_count"), count("/api/audit/sessions/_count?snapshot="+id); n != 12000-105 || m != 12000 {
		t.Errorf("_count %d now and %d in the snapshot, want %d and 12000", n, m, 12000-105)
	}
	if n, m := count("/api/audit/sessions/_count?q=protocol:ssh"), matchCount(t, getJSON(t, h, "/api/audit/sessions?limit=0&q=protocol:ssh", 200)); n != m || n == 0 {
		t.Errorf("_count?q=protocol:ssh %d, search match_count %d", n, m)
	}
}

// A snapshot expires 5 minutes after its last query, and answers 404 for
// another user or User-Agent as for an unknown id.
func TestSnapshotExpiryAndOwner(t *testing.T) {
	t.Parallel()
	st := Generate(50, 3, genNow)
	clk := newClock(genNow)
	h := st.Handler(clk.now, AdvancedSearch())
	id := newSnapshot(t, h)
	page := "/api/audit/sessions?limit=5&fields=&snapshot=" + id
	clk.advance(SnapshotTTL - time.Second)
	getJSON(t, h, page, 200) // extends it by another 5 minutes
	clk.advance(SnapshotTTL - time.Second)
	getJSON(t, h, page, 200)
	for _, who := range [][2]string{{"someone-else", ""}, {"admin", "another-agent/1.0"}} {
		if rec := getAs(h, page, who[0], who[1]); rec.Code != 404 {
			t.Errorf("%v: %d, want 404", who, rec.Code)
		}
	}
	clk.advance(SnapshotTTL)
	rec := get(t, h, page)
	var e struct {
		Error struct {
			Type    string         `json:"type"`
			Details map[string]any `json:"details"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || rec.Code != 404 || e.Error.Type != "NotFound" || e.Error.Details["parameter"] != "snapshot" {
		t.Fatalf("expired snapshot: %d %s", rec.Code, rec.Body.String())
	}
	if rec := get(t, h, "/api/audit/sessions/_count?snapshot=unknown"); rec.Code != 404 {
		t.Errorf("_count of an unknown snapshot: %d", rec.Code)
	}
}

// Where the mock does not take snapshot (CSV, stats, histogram) it says so;
// without the advanced search (SPS 6.x) the endpoints answer 404 and
// snapshot= is ignored.
func TestSnapshotWhereNotServed(t *testing.T) {
	t.Parallel()
	st := Generate(50, 3, genNow)
	h := st.Handler(func() time.Time { return genNow }, AdvancedSearch())
	id := url.QueryEscape(newSnapshot(t, h))
	for _, target := range []string{
		"/api/audit/sessions?format=csv&fields=protocol&snapshot=" + id,
		"/api/audit/sessions/stats?field=protocol&snapshot=" + id,
		"/api/audit/sessions/histogram?snapshot=" + id,
	} {
		if rec := get(t, h, target); rec.Code != 400 || !strings.Contains(rec.Body.String(), `"parameter":"snapshot"`) {
			t.Errorf("%s: %d %s", target, rec.Code, rec.Body.String())
		}
	}
	old := st.Handler(func() time.Time { return genNow })
	for _, target := range []string{"/api/audit/sessions/_snapshot", "/api/audit/sessions/_count"} {
		if rec := get(t, old, target); rec.Code != 404 {
			t.Errorf("6.x %s: %d", target, rec.Code)
		}
	}
	out := getJSON(t, old, "/api/audit/sessions?limit=1&offset=10001&snapshot="+id, 200)
	if keys(t, out)[0] != keys(t, getJSON(t, old, "/api/audit/sessions?limit=1", 200))[0] || strings.Contains(canon(t, out["meta"]), "snapshot") {
		t.Errorf("6.x took snapshot= or an offset past 10000: %v", out["meta"])
	}
}
