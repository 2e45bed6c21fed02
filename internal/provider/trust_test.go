package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// Issue 10 item 4: six creates whose names are already taken on SPS and four
// valid creates, applied together (Terraform's default parallelism of 10
// puts them in one group). The valid ones must be created and recorded:
// each rejected neighbor used to spend one of their replays, until they
// gave up with another resource's "already used" error.
func TestAccRejectedNeighborsDoNotFailValidCreates(t *testing.T) {
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	var taken, valid strings.Builder
	for i := range 6 {
		name := fmt.Sprintf("taken-%d", i)
		body, _ := json.Marshal(chaosPolicy{name: name, timeout: 600, clientTLS: "TLSv1_2"}.body())
		if err := srv.PutSettingsPolicy(fmt.Sprintf("someone-else-%d", i), body); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&taken, "resource \"sps_vnc_settings_policy\" \"taken%d\" {\n  name = %q\n}\n", i, name)
	}
	for i := range 4 {
		fmt.Fprintf(&valid, "resource \"sps_vnc_settings_policy\" \"valid%d\" {\n  name = \"valid-%d\"\n}\n", i, i)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      provider + taken.String() + valid.String(),
				ExpectError: expectError(`"taken-5" is already used`),
			},
			{
				// The valid policies are on the appliance and in state:
				// with only them configured, there is nothing to do.
				Config: provider + valid.String(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					for i := range 4 {
						if _, _, err := mockPolicyByName(srv, fmt.Sprintf("valid-%d", i)); err != nil {
							return err
						}
					}
					return nil
				},
			},
		},
	})
}
