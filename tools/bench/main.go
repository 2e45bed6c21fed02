// Command bench measures the provider's speed promises, side by side with a
// baseline, in one run (`make bench`):
//
//   - group commit: a real `terraform apply` of 50 VNC settings policies,
//     commit_mode "group" against "single", on a mock whose commits take
//     500 ms and whose every request takes 5 ms more;
//   - refresh cost: the HTTP requests of a `terraform plan` over those 50
//     policies, against the same reads made without the client's read cache;
//   - paging: the client reading 10,000 sessions at 20 ms per request with
//     concurrent pages against one page at a time, time and peak memory;
//     and 50,000 sessions through one snapshot against start_time slices
//     of the same 7.x mock, requests and time (snapshot.go);
//   - mock speed: search, stats and histogram over 100,000 sessions;
//   - reports at scale: a real `terraform plan` reading 10,000
//     sessions through sps_audit_sessions against Terraform's own floor
//     (the same objects from jsondecode(file())), the provider's peak RSS,
//     and the same plan with 5 fields (report.go);
//   - generic objects: the requests of a refresh of 500 sps_config_object
//     over 10 paths, the commits of one apply of 100 typed policies and 100
//     generic objects, and a refresh plan of 1,000 sps_config_object
//     against a no-op provider with the same schema (objects.go).
//
// Each figure is printed as
//
//	BENCH <name> <value> <unit> (baseline <value>, ratio <x>)
//
// where ratio = baseline / value (every figure is lower-is-better, so a
// ratio above 1 is an improvement). Progress goes to stderr. The exit code
// is 1 when a figure misses its goal.
//
// The mock runs in this process (plain HTTP on 127.0.0.1), so its counters
// are read directly. Terraform uses a provider built into a temp dir and a
// generated CLI config with dev_overrides; ~/.terraformrc is never read.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// benchNow is the fixed "now" of the generated session databases, so every
// run measures the same data.
var benchNow = time.Date(2024, 5, 17, 15, 30, 0, 0, time.UTC)

