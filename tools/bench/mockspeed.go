package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// mockSessions is the size of the session database the mock-speed figures
// are measured on.
const mockSessions = 100_000

// mockQuery is one representative request of the mock-speed benchmark.
type mockQuery struct {
	name   string
	target string
	// check inspects the decoded answer so a fast error page can never
	// pass for a fast answer.
	check func(body map[string]any) error
}

// mockQueries are the three requests the BENCHMARKS.md goal is about: a search
// with AND/OR/NOT over protocol, verdict and user, sorted, one full page of
// every field (what the provider asks for); top protocols with their
// verdicts; sessions per day over the last 30 days.
func mockQueries(now time.Time) []mockQuery {
	q := url.QueryEscape
	return []mockQuery{
		{
			name: "mock_search_ms",
			target: "/api/audit/sessions?q=" + q("(protocol:ssh OR protocol:rdp) AND verdict:ACCEPT AND NOT (user.gateway_username:admin OR user.gateway_username:jenkins)") +
				"&sort=" + q("-start_time") + "&limit=500&fields=*",
			check: func(b map[string]any) error {
				if n := len(listOf(b["items"])); n != 500 {
					return fmt.Errorf("%d items, want a full page of 500", n)
				}
				return nil
			},
		},
		{
			name:   "mock_stats_ms",
			target: "/api/audit/sessions/stats?field=protocol&sub_fields=verdict",
			check: func(b map[string]any) error {
				if len(listOf(b["items"])) == 0 {
					return fmt.Errorf("no stats items")
				}
				return nil
			},
		},
		{
			name:   "mock_histogram_ms",
			target: "/api/audit/sessions/histogram?bin_size=day&start=" + q(now.AddDate(0, 0, -30).Format(time.RFC3339)) + "&end=" + q(now.Format(time.RFC3339)),
			check: func(b map[string]any) error {
				body, _ := b["body"].(map[string]any)
				if n := len(listOf(body["buckets"])); n < 30 || n > 32 {
					return fmt.Errorf("%d buckets, want about 30", n)
				}
				return nil
			},
		},
	}
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}

// generateStore times building the 100,000-session database and reports
// the live heap it takes.
func generateStore(now time.Time) (*audit.Store, time.Duration, uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	st := audit.Generate(mockSessions, 1, now)
	elapsed := time.Since(start)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	var heap uint64
	if after.HeapAlloc > before.HeapAlloc {
		heap = after.HeapAlloc - before.HeapAlloc
	}
	return st, elapsed, heap
}

// serveOnce calls the audit handler in process, as the mock core does after
// authentication, and returns how long it took.
func serveOnce(h http.Handler, target string) (time.Duration, *httptest.ResponseRecorder) {
	ctx := httpapi.WithCaller(context.Background(), httpapi.Caller{User: "admin", Role: "admin", RemainingSeconds: 600})
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1"+target, nil)
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, req)
	return time.Since(start), rec
}

// timeMockQuery checks the answer once (which also builds whatever the
// store prepares lazily), then returns the median of runs timed calls.
func timeMockQuery(h http.Handler, mq mockQuery, runs int) (time.Duration, error) {
	_, rec := serveOnce(h, mq.target)
	if rec.Code != http.StatusOK {
		return 0, fmt.Errorf("%s: GET %s: %d %s", mq.name, mq.target, rec.Code, rec.Body.String())
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		return 0, fmt.Errorf("%s: %w", mq.name, err)
	}
	if err := mq.check(body); err != nil {
		return 0, fmt.Errorf("%s: GET %s: %w", mq.name, mq.target, err)
	}
	times := make([]time.Duration, 0, runs)
	for range runs {
		d, rec := serveOnce(h, mq.target)
		if rec.Code != http.StatusOK {
			return 0, fmt.Errorf("%s: status %d", mq.name, rec.Code)
		}
		times = append(times, d)
	}
	return median(times), nil
}
