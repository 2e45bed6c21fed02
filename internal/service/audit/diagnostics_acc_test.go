package audit_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// An auditor whose groups lack the search privilege gets 403 on every
// session database read. The diagnostic must say so, on each audit data
// source, and never send them to fix their access to the VNC configuration
// (the generic 403 advice once did).
func TestAccAuditReadForbidden(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow),
		mockspstest.WithMiddleware(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			if strings.HasPrefix(r.URL.Path, "/api/audit") {
				httpapi.WriteError(w, r, http.StatusForbidden, "Unauthorized",
					"the user has no privilege to access this resource", nil)
				return
			}
			next.ServeHTTP(w, r)
		}))
	provider := env.AuditorBlock()
	for _, tc := range []struct{ name, config string }{
		{"sps_audit_sessions", `data "sps_audit_sessions" "x" {}`},
		{"sps_audit_session", `data "sps_audit_session" "x" { id = "svc/NoSuchHash/ssh_main:1/ssh" }`},
		{"sps_audit_session_stats", `data "sps_audit_session_stats" "x" { field = "protocol" }`},
		{"sps_audit_session_histogram", `data "sps_audit_session_histogram" "x" {}`},
		{"sps_audit_sessions_csv", `data "sps_audit_sessions_csv" "x" { columns = ["id"] }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      provider + tc.config,
					ExpectError: acctest.ExpectError(`The SPS user lacks read permission .* may not search the session database.* search privilege`),
				}},
			})
		})
	}
}

func TestAccAuditDataSources_errors(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow))
	srv, provider := env.Server, env.AuditorBlock()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Plan-time checks: none of these reach SPS.
			{
				Config:      provider + `data "sps_audit_session_histogram" "x" { bin_size = "fortnight" }`,
				ExpectError: regexp.MustCompile(`(?s)bin_size.*value must be one of`),
			},
			{
				Config:      provider + `data "sps_audit_session_histogram" "x" { time_zone = "Mars/Olympus_Mons" }`,
				ExpectError: regexp.MustCompile(`Unknown time zone`),
			},
			{
				Config:      provider + `data "sps_audit_sessions" "x" { start = "last tuesday" }`,
				ExpectError: regexp.MustCompile(`Invalid date`),
			},
			{
				Config:      provider + `data "sps_audit_sessions" "x" { max_results = 1000001 }`,
				ExpectError: regexp.MustCompile(`(?s)max_results.*between 1 and 1000000`),
			},
			{
				Config:      provider + `data "sps_audit_sessions" "x" { sort = ["+start_time"] }`,
				ExpectError: regexp.MustCompile(`(?s)sort\[0\].*prefixed with -`),
			},
			{
				Config:      provider + `data "sps_audit_sessions" "x" { content = "*secret" }`,
				ExpectError: regexp.MustCompile(`starts with \*`),
			},
			{
				PreConfig: func() {
					if n := acctest.AuditRequests(srv); n != 0 {
						t.Errorf("plan-time validation made %d audit requests", n)
					}
				},
				// A query SPS refuses: the diagnostic carries SPS's message.
				Config:      provider + `data "sps_audit_sessions" "x" { query = "protocol:(ssh" }`,
				ExpectError: regexp.MustCompile(`(?s)SPS rejected the session query.*InvalidQuery.*parenthesis`),
			},
			{
				Config: provider + `
data "sps_audit_session_stats" "x" {
  field = "protocol"
  query = "verdict:"
}`,
				ExpectError: regexp.MustCompile(`(?s)SPS rejected the session query.*InvalidQuery`),
			},
		},
	})
}

// An audit parameter SPS refuses is reported on the attribute that set it:
// Terraform shows that attribute's line of the configuration.
func TestAccAuditDataSources_errorOnAttribute(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	onLine := func(attr, line string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)SPS rejected the value of ` + attr + `.*\d+:\s+` + regexp.QuoteMeta(line))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
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
