package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// The snapshot benchmark: the client reading 50,000 sessions (every field,
// as sps_audit_sessions asks) from one 7.x mock at the paging benchmark's
// latency, through one snapshot (the advanced search) and, as the
// baseline, in start_time slices (the basic search, forced), the two reads
// alternating in one run. Measured: the requests of the snapshot read
// that reach the session database (goal: its pages plus 2, for _snapshot
// and _count) and its time (goal: no slower than the sliced read).

const snapshotSessions = 50000

// snapshotRead is one measured read.
type snapshotRead struct {
	elapsed  time.Duration
	requests int // requests under /api/audit/sessions, /api/info apart
}

func (b *bench) snapshot(ctx context.Context) error {
	b.progress("snapshot: generating %d sessions; %s added per request", snapshotSessions, b.o.searchLatency)
	m := newBenchMock(mocksps.Config{Audit: audit.Generate(snapshotSessions, 5, benchNow), Now: func() time.Time { return benchNow }, Firmware: "7.5.0"},
		b.o.searchLatency)
	defer m.close()
	c, err := sps.New(sps.Config{URL: m.ts.URL, Username: "admin", Password: "admin"})
	if err != nil {
		return err
	}
	// Warm-up: login, the firmware, the mock's document cache.
	if _, err := readAll(ctx, c, m, sps.SearchSnapshot); err != nil {
		return err
	}
	var snaps, slices []time.Duration
	requests := 0
	for i := range b.o.reportRuns {
		for _, v := range []struct {
			name   string
			method sps.SearchMethod
			into   *[]time.Duration
		}{{"snapshot", sps.SearchSnapshot, &snaps}, {"sliced", sps.SearchBasic, &slices}} {
			b.progress("snapshot: read %d of %d, %s", i+1, b.o.reportRuns, v.name)
			r, err := readAll(ctx, c, m, v.method)
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			*v.into = append(*v.into, r.elapsed)
			if v.method == sps.SearchSnapshot {
				requests = max(requests, r.requests)
			}
		}
	}
	pages := (snapshotSessions + sps.AuditPageSize - 1) / sps.AuditPageSize
	b.report(figure{name: "report_50000_sessions_snapshot_requests", value: float64(requests), unit: "requests",
		baseline: float64(pages), goal: goal{max: float64(pages + 2)}})
	b.report(figure{name: "report_50000_sessions_snapshot_vs_sliced_seconds", value: round(median(snaps).Seconds(), 2), unit: "s",
		baseline: round(median(slices).Seconds(), 2), goal: goal{minRatio: 1}})
	b.info("report_50000_sessions_snapshot median of %d reads each (snapshot, sliced, alternating); requests: the most of one snapshot read", b.o.reportRuns)
	return nil
}

// readAll reads every session of the mock with one method and counts the
// session database requests it made.
func readAll(ctx context.Context, c *sps.Client, m *benchMock, method sps.SearchMethod) (snapshotRead, error) {
	m.srv.ResetCounters()
	start := time.Now()
	res, err := c.SearchSessions(ctx, sps.SessionQuery{MaxResults: snapshotSessions, Method: method})
	elapsed := time.Since(start)
	if err != nil {
		return snapshotRead{}, err
	}
	if len(res.Sessions) != snapshotSessions || res.Truncated {
		return snapshotRead{}, fmt.Errorf("read %d of %d sessions (truncated %v)", len(res.Sessions), snapshotSessions, res.Truncated)
	}
	r := snapshotRead{elapsed: elapsed}
	for k, n := range m.srv.Counters().Requests {
		if strings.HasPrefix(k, "GET /api/audit/sessions") {
			r.requests += n
		}
	}
	return r, nil
}
