package main

// The generic objects' figures (-only objects):
//
//   - refresh_500_config_objects_requests: a terraform plan over 500
//     sps_config_object spread over 10 list paths, counting the requests
//     the mock sees, against the same 500 reads by the same client with
//     its read cache off;
//   - apply_200_mixed_objects_commits: one apply of 100
//     sps_vnc_settings_policy and 100 sps_config_object, group commit
//     against commit_mode = "single";
//   - plan_1000_config_objects_vs_noop: a refresh plan of 1,000
//     sps_config_object against the same plan with a provider that has the
//     same schema and does nothing (tools/bench/noopprovider), median of
//     alternating runs.

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// objectPaths are the 10 list endpoints the generic objects are spread
// over: writable families whose documented fields (internal/sps/catalog)
// leave room for a name and a comment.
var objectPaths = []string{
	"ssh/channel_policies", "rdp/channel_policies", "telnet/channel_policies", "http/channel_policies",
	"ica/channel_policies", "vnc/channel_policies", "policies/content_policies", "policies/usermapping_policies",
	"policies/userlists", "aaa/local_database/groups",
}

// objectsConfig is n sps_config_object per path of objectPaths, plus
// policies sps_vnc_settings_policy.
func objectsConfig(perPath, policies int, mode sps.CommitMode) string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    sps = { source = \"terraform-sps/sps\" }\n  }\n}\n\n")
	if mode != "" {
		fmt.Fprintf(&b, "provider \"sps\" {\n  commit_mode = %q\n}\n", mode)
	} else {
		b.WriteString("provider \"sps\" {}\n")
	}
	for i, p := range objectPaths {
		if perPath == 0 {
			break
		}
		fmt.Fprintf(&b, `
resource "sps_config_object" "o%d" {
  count = %d
  path  = %q
  body = {
    name    = "bench-${count.index}"
    comment = "benchmark object ${count.index} of %s"
  }
}
`, i, perPath, p, p)
	}
	if policies > 0 {
		fmt.Fprintf(&b, "\nresource \"sps_vnc_settings_policy\" \"bench\" {\n  count   = %d\n  name    = \"bench-${count.index}\"\n  timeout = 600 + count.index\n}\n", policies)
	}
	return b.String()
}

func (b *bench) objects(ctx context.Context) error {
	dir, cleanup, err := b.tempDir("sps-bench-objects-")
	if err != nil {
		return err
	}
	defer cleanup()
	b.progress("objects: building the provider and the no-op provider")
	e, err := buildProvider(ctx, b.o.root, dir)
	if err != nil {
		return err
	}
	noop, err := buildNoopProvider(ctx, b.o.root, filepath.Join(dir, "noop"))
	if err != nil {
		return err
	}
	if err := b.objectsRefresh(ctx, e); err != nil {
		return err
	}
	if err := b.objectsMixedApply(ctx, e); err != nil {
		return err
	}
	return b.objectsPlanVsNoop(ctx, e, noop)
}

// objectsApply applies config in a fresh work dir against m and checks
// that the mock holds perPath objects in every path (m nil: the no-op
// provider, which talks to no appliance).
func (e *tfEnv) objectsApply(ctx context.Context, name, config string, m *benchMock, perPath int, args ...string) (string, time.Duration, error) {
	d, err := e.reportDir(name, config)
	if err != nil {
		return "", 0, err
	}
	url := "http://127.0.0.1:9"
	if m != nil {
		url = m.ts.URL
	}
	elapsed, err := e.terraform(ctx, d, url, nil, append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, args...)...)
	if err != nil {
		return "", 0, err
	}
	if m == nil {
		return d, elapsed, nil
	}
	// A benchmark that silently did less work would look faster.
	for _, p := range objectPaths {
		if list, _ := m.srv.ConfigList(p); countNamed(list, "bench-") != perPath {
			return "", 0, fmt.Errorf("%s: the mock holds %d bench objects in %s, want %d", name, countNamed(list, "bench-"), p, perPath)
		}
	}
	return d, elapsed, nil
}

