package provider

// Issue 10 edge cases, seen through the provider and the real Terraform
// CLI: destroying an imported built-in policy, redirects, plain http, a
// lock wait of zero, a rejected password, and audit errors shown on the
// attribute that caused them.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

const builtinPolicyPath = "/api/configuration/vnc/settings_policies/" + defaultPolicyKey

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
	r := &vncSettingsPolicyResource{resourceBase{client: client}}
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

// A DELETE SPS refuses is worded as a refused deletion, not as a refused
// request body (a DELETE has none).
func TestDescribeClientErrorDelete(t *testing.T) {
	t.Parallel()
	err := &sps.Error{Method: http.MethodDelete, Path: "/api/configuration/vnc/settings_policies/7", StatusCode: http.StatusBadRequest,
		Type: "SemanticError", Message: "the policy is in use by connection policy ssh-main"}
	summary, detail := describeClientError(deleteOp(areaSettingsPolicy, `VNC settings policy "x" (key 7)`), err)
	if summary != "SPS refused the deletion" || strings.Contains(detail, "request body") ||
		!strings.Contains(detail, `delete VNC settings policy "x" (key 7)`) || !strings.Contains(detail, "in use by connection policy") {
		t.Errorf("summary %q, detail %q", summary, detail)
	}
}

// A redirect is refused with an error naming the target, not followed.
func TestAccProvider_redirectRefused(t *testing.T) {
	clearProviderEnv(t)
	env := mockspstest.Start(t, mockspstest.WithTLS())
	srv := env.Server
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, env.URL+r.URL.RequestURI(), http.StatusMovedPermanently)
	}))
	t.Cleanup(redirector.Close)
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: mockspstest.ProviderBlock(redirector.URL, mockspstest.AdminUser, mockspstest.AdminPassword, "ca_cert_pem = "+quote(string(env.CAPEM))) + `
data "sps_vnc_settings_policy" "default" {
  id = "-30211"
}
`,
			ExpectError: expectError(regexp.QuoteMeta("SPS answered with a redirect to " + env.URL + "; set url to that address")),
		}},
	})
	if n := srv.Counters().Total; n != 0 {
		t.Errorf("the redirect was followed: the HTTPS mock served %d requests", n)
	}
}

// An http:// url raises a warning at configure time; https:// does not.
func TestProvider_httpURLWarns(t *testing.T) {
	clearProviderEnv(t)
	attrs := func(url string) map[string]tftypes.Value {
		return map[string]tftypes.Value{
			"url":      tftypes.NewValue(tftypes.String, url),
			"username": tftypes.NewValue(tftypes.String, mockspstest.AdminUser),
			"password": tftypes.NewValue(tftypes.String, mockspstest.AdminPassword),
		}
	}
	client, diags := configureDirect(t, attrs("http://sps.example.com"))
	if client == nil || diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("http:// url: client %v, diags %v", client, diags)
	}
	w := diags.Warnings()[0]
	wp, ok := w.(diag.DiagnosticWithPath)
	if !ok || !wp.Path().Equal(path.Root("url")) {
		t.Errorf("the warning is not on the url attribute: %#v", w)
	}
	if w.Summary() != "The SPS password is sent in cleartext" || !strings.Contains(w.Detail(), "http://sps.example.com") ||
		!strings.Contains(w.Detail(), "https://") {
		t.Errorf("warning %q: %q", w.Summary(), w.Detail())
	}
	if _, diags := configureDirect(t, attrs("https://sps.example.com")); len(diags) != 0 {
		t.Errorf("https:// url: diags %v", diags)
	}
}

// lock_wait_timeout = "0s" fails at once on a held lock, naming the holder.
func TestAccProvider_lockWaitZero(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	const hold = 20 * time.Second
	var start time.Time
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				PreConfig: func() {
					if err := srv.HoldLock("alice", hold); err != nil {
						t.Fatal(err)
					}
					start = time.Now()
				},
				Config: env.AdminBlock(`lock_wait_timeout = "0s"`) + `
resource "sps_vnc_settings_policy" "p" {
  name = "no-wait"
}
`,
				ExpectError: expectError("SPS user alice holds the SPS configuration lock"),
			},
		},
	})
	if d := time.Since(start); d > hold/2 {
		t.Errorf("the failing apply took %v; lock_wait_timeout = 0s must not wait", d)
	}
	if _, _, err := mockPolicyByName(srv, "no-wait"); err == nil {
		t.Error("the policy was created despite the lock")
	}
	if h := srv.LockHolder(); h != "alice" {
		t.Errorf("lock holder = %q, want alice's lock left alone", h)
	}
}

