package sps

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// pathCounter counts requests by path and runs hook (when set) before the
// mock sees a session search page that carries a snapshot; n is that
// page's number (from 1). A hook returning true has answered itself.
type pathCounter struct {
	mu    sync.Mutex
	paths map[string]int
	pages atomic.Int64
	hook  func(n int, w http.ResponseWriter, r *http.Request) bool
	// answer, when set, sees every request first; true means it answered.
	answer func(w http.ResponseWriter, r *http.Request) bool

	inFlight, maxInFlight atomic.Int32
}

func (p *pathCounter) middleware(w http.ResponseWriter, r *http.Request, next http.Handler) {
	p.mu.Lock()
	if p.paths == nil {
		p.paths = map[string]int{}
	}
	p.paths[r.URL.Path]++
	hook, answer := p.hook, p.answer
	p.mu.Unlock()
	if answer != nil && answer(w, r) {
		return
	}
	if r.URL.Path == sessionsPath && r.URL.Query().Get("snapshot") != "" {
		cur := p.inFlight.Add(1)
		defer p.inFlight.Add(-1)
		for m := p.maxInFlight.Load(); cur > m && !p.maxInFlight.CompareAndSwap(m, cur); m = p.maxInFlight.Load() {
		}
		if n := int(p.pages.Add(1)); hook != nil && hook(n, w, r) {
			return
		}
	}
	next.ServeHTTP(w, r)
}

func (p *pathCounter) count(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paths[path]
}

// settableClock is the mock's clock, moved by tests.
type settableClock struct{ ns atomic.Int64 }

func (c *settableClock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *settableClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// snapshotClient is a client of a 7.5.0 mock holding st, counting requests
// by path; the mock's clock starts at slicesNow.
func snapshotClient(t *testing.T, st *audit.Store, opts ...mockspstest.Option) (*Client, *pathCounter, *settableClock) {
	t.Helper()
	pc := &pathCounter{}
	clk := &settableClock{}
	clk.ns.Store(slicesNow.UnixNano())
	opts = append([]mockspstest.Option{mockspstest.WithAudit(st), mockspstest.WithFirmware("7.5.0"),
		mockspstest.WithConfig(func(c *mocksps.Config) { c.Now = clk.now }), mockspstest.WithMiddleware(pc.middleware)}, opts...)
	env := mockspstest.Start(t, opts...)
	c, err := New(Config{URL: env.URL, Username: mockspstest.AuditorUser, Password: mockspstest.AuditorPassword, Logger: &testLogger{t: t}})
	if err != nil {
		t.Fatal(err)
	}
	return c, pc, clk
}

func sessionKeys(ss []Session) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// TestSnapshotSearchReadsEveryMatch: on 7.x, 50,000 sessions are read
// through one snapshot, each once, in the order asked (one that start_time
// slices could not keep), in their pages plus _snapshot and _count; the
// firmware is asked once per client.
func TestSnapshotSearchReadsEveryMatch(t *testing.T) {
	t.Parallel()
	st := bigAudit()
	c, pc, _ := snapshotClient(t, st)
	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 60000, Sort: []string{"-duration"}, Fields: []string{"duration"}})
	if err != nil {
		t.Fatal(err)
	}
	sameKeys(t, "snapshot", sessionKeys(res.Sessions), st.Keys())
	if res.MatchCount != 50000 || res.Truncated {
		t.Errorf("match_count %d, truncated %v", res.MatchCount, res.Truncated)
	}
	for i := 1; i < len(res.Sessions); i++ {
		if res.Sessions[i].Duration > res.Sessions[i-1].Duration {
			t.Fatalf("session %d lasts %d s after one of %d s: not sorted by -duration", i, res.Sessions[i].Duration, res.Sessions[i-1].Duration)
		}
	}
	if s, n, p := pc.count(snapshotPath), pc.count(countPath), pc.count(sessionsPath); s != 1 || n != 1 || p != 100 {
		t.Errorf("requests: %d _snapshot, %d _count, %d pages; want 1, 1 and the 100 pages", s, n, p)
	}
	if pc.maxInFlight.Load() < 2 {
		t.Errorf("the offset links were followed one page at a time (at most %d in flight)", pc.maxInFlight.Load())
	}
	// max_results below the count: only the pages holding it are read.
	before := pc.count(sessionsPath)
	part, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 1200, Fields: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(part.Sessions) != 1200 || !part.Truncated || part.MatchCount != 50000 || pc.count(sessionsPath)-before != 3 {
		t.Errorf("max_results 1200: %d sessions, truncated %v, match_count %d, %d pages", len(part.Sessions), part.Truncated, part.MatchCount, pc.count(sessionsPath)-before)
	}
	if n := pc.count("/api/info"); n != 1 {
		t.Errorf("/api/info asked %d times, want once per client", n)
	}
}

