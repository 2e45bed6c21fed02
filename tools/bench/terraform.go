package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// policyCount is how many sps_vnc_settings_policy resources the Terraform
// benchmarks create (count = 50).
const policyCount = 50

// builtinPolicyKey is the settings policy every mock appliance starts with.
const builtinPolicyKey = "-30211"

// tfEnv runs Terraform with the locally built provider and nothing of the
// user's: a generated CLI config with dev_overrides (no terraform init, no
// registry), no update check, and no inherited TF_* or SPS_* variables that
// could change what is measured (TF_LOG, SPS_COMMIT_MODE, ...).
type tfEnv struct {
	dir       string // scratch directory holding the CLI config and work dirs
	pluginDir string // holds terraform-provider-sps
}

// buildProvider compiles the provider once into dir/bin.
func buildProvider(ctx context.Context, root, dir string) (*tfEnv, error) {
	bin := filepath.Join(dir, "bin")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(bin, "terraform-provider-sps"), ".")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building the provider: %w", err)
	}
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "terraform-sps/sps" = %q
  }
  direct {}
}
`, bin)
	if err := os.WriteFile(filepath.Join(dir, "dev.tfrc"), []byte(rc), 0o600); err != nil {
		return nil, err
	}
	return &tfEnv{dir: dir, pluginDir: bin}, nil
}

func (e *tfEnv) environ(url string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "SPS_") || strings.HasPrefix(kv, "CHECKPOINT_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"TF_CLI_CONFIG_FILE="+filepath.Join(e.dir, "dev.tfrc"),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"SPS_URL="+url,
		"SPS_USERNAME=admin",
		"SPS_PASSWORD=admin",
	)
}

// policiesConfig is the Terraform configuration of the apply benchmark.
func policiesConfig(mode sps.CommitMode) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    sps = { source = "terraform-sps/sps" }
  }
}

provider "sps" {
  commit_mode = %q
}

resource "sps_vnc_settings_policy" "bench" {
  count   = %d
  name    = "bench-${count.index}"
  timeout = 600 + count.index
}
`, mode, policyCount)
}

// workdir makes a fresh Terraform working directory for one run.
func (e *tfEnv) workdir(name string, mode sps.CommitMode) (string, error) {
	d := filepath.Join(e.dir, name)
	if err := os.MkdirAll(d, 0o700); err != nil {
		return "", err
	}
	return d, os.WriteFile(filepath.Join(d, "main.tf"), []byte(policiesConfig(mode)), 0o600)
}

// terraform runs one command and returns its wall-clock time. Output is
// kept and shown only on failure.
func (e *tfEnv) terraform(ctx context.Context, dir, url string, okCodes []int, args ...string) (time.Duration, error) {
	elapsed, out, err := e.run(ctx, dir, url, args...)
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			for _, c := range okCodes {
				if exit.ExitCode() == c {
					return elapsed, nil
				}
			}
		}
		return elapsed, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return elapsed, nil
}

// run runs one terraform command in dir against the mock at url and returns
// its wall-clock time and its combined output.
func (e *tfEnv) run(ctx context.Context, dir, url string, args ...string) (time.Duration, string, error) {
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = dir
	cmd.Env = e.environ(url)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	return time.Since(start), out.String(), err
}

// benchMock is a mock appliance served on plain HTTP on 127.0.0.1, in this
// process, so its counters can be read directly.
type benchMock struct {
	srv *mocksps.Server
	ts  *httptest.Server
}

func newBenchMock(cfg mocksps.Config, latency time.Duration) *benchMock {
	srv := mocksps.New(cfg)
	srv.Faults().SetLatency(latency)
	return &benchMock{srv: srv, ts: httptest.NewServer(srv)}
}

func (m *benchMock) close() { m.ts.Close() }

// applyResult is one terraform apply of the 50 policies.
type applyResult struct {
	elapsed time.Duration
	commits int
	mock    *benchMock // kept for the refresh benchmark; caller closes
	dir     string
}

// runApply creates the 50 policies with a real terraform apply in the given
// commit mode against a fresh mock whose commits take commitDelay.
func runApply(ctx context.Context, e *tfEnv, mode sps.CommitMode, commitDelay, latency time.Duration) (*applyResult, error) {
	m := newBenchMock(mocksps.Config{CommitDelay: commitDelay}, latency)
	dir, err := e.workdir("apply-"+string(mode), mode)
	if err != nil {
		m.close()
		return nil, err
	}
	elapsed, err := e.terraform(ctx, dir, m.ts.URL, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		m.close()
		return nil, err
	}
	// A benchmark that silently did less work would look faster: check that
	// every policy really was committed.
	if got := len(m.srv.SettingsPolicies()); got != policyCount+1 {
		m.close()
		return nil, fmt.Errorf("apply (%s): the mock holds %d settings policies, want %d", mode, got, policyCount+1)
	}
	return &applyResult{elapsed: elapsed, commits: m.srv.Counters().Commits, mock: m, dir: dir}, nil
}

// runRefreshPlan counts the HTTP requests of a terraform plan over the
// policies an earlier apply created; the plan must find nothing to change.
func runRefreshPlan(ctx context.Context, e *tfEnv, a *applyResult) (int, error) {
	a.mock.srv.ResetCounters()
	if _, err := e.terraform(ctx, a.dir, a.mock.ts.URL, nil, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		return 0, fmt.Errorf("refresh plan (expected no changes): %w", err)
	}
	return a.mock.srv.Counters().Total, nil
}

// runNaiveRefresh measures the baseline of the refresh benchmark: the same
// 50 reads the provider makes during a plan (10 at a time, like Terraform's
// default -parallelism), by the same client with its read cache disabled
// (ReadCacheTTL < 0), so each read costs its own request.
func runNaiveRefresh(ctx context.Context, a *applyResult) (int, error) {
	c, err := sps.New(sps.Config{URL: a.mock.ts.URL, Username: "admin", Password: "admin", ReadCacheTTL: -1})
	if err != nil {
		return 0, err
	}
	var keys []string
	for k := range a.mock.srv.SettingsPolicies() {
		if k != builtinPolicyKey {
			keys = append(keys, k)
		}
	}
	if len(keys) != policyCount {
		return 0, fmt.Errorf("naive refresh: %d policies, want %d", len(keys), policyCount)
	}
	policies := c.Objects(sps.VNCSettingsPolicies)
	reads := make([]func(context.Context) error, len(keys))
	for i, k := range keys {
		reads[i] = func(ctx context.Context) error { _, err := policies.Get(ctx, k); return err }
	}
	n, err := naiveReads(ctx, a.mock, reads)
	if err != nil {
		return 0, fmt.Errorf("naive refresh: %w", err)
	}
	return n, nil
}

// naiveReads is the baseline of the refresh figures: every read its own
// request (the client's read cache is off), 10 at a time as Terraform's
// default parallelism runs them; it returns the requests the mock counted.
func naiveReads(ctx context.Context, m *benchMock, reads []func(context.Context) error) (int, error) {
	m.srv.ResetCounters()
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(10)
	for _, read := range reads {
		g.Go(func() error { return read(ctx) })
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return m.srv.Counters().Total, nil
}
