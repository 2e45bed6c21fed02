package provider

import (
	"net/http"
	"strings"
	"testing"

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
	env := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow),
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
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      provider + tc.config,
					ExpectError: expectError(`The SPS user lacks read permission .* may not search the session database.* search privilege`),
				}},
			})
		})
	}
}