// TestSnapshotSearchIsOneMoment: sessions closed or removed while the
// pages are read do not change the result; the next search sees them.
func TestSnapshotSearchIsOneMoment(t *testing.T) {
	t.Parallel()
	st := audit.Generate(25000, 9, slicesNow)
	want := st.Keys()
	c, pc, _ := snapshotClient(t, st)
	probe, err := c.SearchSessions(context.Background(), SessionQuery{Query: "active:true", MaxResults: 10000, Fields: []string{"active"}})
	if err != nil || len(probe.Sessions) < 20 {
		t.Fatalf("the test needs 20 active sessions: %d (%v)", len(probe.Sessions), err)
	}
	active := sessionKeys(probe.Sessions)
	pc.hook = func(n int, _ http.ResponseWriter, _ *http.Request) bool {
		if n == 5 { // a page of the second search, mid-read
			for _, k := range active[:10] {
				if err := st.CloseSession(k, slicesNow); err != nil {
					t.Error(err)
				}
			}
			st.RemoveSessions(active[10:20]...)
			st.RemoveSessions(want[:200]...)
		}
		return false
	}
	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 30000, Fields: []string{"active"}})
	if err != nil {
		t.Fatal(err)
	}
	sameKeys(t, "during changes", sessionKeys(res.Sessions), want)
	stillActive := 0
	for _, s := range res.Sessions {
		if s.Active && slices.Contains(active[:10], s.ID) {
			stillActive++
		}
	}
	if stillActive != 10 || res.MatchCount != 25000 {
		t.Errorf("%d of the 10 sessions closed during the read are active in it, match_count %d", stillActive, res.MatchCount)
	}
	after, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 30000, Fields: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Sessions) != 25000-210 {
		t.Errorf("the next search reads %d sessions, want %d", len(after.Sessions), 25000-210)
	}
}

// TestSnapshotSearchExpiry: a snapshot that expires during the read (the
// mock's clock moves 6 minutes between two pages) is replaced once and
// the search read whole from the new one; losing the second one too is a
// SnapshotExpiredError naming the firmware, never a partial result.
func TestSnapshotSearchExpiry(t *testing.T) {
	t.Parallel()
	st := audit.Generate(3000, 4, slicesNow)
	c, pc, clk := snapshotClient(t, st)
	pc.hook = func(n int, _ http.ResponseWriter, _ *http.Request) bool {
		if n == 3 {
			clk.advance(6 * time.Minute)
		}
		return false
	}
	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 5000, PageConcurrency: 1, Fields: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	sameKeys(t, "after one expiry", sessionKeys(res.Sessions), st.Keys())
	if n := pc.count(snapshotPath); n != 2 {
		t.Errorf("%d snapshots, want the first and one fresh start", n)
	}

	c2, pc2, clk2 := snapshotClient(t, st)
	pc2.hook = func(n int, _ http.ResponseWriter, _ *http.Request) bool {
		if n%3 == 0 {
			clk2.advance(6 * time.Minute)
		}
		return false
	}
	out, err := c2.SearchSessions(context.Background(), SessionQuery{MaxResults: 5000, PageConcurrency: 1})
	var exp *SnapshotExpiredError
	if !errors.As(err, &exp) || out != nil || exp.Firmware != "7.5.0" || !strings.Contains(err.Error(), "firmware 7.5.0") || !strings.Contains(err.Error(), "404") {
		t.Fatalf("result %v, err %v; want a SnapshotExpiredError naming the firmware and no result", out, err)
	}
}

// TestSnapshotSearchFallsBack: firmware that documents the advanced search
// but answers 404 to _snapshot is read with the basic search, and not
// asked again; 6.x and an appliance that does not answer /api/info use the
// basic search at once.
func TestSnapshotSearchFallsBack(t *testing.T) {
	t.Parallel()
	st := audit.Generate(12000, 5, slicesNow)
	for name, opt := range map[string]mockspstest.Option{
		"7.x without _snapshot": mockspstest.WithFirmware("7.5.0"),
		"6.x":                   mockspstest.WithFirmware("6.0.12"),
		"no /api/info":          mockspstest.WithFirmware("8.0.0"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, pc, _ := snapshotClient(t, st, opt)
			pc.answer = func(w http.ResponseWriter, r *http.Request) bool {
				if name == "7.x without _snapshot" && r.URL.Path == snapshotPath || name == "no /api/info" && r.URL.Path == "/api/info" {
					writeSPSError(w, http.StatusNotFound, "NotFound", "the requested object does not exist", nil)
					return true
				}
				return false
			}
			for range 2 {
				res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 20000, Sort: []string{"start_time"}, Fields: []string{}})
				if err != nil {
					t.Fatal(err)
				}
				sameKeys(t, name, sessionKeys(res.Sessions), st.Keys())
			}
			want := 0
			if name == "7.x without _snapshot" {
				want = 1
			}
			if n, m := pc.count(snapshotPath), pc.count("/api/info"); n != want || m != 1 {
				t.Errorf("_snapshot asked %d times in two searches (want %d), /api/info %d times (want 1)", n, want, m)
			}
		})
	}
}
