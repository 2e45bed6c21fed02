package configobject_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// Destroying an imported built-in object (the time policy 7x24, key -100)
// removes it from state and leaves it on SPS untouched, with no request.
func TestAccConfigObject_builtinDestroy(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	const timePolicies, builtin = "policies/time_policies", "-100"
	before, ok := srv.ConfigObject(timePolicies, builtin)
	if !ok {
		t.Fatalf("the mock has no built-in time policy %s", builtin)
	}
	config := provider + `
resource "sps_config_object" "always" {
  path = "policies/time_policies"
  body = { name = "7x24" }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       "sps_config_object.always",
				ImportState:        true,
				ImportStateId:      timePolicies + "/" + builtin,
				ImportStatePersist: true,
			},
			{Config: config, Destroy: true, ConfigStateChecks: []statecheck.StateCheck{stateIsEmpty{}}},
		},
		CheckDestroy: func(*terraform.State) error {
			after, ok := srv.ConfigObject(timePolicies, builtin)
			if !ok || string(after) != string(before) {
				return fmt.Errorf("the built-in time policy changed or is gone: %s -> %s", before, after)
			}
			if n := srv.Counters().Requests["DELETE /api/configuration/"+timePolicies+"/"+builtin]; n != 0 {
				return fmt.Errorf("%d DELETE requests for a built-in object", n)
			}
			return nil
		},
	})
}

// A delete SPS refuses because another object refers to the object fails,
// naming what SPS named; once the reference is gone, the destroy works.
func TestAccConfigObject_referencedDelete(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	config := provider + `
resource "sps_config_object" "indexing" {
  path = "policies/indexing"
  body = { name = "ocr" }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkGone(srv, "policies/indexing", "ocr"),
		Steps: []resource.TestStep{
			{Config: config},
			{
				// A connection policy made on the appliance refers to it.
				PreConfig: func() {
					key, _, err := mockObject(srv, "policies/indexing", "ocr")
					if err != nil {
						t.Fatal(err)
					}
					body := acctest.MustJSON(t, `{"name":"hand-made","indexing":{"enabled":true,"policy":"`+key+`"}}`)
					if err := srv.PutConfigObject(sshConnections, "hand-made-1", body); err != nil {
						t.Fatal(err)
					}
				},
				Config:      provider,
				ExpectError: acctest.ExpectError("/api/configuration/ssh/connections/hand-made-1 still refer to it"),
			},
			{
				PreConfig: func() {
					if _, err := srv.DeleteConfigObject(sshConnections, "hand-made-1"); err != nil {
						t.Fatal(err)
					}
				},
				Config: provider,
			},
		},
	})
}

// A write to a read-only endpoint is refused at plan time, on path, with
// the reference's reason; reading it is fine.
func TestAccConfigObject_readOnlyRefusedAtPlan(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
resource "sps_config_object" "telnet" {
  path = "/api/configuration/telnet/connections"
  body = { name = "t" }
}
`,
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(`telnet/connections is read-only over the SPS REST API: only SSH and RDP connection policies can be modified`),
		}},
	})
	if n := srv.Counters().Requests["POST /api/transaction"]; n != 0 {
		t.Errorf("%d transactions opened for a refused plan", n)
	}
}

// SPS's own refusal of a write the provider did not foresee as read-only
// (here: the mock answering a writable endpoint as SPS answers a read-only
// one) is worded as a read-only endpoint, with SPS's reason.
func TestAccConfigObject_readOnlyRefusedBySPS(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	provider := env.AdminBlock()
	env.OnFirst(http.MethodPost, "/api/configuration/policies/content_policies", func(w http.ResponseWriter, r *http.Request, _ http.Handler) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Allow", "GET")
		w.WriteHeader(http.StatusMethodNotAllowed)
		_, _ = w.Write([]byte(`{"error":{"type":"MethodNotAllowed","message":"content policies are managed on the web interface only",` +
			`"details":{"path":"/api/configuration/policies/content_policies","read_only":true}}}`))
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
resource "sps_config_object" "content" {
  path = "policies/content_policies"
  body = { name = "c" }
}
`,
			ExpectError: acctest.ExpectError("read-only over the SPS REST API: content policies are managed on the web interface only"),
		}},
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
