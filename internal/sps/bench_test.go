package sps

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// BenchmarkConcurrentCreates compares the two commit modes the way
// Terraform drives them: 20 resources created at once (-parallelism) on an
// appliance whose commit takes 20ms. Run with
// go test -run '^$' -bench ConcurrentCreates ./internal/sps/
func BenchmarkConcurrentCreates(b *testing.B) {
	for _, mode := range []CommitMode{CommitGroup, CommitSingle} {
		b.Run(string(mode), func(b *testing.B) {
			srv := mocksps.New(mocksps.Config{CommitDelay: 20 * time.Millisecond})
			ts := httptest.NewServer(srv)
			b.Cleanup(ts.Close)
			c, err := New(Config{URL: ts.URL, Username: "admin", Password: "admin", CommitMode: mode, GroupWindow: 20 * time.Millisecond})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ResetTimer()
			for i := range b.N {
				var wg sync.WaitGroup
				for j := range 20 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := c.CreateVNCSettingsPolicy(ctx, policy(fmt.Sprintf("b%d_%d", i, j))); err != nil {
							b.Error(err)
						}
					}()
				}
				wg.Wait()
			}
			b.StopTimer()
			st := c.Stats()
			b.ReportMetric(float64(st.Commits)/float64(b.N), "commits/op")
			b.ReportMetric(float64(st.Requests)/float64(b.N), "requests/op")
		})
	}
}
