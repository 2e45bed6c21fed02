package provider

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// The guide's adoption flow, end to end with the real CLI: policies that
// exist on the appliance but in no Terraform state are found by
// `terraform query`, `-generate-config-out` writes import and resource
// blocks for them, the plan of that file only imports (0 to add, change or
// destroy), the apply changes nothing on the appliance, and the next plan
// is empty. Needs Terraform 1.14+ (list resources).
func TestAccAdoptAppliance_queryGenerateConfig(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	providerBlock := env.AdminBlock()
	reattach := serveProviderForCLI(t)
	bin := acceptanceCLIPath(t)

	// Someone configured the appliance by hand (here: with another
	// Terraform working directory whose state is then thrown away).
	seed := newTestCLI(t, bin, t.TempDir(), reattach)
	if !seed.terraformAtLeast("1.14.0") {
		t.Skipf("terraform query needs Terraform 1.14+; this is %s %s", filepath.Base(bin), seed.version)
	}
	seed.writeFile("main.tf", requiredProvidersBlock+providerBlock+allPolicyShapes())
	seed.run(0, "init", "-no-color")
	seed.run(0, "apply", "-auto-approve", "-no-color")
	policiesBefore := srv.SettingsPolicies()
	optionsBefore := srv.VNCOptions()
	if len(policiesBefore) != 5 {
		t.Fatalf("the mock has %d settings policies, want the built-in one and 4 created", len(policiesBefore))
	}

	tf := newTestCLI(t, bin, t.TempDir(), reattach)
	tf.writeFile("main.tf", requiredProvidersBlock+providerBlock)
	tf.writeFile("appliance.tfquery.hcl", `
list "sps_vnc_settings_policy" "all" {
  provider = sps
}

list "sps_vnc_options" "this" {
  provider = sps
}
`)
	tf.run(0, "init", "-no-color")
	out := tf.run(0, "query", "-no-color")
	for _, want := range []string{"default" + builtinMark, "shape-inactivity-on", "shape-custom-ciphers", "VNC options"} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform query output lacks %q:\n%s", want, out)
		}
	}
	tf.run(0, "query", "-no-color", "-generate-config-out=adopt.tf")
	generated, err := os.ReadFile(tf.dir + "/adopt.tf")
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(generated, []byte("import {")); n != 6 {
		t.Fatalf("adopt.tf has %d import blocks, want 6 (5 policies and the options):\n%s", n, generated)
	}
	// The query file is only for `terraform query`; plan does not read it.
	out = tf.run(0, "plan", "-no-color", "-out=adopt.tfplan")
	if !regexp.MustCompile(`Plan: 6 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(out) {
		t.Fatalf("plan of the generated configuration is not import-only:\n%s\n--- adopt.tf:\n%s", out, generated)
	}
	plan := tf.show("adopt.tfplan")
	if len(plan.ResourceChanges) != 6 {
		t.Fatalf("plan has %d resource changes, want 6", len(plan.ResourceChanges))
	}
	for _, rc := range plan.ResourceChanges {
		if !slices.Equal(rc.Change.Actions, []string{"no-op"}) || len(rc.Change.Importing) == 0 {
			t.Errorf("%s: actions %v, importing %s; want a no-op import", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	tf.run(0, "apply", "-no-color", "adopt.tfplan")
	tf.run(0, "plan", "-no-color", "-detailed-exitcode")

	state := tf.show()
	for _, r := range state.Values.RootModule.Resources {
		if r.Identity["key"] != r.Values["id"] || r.Identity["key"] == nil {
			t.Errorf("%s: identity %v, id %v; want identity.key = id", r.Address, r.Identity, r.Values["id"])
		}
	}
	if got := srv.SettingsPolicies(); !reflect.DeepEqual(got, policiesBefore) {
		t.Errorf("adopting changed the settings policies on the mock:\n got: %s\nwant: %s", mustMarshal(got), mustMarshal(policiesBefore))
	}
	if got := srv.VNCOptions(); !bytes.Equal(got, optionsBefore) {
		t.Errorf("adopting changed the VNC options on the mock:\n got: %s\nwant: %s", got, optionsBefore)
	}
}

// State written by Terraform 1.11, which has no resource identity, gets the
// identity on the first refresh by a newer CLI, with nothing to change.
// Runs when the acceptance CLI (TF_ACC_TERRAFORM_PATH) is Terraform 1.12+
// and a Terraform older than 1.12 is on PATH, as in CI's 1.15 run.
func TestAccIdentityUpgradeFromOldState(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	reattach := serveProviderForCLI(t)
	dir := t.TempDir()
	newCLI := newTestCLI(t, acceptanceCLIPath(t), dir, reattach)
	if !newCLI.terraformAtLeast("1.12.0") {
		t.Skipf("needs Terraform (not OpenTofu) 1.12+ as TF_ACC_TERRAFORM_PATH to read state that Terraform 1.11 wrote; this is %s %s",
			filepath.Base(newCLI.bin), newCLI.version)
	}
	oldBin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform on PATH to write the old state")
	}
	oldCLI := newTestCLI(t, oldBin, dir, reattach)
	if oldCLI.terraformAtLeast("1.12.0") || oldCLI.tofu {
		t.Skipf("the terraform on PATH (%s) already has resource identity; the upgrade needs an older one", oldCLI.version)
	}

	oldCLI.writeFile("main.tf", requiredProvidersBlock+env.AdminBlock()+
		policyShapes["custom_ciphers"]+`
resource "sps_vnc_options" "this" {
  service = {
    enabled   = true
    log_level = 4
  }
}
`)
	oldCLI.run(0, "init", "-no-color")
	oldCLI.run(0, "apply", "-auto-approve", "-no-color")
	raw, err := os.ReadFile(dir + "/terraform.tfstate")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(`"identity"`)) {
		t.Fatalf("Terraform %s wrote an identity; the test needs state without one", oldCLI.version)
	}
	policiesBefore := srv.SettingsPolicies()

	newCLI.run(0, "plan", "-no-color", "-detailed-exitcode")
	newCLI.run(0, "apply", "-refresh-only", "-auto-approve", "-no-color")
	state := newCLI.show()
	if len(state.Values.RootModule.Resources) != 2 {
		t.Fatalf("state has %d resources, want 2", len(state.Values.RootModule.Resources))
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Identity["key"] == nil || r.Identity["key"] != r.Values["id"] {
			t.Errorf("%s: identity %v after the upgrade, id %v; want identity.key = id", r.Address, r.Identity, r.Values["id"])
		}
	}
	newCLI.run(0, "plan", "-no-color", "-detailed-exitcode")
	if got := srv.SettingsPolicies(); !reflect.DeepEqual(got, policiesBefore) {
		t.Errorf("the upgrade changed the settings policies on the mock")
	}
	newCLI.run(0, "destroy", "-auto-approve", "-no-color")
}

func mustMarshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
