package main

import (
	"context"
	"fmt"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// The export benchmark: a real `terraform plan` of sps_audit_sessions_csv
// with max_results = 50000 against a mock holding 50,000 sessions, so the
// provider reads past SPS's 10,000-result limit in start_time slices.
// Measured: the time (baseline: five times the 10,000-session CSV plan of
// the same run, i.e. linear scaling), the session searches that reach the
// mock (baseline: the 100 pages 50,000 sessions need; goal at most 1.1×)
// and the provider's peak RSS (goal at most 150 MiB).

const exportSessions = 50000

func (b *bench) export(ctx context.Context, e *tfEnv, csv10000 planRun) error {
	b.progress("export: generating %d sessions", exportSessions)
	m := newBenchMock(mocksps.Config{Audit: audit.Generate(exportSessions, 3, benchNow), Now: func() time.Time { return benchNow }}, 0)
	defer m.close()
	dir, err := e.reportDir("export", csvReportConfig(exportSessions))
	if err != nil {
		return err
	}
	b.progress("export: warm-up plan")
	if _, err := e.measurePlan(ctx, dir, m.ts.URL, exportSessions); err != nil {
		return fmt.Errorf("export warm-up: %w", err)
	}
	var runs []planRun
	requests := 0
	for i := range b.o.reportRuns {
		b.progress("export: plan %d of %d", i+1, b.o.reportRuns)
		m.srv.ResetCounters()
		r, err := e.measurePlan(ctx, dir, m.ts.URL, exportSessions)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		runs = append(runs, r)
		requests = max(requests, m.srv.Counters().Requests["GET /api/audit/sessions"])
	}
	ex := summarizePlans(runs)
	pages := (exportSessions + sps.AuditPageSize - 1) / sps.AuditPageSize
	b.report(figure{name: "export_50000_sessions_seconds", value: round(ex.elapsed.Seconds(), 2), unit: "s",
		baseline: round(5*csv10000.elapsed.Seconds(), 2)})
	b.report(figure{name: "export_50000_sessions_requests", value: float64(requests), unit: "requests",
		baseline: float64(pages), goal: goal{max: float64(pages) * 1.1}})
	// Baseline: the goal itself, so the ratio is the headroom left.
	b.report(figure{name: "export_50000_sessions_provider_peak_mib", value: round(mib(ex.peakRSS), 1), unit: "MiB",
		baseline: 150, goal: goal{max: 150}})
	b.info("export_50000_sessions median of %d plans; requests: the most session searches of one plan", b.o.reportRuns)
	return nil
}
