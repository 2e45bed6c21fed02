package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// `terraform destroy` of the imported built-in policy succeeds with a
// warning: the policy leaves state and stays on the appliance, untouched.
func TestAccVNCSettingsPolicy_destroyImportedBuiltin(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	before := string(srv.SettingsPolicies()[defaultPolicyKey])
	const addr = "sps_vnc_settings_policy.default"
	config := provider + `
resource "sps_vnc_settings_policy" "default" {
  name = "default"
}
`
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:             config,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      defaultPolicyKey,
				ImportStatePersist: true,
			},
			{
				// terraform destroy
				Config:  config,
				Destroy: true,
				Check: func(s *terraform.State) error { // sees the state before the destroy
					if got := s.RootModule().Resources[addr].Primary.ID; got != defaultPolicyKey {
						return fmt.Errorf("state before destroy: id %q", got)
					}
					return nil
				},
				ConfigStateChecks: []statecheck.StateCheck{stateIsEmpty{}},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			after, ok := srv.SettingsPolicies()[defaultPolicyKey]
			if !ok {
				return fmt.Errorf("the built-in policy %s is gone from the mock", defaultPolicyKey)
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

// Delete of a built-in policy only warns, and sends nothing to SPS.
func TestVNCSettingsPolicyDeleteBuiltinOnlyWarns(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	client, err := sps.New(sps.Config{URL: env.URL, Username: mockspstest.AdminUser, Password: mockspstest.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := &vncSettingsPolicyResource{framework.ResourceBase{Client: client}}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	item, err := client.GetVNCSettingsPolicy(ctx, defaultPolicyKey)
	if err != nil {
		t.Fatal(err)
	}
	state := tfsdk.State{Schema: sr.Schema}
	if d := state.Set(ctx, settingsPolicyFromAPI(*item)); d.HasError() {
		t.Fatal(d)
	}
	srv.ResetCounters()
	resp := &resource.DeleteResponse{State: state}
	r.Delete(ctx, resource.DeleteRequest{State: state}, resp)

	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("want one warning and no error, got %v", resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()[0]
	if w.Summary() != "Built-in VNC settings policy left on SPS" || !strings.Contains(w.Detail(), "key -30211") ||
		!strings.Contains(w.Detail(), "removed from Terraform state only") {
		t.Errorf("warning %q: %q", w.Summary(), w.Detail())
	}
	if c := srv.Counters(); c.Total != 0 {
		t.Errorf("Delete of a built-in policy sent %d requests: %v", c.Total, c.Requests)
	}
	if _, ok := srv.SettingsPolicies()[defaultPolicyKey]; !ok {
		t.Error("the built-in policy is gone")
	}
}

const builtinPolicyPath = "/api/configuration/vnc/settings_policies/" + defaultPolicyKey
