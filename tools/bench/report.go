package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// The report benchmark: a real `terraform plan` of
//
//	data "sps_audit_sessions" "all" { max_results = 10000 }
//	output "n" { value = length(data.sps_audit_sessions.all.sessions) }
//
// against a mock holding 30,000 sessions, side by side with Terraform's
// own floor: the same plan where the same 10,000 session objects come from
// jsondecode(file()) instead of the provider. The objects are the ones the
// provider returned in a warm-up plan (terraform show -json of its plan
// file), so both plans handle identical values. A third plan fills only 5
// attributes (fields), a fourth none (fields = [], ids only). The provider's
// peak RSS is read from
// /proc/<pid>/status (VmHWM) of every provider process Terraform starts.

const (
	reportMockSessions = 30000
	reportSessions     = 10000
)

// reportFields are the attributes of the 5-field plan: what a typical
// "who connected when" report reads.
var reportFields = []string{"start_time", "user", "protocol", "verdict", "duration"}

func reportConfig(fields []string) string {
	extra := ""
	if fields != nil {
		// fields = [] is valid: only id is filled.
		q := make([]string, len(fields))
		for i, f := range fields {
			q[i] = strconv.Quote(f)
		}
		extra = "\n  fields      = [" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    sps = { source = "terraform-sps/sps" }
  }
}

data "sps_audit_sessions" "all" {
  max_results = %d%s
}

output "n" { value = length(data.sps_audit_sessions.all.sessions) }
`, reportSessions, extra)
}

// csvReportConfig is the report as CSV only: the same 10,000 sessions
// through sps_audit_sessions_csv with the 5 report columns (no list
// element, so one row per session).
func csvReportConfig(n int) string {
	q := make([]string, len(reportFields))
	for i, f := range reportFields {
		q[i] = strconv.Quote(f)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    sps = { source = "terraform-sps/sps" }
  }
}

data "sps_audit_sessions_csv" "all" {
  max_results = %d
  sort        = ["start_time"]
  columns     = [%s]
}

output "n" { value = length(split("\n", trimspace(data.sps_audit_sessions_csv.all.csv))) - 1 }
`, n, strings.Join(q, ", "))
}

const floorConfig = `locals {
  sessions = jsondecode(file("${path.module}/sessions.json"))
}

output "n" { value = length(local.sessions) }
`

// planRun is one measured terraform plan.
type planRun struct {
	elapsed time.Duration
	peakRSS uint64 // largest VmHWM of the provider processes; 0 for the floor
}

func (b *bench) reports(ctx context.Context) error {
	dir, cleanup, err := b.tempDir("sps-bench-report-")
	if err != nil {
		return err
	}
	defer cleanup()
	b.progress("report: building the provider; generating %d sessions", reportMockSessions)
	e, err := buildProvider(ctx, b.o.root, dir)
	if err != nil {
		return err
	}
	m := newBenchMock(mocksps.Config{Audit: audit.Generate(reportMockSessions, 1, benchNow), Now: func() time.Time { return benchNow }}, 0)
	defer m.close()

	all, err := e.reportDir("report-all", reportConfig(nil))
	if err != nil {
		return err
	}
	five, err := e.reportDir("report-five", reportConfig(reportFields))
	if err != nil {
		return err
	}
	ids, err := e.reportDir("report-ids", reportConfig([]string{}))
	if err != nil {
		return err
	}
	csvOnly, err := e.reportDir("report-csv", csvReportConfig(reportSessions))
	if err != nil {
		return err
	}
	floor, err := e.reportDir("report-floor", floorConfig)
	if err != nil {
		return err
	}

	// Warm-up (provider binary and Terraform in the page cache, the
	// mock's document cache) that also yields the floor's objects.
	b.progress("report: warm-up plan, writing the %d session objects for the floor", reportSessions)
	if err := e.writeFloorSessions(ctx, all, m.ts.URL, filepath.Join(floor, "sessions.json")); err != nil {
		return err
	}

	var floorRuns, allRuns, fiveRuns, idsRuns, csvRuns []planRun
	for i := range b.o.reportRuns {
		for _, v := range []struct {
			name string
			dir  string
			into *[]planRun
		}{{"floor (jsondecode)", floor, &floorRuns}, {"all attributes", all, &allRuns}, {"5 fields", five, &fiveRuns}, {"ids only", ids, &idsRuns}, {"CSV only, 5 columns", csvOnly, &csvRuns}} {
			b.progress("report: plan %d of %d, %s", i+1, b.o.reportRuns, v.name)
			r, err := e.measurePlan(ctx, v.dir, m.ts.URL, reportSessions)
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			*v.into = append(*v.into, r)
		}
	}
	fl, al, fv, id := summarizePlans(floorRuns), summarizePlans(allRuns), summarizePlans(fiveRuns), summarizePlans(idsRuns)
	b.report(figure{name: "report_10000_sessions_plan_seconds", value: round(al.elapsed.Seconds(), 2), unit: "s",
		baseline: round(fl.elapsed.Seconds(), 2), goal: goal{minRatio: 0.8}})
	// Baseline: the goal itself, so the ratio is the headroom left.
	b.report(figure{name: "report_10000_sessions_provider_peak_mib", value: round(mib(al.peakRSS), 1), unit: "MiB",
		baseline: 150, goal: goal{max: 150}})
	// No goal of its own: a typed list of 10,000 sessions costs Terraform
	// the same 21 attribute slots per session whatever fields it holds
	// (BENCHMARKS.md, "Why 5 fields is not 3× faster"). The 5-column
	// report's goal of 3× is measured on the path that meets it, the CSV
	// data source (report_10000_sessions_csv_plan_seconds below).
	b.report(figure{name: "report_10000_sessions_5_fields_plan_seconds", value: round(fv.elapsed.Seconds(), 2), unit: "s",
		baseline: round(al.elapsed.Seconds(), 2)})
	b.info("report_10000_sessions_5_fields_provider_peak_mib %s MiB", formatNumber(round(mib(fv.peakRSS), 1)))
	// fields = []: every attribute but id null. What Terraform itself
	// spends on 10,000 objects of 21 attributes whatever they hold, the
	// least any choice of fields can cost.
	b.info("report_10000_sessions_ids_only_plan_seconds %s s (fields = [], provider peak %s MiB)",
		formatNumber(round(id.elapsed.Seconds(), 2)), formatNumber(round(mib(id.peakRSS), 1)))
	b.info("report_10000_sessions_plans median of %d each (floor, all, 5 fields, ids only, CSV only, alternating); provider share %s s (plan − floor)",
		b.o.reportRuns, formatNumber(round(al.elapsed.Seconds()-fl.elapsed.Seconds(), 2)))
	// The CSV report of 5 columns (sps_audit_sessions_csv) against the
	// full typed list of the same run.
	cs := summarizePlans(csvRuns)
	b.report(figure{name: "report_10000_sessions_csv_plan_seconds", value: round(cs.elapsed.Seconds(), 2), unit: "s",
		baseline: round(al.elapsed.Seconds(), 2), goal: goal{minRatio: 3}})
	b.info("report_10000_sessions_csv_provider_peak_mib %s MiB", formatNumber(round(mib(cs.peakRSS), 1)))
	return b.export(ctx, e, cs)
}

