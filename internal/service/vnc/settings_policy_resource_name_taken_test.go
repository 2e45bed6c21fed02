package vnc_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// leftoverKey is the key of a policy SPS holds and state does not, as an
// interrupted run leaves it.
const leftoverKey = "leftover-7f3a"

// startWithLeftover starts a mock holding the committed policy p under
// leftoverKey, as a run stopped after the commit and before state was
// saved would leave it.
func startWithLeftover(t *testing.T, p acctest.SettingsPolicy) (*mocksps.Server, string) {
	t.Helper()
	env := mockspstest.Start(t)
	body, err := json.Marshal(p.Body())
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Server.PutSettingsPolicy(leftoverKey, body); err != nil {
		t.Fatal(err)
	}
	return env.Server, env.AdminBlock()
}

// nameTakenError matches the diagnostic of a create whose name the leftover
// holds: the leftover's key, the terraform import command and both import
// blocks, under Terraform's "with" line naming the address to put in them.
func nameTakenError(addr string) *regexp.Regexp {
	phrases := []string{
		"A VNC settings policy with this name already exists on SPS",
		"with " + addr + ",",
		"with key " + leftoverKey,
		"own leftover from an interrupted run",
		"terraform import '<address shown above>' " + leftoverKey,
		"import {\n    to = <address shown above>\n    id = \"" + leftoverKey + "\"\n  }",
		"identity = { key = \"" + leftoverKey + "\" }",
	}
	for i, p := range phrases {
		phrases[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile("(?s)" + strings.Join(phrases, ".*"))
}

// checkOnePolicyNamed fails unless exactly one policy on the mock is named
// name, under key: the provider neither adopted nor duplicated it.
func checkOnePolicyNamed(srv *mocksps.Server, name, key string) func(*terraform.State) error {
	return func(*terraform.State) error {
		var keys []string
		for k, b := range srv.SettingsPolicies() {
			var p struct {
				Name string `json:"name"`
			}
			if json.Unmarshal(b, &p) == nil && p.Name == name {
				keys = append(keys, k)
			}
		}
		if len(keys) != 1 || keys[0] != key {
			return fmt.Errorf("policies named %q: %v, want only %s", name, keys, key)
		}
		return nil
	}
}

// After a run that was stopped between SPS's commit and the state write,
// creating the policy again fails with a way back: the leftover's key and
// the import command and blocks. The import block from the message works,
// and the plan after it is empty.
func TestAccVNCSettingsPolicy_nameTakenByLeftover(t *testing.T) {
	t.Parallel()
	p := acctest.SettingsPolicy{Addr: "orphan", Name: "orphan", Timeout: 600, ClientTLS: "TLSv1_2"}
	srv, provider := startWithLeftover(t, p)
	const addr = "sps_vnc_settings_policy.orphan"
	importBlock := "import {\n  to = " + addr + "\n  id = \"" + leftoverKey + "\"\n}\n"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      provider + p.HCL(),
				ExpectError: nameTakenError(addr),
			},
			{
				// Nothing was adopted or created twice.
				Config:   provider,
				Check:    checkOnePolicyNamed(srv, "orphan", leftoverKey),
				PlanOnly: true,
			},
			{
				Config: provider + p.HCL() + importBlock,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(leftoverKey)),
				},
				Check: checkOnePolicyNamed(srv, "orphan", leftoverKey),
			},
			{
				Config: provider + p.HCL(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// The identity form of the import block from the message (Terraform 1.12+).
func TestAccVNCSettingsPolicy_nameTakenImportByIdentity(t *testing.T) {
	t.Parallel()
	p := acctest.SettingsPolicy{Addr: "orphan", Name: "orphan", Timeout: 900, Preconnect: true, ClientTLS: "TLSv1_1"}
	srv, provider := startWithLeftover(t, p)
	const addr = "sps_vnc_settings_policy.orphan"
	importBlock := "import {\n  to       = " + addr + "\n  identity = { key = \"" + leftoverKey + "\" }\n}\n"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config:      provider + p.HCL(),
				ExpectError: nameTakenError(addr),
			},
			{
				Config: provider + p.HCL() + importBlock,
				Check:  checkOnePolicyNamed(srv, "orphan", leftoverKey),
			},
			{
				Config: provider + p.HCL(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
