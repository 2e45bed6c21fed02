package provider_test

// Scenario tests with the real Terraform CLI, the built provider binary
// (dev_overrides, as tools/demo.sh does) and the mocksps binary: what an
// operator sees when an apply is interrupted during a slow commit, or when
// a commit takes longer than the provider waits for it. Both end with a
// plain re-apply that must converge, with every policy once on the
// appliance, and an empty plan after it.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// cliHarness holds the binaries one CLI scenario uses.
type cliHarness struct {
	dir, pluginDir, mockBin, terraform string
}

// buildCLIHarness builds the provider and mocksps binaries into the test's
// temporary directory (the Go build cache makes the second test's builds
// cheap) and writes a CLI config with dev_overrides (no terraform init, no
// registry).
func buildCLIHarness(t *testing.T) *cliHarness {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1", resource.EnvTfAcc)
	}
	tf := acctest.AcceptanceCLIPath(t) // the CLI of the matrix run: PATH, or TF_ACC_TERRAFORM_PATH
	dir := t.TempDir()
	h := &cliHarness{dir: dir, pluginDir: filepath.Join(dir, "bin"), mockBin: filepath.Join(dir, "mocksps"), terraform: tf}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, b := range []struct{ out, pkg string }{
		{filepath.Join(h.pluginDir, "terraform-provider-sps"), "."},
		{h.mockBin, "./tools/mocksps"},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b.out, b.pkg)
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", b.pkg, err, out)
		}
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"terraform-sps/sps\" = %q\n  }\n  direct {}\n}\n", h.pluginDir)
	if err := os.WriteFile(filepath.Join(dir, "dev.tfrc"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return h
}

// startMockBinary runs mocksps on a free loopback port (plain HTTP) and
// returns its URL; it is stopped when the test ends.
func (h *cliHarness) startMockBinary(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, h.mockBin, append([]string{"-addr", "127.0.0.1:0", "-plain-http"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cancel()
			<-done
		}
		cancel()
	})
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "mocksps listening on "); ok {
				urlc <- u
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-urlc:
		return u
	case <-time.After(30 * time.Second):
		t.Fatalf("mocksps did not start: %s", stderr.String())
	}
	return ""
}

// workdir writes main.tf into a fresh directory.
func (h *cliHarness) workdir(t *testing.T, mainTF string) string {
	t.Helper()
	d := t.TempDir()
	if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(mainTF), 0o600); err != nil {
		t.Fatal(err)
	}
	return d
}

// command prepares a terraform command with nothing of the user's
// environment that could change its behavior.
func (h *cliHarness) command(ctx context.Context, dir, url string, extraEnv []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, h.terraform, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "SPS_") || strings.HasPrefix(kv, "CHECKPOINT_") {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+filepath.Join(h.dir, "dev.tfrc"), "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", "SPS_URL="+url, "SPS_USERNAME=admin", "SPS_PASSWORD=admin")
	cmd.Env = append(cmd.Env, extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// run runs terraform and returns its exit code and output.
func (h *cliHarness) run(t *testing.T, dir, url string, extraEnv []string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, out := h.command(ctx, dir, url, extraEnv, append(args, "-no-color")...)
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	}
	t.Fatalf("terraform %v: %v\n%s", args, err, out)
	return -1, ""
}

