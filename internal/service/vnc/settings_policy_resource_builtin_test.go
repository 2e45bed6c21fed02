package vnc_test

import (
	"context"
	"fmt"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// `terraform destroy` of the imported built-in policy succeeds with a
// warning: the policy leaves state and stays on the appliance, untouched.
func TestAccVNCSettingsPolicy_destroyImportedBuiltin(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	before := string(srv.SettingsPolicies()[acctest.DefaultPolicyKey])
	const addr = "sps_vnc_settings_policy.default"
	config := provider + `
resource "sps_vnc_settings_policy" "default" {
  name = "default"
}
`
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:             config,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      acctest.DefaultPolicyKey,
				ImportStatePersist: true,
			},
			{
				// terraform destroy
				Config:  config,
				Destroy: true,
				Check: func(s *terraform.State) error { // sees the state before the destroy
					if got := s.RootModule().Resources[addr].Primary.ID; got != acctest.DefaultPolicyKey {
						return fmt.Errorf("state before destroy: id %q", got)
					}
					return nil
				},
				ConfigStateChecks: []statecheck.StateCheck{stateIsEmpty{}},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			after, ok := srv.SettingsPolicies()[acctest.DefaultPolicyKey]
			if !ok {
				return fmt.Errorf("the built-in policy %s is gone from the mock", acctest.DefaultPolicyKey)
			}
			if string(after) != before {
				return fmt.Errorf("the built-in policy changed:\n before %s\n after  %s", before, after)
			}
			if n := srv.Counters().Requests["DELETE "+builtinPolicyPath]; n != 0 {
				return fmt.Errorf("the provider sent %d DELETE requests for the built-in policy", n)
			}
			return nil
		},
	})
}

// stateIsEmpty checks that the state holds no resources.
type stateIsEmpty struct{}

func (stateIsEmpty) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return
	}
	if rs := req.State.Values.RootModule.Resources; len(rs) != 0 {
		resp.Error = fmt.Errorf("state still holds %d resources, the first %s", len(rs), rs[0].Address)
	}
}

const builtinPolicyPath = "/api/configuration/vnc/settings_policies/" + acctest.DefaultPolicyKey
