package sps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeAudit is a tiny stand-in for the audit API: n sessions with keys
// s-0000..s-(n-1) in order, paged by limit/offset like SPS. It lets the
// client tests control timing (page delays) and count requests, which the
// full mock does not need to expose.
type fakeAudit struct {
	n          int
	delay      func(offset int) time.Duration
	failOffset int // page offset answering 500 forever; 0 = none
	// oneBased reads offsets the way the vendor's paging example counts
	// them ("offset=1001" for the 1001st session), so each page after the
	// first starts with the last session of the page before.
	oneBased bool

	mu       sync.Mutex
	offsets  []int
	inFlight atomic.Int32
	maxPar   atomic.Int32
	csvPages atomic.Int32
}

func (f *fakeAudit) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/authentication" {
		http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "0123456789abcdef0123456789abcdef01234567"})
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"meta":{"href":"/api/authentication"}}`)
		return
	}
	if ck, err := r.Cookie("session_id"); err != nil || ck.Value == "" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"type":"Unauthenticated","message":"log in first","details":{}}}`)
		return
	}
	if r.URL.Path != "/api/audit/sessions" {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	cur := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	for {
		m := f.maxPar.Load()
		if cur <= m || f.maxPar.CompareAndSwap(m, cur) {
			break
		}
	}
	f.mu.Lock()
	f.offsets = append(f.offsets, offset)
	f.mu.Unlock()
	if f.delay != nil {
		time.Sleep(f.delay(offset))
	}
	if f.failOffset != 0 && offset == f.failOffset {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"type":"InvalidQuery","message":"page refused","details":{}}}`)
		return
	}
	if f.oneBased && offset > 0 {
		offset--
	}
	end := min(offset+limit, f.n)
	if q.Get("format") == "csv" {
		f.csvPages.Add(1)
		w.Header().Set("Content-Type", "text/csv")
		fmt.Fprint(w, "\"Key\",\"Protocol\",\"Note\"\r\n")
		for i := offset; i < end; i++ {
			// A quoted newline inside a value: the row must survive intact.
			fmt.Fprintf(w, "\"s-%04d\",\"ssh\",\"line1\nline2\"\r\n", i)
		}
		return
	}
	type item struct {
		Key  string         `json:"key"`
		Body map[string]any `json:"body"`
	}
	items := []item{}
	for i := offset; i < end; i++ {
		items = append(items, item{Key: fmt.Sprintf("s-%04d", i), Body: map[string]any{
			"protocol": "ssh", "duration": i, "user": map[string]any{"name": "u" + strconv.Itoa(i%7)},
			"recording":          map[string]any{"session_id": fmt.Sprintf("svc/h/p:%d", i), "target": map[string]any{"ip": "10.0.0.1", "port": "22"}},
			"unused_big_element": strings.Repeat("x", 100),
		}})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"items": items,
		"meta":  map[string]any{"match_count": f.n, "limit": limit, "offset": offset, "href": "/api/audit/sessions"},
	})
}

func newAuditTestClient(t *testing.T, h http.Handler) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Config{URL: srv.URL, Username: "auditor", Password: "pw", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSearchSessionsPagesInOrderUnderConcurrency(t *testing.T) {
	t.Parallel()
	// Later pages answer faster than earlier ones, so with 4 workers they
	// complete out of order; the result must still be in offset order.
	f := &fakeAudit{n: 2345, delay: func(offset int) time.Duration {
		return time.Duration(3000-offset) * time.Millisecond / 200
	}}
	c := newAuditTestClient(t, f)

	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 2100, PageConcurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(res.Sessions); got != 2100 {
		t.Fatalf("got %d sessions, want 2100", got)
	}
	for i, s := range res.Sessions {
		if want := fmt.Sprintf("s-%04d", i); s.ID != want {
			t.Fatalf("session %d has key %s, want %s", i, s.ID, want)
		}
	}
	if res.MatchCount != 2345 || !res.Truncated {
		t.Errorf("match_count=%d truncated=%v, want 2345 true", res.MatchCount, res.Truncated)
	}
	last := res.Sessions[2099]
	if last.Duration != 2099 || last.Target.Port != 22 || last.SessionID != "svc/h/p:2099" || last.User.Name != "u6" {
		t.Errorf("last session decoded as %+v", last)
	}
	if p := f.maxPar.Load(); p < 2 || p > 4 {
		t.Errorf("max parallel page requests %d, want 2..4", p)
	}
	// 1 first page + ceil(1600/500)=4 more, the last one asking only for 100.
	if len(f.offsets) != 5 {
		t.Errorf("page requests at offsets %v, want 5 pages", f.offsets)
	}
}

func TestSearchSessionsSequentialMatchesConcurrent(t *testing.T) {
	t.Parallel()
	f := &fakeAudit{n: 1200}
	c := newAuditTestClient(t, f)
	seq, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 1100, PageConcurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p := f.maxPar.Load(); p != 1 {
		t.Errorf("PageConcurrency 1 ran %d requests at once", p)
	}
	par, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 1100})
	if err != nil {
		t.Fatal(err)
	}
	if len(seq.Sessions) != 1100 || len(par.Sessions) != 1100 {
		t.Fatalf("lengths %d and %d, want 1100", len(seq.Sessions), len(par.Sessions))
	}
	for i := range seq.Sessions {
		if seq.Sessions[i].ID != par.Sessions[i].ID {
			t.Fatalf("index %d: sequential %s, concurrent %s", i, seq.Sessions[i].ID, par.Sessions[i].ID)
		}
	}
}

func TestSearchSessionsCapsAtTenThousand(t *testing.T) {
	t.Parallel()
	f := &fakeAudit{n: 12000}
	c := newAuditTestClient(t, f)
	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: AuditMaxResults, PageConcurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != AuditMaxResults || res.MatchCount != 12000 || !res.Truncated {
		t.Fatalf("got %d sessions, match_count %d, truncated %v", len(res.Sessions), res.MatchCount, res.Truncated)
	}
	for _, off := range f.offsets {
		if off > AuditMaxResults-AuditPageSize {
			t.Errorf("requested offset %d; SPS ignores offsets past 10000", off)
		}
	}
}

func TestSearchSessionsFewerThanOnePage(t *testing.T) {
	t.Parallel()
	c := newAuditTestClient(t, &fakeAudit{n: 42})
	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 42 || res.MatchCount != 42 || res.Truncated {
		t.Fatalf("got %d sessions, match_count %d, truncated %v", len(res.Sessions), res.MatchCount, res.Truncated)
	}
}

func TestSearchSessionsPageErrorStopsTheSearch(t *testing.T) {
	t.Parallel()
	f := &fakeAudit{n: 3000, failOffset: 1000}
	c := newAuditTestClient(t, f)
	_, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 3000})
	if !IsInvalidQuery(err) {
		t.Fatalf("got %v, want the page's InvalidQuery error", err)
	}
	if !strings.Contains(err.Error(), "page refused") {
		t.Errorf("error %q lacks the SPS message", err)
	}
}

func TestSearchSessionsCSVKeepsOneHeader(t *testing.T) {
	t.Parallel()
	f := &fakeAudit{n: 1203}
	c := newAuditTestClient(t, f)
	export, err := c.SearchSessionsCSV(context.Background(), SessionQuery{MaxResults: 1203}, []string{"protocol", "note"})
	if err != nil {
		t.Fatal(err)
	}
	out := export.CSV
	if got := strings.Count(out, `"Key"`); got != 1 {
		t.Errorf("header appears %d times, want once", got)
	}
	if !strings.HasPrefix(out, "\"Key\",\"Protocol\",\"Note\"\r\n\"s-0000\"") {
		t.Errorf("output starts %q", out[:min(60, len(out))])
	}
	if got := strings.Count(out, "\"ssh\""); got != 1203 {
		t.Errorf("%d rows, want 1203", got)
	}
	for _, k := range []string{"s-0499\"", "s-0500\"", "s-1202\""} {
		if !strings.Contains(out, k) {
			t.Errorf("row %s missing", k)
		}
	}
	// Rows in order across pages.
	if strings.Index(out, "s-0499") > strings.Index(out, "s-0500") {
		t.Error("page 2 rows come before page 1 rows")
	}
	if got := f.csvPages.Load(); got != 3 {
		t.Errorf("fetched %d CSV pages, want 3", got)
	}
}

func TestJoinCSVPages(t *testing.T) {
	t.Parallel()
	pages := [][]byte{
		[]byte("\"Key\",\"A\"\n\"1\",\"x\""), // no final newline
		[]byte("\"Key\",\"A\"\n\"2\",\"y\"\n"),
		[]byte("\"Key\",\"A\"\n"), // header only
		[]byte("\"Key\",\"A\nB\"\n\"3\",\"z\"\n"),
	}
	got, err := joinCSVPages(pages)
	if err != nil {
		t.Fatal(err)
	}
	want := "\"Key\",\"A\"\n\"1\",\"x\"\n\"2\",\"y\"\n\"3\",\"z\"\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSessionRESTID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"svc/fNLgRmAyf5EtycgUYnKc1B/ssh_demo2:2":       "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2",
		"svc/5tmEaM7xdNi1oscgVWpbZx/ssh_console:1/ssh": "svc-5tmEaM7xdNi1oscgVWpbZx-ssh_console-1-ssh",
		"svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2":       "svc-fNLgRmAyf5EtycgUYnKc1B-ssh_demo2-2",
		"rUhhQZ3jYsY1NDWYp9DEpq":                       "rUhhQZ3jYsY1NDWYp9DEpq",
		" svc/a/b:1 ":                                  "svc-a-b-1",
		"svc/a/policy.with.dots:3":                     "svc-a-policy-with-dots-3",
		"":                                             "",
	} {
		t.Run(in, func(t *testing.T) {
			if got := SessionRESTID(in); got != want {
				t.Errorf("SessionRESTID(%q) = %q, want %q", in, got, want)
			}
			if again := SessionRESTID(SessionRESTID(in)); again != want {
				t.Errorf("SessionRESTID is not idempotent on %q: %q", in, again)
			}
		})
	}
}

func TestQuoteQueryValue(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"ssh":          "ssh",
		"Windows User": `"Windows User"`,
		"a*b?c":        `a\*b\?c`,
		"10.0.0.1":     "10.0.0.1",
		"svc/x/y:1":    `svc\/x\/y\:1`,
		`C:\temp`:      `C\:\\temp`,
		`say "hi"`:     `"say \"hi\""`,
		`"q"`:          `"\"q\""`,
		"":             `""`,
		"AND":          `"AND"`,
		"NOT":          `"NOT"`,
		"(a)":          `\(a\)`,
		"[1 TO 2]":     `"\[1 TO 2\]"`,
		"a&&b||c":      `a\&\&b\|\|c`,
		"-x +y":        `"\-x \+y"`,
		"tab\there":    "\"tab\there\"",
		"über":         "über",
		"{}^~!":        `\{\}\^\~\!`,
	} {
		t.Run(in, func(t *testing.T) {
			if got := QuoteQueryValue(in); got != want {
				t.Errorf("QuoteQueryValue(%q) = %s, want %s", in, got, want)
			}
		})
	}
}

func TestDecodeListSkipsUnknownAndHandlesNullItems(t *testing.T) {
	t.Parallel()
	n := 0
	meta, err := decodeList(strings.NewReader(`{"extra":{"a":[1,{"b":2}]},"items":null,"meta":{"match_count":"7","next":null}}`),
		func(dec *json.Decoder) error { n++; return skipValue(dec) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || meta.MatchCount == nil || *meta.MatchCount != 7 {
		t.Errorf("n=%d meta=%+v", n, meta)
	}
	if next, known := meta.hasNext(); next || !known {
		t.Errorf("hasNext = %v,%v, want false,true", next, known)
	}
	if _, err := decodeList(strings.NewReader(`{"items":[{"a":1}`), func(dec *json.Decoder) error { return skipValue(dec) }); err == nil {
		t.Error("a truncated answer decoded without error")
	}
}

func TestFlexDecoding(t *testing.T) {
	t.Parallel()
	var d struct {
		A, B, C, D flexString
		E, F, G    flexInt
	}
	if err := json.Unmarshal([]byte(`{"A":"x","B":12,"C":null,"D":{"key":"k1","meta":{}},"E":"10","F":3.0,"G":null}`), &d); err != nil {
		t.Fatal(err)
	}
	if d.A != "x" || d.B != "12" || d.C != "" || d.D != "k1" || d.E != 10 || d.F != 3 || d.G != 0 {
		t.Errorf("decoded %+v", d)
	}
	var bad flexInt
	if err := json.Unmarshal([]byte(`"ten"`), &bad); err == nil {
		t.Error(`"ten" decoded as a number`)
	}
}

// eventsFake serves n events for one session in pages, without
// match_count (as the vendor's events sample), linking pages with next.
func eventsFake(n int, ids *[]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/authentication" {
			http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "abc"})
			fmt.Fprint(w, `{"meta":{}}`)
			return
		}
		*ids = append(*ids, r.URL.EscapedPath())
		q := r.URL.Query()
		limit, _ := strconv.Atoi(q.Get("limit"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		end := min(offset+limit, n)
		items := []map[string]any{}
		for i := offset; i < end; i++ {
			items = append(items, map[string]any{"action": "cmd" + strconv.Itoa(i), "channels_id": 0, "record_id": i, "type": "command"})
		}
		var next any
		if end < n {
			next = fmt.Sprintf("%s?limit=%d&offset=%d", r.URL.Path, limit, end)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"items": items, "meta": map[string]any{"limit": limit, "offset": offset, "next": next}})
	}
}

func TestSessionEventsFollowsPages(t *testing.T) {
	t.Parallel()
	var paths []string
	c := newAuditTestClient(t, eventsFake(1203, &paths))
	events, _, err := c.SessionEvents(context.Background(), "svc/abc/ssh_main:7", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1203 || events[1202].Action != "cmd1202" || events[500].RecordID != 500 || events[0].ChannelID != "0" {
		t.Fatalf("got %d events; last %+v", len(events), events[len(events)-1])
	}
	if len(paths) != 3 || paths[0] != "/api/audit/sessions/svc-abc-ssh_main-7/events" {
		t.Errorf("requests %v, want 3 pages of the REST-form path", paths)
	}
}

func TestSessionEventsExactlyOnePage(t *testing.T) {
	t.Parallel()
	var paths []string
	c := newAuditTestClient(t, eventsFake(500, &paths))
	events, _, err := c.SessionEvents(context.Background(), "x", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 500 || len(paths) != 1 {
		t.Fatalf("got %d events in %d requests; a null next must end the paging", len(events), len(paths))
	}
}

func TestSearchSessionsFollowsASmallerServerPage(t *testing.T) {
	t.Parallel()
	// An appliance that serves at most 200 per page and says so in
	// meta.limit: no result may be skipped.
	f := &fakeAudit{n: 900}
	small := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if l, _ := strconv.Atoi(q.Get("limit")); l > 200 {
			q.Set("limit", "200")
			r.URL.RawQuery = q.Encode()
		}
		f.ServeHTTP(w, r)
	})
	c := newAuditTestClient(t, small)
	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 900})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 900 || res.Truncated {
		t.Fatalf("got %d sessions, truncated %v", len(res.Sessions), res.Truncated)
	}
	for i, s := range res.Sessions {
		if want := fmt.Sprintf("s-%04d", i); s.ID != want {
			t.Fatalf("session %d is %s, want %s", i, s.ID, want)
		}
	}
}

// The pages read ahead of the first one assume MaxResults sessions match;
// when fewer do, the result must come from the pages the first page
// plans, in order and without duplicates or extras.
func TestSearchSessionsReadAheadPastTheLastMatch(t *testing.T) {
	t.Parallel()
	f := &fakeAudit{n: 700}
	c := newAuditTestClient(t, f)
	res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 5000, PageConcurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 700 || res.MatchCount != 700 || res.Truncated {
		t.Fatalf("got %d sessions, match_count %d, truncated %v; want 700, 700, false", len(res.Sessions), res.MatchCount, res.Truncated)
	}
	for i, s := range res.Sessions {
		if want := fmt.Sprintf("s-%04d", i); s.ID != want {
			t.Fatalf("session %d has key %s, want %s", i, s.ID, want)
		}
	}
	// The first page, 7 pages read ahead, and the planned second page
	// (offset 500, limit 200) fetched again because its limit differs.
	if len(f.offsets) != 9 {
		t.Errorf("page requests at offsets %v, want 9", f.offsets)
	}
}

// TestSearchSessionsDropsPageOverlaps: an appliance counting offsets from 1
// repeats one session at every page boundary. The result holds each key
// once, in order; the one session lost at the end (1012 match, offsets
// 0, 500 and 1000 reach keys 0..1010) shows as truncated.
func TestSearchSessionsDropsPageOverlaps(t *testing.T) {
	t.Parallel()
	for _, concurrency := range []int{1, 8} {
		f := &fakeAudit{n: 1012, oneBased: true}
		c := newAuditTestClient(t, f)
		res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 5000, PageConcurrency: concurrency})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(res.Sessions); got != 1011 {
			t.Fatalf("concurrency %d: %d sessions, want 1011 (1012 less the one pushed past the last page)", concurrency, got)
		}
		for i, s := range res.Sessions {
			if want := fmt.Sprintf("s-%04d", i); s.ID != want {
				t.Fatalf("concurrency %d: session %d has key %s, want %s", concurrency, i, s.ID, want)
			}
		}
		if !res.Truncated || res.MatchCount != 1012 {
			t.Errorf("concurrency %d: truncated=%v match_count=%d, want true 1012", concurrency, res.Truncated, res.MatchCount)
		}
	}
}