// mockGet decodes a /_mock or /api answer of the mock (no login needed
// for /_mock).
func mockGet(t *testing.T, url string, out any) {
	t.Helper()
	resp, err := http.Get(url) //nolint:gosec,noctx // test helper against the local mock
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

func mockRequests(t *testing.T, url, key string) int {
	var c struct {
		Requests map[string]int `json:"requests"`
	}
	mockGet(t, url+"/_mock/counters", &c)
	return c.Requests[key]
}

// mockPolicyNames returns the committed settings policies' names with how
// often each occurs, read through the mock's state endpoint.
func mockPolicyNames(t *testing.T, url string) map[string]int {
	t.Helper()
	var st map[string]json.RawMessage
	mockGet(t, url+"/_mock/state", &st)
	var policies map[string]struct {
		Name string `json:"name"`
	}
	raw := st["settings_policies"]
	if err := json.Unmarshal(raw, &policies); err != nil {
		t.Fatalf("decoding /_mock/state settings_policies: %v (%s)", err, raw)
	}
	out := map[string]int{}
	for _, p := range policies {
		out[p.Name]++
	}
	return out
}

const cliPolicies = `terraform {
  required_providers {
    sps = { source = "terraform-sps/sps" }
  }
}

provider "sps" {}

resource "sps_vnc_settings_policy" "p" {
  for_each = toset(["cli-one", "cli-two", "cli-three"])
  name     = each.key
}

resource "sps_config_object" "g" {
  for_each = toset(["cli-g-one", "cli-g-two"])
  path     = "ssh/channel_policies"
  body     = { name = each.key, ports = [22] }
}
`

// cliObjectsPath is where cliPolicies' generic objects live; a new
// appliance has none there.
const cliObjectsPath = "ssh/channel_policies"

// mockObjectNames returns the committed generic objects' names under
// cliObjectsPath with how often each occurs.
func mockObjectNames(t *testing.T, url string) map[string]int {
	t.Helper()
	var list struct {
		Items []struct {
			Body struct {
				Name string `json:"name"`
			} `json:"body"`
		} `json:"items"`
	}
	mockGet(t, url+"/_mock/config/"+cliObjectsPath, &list)
	out := map[string]int{}
	for _, it := range list.Items {
		out[it.Body.Name]++
	}
	return out
}

// waitFor polls cond every 100ms until it holds or d passes.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// assertConverges runs a plain apply, checks every policy is on the
// appliance exactly once, and that a plan after it is empty.
func (h *cliHarness) assertConverges(t *testing.T, dir, url string) {
	t.Helper()
	code, out := h.run(t, dir, url, nil, "apply", "-auto-approve")
	if code != 0 {
		t.Fatalf("the apply after the interruption failed (exit %d):\n%s", code, out)
	}
	names := mockPolicyNames(t, url)
	for _, n := range []string{"cli-one", "cli-two", "cli-three"} {
		if names[n] != 1 {
			t.Errorf("the appliance holds %d policies named %s, want 1 (all: %v)", names[n], n, names)
		}
	}
	objects := mockObjectNames(t, url)
	for _, n := range []string{"cli-g-one", "cli-g-two"} {
		if objects[n] != 1 {
			t.Errorf("the appliance holds %d %s objects named %s, want 1 (all: %v)", objects[n], cliObjectsPath, n, objects)
		}
	}
	code, out = h.run(t, dir, url, nil, "plan", "-detailed-exitcode")
	if code != 0 {
		t.Errorf("the plan after converging is not empty (exit %d):\n%s", code, out)
	}
}

// Item 1: Ctrl-C while the commit runs. The commit lands on the appliance,
// so the interrupted apply must still record the policies in state.
func TestAccCLIInterruptDuringCommit(t *testing.T) {
	h := buildCLIHarness(t)
	t.Parallel()
	url := h.startMockBinary(t, "-commit-delay", "4s")
	dir := h.workdir(t, cliPolicies)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, out := h.command(ctx, dir, url, nil, "apply", "-auto-approve", "-no-color")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !waitFor(30*time.Second, func() bool { return mockRequests(t, url, "PUT /api/transaction") > 0 }) {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("the apply never committed:\n%s", out)
	}
	time.Sleep(500 * time.Millisecond) // well inside the 4s commit
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	t.Logf("interrupted apply (err %v):\n%s", err, out)
	if names, objects := mockPolicyNames(t, url), mockObjectNames(t, url); len(names) < 4 || len(objects) < 2 {
		t.Fatalf("the commit did not land although it had started: policies %v, objects %v", names, objects)
	}
	code, show := h.run(t, dir, url, nil, "state", "list")
	if code != 0 || strings.Count(show, "sps_vnc_settings_policy.p[") != 3 || strings.Count(show, "sps_config_object.g[") != 2 {
		t.Errorf("after the interrupted apply, state holds (exit %d):\n%s\nwant the 3 committed policies and 2 objects", code, show)
	}
	h.assertConverges(t, dir, url)
}

// Item 2: the commit takes longer than the provider waits for it
// (request_timeout 1s, so it gives up after about 4s; the commit takes 6s).
// The apply must warn that the outcome is unknown (a warning, not an
// error: see framework/unsettled_create.go), replay nothing, and record every key,
// so that the next apply converges instead of failing on "must be
// unique".
func TestAccCLICommitOutlivesProviderPatience(t *testing.T) {
	h := buildCLIHarness(t)
	t.Parallel()
	url := h.startMockBinary(t, "-commit-delay", "6s")
	dir := h.workdir(t, cliPolicies)

	code, out := h.run(t, dir, url, []string{"SPS_REQUEST_TIMEOUT=1s"}, "apply", "-auto-approve")
	if code != 0 {
		t.Fatalf("the apply failed (exit %d); an unknown create outcome is a warning:\n%s", code, out)
	}
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, "Warning: SPS commit outcome unknown") ||
		!strings.Contains(flat, "Nothing was sent twice") { // the CLI wraps long lines
		t.Errorf("the apply does not warn that the outcome is unknown:\n%s", out)
	}
	h.assertNoReplay(t, dir, url)
	h.assertConverges(t, dir, url)
}

