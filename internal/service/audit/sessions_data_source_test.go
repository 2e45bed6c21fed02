package audit_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func TestAccAuditSessions_search(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	const ok, window, quoted, limited = "data.sps_audit_sessions.ssh_ok", "data.sps_audit_sessions.window",
		"data.sps_audit_sessions.quoted", "data.sps_audit_sessions.limited"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_audit_sessions" "ssh_ok" {
  query = "protocol:ssh AND verdict:accept"
  sort  = ["-start_time"]
}

data "sps_audit_sessions" "window" {
  start = "2024-05-07"
  end   = "2024-05-07"
  sort  = ["start_time"]
}

data "sps_audit_sessions" "quoted" {
  query = "server_username:${provider::sps::query_quote("Windows User")}"
}

data "sps_audit_sessions" "limited" {
  sort        = ["start_time"]
  max_results = 2
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// Sessions 1, 6 and 8 are the accepted ssh ones; newest first.
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("sessions"), acctest.SessionIDs(8, 6, 1)),
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("match_count"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("max_results"), knownvalue.Int64Exact(500)),
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("csv"), knownvalue.Null()),
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{16}$`))),
				// Every attribute of one finished session.
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("sessions").AtSliceIndex(2), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":         knownvalue.StringExact("svc-Hx1-ssh_main-1"),
					"rest_id":    knownvalue.StringExact("svc-Hx1-ssh_main-1"),
					"session_id": knownvalue.StringExact("svc/Hx1/ssh_main:1"),
					"protocol":   knownvalue.StringExact("ssh"),
					"active":     knownvalue.Bool(false),
					"verdict":    knownvalue.StringExact("ACCEPT"),
					"start_time": knownvalue.StringExact("2024-05-06T08:15:00.000Z"),
					"end_time":   knownvalue.StringExact("2024-05-06T08:25:00.000Z"),
					"duration":   knownvalue.Int64Exact(600),
					"user": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":              knownvalue.Null(),
						"name":            knownvalue.StringExact("user-Alpha"),
						"server_username": knownvalue.StringExact("root"),
					}),
					"client": acctest.EndpointCheck("10.1.0.5", 50001, "10.1.0.5"),
					"server": acctest.EndpointCheck("10.2.0.10", 22, "db-01.example.com"),
					"target": acctest.EndpointCheck("10.2.0.10", 22, "10.2.0.10"),

					"connection_policy":    knownvalue.StringExact("ssh_main"),
					"channel_policy":       knownvalue.StringExact("shell-only"),
					"auth_method":          knownvalue.StringExact("publickey"),
					"index_status":         knownvalue.StringExact("INDEXED"),
					"origin":               knownvalue.StringExact("RECORDING"),
					"archived":             knownvalue.Bool(true),
					"has_accepted_channel": knownvalue.Bool(true),
					"interesting_events":   knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("sudo"), knownvalue.StringExact("systemctl")}),
				})),
				// The active session has no end.
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("sessions").AtSliceIndex(0).AtMapKey("active"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("sessions").AtSliceIndex(0).AtMapKey("end_time"), knownvalue.Null()),

				// Started and ended on 2024-05-07: sessions 4 and 5.
				statecheck.ExpectKnownValue(window, tfjsonpath.New("sessions"), acctest.SessionIDs(4, 5)),
				statecheck.ExpectKnownValue(window, tfjsonpath.New("match_count"), knownvalue.Int64Exact(2)),

				// A value with a space, quoted by the function.
				statecheck.ExpectKnownValue(quoted, tfjsonpath.New("query"), knownvalue.StringExact(`server_username:"Windows User"`)),
				statecheck.ExpectKnownValue(quoted, tfjsonpath.New("sessions"), acctest.SessionIDs(3)),

				// Fewer returned than matched.
				statecheck.ExpectKnownValue(limited, tfjsonpath.New("sessions"), acctest.SessionIDs(1, 2)),
				statecheck.ExpectKnownValue(limited, tfjsonpath.New("match_count"), knownvalue.Int64Exact(8)),
				statecheck.ExpectKnownValue(limited, tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			},
		}},
	})
}

func TestAccAuditSessions_csv(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_audit_sessions" "rdp" {
  query      = "protocol:rdp"
  sort       = ["start_time"]
  csv_fields = ["protocol", "user.gateway_username", "client.ip"]
}
`,
			Check: resource.TestCheckResourceAttrWith("data.sps_audit_sessions.rdp", "csv", acctest.CheckCSV(
				[]string{"Key", "Protocol", "Gateway username", "Client IP"},
				[][]string{
					{"svc-Rd2-rdp_jump-3", "rdp", "user-Charlie", "10.1.0.7"},
					{"svc-Rd2-rdp_jump-4", "rdp", "user-Alpha", "10.1.0.5"},
					{"svc-Rd2-rdp_jump-5", "rdp", "user-Alpha", "10.1.0.5"},
				})),
		}},
	})
}

