package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// TestAccSeveralAppliances applies examples/several-appliances, as it is,
// to two mock appliances in one run with the built provider binary, so the
// CLI starts one provider process per appliance, as for a user. The "us"
// appliance refuses every commit: the apply fails, yet the "eu" policies
// are committed on "eu" and tracked in state, and nothing is left on "us".
// Once "us" accepts commits again, the next plan creates only the "us"
// policies. On OpenTofu the example's main.tofu (for_each on the provider
// block) replaces its main.tf (aliases), so both ways are tested.
func TestAccSeveralAppliances(t *testing.T) {
	h := buildCLIHarness(t)
	t.Parallel()
	eu, us := mockspstest.Start(t), mockspstest.Start(t)
	if _, err := us.Server.Faults().Add(faults.Fault{Kind: faults.KindCommitFail400, Count: -1}); err != nil {
		t.Fatal(err)
	}

	dir := copyExample(t, "../../examples/several-appliances")
	vars := fmt.Sprintf(`appliances = {
  eu = { url = %q, username = %q }
  us = { url = %q, username = %q }
}
passwords = { eu = %q, us = %q }
`, eu.URL, mockspstest.AdminUser, us.URL, mockspstest.AdminUser, mockspstest.AdminPassword, mockspstest.AdminPassword)
	if err := os.WriteFile(filepath.Join(dir, "terraform.tfvars"), []byte(vars), 0o600); err != nil {
		t.Fatal(err)
	}
	_, version := h.run(t, dir, "", nil, "version")
	tofu := strings.Contains(version, "OpenTofu")
	// Module sources are installed by `get`; dev_overrides serves the
	// provider, so there is no `init`.
	if code, out := h.run(t, dir, "", nil, "get"); code != 0 {
		t.Fatalf("get: exit %d\n%s", code, out)
	}

	code, out := h.run(t, dir, "", nil, "apply", "-auto-approve", "-input=false")
	if code == 0 {
		t.Fatalf("the apply succeeded although the us appliance refuses every commit:\n%s", out)
	}
	wantNames := []string{"vnc-legacy", "vnc-standard"}
	if got := policyNames(t, eu); !slices.Equal(got, append([]string{"default"}, wantNames...)) {
		t.Errorf("eu holds %v after the failed apply, want its two policies committed:\n%s", got, out)
	}
	if got := policyNames(t, us); !slices.Equal(got, []string{"default"}) {
		t.Errorf("us holds %v after its commits failed, want nothing of ours", got)
	}
	if us.Server.OpenTransactions() != 0 || us.Server.LockHolder() != "" {
		t.Errorf("us kept an open transaction (%d) or its lock (%q)", us.Server.OpenTransactions(), us.Server.LockHolder())
	}
	if n := eu.Server.Counters().Commits; n != 1 {
		t.Errorf("eu committed %d times, want 1: its changes are one transaction of their own", n)
	}
	_, state := h.run(t, dir, "", nil, "state", "list")
	addr := func(appliance, policy string) string {
		if tofu {
			return fmt.Sprintf("module.baseline[%q].sps_vnc_settings_policy.baseline[%q]", appliance, policy)
		}
		return fmt.Sprintf("module.%s.sps_vnc_settings_policy.baseline[%q]", appliance, policy)
	}
	tracked := strings.Fields(state)
	sort.Strings(tracked)
	if want := []string{addr("eu", "vnc-legacy"), addr("eu", "vnc-standard")}; !slices.Equal(tracked, want) {
		t.Errorf("state tracks %v after the failed apply, want the eu policies only %v", tracked, want)
	}

	us.Server.Faults().Clear()
	code, out = h.run(t, dir, "", nil, "plan", "-detailed-exitcode", "-input=false")
	if code != 2 || !strings.Contains(out, "2 to add, 0 to change, 0 to destroy") ||
		!strings.Contains(out, addr("us", "vnc-standard")) || strings.Contains(out, addr("eu", "vnc-standard")+" will be") {
		t.Fatalf("the plan after the failure should add the two us policies only (exit %d):\n%s", code, out)
	}
	if code, out = h.run(t, dir, "", nil, "apply", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("apply once us accepts commits: exit %d\n%s", code, out)
	}
	if got := policyNames(t, us); !slices.Equal(got, append([]string{"default"}, wantNames...)) {
		t.Errorf("us holds %v, want its two policies", got)
	}
	if code, out = h.run(t, dir, "", nil, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Errorf("plan after the second apply is not empty (exit %d):\n%s", code, out)
	}
}

// policyNames lists the names of the VNC settings policies an appliance
// has committed, sorted.
func policyNames(t *testing.T, env *mockspstest.Env) []string {
	t.Helper()
	var names []string
	for _, body := range env.Server.SettingsPolicies() {
		var p struct{ Name string }
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		names = append(names, p.Name)
	}
	sort.Strings(names)
	return names
}

// copyExample copies an example folder (modules and .tofu files included)
// into a temporary directory.
func copyExample(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
