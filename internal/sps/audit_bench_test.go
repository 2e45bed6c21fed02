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
// fetching the pages after the first one by one and four at a time:
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
	for _, workers := range []int{1, DefaultPageConcurrency} {
		b.Run(fmt.Sprintf("concurrency=%d", workers), func(b *testing.B) {
			c, err := New(Config{URL: srv.URL, Username: "auditor", Password: "pw"})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				res, err := c.SearchSessions(context.Background(), SessionQuery{MaxResults: 5000, PageConcurrency: workers, Sort: []string{"start_time"}})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Sessions) != 5000 {
					b.Fatalf("got %d sessions", len(res.Sessions))
				}
			}
			b.ReportMetric(5000, "sessions/op")
		})
	}
}
