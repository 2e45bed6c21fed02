package sps

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

var slicesNow = time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)

// bigAudit is one generated 50,000-session database shared by the tests
// below (generating it takes a while; the store is read-only).
var bigAudit = sync.OnceValue(func() *audit.Store { return audit.Generate(50000, 7, slicesNow) })

// searchCounter counts the session searches that reach the mock, and
// remembers the q of each.
type searchCounter struct {
	n  atomic.Int64
	mu sync.Mutex
	qs []string
}

func (s *searchCounter) middleware(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if r.URL.Path == "/api/audit/sessions" {
		s.n.Add(1)
		s.mu.Lock()
		s.qs = append(s.qs, r.URL.Query().Get("q"))
		s.mu.Unlock()
	}
	next.ServeHTTP(w, r)
}

// slicedClient is a client of a mock holding st on firmware (6.0.12, the
// basic search, when ""), counting its session searches.
func slicedClient(t *testing.T, st *audit.Store, firmware ...string) (*Client, *searchCounter) {
	t.Helper()
	sc := &searchCounter{}
	fw := append(firmware, "6.0.12")[0]
	env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(slicesNow), mockspstest.WithMiddleware(sc.middleware), mockspstest.WithFirmware(fw))
	c, err := New(Config{URL: env.URL, Username: mockspstest.AuditorUser, Password: mockspstest.AuditorPassword, Logger: &testLogger{t: t}})
	if err != nil {
		t.Fatal(err)
	}
	return c, sc
}

// sameKeys fails unless got holds each key of want exactly once.
func sameKeys(t *testing.T, what string, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, k := range got {
		seen[k]++
	}
	dups, gaps := 0, 0
	for _, n := range seen {
		dups += n - 1
	}
	for _, k := range want {
		if seen[k] == 0 {
			gaps++
		}
	}
	if dups != 0 || gaps != 0 || len(got) != len(want) {
		t.Fatalf("%s: %d sessions read, %d in the store: %d duplicates, %d missing", what, len(got), len(want), dups, gaps)
	}
}

// TestSearchSessionsSlicedReadsEveryMatch: 50,000 sessions come back whole
// in every order that allows slicing, with no duplicate or gap, in order,
// in about as many requests as their pages.
func TestSearchSessionsSlicedReadsEveryMatch(t *testing.T) {
	t.Parallel()
	st := bigAudit()
	want := st.Keys()
	for _, sort := range [][]string{{"start_time"}, {"-start_time", "protocol"}, nil} {
		t.Run(fmt.Sprint(sort), func(t *testing.T) {
			t.Parallel()
			c, sc := slicedClient(t, st)
			res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 60000, Sort: sort})
			if err != nil {
				t.Fatal(err)
			}
			keys := make([]string, len(res.Sessions))
			for i, s := range res.Sessions {
				keys[i] = s.ID
			}
			sameKeys(t, "typed", keys, want)
			if res.MatchCount != len(want) || res.Truncated {
				t.Errorf("match_count %d, truncated %v", res.MatchCount, res.Truncated)
			}
			// Without sort the order within a slice is SPS's own; the
			// mock's is newest first, as the slices are.
			desc := len(sort) == 0 || sort[0] == "-start_time"
			for i := 1; i < len(res.Sessions); i++ {
				a, b := res.Sessions[i-1].StartTime, res.Sessions[i].StartTime
				if desc && a < b || !desc && a > b {
					t.Fatalf("session %d starts %s after %s: not in %v order", i, b, a, sort)
				}
			}
			pages := (len(want) + AuditPageSize - 1) / AuditPageSize
			if n := int(sc.n.Load()); n > pages*11/10 {
				t.Errorf("%d requests for %d pages, more than 1.1×", n, pages)
			}
		})
	}
}

