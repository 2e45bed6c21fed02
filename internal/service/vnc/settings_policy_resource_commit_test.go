package vnc_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// priorStateID checks that the state a plan starts from (after its
// refresh) holds addr with the id *want.
type priorStateID struct {
	addr string
	want *string
}

func (c priorStateID) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if ps := req.Plan.PriorState; ps != nil && ps.Values != nil && ps.Values.RootModule != nil {
		for _, r := range ps.Values.RootModule.Resources {
			if r.Address == c.addr {
				if got := r.AttributeValues["id"]; got != *c.want {
					resp.Error = fmt.Errorf("%s: id in state is %v, want the committed key %s", c.addr, got, *c.want)
				}
				return
			}
		}
	}
	resp.Error = fmt.Errorf("%s is not in state: the committed policy is untracked", c.addr)
}

// A create whose commit landed but whose read-back failed: the apply
// warns, saying so (a warning, not an error: see framework/unsettled_create.go),
// state holds the key the provider wrote, untainted, and the next apply
// converges with that same policy once on the appliance (before, nothing
// was saved and the next apply failed on "must be unique").
func TestAccVNCSettingsPolicy_committedButNotReadBack(t *testing.T) {
	t.Parallel()
	var failReads, committed atomic.Bool
	failReads.Store(true)
	env := mockspstest.Start(t, mockspstest.WithMiddleware(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if failReads.Load() && committed.Load() && r.Method == http.MethodGet &&
			strings.HasPrefix(r.URL.Path, "/api/configuration/vnc/settings_policies") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error": {"type": "", "message": "try later"}}`))
			return
		}
		next.ServeHTTP(w, r)
		if r.Method == http.MethodPut && r.URL.Path == "/api/transaction" {
			committed.Store(true)
		}
	}))
	srv := env.Server
	const addr = "sps_vnc_settings_policy.test"
	config := env.AdminBlock("max_retries = 0") + `
resource "sps_vnc_settings_policy" "test" {
  name    = "unread"
  timeout = 777
}
`
	var firstKey string
	onlyOnce := func(*terraform.State) error {
		n := 0
		for _, raw := range srv.SettingsPolicies() {
			if strings.Contains(string(raw), `"unread"`) {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("the mock holds %d policies named unread, want 1", n)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckOnlyDefaultPolicy(srv),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					k, _, err := acctest.MockPolicyByName(srv, "unread")
					if err != nil {
						return fmt.Errorf("the apply did not commit: %w", err)
					}
					if rs := s.RootModule().Resources[addr]; rs == nil || rs.Primary == nil || rs.Primary.ID != k || rs.Primary.Tainted {
						return fmt.Errorf("state holds %+v, want the committed key %s, not tainted", rs, k)
					}
					failReads.Store(false) // let the post-apply refresh read the policy
					return nil
				},
			},
			{
				PreConfig: func() {
					failReads.Store(false)
					k, _, err := acctest.MockPolicyByName(srv, "unread")
					if err != nil {
						t.Fatalf("the first apply did not commit: %v", err)
					}
					firstKey = k
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{priorStateID{addr: addr, want: &firstKey}},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("timeout"), knownvalue.Int64Exact(777)),
				},
				Check: resource.ComposeTestCheckFunc(onlyOnce,
					acctest.CheckMockPolicy(srv, "unread", `{
						"name": "unread", "timeout": 777, "preconnect_channel_check": false,
						"inactivity_timeout": {"enabled": false},
						"client_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"},
						"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"}
					}`),
					func(s *terraform.State) error {
						// the policy the first apply committed, not a replacement
						return resource.TestCheckResourceAttr(addr, "id", firstKey)(s)
					}),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// Six creates whose names are already taken on SPS and four valid creates,
// applied together (Terraform's default parallelism of 10 puts them in one
// group). The valid ones must be created and recorded: each rejected
// neighbor used to spend one of their replays, until they gave up with
// another resource's "already used" error.
func TestAccRejectedNeighborsDoNotFailValidCreates(t *testing.T) {
	env := mockspstest.Start(t)
	srv, provider := env.Server, env.AdminBlock()
	var taken, valid strings.Builder
	for i := range 6 {
		name := fmt.Sprintf("taken-%d", i)
		body, _ := json.Marshal(acctest.SettingsPolicy{Name: name, Timeout: 600, ClientTLS: "TLSv1_2"}.Body())
		if err := srv.PutSettingsPolicy(fmt.Sprintf("someone-else-%d", i), body); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&taken, "resource \"sps_vnc_settings_policy\" \"taken%d\" {\n  name = %q\n}\n", i, name)
	}
	for i := range 4 {
		fmt.Fprintf(&valid, "resource \"sps_vnc_settings_policy\" \"valid%d\" {\n  name = \"valid-%d\"\n}\n", i, i)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      provider + taken.String() + valid.String(),
				ExpectError: acctest.ExpectError(`"taken-5" is already used`),
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
						if _, _, err := acctest.MockPolicyByName(srv, fmt.Sprintf("valid-%d", i)); err != nil {
							return err
						}
					}
					return nil
				},
			},
		},
	})
}