// TestAccAuditSessions_paging reads more than one page from a generated
// database: 1200 sessions, so 1100 results span three SPS pages fetched in
// parallel.
func TestAccAuditSessions_paging(t *testing.T) {
	t.Parallel()
	st := audit.Generate(1200, 42, acctest.AuditNow)
	env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow))
	provider := env.AuditorBlock()
	// Counted here from the raw documents, not by the mock's query engine.
	protocols := acctest.RawFieldValues(t, env.URL, "protocol")
	const paged, ssh = "data.sps_audit_sessions.paged", "data.sps_audit_sessions.ssh"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_audit_sessions" "paged" {
  sort        = ["start_time"]
  max_results = 1100
  csv_fields  = ["protocol", "start_time"]
}

data "sps_audit_sessions" "ssh" {
  query       = "protocol:ssh"
  max_results = 1
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(paged, tfjsonpath.New("match_count"), knownvalue.Int64Exact(int64(st.Len()))),
				statecheck.ExpectKnownValue(paged, tfjsonpath.New("truncated"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(paged, tfjsonpath.New("sessions"), knownvalue.ListSizeExact(1100)),
				statecheck.ExpectKnownValue(ssh, tfjsonpath.New("match_count"), knownvalue.Int64Exact(int64(acctest.CountValue(protocols, "ssh")))),
				statecheck.ExpectKnownValue(ssh, tfjsonpath.New("sessions"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue(ssh, tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				acctest.CheckSessionList(paged, 1100),
				resource.TestCheckResourceAttrWith(paged, "csv", func(v string) error {
					records, err := csv.NewReader(strings.NewReader(v)).ReadAll()
					if err != nil {
						return err
					}
					if len(records) != 1101 || !slices.Equal(records[0], []string{"Key", "Protocol", "Start time"}) {
						return fmt.Errorf("csv has %d records (want header + 1100), first %v", len(records), records[0])
					}
					return nil
				}),
			),
		}},
	})
}

// A CSV export whose answer stalls fails within request_timeout, with a
// diagnostic that names the setting, instead of hanging the plan.
func TestAccAuditSessions_csvStallHonorsRequestTimeout(t *testing.T) {
	t.Parallel()
	// The stall ends on its own after a while, so that a client without a
	// stall limit makes the test fail rather than hang.
	const stall = 20 * time.Second
	env := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow),
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
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.AuditorBlock(`request_timeout = "1s"`, "max_retries = 1") + `
data "sps_audit_sessions" "x" {
  query      = "protocol:ssh"
  csv_fields = ["protocol"]
}
`,
			ExpectError: acctest.ExpectError("SPS stopped answering .* SPS sent nothing for 1s, the provider's request_timeout"),
		}},
	})
	if d := time.Since(start); d > stall/2 {
		t.Errorf("the plan took %v although request_timeout is 1s", d)
	}
}
