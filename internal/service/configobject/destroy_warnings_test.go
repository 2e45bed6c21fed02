package configobject_test

import (
	"os"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// What a user reads when destroying what SPS keeps, with the real CLI: the
// first apply of sps_config_settings updates the endpoint (nothing is
// created on SPS); destroying it and an imported built-in object warns for
// each, and neither changes on SPS.
func TestAccConfigObject_destroyWarns(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	tf := acctest.NewTestCLI(t, acctest.AcceptanceCLIPath(t), t.TempDir(), acctest.ServeProviderForCLI(t))
	tf.WriteFile("main.tf", acctest.RequiredProvidersBlock+env.AdminBlock()+`
resource "sps_config_settings" "web" {
  path = "management/webinterface"
  body = { timeout = 25 }
}

import {
  to = sps_config_object.always
  id = "policies/time_policies/-100"
}

resource "sps_config_object" "always" {
  path = "policies/time_policies"
  body = { name = "7x24" }
}
`)
	builtin, _ := srv.ConfigObject("policies/time_policies", "-100")
	tf.Run(0, "init", "-no-color")
	tf.Run(0, "apply", "-auto-approve", "-no-color")
	web, _ := srv.ConfigObject("management/webinterface", "")
	if got := string(web); got != `{"timeout":25}` {
		t.Fatalf("the first apply did not update management/webinterface: %s", got)
	}
	flat := strings.Join(strings.Fields(tf.Run(0, "destroy", "-auto-approve", "-no-color")), " ")
	for _, want := range []string{
		"Warning: SPS settings left unchanged on SPS",
		"The management/webinterface settings were removed from Terraform state only",
		"Warning: Built-in",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("destroy does not say %q:\n%s", want, flat)
		}
	}
	if after, _ := srv.ConfigObject("management/webinterface", ""); string(after) != string(web) {
		t.Errorf("destroy changed management/webinterface: %s -> %s", web, after)
	}
	if after, _ := srv.ConfigObject("policies/time_policies", "-100"); string(after) != string(builtin) {
		t.Errorf("destroy changed the built-in time policy: %s -> %s", builtin, after)
	}
	if n := srv.Counters().Requests["DELETE /api/configuration/policies/time_policies/-100"]; n != 0 {
		t.Errorf("%d DELETE requests for the built-in time policy", n)
	}
}