// TestSearchSessionsCSVSlicedReadsEveryMatch: the CSV export of 50,000
// sessions has one header and every session once.
func TestSearchSessionsCSVSlicedReadsEveryMatch(t *testing.T) {
	t.Parallel()
	st := bigAudit()
	c, sc := slicedClient(t, st)
	export, err := c.SearchSessionsCSV(context.Background(), SessionQuery{MaxResults: 100000, Sort: []string{"start_time"}}, []string{"start_time", "protocol"})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(export.CSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || rows[0][0] != "Key" {
		t.Fatalf("no header: %v", rows[:min(1, len(rows))])
	}
	var keys []string
	for i, r := range rows[1:] {
		if r[0] == "Key" {
			t.Fatalf("a second header at row %d", i+1)
		}
		keys = append(keys, r[0])
		if i > 0 && r[1] < rows[i][1] {
			t.Fatalf("row %d starts %s after %s", i+1, r[1], rows[i][1])
		}
	}
	sameKeys(t, "CSV", keys, st.Keys())
	if export.MatchCount != len(keys) || export.Truncated {
		t.Errorf("match_count %d, truncated %v", export.MatchCount, export.Truncated)
	}
	pages := (len(keys) + AuditPageSize - 1) / AuditPageSize
	if n := int(sc.n.Load()); n > pages*11/10 {
		t.Errorf("%d requests for %d pages, more than 1.1×", n, pages)
	}
}

// TestSearchSessionsSlicedKeepsTheQuery: the caller's q is ANDed with each
// slice in parentheses (an OR in it must not leak out of the slice), and a
// MaxResults below the match count reads the first sessions in order.
func TestSearchSessionsSlicedKeepsTheQuery(t *testing.T) {
	t.Parallel()
	st := bigAudit()
	c, sc := slicedClient(t, st)
	ctx := context.Background()
	const q = "protocol:ssh OR protocol:rdp"
	all, err := c.SearchSessions(ctx, SessionQuery{Query: q, MaxResults: 60000, Sort: []string{"start_time"}, Fields: []string{"protocol", "start_time"}})
	if err != nil {
		t.Fatal(err)
	}
	if all.MatchCount <= AuditMaxResults || len(all.Sessions) != all.MatchCount || all.Truncated {
		t.Fatalf("read %d of %d (truncated %v); the test needs more than 10000 matches", len(all.Sessions), all.MatchCount, all.Truncated)
	}
	for _, s := range all.Sessions {
		if p := strings.ToLower(s.Protocol); p != "ssh" && p != "rdp" {
			t.Fatalf("session %s has protocol %q", s.ID, s.Protocol)
		}
	}
	sc.mu.Lock()
	for _, got := range sc.qs {
		if got != q && !strings.HasPrefix(got, "("+q+") AND start_time:[") {
			t.Errorf("q sent: %q", got)
		}
	}
	sc.mu.Unlock()

	first, err := c.SearchSessions(ctx, SessionQuery{Query: q, MaxResults: 15000, Sort: []string{"start_time"}, Fields: []string{"protocol", "start_time"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Sessions) != 15000 || !first.Truncated || first.MatchCount != all.MatchCount {
		t.Fatalf("read %d (truncated %v, match_count %d), want 15000 of %d", len(first.Sessions), first.Truncated, first.MatchCount, all.MatchCount)
	}
	for i := range first.Sessions {
		if first.Sessions[i].ID != all.Sessions[i].ID {
			t.Fatalf("session %d is %s, want %s (the first 15000 in start_time order)", i, first.Sessions[i].ID, all.Sessions[i].ID)
		}
	}
}

// TestSearchSessionsSlicedRefusesOtherSorts: slices by start_time cannot
// keep another order, so more than 10000 matches sorted otherwise is an
// error; 10000 or fewer are read as usual.
func TestSearchSessionsSlicedRefusesOtherSorts(t *testing.T) {
	t.Parallel()
	c, _ := slicedClient(t, bigAudit())
	ctx := context.Background()
	_, err := c.SearchSessions(ctx, SessionQuery{MaxResults: 60000, Sort: []string{"-duration"}})
	if !errors.Is(err, ErrSortNotSliceable) || !strings.Contains(err.Error(), "SPS firmware 6.0.12: the basic search") {
		t.Fatalf("err = %v, want ErrSortNotSliceable naming the firmware", err)
	}
	res, err := c.SearchSessions(ctx, SessionQuery{Query: "protocol:telnet", MaxResults: 60000, Sort: []string{"-duration"}, Fields: []string{"duration"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.MatchCount > AuditMaxResults || len(res.Sessions) != res.MatchCount {
		t.Fatalf("read %d of %d", len(res.Sessions), res.MatchCount)
	}
}

// TestSearchSessionsSlicedOneSecondOverflow: more than 10000 sessions
// starting in one second cannot be split by start_time: an error says so.
func TestSearchSessionsSlicedOneSecondOverflow(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	b.WriteString("{")
	for i := range 10050 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"s-%05d": {"start_time": "2026-10-01T10:00:00.%03dZ", "protocol": "ssh"}`, i, i%1000)
	}
	fmt.Fprintf(&b, `, "late": {"start_time": "2026-10-01T11:00:00.000Z", "protocol": "ssh"}}`)
	st, err := audit.Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := slicedClient(t, st)
	for _, sort := range [][]string{{"start_time"}, {"-start_time"}} {
		_, err = c.SearchSessions(context.Background(), SessionQuery{MaxResults: 20000, Sort: sort})
		if !errors.Is(err, ErrOneSecondOverflow) || !strings.Contains(err.Error(), "2026-10-01T10:00:00Z") {
			t.Fatalf("%v: err = %v, want ErrOneSecondOverflow naming the second", sort, err)
		}
	}
}

// TestTimeSliceQuery: the range syntax of the search page, half-open, from
// result order coordinates (a second t is -t in a descending search).
func TestTimeSliceQuery(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s    timeSlice
		desc bool
		user string
		want string
	}{
		{timeSlice{loOpen: true, hiOpen: true}, false, "a:b", "a:b"},
		{timeSlice{loOpen: true, hi: 20}, false, "", "start_time:[* TO 20}"},
		{timeSlice{lo: 10, hi: 20}, false, "a:b OR c:d", "(a:b OR c:d) AND start_time:[10 TO 20}"},
		{timeSlice{lo: 10, hiOpen: true}, false, "a:b", "(a:b) AND start_time:[10 TO *]"},
		// Descending: seconds 20 down to 11 are -20 up to -11, [-20, -10).
		{timeSlice{lo: -20, hi: -10}, true, "", "start_time:[11 TO 21}"},
		{timeSlice{loOpen: true, hi: -10}, true, "a:b", "(a:b) AND start_time:[11 TO *]"},
		{timeSlice{lo: -20, hiOpen: true}, true, "", "start_time:[* TO 21}"},
	} {
		if got := tc.s.query(tc.user, tc.desc); got != tc.want {
			t.Errorf("%+v (desc %v) with %q: %q, want %q", tc.s, tc.desc, tc.user, got, tc.want)
		}
	}
}
