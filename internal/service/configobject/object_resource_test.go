package configobject_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

const sshConnections = "ssh/connections"

// sshPolicy is an SSH connection policy that refers to the indexing policy
// the tests seed as idx-1, by key.
func sshPolicy(active string) string {
	return `
resource "sps_config_object" "ssh" {
  path = "ssh/connections"
  body = {
    name    = "ssh-prod"
    active  = ` + active + `
    network = { clients = ["10.0.0.0/8"], ports = [22] }
    indexing = {
      enabled = true
      policy  = "idx-1"
    }
  }
}
`
}

// The life of a generic object: created with a reference written as a key;
// one declared field updated while fields the configuration does not
// declare (set on the appliance by someone else) are kept, as the mock's
// stored object shows; drift on an undeclared field shows in output only,
// drift on a declared one in the plan; imported by ID with an empty plan;
// destroyed.
func TestAccConfigObject_lifecycle(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	if err := srv.PutConfigObject("policies/indexing", "idx-1", acctest.MustJSON(t, `{"name":"idx"}`)); err != nil {
		t.Fatal(err)
	}
	const addr = "sps_config_object.ssh"
	active, inactive := provider+sshPolicy("true"), provider+sshPolicy("false")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(srv, sshConnections, "ssh-prod"),
		Steps: []resource.TestStep{
			{
				Config: active,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("path"), knownvalue.StringExact(sshConnections)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("key"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("output").AtMapKey("indexing").AtMapKey("policy").AtMapKey("key"),
						knownvalue.StringExact("idx-1")),
				},
				Check: checkMockObject(srv, sshConnections, "ssh-prod", `{"name":"ssh-prod","active":true,
					"network":{"clients":["10.0.0.0/8"],"ports":[22]},"indexing":{"enabled":true,"policy":"idx-1"}}`),
			},
			{
				// SPS's reference object equals the key written.
				Config:           active,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Someone adds fields the configuration does not declare;
				// the update of `active` keeps them.
				PreConfig: func() {
					editMockObject(t, srv, sshConnections, "ssh-prod", func(b map[string]any) {
						b["log_audit_trail_downloads"] = true
						b["indexing"].(map[string]any)["priority"] = 3
					})
				},
				Config: inactive,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: checkMockObject(srv, sshConnections, "ssh-prod", `{"name":"ssh-prod","active":false,
					"log_audit_trail_downloads":true,"network":{"clients":["10.0.0.0/8"],"ports":[22]},
					"indexing":{"enabled":true,"policy":"idx-1","priority":3}}`),
			},
			{
				// Drift on an undeclared field: no change planned, output
				// shows it.
				PreConfig: func() {
					editMockObject(t, srv, sshConnections, "ssh-prod", func(b map[string]any) { b["log_audit_trail_downloads"] = false })
				},
				Config:           inactive,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("output").AtMapKey("log_audit_trail_downloads"), knownvalue.Bool(false)),
				},
			},
			{
				// Drift on a declared field: the plan reverts it.
				PreConfig: func() {
					editMockObject(t, srv, sshConnections, "ssh-prod", func(b map[string]any) { b["active"] = true })
				},
				Config: inactive,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: checkMockObject(srv, sshConnections, "ssh-prod", `{"name":"ssh-prod","active":false,
					"log_audit_trail_downloads":false,"network":{"clients":["10.0.0.0/8"],"ports":[22]},
					"indexing":{"enabled":true,"policy":"idx-1","priority":3}}`),
			},
			{
				// An import records the whole object as body.
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"body"},
			},
			{
				// An import block with the partial body plans no change.
				Config:          inactive,
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// Import by identity { path, key } (Terraform 1.12+), the path written in
// full, with an empty plan.
func TestAccConfigObject_importByIdentity(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	if err := srv.PutConfigObject("policies/indexing", "idx-1", acctest.MustJSON(t, `{"name":"idx"}`)); err != nil {
		t.Fatal(err)
	}
	config := provider + sshPolicy("true")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(srv, sshConnections, "ssh-prod"),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValue("sps_config_object.ssh", tfjsonpath.New("path"), knownvalue.StringExact(sshConnections)),
				},
			},
			{
				Config:          config,
				ResourceName:    "sps_config_object.ssh",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