// summarizePlans is the median time and the largest peak of the runs.
func summarizePlans(runs []planRun) planRun {
	times := make([]time.Duration, 0, len(runs))
	var out planRun
	for _, r := range runs {
		times = append(times, r.elapsed)
		out.peakRSS = max(out.peakRSS, r.peakRSS)
	}
	out.elapsed = median(times)
	return out
}

func (e *tfEnv) reportDir(name, config string) (string, error) {
	d := filepath.Join(e.dir, name)
	if err := os.MkdirAll(d, 0o700); err != nil {
		return "", err
	}
	return d, os.WriteFile(filepath.Join(d, "main.tf"), []byte(config), 0o600)
}

// writeFloorSessions runs the all-attributes plan once with -out, and
// writes the sessions it read (terraform show -json, prior_state) to path.
func (e *tfEnv) writeFloorSessions(ctx context.Context, dir, url, path string) error {
	if _, err := e.terraform(ctx, dir, url, nil, "plan", "-input=false", "-no-color", "-out=warmup.tfplan"); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "terraform", "show", "-json", "warmup.tfplan")
	cmd.Dir = dir
	cmd.Env = e.environ(url)
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("terraform show -json: %w", err)
	}
	var plan struct {
		PriorState struct {
			Values struct {
				RootModule struct {
					Resources []struct {
						Address string `json:"address"`
						Values  struct {
							Sessions json.RawMessage `json:"sessions"`
						} `json:"values"`
					} `json:"resources"`
				} `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
	}
	if err := json.Unmarshal(out, &plan); err != nil {
		return fmt.Errorf("terraform show -json: %w", err)
	}
	for _, r := range plan.PriorState.Values.RootModule.Resources {
		if r.Address != "data.sps_audit_sessions.all" {
			continue
		}
		var n []json.RawMessage
		if err := json.Unmarshal(r.Values.Sessions, &n); err != nil {
			return fmt.Errorf("warm-up plan sessions: %w", err)
		}
		if len(n) != reportSessions {
			return fmt.Errorf("warm-up plan read %d sessions, want %d", len(n), reportSessions)
		}
		return os.WriteFile(path, r.Values.Sessions, 0o600)
	}
	return errors.New("the warm-up plan holds no data.sps_audit_sessions.all")
}

// measurePlan times one terraform plan in dir and follows the peak RSS of
// the provider processes it starts. The plan must show n = want.
func (e *tfEnv) measurePlan(ctx context.Context, dir, url string, want int) (planRun, error) {
	exe := filepath.Join(e.pluginDir, "terraform-provider-sps")
	watch := watchPeakRSS(exe)
	elapsed, out, err := e.run(ctx, dir, url, "plan", "-input=false", "-no-color", "-lock=false")
	peak := watch()
	if err != nil {
		return planRun{}, fmt.Errorf("terraform plan: %w\n%s", err, out)
	}
	if !strings.Contains(out, fmt.Sprintf("n = %d", want)) {
		return planRun{}, fmt.Errorf("the plan does not show n = %d:\n%s", want, out)
	}
	return planRun{elapsed: elapsed, peakRSS: peak}, nil
}

// watchPeakRSS samples, every 10 ms until the returned function is called,
// the peak resident set size (VmHWM, which only grows) of every process
// running exe, and returns the largest seen. A process is sampled until it
// exits, so a peak is missed by at most the growth of its last 10 ms.
func watchPeakRSS(exe string) func() uint64 {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			for _, pid := range pidsOf(exe) {
				peak = max(peak, vmHWM(pid))
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		wg.Wait()
		return peak
	}
}

// pidsOf lists the processes whose executable is exe.
func pidsOf(exe string) []string {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []string
	for _, en := range entries {
		name := en.Name()
		if name[0] < '0' || name[0] > '9' {
			continue
		}
		if target, err := os.Readlink("/proc/" + name + "/exe"); err == nil && target == exe {
			pids = append(pids, name)
		}
	}
	return pids
}

// vmHWM is the peak RSS in bytes of a process (a pid, or "self"), 0 if it
// is gone.
func vmHWM(pid string) uint64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}
