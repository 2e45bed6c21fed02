package configobject_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func localUser(secret, version string) string {
	return `
variable "secret" {
  type      = string
  sensitive = true
  default   = "` + secret + `"
}

resource "sps_config_object" "user" {
  path = "aaa/local_database/users"
  body = {
    name = "operator"
    auth = { method = "password" }
  }
  sensitive_body = {
    auth = { password = var.secret }
  }
  sensitive_body_version = "` + version + `"
}
`
}

// sensitive_body reaches SPS merged into body, and never the plan, the
// state or output (even though the mock echoes it back); a new
// sensitive_body_version sends the new secret.
func TestAccConfigObject_sensitiveBody(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const users, addr = "aaa/local_database/users", "sps_config_object.user"
	const first, second = "s3cr3t-first-value", "s3cr3t-second-value"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(srv, users, "operator"),
		Steps: []resource.TestStep{
			{
				Config:           provider + localUser(first, "1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{lacks{first}}},
				ConfigStateChecks: []statecheck.StateCheck{
					lacks{first},
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sensitive_body"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("output").AtMapKey("auth").AtMapKey("method"), knownvalue.StringExact("password")),
				},
				Check: checkMockObject(srv, users, "operator", `{"name":"operator","auth":{"method":"password","password":"`+first+`"}}`),
			},
			{
				// The same version: nothing to send, even with a new value.
				Config:           provider + localUser(second, "1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: provider + localUser(second, "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					lacks{first, second}, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{lacks{first, second}},
				Check:             checkMockObject(srv, users, "operator", `{"name":"operator","auth":{"method":"password","password":"`+second+`"}}`),
			},
			{
				// A refresh keeps the secret out of output too.
				Config:            provider + localUser(second, "2"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{lacks{first, second}},
			},
		},
	})
}
