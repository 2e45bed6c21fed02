package vnc_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// Identity is stored on create, matches the SPS key the mock committed,
// and import by identity (and by ID) plans no change.
func TestAccVNCSettingsPolicy_identity(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const addr = "sps_vnc_settings_policy.inactivity_on"
	config := provider + policyShapes["inactivity_on"]
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesStateAtPath(addr, tfjsonpath.New("key"), tfjsonpath.New("id")),
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"key": knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`)),
					}),
				},
				Check: func(s *terraform.State) error {
					key, _, err := acctest.MockPolicyByName(srv, "shape-inactivity-on")
					if err != nil {
						return err
					}
					if got := s.RootModule().Resources[addr].Primary.ID; got != key {
						return fmt.Errorf("state id %q, mock key %q", got, key)
					}
					return nil
				},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// The built-in default policy and the VNC options are adopted with an
// import block that names only the identity: the plan imports with no
// change, and the state gets the identity.
func TestAccImportByIdentity_builtinAndOptions(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	optionsBefore := string(srv.VNCOptions())
	resources := `
resource "sps_vnc_settings_policy" "default" {
  name = "default"
}

resource "sps_vnc_options" "this" {
  service = {
    enabled   = true
    log_level = 4
  }
}
`
	forget := `
removed {
  from = sps_vnc_settings_policy.default
  lifecycle {
    destroy = false
  }
}

removed {
  from = sps_vnc_options.this
  lifecycle {
    destroy = false
  }
}
`
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + resources + `
import {
  to       = sps_vnc_settings_policy.default
  identity = { key = "-30211" }
}

import {
  to       = sps_vnc_options.this
  identity = { key = "options" }
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sps_vnc_settings_policy.default", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("sps_vnc_options.this", plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("sps_vnc_settings_policy.default", map[string]knownvalue.Check{"key": knownvalue.StringExact(acctest.DefaultPolicyKey)}),
					statecheck.ExpectKnownValue("sps_vnc_settings_policy.default", tfjsonpath.New("id"), knownvalue.StringExact(acctest.DefaultPolicyKey)),
					statecheck.ExpectIdentity("sps_vnc_options.this", map[string]knownvalue.Check{"key": knownvalue.StringExact("options")}),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckOnlyDefaultPolicy(srv),
					func(*terraform.State) error {
						if got := string(srv.VNCOptions()); got != optionsBefore {
							return fmt.Errorf("import changed the VNC options on the mock:\n got: %s\nwant: %s", got, optionsBefore)
						}
						return nil
					},
				),
			},
			{
				Config: provider + forget + `
import {
  to       = sps_vnc_options.other
  identity = { key = "not-options" }
}

resource "sps_vnc_options" "other" {
  service = {
    enabled = false
  }
}
`,
				ExpectError: acctest.ExpectError("The VNC options are a single object with the fixed ID"),
			},
			{
				Config: provider + forget,
			},
		},
	})
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
	reattach := acctest.ServeProviderForCLI(t)
	dir := t.TempDir()
	newCLI := acctest.NewTestCLI(t, acctest.AcceptanceCLIPath(t), dir, reattach)
	if !newCLI.TerraformAtLeast("1.12.0") {
		t.Skipf("needs Terraform (not OpenTofu) 1.12+ as TF_ACC_TERRAFORM_PATH to read state that Terraform 1.11 wrote; this is %s %s",
			filepath.Base(newCLI.Bin), newCLI.Version)
	}
	oldBin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform on PATH to write the old state")
	}
	oldCLI := acctest.NewTestCLI(t, oldBin, dir, reattach)
	if oldCLI.TerraformAtLeast("1.12.0") || oldCLI.Tofu {
		t.Skipf("the terraform on PATH (%s) already has resource identity; the upgrade needs an older one", oldCLI.Version)
	}

	oldCLI.WriteFile("main.tf", acctest.RequiredProvidersBlock+env.AdminBlock()+
		policyShapes["custom_ciphers"]+`
resource "sps_vnc_options" "this" {
  service = {
    enabled   = true
    log_level = 4
  }
}
`)
	oldCLI.Run(0, "init", "-no-color")
	oldCLI.Run(0, "apply", "-auto-approve", "-no-color")
	raw, err := os.ReadFile(dir + "/terraform.tfstate")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(`"identity"`)) {
		t.Fatalf("Terraform %s wrote an identity; the test needs state without one", oldCLI.Version)
	}
	policiesBefore := srv.SettingsPolicies()

	newCLI.Run(0, "plan", "-no-color", "-detailed-exitcode")
	newCLI.Run(0, "apply", "-refresh-only", "-auto-approve", "-no-color")
	state := newCLI.Show()
	if len(state.Values.RootModule.Resources) != 2 {
		t.Fatalf("state has %d resources, want 2", len(state.Values.RootModule.Resources))
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Identity["key"] == nil || r.Identity["key"] != r.Values["id"] {
			t.Errorf("%s: identity %v after the upgrade, id %v; want identity.key = id", r.Address, r.Identity, r.Values["id"])
		}
	}
	newCLI.Run(0, "plan", "-no-color", "-detailed-exitcode")
	if got := srv.SettingsPolicies(); !reflect.DeepEqual(got, policiesBefore) {
		t.Errorf("the upgrade changed the settings policies on the mock")
	}
	newCLI.Run(0, "destroy", "-auto-approve", "-no-color")
}