func countNamed(list []transaction.Entry, prefix string) int {
	n := 0
	for _, en := range list {
		if strings.Contains(string(en.Body), `"name":"`+prefix) {
			n++
		}
	}
	return n
}

func (b *bench) objectsRefresh(ctx context.Context, e *tfEnv) error {
	const perPath = 50
	m := newBenchMock(mocksps.Config{}, b.o.latency)
	defer m.close()
	b.progress("objects: apply of %d sps_config_object over %d paths", perPath*len(objectPaths), len(objectPaths))
	d, elapsed, err := e.objectsApply(ctx, "objects-500", objectsConfig(perPath, 0, ""), m, perPath, "-parallelism=50")
	if err != nil {
		return err
	}
	b.info("objects_500_apply_seconds %s s (setup, -parallelism=50)", formatNumber(round(elapsed.Seconds(), 2)))
	m.srv.ResetCounters()
	b.progress("objects: plan over the %d objects (refresh), counting requests", perPath*len(objectPaths))
	if _, err := e.terraform(ctx, d, m.ts.URL, nil, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		return fmt.Errorf("refresh plan of the objects (expected no changes): %w", err)
	}
	c := m.srv.Counters()
	lists, most := 0, 0
	for _, p := range objectPaths {
		n := c.Requests["GET /api/configuration/"+p]
		lists += n
		most = max(most, n)
	}
	b.info("refresh_500_config_objects_list_requests %d over %d paths (most on one path: %d); all requests: %v", lists, len(objectPaths), most, c.Requests)
	naive, err := naiveObjectsRefresh(ctx, m)
	if err != nil {
		return err
	}
	// One list request per path plus the login.
	b.report(figure{name: "refresh_500_config_objects_requests", value: float64(c.Total), unit: "requests", baseline: float64(naive),
		goal: goal{max: float64(len(objectPaths) + 1)}})
	return nil
}

// naiveObjectsRefresh is the refresh baseline: every object read on its
// own (client read cache off), 10 at a time as Terraform does.
func naiveObjectsRefresh(ctx context.Context, m *benchMock) (int, error) {
	c, err := sps.New(sps.Config{URL: m.ts.URL, Username: "admin", Password: "admin", ReadCacheTTL: -1})
	if err != nil {
		return 0, err
	}
	type obj struct{ path, key string }
	var all []obj
	for _, p := range objectPaths {
		list, _ := m.srv.ConfigList(p)
		for _, en := range list {
			if strings.Contains(string(en.Body), `"name":"bench-`) {
				all = append(all, obj{p, en.Key})
			}
		}
	}
	reads := make([]func(context.Context) error, len(all))
	for i, o := range all {
		objects := c.Objects(&sps.Area{Path: o.path, Noun: o.path + " object"})
		reads[i] = func(ctx context.Context) error { _, err := objects.Get(ctx, o.key); return err }
	}
	n, err := naiveReads(ctx, m, reads)
	if err != nil {
		return 0, fmt.Errorf("naive objects refresh: %w", err)
	}
	return n, nil
}