// assertNoReplay checks, after an apply whose commit outcome was unknown,
// that state records the 3 policies and 2 objects of cliPolicies, that each
// was posted once, and that the slow commit lands.
func (h *cliHarness) assertNoReplay(t *testing.T, dir, url string) {
	t.Helper()
	code, list := h.run(t, dir, url, nil, "state", "list")
	if code != 0 || strings.Count(list, "sps_vnc_settings_policy.p[") != 3 || strings.Count(list, "sps_config_object.g[") != 2 {
		t.Errorf("after the apply, state holds (exit %d):\n%s\nwant the 3 policies and 2 objects whose commit may land", code, list)
	}
	if n := mockRequests(t, url, "POST /api/configuration/vnc/settings_policies"); n != 3 {
		t.Errorf("%d policy creates were posted, want 3 (no replay)", n)
	}
	if n := mockRequests(t, url, "POST /api/configuration/"+cliObjectsPath); n != 2 {
		t.Errorf("%d object creates were posted, want 2 (no replay)", n)
	}
	if !waitFor(15*time.Second, func() bool { return len(mockPolicyNames(t, url)) >= 4 && len(mockObjectNames(t, url)) >= 2 }) {
		t.Fatalf("the slow commit never landed: policies %v, objects %v", mockPolicyNames(t, url), mockObjectNames(t, url))
	}
}

// cliPoliciesSlowProvisioners is cliPolicies with a local-exec provisioner
// per policy (8s) and ten terraform_data resources whose provisioners end
// every 2s from 3s to 21s into the apply, each ending with a state write.
// Terraform 1.16 runs create-time provisioners in the middle of writing a
// failed create's result to state, so the policies hold that moment open
// and a tick's state write lands in it, however the creates are grouped
// into commits and however loaded the machine is.
const cliPoliciesSlowProvisioners = `terraform {
  required_providers {
    sps = { source = "terraform-sps/sps" }
  }
}

provider "sps" {}

resource "sps_vnc_settings_policy" "p" {
  for_each = toset(["cli-one", "cli-two", "cli-three"])
  name     = each.key

  provisioner "local-exec" {
    command = "sleep 8"
  }
}

resource "sps_config_object" "g" {
  for_each = toset(["cli-g-one", "cli-g-two"])
  path     = "ssh/channel_policies"
  body     = { name = each.key, ports = [22] }

  provisioner "local-exec" {
    command = "sleep 8"
  }
}

resource "terraform_data" "tick" {
  count = 10

  provisioner "local-exec" {
    command = "sleep ${3 + 2 * count.index}"
  }
}
`

// A create whose commit outcome is unknown while other resources of the
// same apply write state. Terraform 1.16 builds a failed create's result
// without an object status and keeps it in the working state until it
// marks it tainted, after the create-time provisioners; a state write of
// another resource in between panics ("has status ObjectStatus(0), which
// cannot be saved in state") and loses every policy SPS committed. The
// provisioners make that overlap certain instead of rare (it failed on
// every run before the fix: a panic, or with the policies tainted on
// CLIs that survive, a replacement of all three on the next apply). The provider
// must answer so that no CLI crashes, state records every key, nothing
// is replayed and the next apply converges.
func TestAccCLIUnknownCreateOutcomeAmidStateWrites(t *testing.T) {
	h := buildCLIHarness(t)
	t.Parallel()
	url := h.startMockBinary(t, "-commit-delay", "6s")
	dir := h.workdir(t, cliPoliciesSlowProvisioners)

	_, out := h.run(t, dir, url, []string{"SPS_REQUEST_TIMEOUT=1s"}, "apply", "-auto-approve", "-parallelism=20")
	if strings.Contains(out, "panic:") || strings.Contains(out, "crashed") {
		t.Fatalf("the CLI crashed on the unknown commit outcome:\n%s", out)
	}
	if !strings.Contains(out, "SPS commit outcome unknown") {
		t.Errorf("the apply does not say the outcome is unknown:\n%s", out)
	}
	h.assertNoReplay(t, dir, url)
	h.assertConverges(t, dir, url)
	if n := mockRequests(t, url, "POST /api/configuration/vnc/settings_policies"); n != 3 {
		t.Errorf("%d creates were posted in all, want 3 (the converging apply created nothing again)", n)
	}
	if n := mockRequests(t, url, "POST /api/configuration/"+cliObjectsPath); n != 2 {
		t.Errorf("%d object creates were posted in all, want 2 (the converging apply created nothing again)", n)
	}
}
