package configobject_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// The data sources read any list, read-only ones included: one object by
// key with its references as SPS answers them, and every object by key.
func TestAccConfigObjectDataSources(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	if err := srv.PutConfigObject("policies/indexing", "idx-1", acctest.MustJSON(t, `{"name":"idx"}`)); err != nil {
		t.Fatal(err)
	}
	if err := srv.PutConfigObject("telnet/connections", "tel-1",
		acctest.MustJSON(t, `{"name":"legacy","active":true,"indexing":{"enabled":true,"policy":"idx-1"}}`)); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_config_object" "telnet" {
  path = "telnet/connections"
  key  = "tel-1"
}

data "sps_config_objects" "times" {
  path = "/api/configuration/policies/time_policies"
}

output "always" {
  value = data.sps_config_objects.times.objects["-100"].name
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sps_config_object.telnet", tfjsonpath.New("id"), knownvalue.StringExact("telnet/connections/tel-1")),
				statecheck.ExpectKnownValue("data.sps_config_object.telnet",
					tfjsonpath.New("output").AtMapKey("indexing").AtMapKey("policy").AtMapKey("meta").AtMapKey("href"),
					knownvalue.StringExact("/api/configuration/policies/indexing/idx-1")),
				statecheck.ExpectKnownValue("data.sps_config_objects.times", tfjsonpath.New("keys"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("-100")})),
				statecheck.ExpectKnownOutputValue("always", knownvalue.StringExact("7x24")),
			},
		}, {
			Config: provider + `
data "sps_config_object" "missing" {
  path = "telnet/connections"
  key  = "nope"
}
`,
			ExpectError: acctest.ExpectError(`SPS has no object "nope" under telnet/connections`),
		}},
	})
}
