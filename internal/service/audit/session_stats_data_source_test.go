package audit_test

import (
	"regexp"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func TestAccAuditSessionStats_workedExamples(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	const users, protocols, accepted = "data.sps_audit_session_stats.users", "data.sps_audit_session_stats.protocols",
		"data.sps_audit_session_stats.accepted"
	item := func(value string, count, others int64, buckets ...knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"value": knownvalue.StringExact(value), "count": knownvalue.Int64Exact(count),
			"others": knownvalue.Int64Exact(others), "buckets": knownvalue.ListExact(buckets),
		})
	}
	bucket := func(value string, count int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"value": knownvalue.StringExact(value), "count": knownvalue.Int64Exact(count)})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
# The vendor's example: field=user.gateway_username, sub_fields=protocol, size=1.
data "sps_audit_session_stats" "users" {
  field     = "user.gateway_username"
  sub_field = "protocol"
  size      = 1
}

data "sps_audit_session_stats" "protocols" {
  field = "protocol"
}

data "sps_audit_session_stats" "accepted" {
  field = "protocol"
  query = "verdict:accept"
  start = "2024-05-06T09:00"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// user-Alpha has 5 sessions: 3 ssh in the bucket, 2 rdp left
				// out; the 3 other users' sessions are the top-level others.
				statecheck.ExpectKnownValue(users, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
					item("user-Alpha", 5, 2, bucket("ssh", 3)),
				})),
				statecheck.ExpectKnownValue(users, tfjsonpath.New("others"), knownvalue.Int64Exact(3)),

				statecheck.ExpectKnownValue(protocols, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
					item("ssh", 5, 0), item("rdp", 3, 0),
				})),
				statecheck.ExpectKnownValue(protocols, tfjsonpath.New("others"), knownvalue.Int64Exact(0)),

				// Accepted sessions started after 09:00 on 05-06: 3, 5 (rdp); 6, 8 (ssh).
				statecheck.ExpectKnownValue(accepted, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
					item("rdp", 2, 0), item("ssh", 2, 0),
				})),
			},
		}},
	})
}

// Item 11: a search backend that stays down gives a diagnostic that says
// so, after the client's retries.
func TestAccAuditSessionStats_searchUnavailable(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow))
	srv, provider := env.Server, env.AuditorBlock()
	if _, err := srv.Faults().Add(faults.Fault{Kind: faults.KindSearchUnavailable, Count: -1}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      provider + `data "sps_audit_session_stats" "x" { field = "protocol" }`,
			ExpectError: regexp.MustCompile(`(?s)The SPS search backend is unavailable.*SearchUnavailable.*in \d+\s+attempts`),
		}},
	})
}
