package configobject_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func checkMockSettings(srv *mocksps.Server, path, wantJSON string) func(*terraform.State) error {
	return func(*terraform.State) error {
		raw, ok := srv.ConfigObject(path, "")
		if !ok {
			return fmt.Errorf("the mock has no %s", path)
		}
		var got any
		if err := json.Unmarshal(raw, &got); err != nil {
			return err
		}
		return sameJSON(path, got, wantJSON)
	}
}

// The SSH options: the first apply updates one declared field and keeps the
// rest as SPS holds them (nothing is created); import by path plans no
// change; destroy leaves the settings on SPS as they are.
func TestAccConfigSettings_sshOptions(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const sshOptions, addr = "ssh/options", "sps_config_settings.ssh"
	config := provider + `
resource "sps_config_settings" "ssh" {
  path = "/api/configuration/ssh/options"
  body = {
    service = { log_level = 6 }
  }
}
`
	after := `{"audit":{"cleanup":{"channel_database_cleanup_days":600,"enabled":true},"timestamping":{"selection":"local",` +
		`"signing_interval":30}},"gssapi":{"enabled":false},"service":{"enabled":true,"log_level":6}}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(sshOptions)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("output").AtMapKey("gssapi").AtMapKey("enabled"), knownvalue.Bool(false)),
				},
				Check: checkMockSettings(srv, sshOptions, after),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config:          config,
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
		// Destroy forgot the settings and left them as they were.
		CheckDestroy: checkMockSettings(srv, sshOptions, after),
	})
}