func (b *bench) objectsMixedApply(ctx context.Context, e *tfEnv) error {
	const perPath, policies, parallelism = 10, 100, 10
	run := func(name string, mode sps.CommitMode, commitDelay time.Duration) (int, time.Duration, error) {
		m := newBenchMock(mocksps.Config{CommitDelay: commitDelay}, b.o.latency)
		defer m.close()
		_, elapsed, err := e.objectsApply(ctx, name, objectsConfig(perPath, policies, mode), m, perPath, fmt.Sprintf("-parallelism=%d", parallelism))
		if err != nil {
			return 0, 0, err
		}
		if got := len(m.srv.SettingsPolicies()); got != policies+1 {
			return 0, 0, fmt.Errorf("%s: the mock holds %d settings policies, want %d", name, got, policies+1)
		}
		return m.srv.Counters().Commits, elapsed, nil
	}
	b.progress("objects: apply of %d policies and %d generic objects, group commit (commit %s)", policies, perPath*len(objectPaths), b.o.commitDelay)
	group, gt, err := run("mixed-group", sps.CommitGroup, b.o.commitDelay)
	if err != nil {
		return err
	}
	// commit_mode "single" commits once per resource whatever a commit
	// takes, so the baseline runs without the commit delay (100 s saved).
	b.progress("objects: the same apply, commit_mode = \"single\", no commit delay")
	single, st, err := run("mixed-single", sps.CommitSingle, 0)
	if err != nil {
		return err
	}
	total := policies + perPath*len(objectPaths)
	b.report(figure{name: "apply_200_mixed_objects_commits", value: float64(group), unit: "commits", baseline: float64(single),
		goal: goal{max: math.Ceil(float64(total)/parallelism) + 1}})
	b.info("apply_200_mixed_objects_seconds %s s with %s commits (baseline %s s, single, no commit delay)",
		formatNumber(round(gt.Seconds(), 2)), b.o.commitDelay, formatNumber(round(st.Seconds(), 2)))
	return nil
}

func (b *bench) objectsPlanVsNoop(ctx context.Context, e, noop *tfEnv) error {
	const perPath = 100
	m := newBenchMock(mocksps.Config{}, 0)
	defer m.close()
	config := objectsConfig(perPath, 0, "")
	b.progress("objects: apply of %d sps_config_object (setup of the plan figure)", perPath*len(objectPaths))
	spsDir, elapsed, err := e.objectsApply(ctx, "objects-1000", config, m, perPath, "-parallelism=50")
	if err != nil {
		return err
	}
	b.info("objects_1000_apply_seconds %s s (setup, -parallelism=50)", formatNumber(round(elapsed.Seconds(), 2)))
	b.progress("objects: the no-op provider's state of the same configuration")
	floor, _, err := noop.objectsApply(ctx, "noop-1000", config, nil, 0, "-parallelism=50")
	if err != nil {
		return err
	}
	var realRuns, floorRuns []time.Duration
	for i := range b.o.reportRuns {
		for _, v := range []struct {
			name string
			e    *tfEnv
			dir  string
			into *[]time.Duration
		}{{"no-op provider", noop, floor, &floorRuns}, {"sps", e, spsDir, &realRuns}} {
			b.progress("objects: refresh plan %d of %d, %s", i+1, b.o.reportRuns, v.name)
			d, err := v.e.terraform(ctx, v.dir, m.ts.URL, nil, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false")
			if err != nil {
				return fmt.Errorf("%s (expected no changes): %w", v.name, err)
			}
			*v.into = append(*v.into, d)
		}
	}
	r, f := median(realRuns), median(floorRuns)
	b.report(figure{name: "plan_1000_config_objects_vs_noop", value: round(r.Seconds(), 2), unit: "s", baseline: round(f.Seconds(), 2),
		goal: goal{minRatio: round(1/1.5, 2)}})
	b.info("plan_1000_config_objects median of %d plans each, alternating; runs %v (no-op %v)", b.o.reportRuns, realRuns, floorRuns)
	return nil
}

// buildNoopProvider compiles tools/bench/noopprovider as
// terraform-provider-sps into dir/bin, with a CLI config of its own.
func buildNoopProvider(ctx context.Context, root, dir string) (*tfEnv, error) {
	bin := filepath.Join(dir, "bin")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(bin, "terraform-provider-sps"), "./tools/bench/noopprovider")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building the no-op provider: %w", err)
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"terraform-sps/sps\" = %q\n  }\n  direct {}\n}\n", bin)
	if err := os.WriteFile(filepath.Join(dir, "dev.tfrc"), []byte(rc), 0o600); err != nil {
		return nil, err
	}
	return &tfEnv{dir: dir, pluginDir: bin}, nil
}
