package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
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
// warns, saying so (a warning, not an error: see unsettled_create.go),
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
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkOnlyDefaultPolicy(srv),
		Steps: []tfresource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					k, _, err := mockPolicyByName(srv, "unread")
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
					k, _, err := mockPolicyByName(srv, "unread")
					if err != nil {
						t.Fatalf("the first apply did not commit: %v", err)
					}
					firstKey = k
				},
				Config: config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{priorStateID{addr: addr, want: &firstKey}},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("timeout"), knownvalue.Int64Exact(777)),
				},
				Check: tfresource.ComposeTestCheckFunc(onlyOnce,
					checkMockPolicy(srv, "unread", `{
						"name": "unread", "timeout": 777, "preconnect_channel_check": false,
						"inactivity_timeout": {"enabled": false},
						"client_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"},
						"server_tls_security_settings": {"cipher_strength": {"selection": "recommended"}, "minimum_tls_version": "TLSv1_2"}
					}`),
					func(s *terraform.State) error {
						// the policy the first apply committed, not a replacement
						return tfresource.TestCheckResourceAttr(addr, "id", firstKey)(s)
					}),
			},
			{
				Config: config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// The diagnostic of an unknown commit outcome says which of the two cases
// it is: SPS still committing after about 4×request_timeout, or the
// transaction's status unreadable.
func TestDescribeCommitOutcomeUnknown(t *testing.T) {
	t.Parallel()
	op := writeOp(areaSettingsPolicy, `create VNC settings policy "x"`)
	slow := fmt.Errorf("creating: %w", &sps.CommitOutcomeUnknownError{Waited: 8 * time.Second, Cause: errors.New("timeout")})
	summary, detail := describeClientError(op, slow)
	if summary != "SPS commit outcome unknown" || !strings.Contains(detail, "about four times request_timeout") ||
		strings.Contains(detail, "could not read") {
		t.Errorf("still committing: %q / %q", summary, detail)
	}
	unread := fmt.Errorf("creating: %w", &sps.CommitOutcomeUnknownError{StatusErr: errors.New("500 boom"), Cause: errors.New("EOF")})
	summary, detail = describeClientError(op, unread)
	if summary != "SPS commit outcome unknown" || !strings.Contains(detail, "could not read the transaction's status") ||
		strings.Contains(detail, "still committing") || !strings.Contains(detail, "500 boom") {
		t.Errorf("status unreadable: %q / %q", summary, detail)
	}
}

// A redirect back to the configured address (a loop, or a trailing slash
// added by a proxy) must not advise setting url to the url already set.
func TestAccProvider_redirectToConfiguredURL(t *testing.T) {
	clearProviderEnv(t)
	var loop, slash *httptest.Server
	loop = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loop.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	t.Cleanup(loop.Close)
	slash = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, slash.URL+r.URL.Path+"/", http.StatusMovedPermanently)
	}))
	t.Cleanup(slash.Close)
	config := func(url string) string {
		return mockspstest.ProviderBlock(url, mockspstest.AdminUser, mockspstest.AdminPassword, "max_retries = 0") + `
data "sps_vnc_settings_policy" "default" {
  id = "-30211"
}
`
	}
	for _, ts := range []*httptest.Server{loop, slash} {
		tfresource.Test(t, tfresource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []tfresource.TestStep{{
				Config:      config(ts.URL),
				ExpectError: expectError("already names.* proxy or load balancer"),
			}},
		})
	}
}
