package sps

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// BenchmarkSearchSessions reads 5000 sessions (10 pages) from the mock with
// 20ms of added latency per request, the way a remote appliance answers,
// with the basic search and through a snapshot (its offset links followed
// one page at a time and predicted DefaultPageConcurrency at a time):
//
//	go test -run '^$' -bench SearchSessions ./internal/sps
func BenchmarkSearchSessions(b *testing.B) {
	now := time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)
	mock := mocksps.New(mocksps.Config{
		Users: []mocksps.User{{Name: "auditor", Password: "pw", Role: "auditor"}},
		Audit: audit.Generate(5000, 1, now),
		Now:   func() time.Time { return now },
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		mock.ServeHTTP(w, r)
	}))
	b.Cleanup(srv.Close)
	for _, m := range []struct {
		name   string
		method SearchMethod
	}{{"basic", SearchBasic}, {"snapshot", SearchSnapshot}} {
		for _, workers := range []int{1, DefaultPageConcurrency} {
			b.Run(fmt.Sprintf("%s/concurrency=%d", m.name, workers), func(b *testing.B) {
				benchSearch(b, srv.URL, SessionQuery{MaxResults: 5000, PageConcurrency: workers, Sort: []string{"start_time"}, Method: m.method})
			})
		}
	}
}

// benchSearch times one search of 5000 sessions from url.
func benchSearch(b *testing.B, url string, q SessionQuery) {
	c, err := New(Config{URL: url, Username: "auditor", Password: "pw"})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := c.SearchSessions(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Sessions) != 5000 {
			b.Fatalf("got %d sessions", len(res.Sessions))
		}
	}
	b.ReportMetric(5000, "sessions/op")
}