// A rejected password is tried once per run: twenty data sources make one
// login attempt, not twenty.
func TestAccProvider_rejectedPasswordLogsInOnce(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t)
	srv := env.Server
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: env.ProviderBlock(mockspstest.AdminUser, "wrong-password") + `
data "sps_vnc_settings_policy" "d" {
  count = 20
  id    = "-30211"
}
`,
			ExpectError: expectError("SPS rejected the login"),
		}},
	})
	if n := srv.Counters().Requests["GET /api/authentication"]; n != 1 {
		t.Errorf("the mock saw %d login attempts for 20 reads in one run, want 1", n)
	}
}

// An audit parameter SPS refuses is reported on the attribute that set it:
// Terraform shows that attribute's line of the configuration.
func TestAccAuditDataSources_errorOnAttribute(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow)).AuditorBlock()
	onLine := func(attr, line string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)SPS rejected the value of ` + attr + `.*\d+:\s+` + regexp.QuoteMeta(line))
	}
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: provider + `
data "sps_audit_sessions" "x" {
  query = "protocol:ssh"
  sort  = ["no_such_field"]
}
`,
				ExpectError: onLine("sort", `sort  = ["no_such_field"]`),
			},
			{
				Config: provider + `
data "sps_audit_sessions" "x" {
  query = "protocol:ssh"
  start = "2024-05-09"
  end   = "2024-05-01"
}
`,
				ExpectError: onLine("start", `start = "2024-05-09"`),
			},
			{
				Config: provider + `
data "sps_audit_session_stats" "x" {
  field   = "protocol"
  query   = "protocol:ssh"
  content = "(unbalanced"
}
`,
				ExpectError: onLine("content", `content = "(unbalanced"`),
			},
			{
				Config: provider + `
data "sps_audit_sessions" "x" {
  content    = "sudo"
  query      = "protocol:(ssh"
}
`,
				ExpectError: regexp.MustCompile(`(?s)SPS rejected the session query.*\d+:\s+query\s+= "protocol:\(ssh"`),
			},
		},
	})
}

// A CSV export whose answer stalls fails within request_timeout, with a
// diagnostic that names the setting, instead of hanging the plan.
func TestAccAuditSessions_csvStallHonorsRequestTimeout(t *testing.T) {
	t.Parallel()
	// The stall ends on its own after a while, so that a client without a
	// stall limit makes the test fail rather than hang.
	const stall = 20 * time.Second
	env := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow),
		mockspstest.WithMiddleware(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			if r.URL.Path == "/api/audit/sessions" && r.URL.Query().Get("format") == "csv" {
				select {
				case <-time.After(stall):
				case <-r.Context().Done():
				}
			}
			next.ServeHTTP(w, r)
		}))
	start := time.Now()
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: env.AuditorBlock(`request_timeout = "1s"`, "max_retries = 1") + `
data "sps_audit_sessions" "x" {
  query      = "protocol:ssh"
  csv_fields = ["protocol"]
}
`,
			ExpectError: expectError("SPS stopped answering .* SPS sent nothing for 1s, the provider's request_timeout"),
		}},
	})
	if d := time.Since(start); d > stall/2 {
		t.Errorf("the plan took %v although request_timeout is 1s", d)
	}
}

// max_retries = 0 means no retries (the client's zero would mean its
// default of 4).
func TestProvider_maxRetriesZero(t *testing.T) {
	clearProviderEnv(t)
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(ts.Close)
	client, diags := configureDirect(t, map[string]tftypes.Value{
		"url":         tftypes.NewValue(tftypes.String, ts.URL),
		"username":    tftypes.NewValue(tftypes.String, mockspstest.AdminUser),
		"password":    tftypes.NewValue(tftypes.String, mockspstest.AdminPassword),
		"max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	if client == nil || diags.HasError() {
		t.Fatalf("configure: %v", diags)
	}
	if _, err := client.ListVNCSettingsPolicies(t.Context()); err == nil {
		t.Fatal("a 503 succeeded")
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the server saw %d attempts with max_retries = 0, want 1", n)
	}
}