type options struct {
	root          string
	only          []string
	keep          bool
	commitDelay   time.Duration
	latency       time.Duration
	searchLatency time.Duration
	searchRuns    int
	mockRuns      int
	reportRuns    int
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	var only, childURL string
	var childConcurrency int
	fs.StringVar(&o.root, "root", ".", "repository root (where the provider's main package is)")
	fs.StringVar(&only, "only", "", "comma-separated subset: apply, refresh, search, mock, report, objects (refresh implies apply)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temp dir (Terraform work dirs, provider build)")
	fs.DurationVar(&o.commitDelay, "commit-delay", 500*time.Millisecond, "mock commit duration for the apply and refresh benchmarks")
	fs.DurationVar(&o.latency, "latency", 5*time.Millisecond, "added latency per request for the apply and refresh benchmarks")
	fs.DurationVar(&o.searchLatency, "search-latency", 20*time.Millisecond, "added latency per request for the paging benchmark")
	fs.IntVar(&o.searchRuns, "search-runs", 5, "child processes per paging variant (time: median, memory: max)")
	fs.IntVar(&o.mockRuns, "mock-runs", 9, "timed calls per mock query (median)")
	fs.IntVar(&o.reportRuns, "report-runs", 3, "terraform plans per report variant (floor, all attributes, 5 fields; median)")
	fs.StringVar(&childURL, "child-search", "", "internal: run one paging search against this URL and report JSON")
	fs.IntVar(&childConcurrency, "page-concurrency", 0, "internal: page concurrency of -child-search")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if childURL != "" {
		if err := runSearchChild(childURL, childConcurrency); err != nil {
			fmt.Fprintln(stderr, "bench child:", err)
			return 1
		}
		return 0
	}
	for p := range strings.SplitSeq(only, ",") {
		if p = strings.TrimSpace(p); p != "" {
			o.only = append(o.only, p)
		}
	}
	for _, p := range o.only {
		if !slices.Contains([]string{"apply", "refresh", "search", "mock", "report", "objects"}, p) {
			fmt.Fprintf(stderr, "bench: unknown -only part %q\n", p)
			return 2
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b := &bench{o: o, out: stdout, log: stderr}
	if err := b.all(ctx); err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	return b.summary()
}

type bench struct {
	o       options
	out     io.Writer
	log     io.Writer
	figures []figure
}

func (b *bench) wants(part string) bool {
	if len(b.o.only) == 0 {
		return true
	}
	if part == "apply" && slices.Contains(b.o.only, "refresh") {
		return true
	}
	return slices.Contains(b.o.only, part)
}

func (b *bench) progress(format string, args ...any) {
	fmt.Fprintf(b.log, "# "+format+"\n", args...)
}

func (b *bench) info(format string, args ...any) {
	fmt.Fprintf(b.out, "INFO "+format+"\n", args...)
}

func (b *bench) report(f figure) {
	b.figures = append(b.figures, f)
	fmt.Fprintln(b.out, f.line())
}

func (b *bench) all(ctx context.Context) error {
	fmt.Fprintf(b.out, "INFO machine %d cores (GOMAXPROCS %d), %s, %s, %s/%s, %s\n", runtime.NumCPU(), runtime.GOMAXPROCS(0),
		cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH, terraformVersion(ctx))
	// Other work on the machine slows the CPU-bound variants most, so the
	// load is part of the record.
	b.info("load_average %s (start)", loadAverage())
	defer func() { b.info("load_average %s (end)", loadAverage()) }()
	if b.wants("mock") {
		if err := b.mockSpeed(); err != nil {
			return err
		}
	}
	if b.wants("search") {
		if err := b.search(ctx); err != nil {
			return err
		}
		if err := b.snapshot(ctx); err != nil {
			return err
		}
	}
	if b.wants("apply") {
		if err := b.terraform(ctx); err != nil {
			return err
		}
	}
	if b.wants("report") {
		if err := b.reports(ctx); err != nil {
			return err
		}
	}
	if b.wants("objects") {
		if err := b.objects(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) mockSpeed() error {
	b.progress("mock speed: generating %d sessions", mockSessions)
	st, gen, heap := generateStore(benchNow)
	b.info("mock_generate_100k_seconds %s s (live heap after generation %s MiB)", formatNumber(round(gen.Seconds(), 2)), formatNumber(round(mib(heap), 1)))
	h := st.Handler(func() time.Time { return benchNow })
	for _, mq := range mockQueries(benchNow) {
		b.progress("mock speed: %s, median of %d: GET %s", mq.name, b.o.mockRuns, mq.target)
		d, err := timeMockQuery(h, mq, b.o.mockRuns)
		if err != nil {
			return err
		}
		// Baseline: the goal itself (100 ms per request), so the ratio is
		// the headroom left.
		b.report(figure{name: mq.name, value: round(float64(d.Microseconds())/1000, 1), unit: "ms", baseline: 100, goal: goal{max: 100}})
	}
	runtime.KeepAlive(st)
	return nil
}

func (b *bench) search(ctx context.Context) error {
	b.progress("paging: generating %d sessions; %s added per request", searchSessions, b.o.searchLatency)
	m := newSearchMock(benchNow, b.o.searchLatency)
	defer m.close()
	runtime.GC() // the parent's garbage does not count, but keep the machine quiet

	b.progress("paging: page concurrency 1 against %d (the default), %d child processes each, alternating", sps.DefaultPageConcurrency, b.o.searchRuns)
	seq, conc, err := runSearch(ctx, m.ts.URL, b.o.searchRuns)
	if err != nil {
		return err
	}
	b.report(figure{name: "search_10000_sessions_seconds", value: round(conc.seconds, 3), unit: "s", baseline: round(seq.seconds, 3), goal: goal{minRatio: 3}})
	b.report(figure{name: "search_10000_sessions_peak_mib", value: round(mib(conc.peakRSS), 1), unit: "MiB", baseline: round(mib(seq.peakRSS), 1), goal: goal{max: 64}})
	b.info("search_10000_sessions_peak_heap_mib %s MiB (baseline %s) — live heap sampled every 2 ms in the child; the BENCH line is the child's peak RSS (VmHWM)",
		formatNumber(round(mib(conc.peakHeap), 1)), formatNumber(round(mib(seq.peakHeap), 1)))
	b.info("search_10000_sessions_requests %d (baseline %d)", conc.requests, seq.requests)
	b.info("search_10000_sessions_cpu_seconds client %s + mock %s (baseline client %s + mock %s) — whole child process incl. warm-up and start-up; the mock runs in this process on the same cores",
		formatNumber(round(conc.clientCPU.Seconds(), 2)), formatNumber(round(conc.mockCPU.Seconds(), 2)),
		formatNumber(round(seq.clientCPU.Seconds(), 2)), formatNumber(round(seq.mockCPU.Seconds(), 2)))
	return nil
}

func (b *bench) terraform(ctx context.Context) error {
	dir, cleanup, err := b.tempDir("sps-bench-")
	if err != nil {
		return err
	}
	defer cleanup()
	b.progress("terraform: building the provider into %s/bin", dir)
	e, err := buildProvider(ctx, b.o.root, dir)
	if err != nil {
		return err
	}

	b.progress("terraform: apply of %d policies, commit_mode = \"group\" (commit %s, +%s per request)", policyCount, b.o.commitDelay, b.o.latency)
	group, err := runApply(ctx, e, sps.CommitGroup, b.o.commitDelay, b.o.latency)
	if err != nil {
		return err
	}
	defer group.mock.close()
	b.progress("terraform: apply of %d policies, commit_mode = \"single\"", policyCount)
	single, err := runApply(ctx, e, sps.CommitSingle, b.o.commitDelay, b.o.latency)
	if err != nil {
		return err
	}
	single.mock.close()

	b.report(figure{name: "apply_50_policies_commits", value: float64(group.commits), unit: "commits", baseline: float64(single.commits), goal: goal{max: 6}})
	b.report(figure{name: "apply_50_policies_seconds", value: round(group.elapsed.Seconds(), 2), unit: "s", baseline: round(single.elapsed.Seconds(), 2), goal: goal{minRatio: 5}})

	if !b.wants("refresh") {
		return nil
	}
	b.progress("terraform: plan over the %d policies (refresh), counting requests", policyCount)
	planReqs, err := runRefreshPlan(ctx, e, group)
	if err != nil {
		return err
	}
	b.progress("refresh baseline: the same %d reads with the client's read cache disabled", policyCount)
	naive, err := runNaiveRefresh(ctx, group)
	if err != nil {
		return err
	}
	b.report(figure{name: "refresh_50_policies_requests", value: float64(planReqs), unit: "requests", baseline: float64(naive), goal: goal{max: 3}})
	return nil
}

// summary prints one GOAL line per figure and returns the exit code.
// tempDir makes the working folder of one part of the bench; cleanup
// removes it, unless -keep asks to keep it for a look afterwards.
func (b *bench) tempDir(prefix string) (dir string, cleanup func(), err error) {
	dir, err = os.MkdirTemp("", prefix)
	if err != nil {
		return "", nil, err
	}
	if b.o.keep {
		b.progress("keeping %s", dir)
		return dir, func() {}, nil
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

func (b *bench) summary() int {
	code := 0
	for _, f := range b.figures {
		if miss := f.check(); miss != "" {
			fmt.Fprintf(b.out, "GOAL MISSED %s: %s (goal %s)\n", f.name, miss, f.goal.text(f.unit))
			code = 1
		}
	}
	if code == 0 {
		fmt.Fprintf(b.out, "GOALS met: %d of %d figures\n", len(b.figures), len(b.figures))
	}
	return code
}

// cpuModel is the first "model name" of /proc/cpuinfo, or "unknown CPU".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// loadAverage is the 1, 5 and 15 minute load averages from /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// terraformVersion is the first line of `terraform version`.
func terraformVersion(ctx context.Context) string {
	cmd := exec.CommandContext(ctx, "terraform", "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=/dev/null")
	out, err := cmd.Output()
	if err != nil {
		return "terraform not found"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}
