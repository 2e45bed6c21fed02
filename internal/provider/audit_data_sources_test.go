package provider

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// auditFixture is a small hand-written session database. Its eight
// sessions reproduce the vendor's worked stats example (gateway users
// user-Alpha ×5, user-Bravo, user-Charlie, user-Delta; protocols ssh ×5,
// rdp ×3), so stats results can be checked against the documentation, and
// session svc/Hx1/ssh_main:1 carries events, alerts and channels.
//
//	n  protocol user          verdict    start (UTC)        duration
//	1  ssh      user-Alpha    ACCEPT     05-06 08:15        600
//	2  ssh      user-Bravo    DENY       05-06 09:05        1
//	3  rdp      user-Charlie  ACCEPT     05-06 09:40        3600  server_username "Windows User"
//	4  rdp      user-Alpha    FAIL       05-07 10:00        2
//	5  rdp      user-Alpha    ACCEPT     05-07 10:30        1800
//	6  ssh      user-Alpha    ACCEPT     05-08 13:00        900
//	7  ssh      user-Alpha    AUTH-FAIL  05-08 13:20        0
//	8  ssh      user-Delta    ACCEPT     05-09 07:45        (active)
const auditFixture = "testdata/audit_sessions.json"

// auditNow is the mock's clock in audit tests: generated sessions and
// histogram defaults depend on it.
var auditNow = time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)

func loadAuditFixture(t *testing.T) *audit.Store {
	t.Helper()
	st, err := audit.LoadFile(auditFixture)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// sessionIDs checks a sessions list by the ids it holds, in order.
func sessionIDs(ns ...int) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(ns))
	for _, n := range ns {
		checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(fixtureKey(n)),
		}))
	}
	return knownvalue.ListExact(checks)
}

func fixtureKey(n int) string {
	if n == 3 || n == 4 || n == 5 {
		return fmt.Sprintf("svc-Rd2-rdp_jump-%d", n)
	}
	return fmt.Sprintf("svc-Hx1-ssh_main-%d", n)
}

func TestAccAuditSessions_search(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow)).AuditorBlock()
	const ok, window, quoted, limited = "data.sps_audit_sessions.ssh_ok", "data.sps_audit_sessions.window",
		"data.sps_audit_sessions.quoted", "data.sps_audit_sessions.limited"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
				statecheck.ExpectKnownValue(ok, tfjsonpath.New("sessions"), sessionIDs(8, 6, 1)),
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
					"client": endpointCheck("10.1.0.5", 50001, "10.1.0.5"),
					"server": endpointCheck("10.2.0.10", 22, "db-01.example.com"),
					"target": endpointCheck("10.2.0.10", 22, "10.2.0.10"),

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
				statecheck.ExpectKnownValue(window, tfjsonpath.New("sessions"), sessionIDs(4, 5)),
				statecheck.ExpectKnownValue(window, tfjsonpath.New("match_count"), knownvalue.Int64Exact(2)),

				// A value with a space, quoted by the function.
				statecheck.ExpectKnownValue(quoted, tfjsonpath.New("query"), knownvalue.StringExact(`server_username:"Windows User"`)),
				statecheck.ExpectKnownValue(quoted, tfjsonpath.New("sessions"), sessionIDs(3)),

				// Fewer returned than matched.
				statecheck.ExpectKnownValue(limited, tfjsonpath.New("sessions"), sessionIDs(1, 2)),
				statecheck.ExpectKnownValue(limited, tfjsonpath.New("match_count"), knownvalue.Int64Exact(8)),
				statecheck.ExpectKnownValue(limited, tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			},
		}},
	})
}

func endpointCheck(ip string, port int64, name string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"ip":   knownvalue.StringExact(ip),
		"port": knownvalue.Int64Exact(port),
		"name": knownvalue.StringExact(name),
	})
}

func TestAccAuditSessions_csv(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow)).AuditorBlock()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_audit_sessions" "rdp" {
  query      = "protocol:rdp"
  sort       = ["start_time"]
  csv_fields = ["protocol", "user.gateway_username", "client.ip"]
}
`,
			Check: resource.TestCheckResourceAttrWith("data.sps_audit_sessions.rdp", "csv", checkCSV(
				[]string{"Key", "Protocol", "Gateway username", "Client IP"},
				[][]string{
					{"svc-Rd2-rdp_jump-3", "rdp", "user-Charlie", "10.1.0.7"},
					{"svc-Rd2-rdp_jump-4", "rdp", "user-Alpha", "10.1.0.5"},
					{"svc-Rd2-rdp_jump-5", "rdp", "user-Alpha", "10.1.0.5"},
				})),
		}},
	})
}

// checkCSV parses the csv attribute and compares header and rows.
func checkCSV(header []string, rows [][]string) func(string) error {
	return func(v string) error {
		records, err := csv.NewReader(strings.NewReader(v)).ReadAll()
		if err != nil {
			return fmt.Errorf("csv does not parse: %w\n%s", err, v)
		}
		if len(records) == 0 || !slices.Equal(records[0], header) {
			return fmt.Errorf("csv header %v, want %v", records[:min(1, len(records))], header)
		}
		if got := records[1:]; len(got) != len(rows) {
			return fmt.Errorf("csv has %d rows, want %d:\n%s", len(got), len(rows), v)
		}
		for i, want := range rows {
			if !slices.Equal(records[i+1], want) {
				return fmt.Errorf("csv row %d is %v, want %v", i+1, records[i+1], want)
			}
		}
		return nil
	}
}

func TestAccAuditSession_details(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow)).AuditorBlock()
	const logged, rest, commands = "data.sps_audit_session.logged", "data.sps_audit_session.rest", "data.sps_audit_session.commands"
	event := func(time, typ, action, content, channel string, record int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"time": knownvalue.StringExact(time), "type": knownvalue.StringExact(typ),
			"action": optStringCheck(action), "content": knownvalue.StringExact(content),
			"channel_id": knownvalue.StringExact(channel), "record_id": knownvalue.Int64Exact(record),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + `
# The id as SPS logs it ...
data "sps_audit_session" "logged" {
  id = "svc/Hx1/ssh_main:1"
}

# ... and in REST form, as sps_audit_sessions returns it.
data "sps_audit_session" "rest" {
  id = "svc-Hx1-ssh_main-1"
}

data "sps_audit_session" "commands" {
  id           = "svc/Hx1/ssh_main:1"
  events_query = "type:command AND content:shadow"
}

data "sps_audit_session" "nohit" {
  id            = "svc/Hx1/ssh_main:1"
  content_query = "nosuchword"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("rest_id"), knownvalue.StringExact("svc-Hx1-ssh_main-1")),
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("session_id"), knownvalue.StringExact("svc/Hx1/ssh_main:1")),
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("duration"), knownvalue.Int64Exact(600)),
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("user").AtMapKey("name"), knownvalue.StringExact("user-Alpha")),
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
						event("2024-05-06T08:16:10.000Z", "command", "ls", "root@db-01:~# ls", "1", 46),
						event("2024-05-06T08:17:15.000Z", "command", "sudo systemctl restart nginx", "root@db-01:~# sudo systemctl restart nginx", "1", 64),
						event("2024-05-06T08:17:16.000Z", "screen.content", "", "Job for nginx.service failed", "1", 70),
						event("2024-05-06T08:20:21.000Z", "command", "cat /etc/shadow", "root@db-01:~# cat /etc/shadow", "2", 95),
					})),
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("alerts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"time":            knownvalue.StringExact("2024-05-06T08:20:21.000Z"),
							"alert_type":      knownvalue.StringExact("adp.event.command"),
							"rule_name":       knownvalue.StringExact("PatternMatcherRule"),
							"matched_content": knownvalue.StringExact("root@db-01:~# cat /etc/shadow"),
							"matched_regexp":  knownvalue.StringExact("shadow"),
							"matched_action":  knownvalue.StringExact("cat /etc/shadow"),
							"channel_id":      knownvalue.StringExact("2"),
							"record_id":       knownvalue.Int64Exact(95),
						}),
					})),
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("channels"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"channel_id": knownvalue.StringExact("1"), "type": knownvalue.StringExact("session-shell"),
							"verdict": knownvalue.StringExact("accept"), "duration": knownvalue.Int64Exact(599),
							"command": knownvalue.Null(), "end_time": knownvalue.StringExact("2024-05-06T08:25:00.000Z"),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"channel_id": knownvalue.StringExact("2"), "type": knownvalue.StringExact("session-exec"),
							"command": knownvalue.StringExact("cat /etc/shadow"), "rule_num": knownvalue.StringExact("2"),
						}),
					})),
					// Both id forms read the same session.
					statecheck.CompareValuePairs(logged, tfjsonpath.New("events"), rest, tfjsonpath.New("events"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(rest, tfjsonpath.New("session_id"), knownvalue.StringExact("svc/Hx1/ssh_main:1")),
					// The events filter is applied by SPS.
					statecheck.ExpectKnownValue(commands, tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
						event("2024-05-06T08:20:21.000Z", "command", "cat /etc/shadow", "root@db-01:~# cat /etc/shadow", "2", 95),
					})),
					// No content search without content_query; a search without hits is an empty list.
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("content_matches"), knownvalue.Null()),
					statecheck.ExpectKnownValue(logged, tfjsonpath.New("content_matches_truncated"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.sps_audit_session.nohit", tfjsonpath.New("content_matches"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue("data.sps_audit_session.nohit", tfjsonpath.New("content_matches_truncated"), knownvalue.Bool(false)),
				},
			},
			{
				Config: provider + `
data "sps_audit_session" "missing" {
  id = "svc/NoSuchHash/ssh_main:99"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Session not found.*svc-NoSuchHash-ssh_main-99`),
			},
		},
	})
}

func optStringCheck(s string) knownvalue.Check {
	if s == "" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(s)
}

func TestAccAuditSessionStats_workedExamples(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow)).AuditorBlock()
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
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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

func TestAccAuditSessionHistogram_days(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow)).AuditorBlock()
	const daily, defaults = "data.sps_audit_session_histogram.daily", "data.sps_audit_session_histogram.defaults"
	bucket := func(time string, started, active int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"time": knownvalue.StringExact(time), "start_count": knownvalue.Int64Exact(started), "active_count": knownvalue.Int64Exact(active),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_audit_session_histogram" "daily" {
  bin_size  = "day"
  start     = "2024-05-06"
  end       = "2024-05-08T23:59:59"
  time_zone = "UTC"
}

data "sps_audit_session_histogram" "defaults" {
  query = "protocol:rdp"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(daily, tfjsonpath.New("buckets"), knownvalue.ListExact([]knownvalue.Check{
					bucket("2024-05-06T00:00:00.000Z", 3, 3),
					bucket("2024-05-07T00:00:00.000Z", 2, 2),
					bucket("2024-05-08T00:00:00.000Z", 2, 2),
				})),
				// Configured values stay as written.
				statecheck.ExpectKnownValue(daily, tfjsonpath.New("start"), knownvalue.StringExact("2024-05-06")),
				statecheck.ExpectKnownValue(daily, tfjsonpath.New("field"), knownvalue.StringExact("protocol")),
				// Unset ones show SPS's defaults: a month, ending now.
				statecheck.ExpectKnownValue(defaults, tfjsonpath.New("bin_size"), knownvalue.StringExact("month")),
				statecheck.ExpectKnownValue(defaults, tfjsonpath.New("time_zone"), knownvalue.StringRegexp(regexp.MustCompile(`^(Etc/)?UTC$`))),
				statecheck.ExpectKnownValue(defaults, tfjsonpath.New("end"), knownvalue.StringRegexp(regexp.MustCompile(`^2024-05-10T12:00`))),
				statecheck.ExpectKnownValue(defaults, tfjsonpath.New("start"), knownvalue.StringRegexp(regexp.MustCompile(`^2024-04-10T12:00`))),
			},
			// All three rdp sessions fall inside the default month, so the
			// buckets' start counts add up to 3.
			Check: func(s *terraform.State) error {
				a, err := sessionsAttr(s, defaults)
				if err != nil {
					return err
				}
				n, _ := strconv.Atoi(a["buckets.#"])
				total := 0
				for i := range n {
					c, _ := strconv.Atoi(a[fmt.Sprintf("buckets.%d.start_count", i)])
					total += c
				}
				if n == 0 || total != 3 {
					return fmt.Errorf("default histogram: %d buckets with %d sessions started, want 3", n, total)
				}
				return nil
			},
		}},
	})
}

func TestAccAuditDataSources_errors(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow))
	srv, provider := env.Server, env.AuditorBlock()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
					if n := auditRequests(srv); n != 0 {
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

// auditRequests counts the requests the mock served under /api/audit.
func auditRequests(srv *mocksps.Server) int {
	n := 0
	for k, v := range srv.Counters().Requests {
		if strings.Contains(k, "/api/audit") {
			n += v
		}
	}
	return n
}

// TestAccAuditSessions_paging reads more than one page from a generated
// database: 1200 sessions, so 1100 results span three SPS pages fetched in
// parallel.
func TestAccAuditSessions_paging(t *testing.T) {
	t.Parallel()
	st := audit.Generate(1200, 42, auditNow)
	env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(auditNow))
	provider := env.AuditorBlock()
	// Counted here from the raw documents, not by the mock's query engine.
	protocols := rawFieldValues(t, env.URL, "protocol")
	const paged, ssh = "data.sps_audit_sessions.paged", "data.sps_audit_sessions.ssh"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
				statecheck.ExpectKnownValue(ssh, tfjsonpath.New("match_count"), knownvalue.Int64Exact(int64(countValue(protocols, "ssh")))),
				statecheck.ExpectKnownValue(ssh, tfjsonpath.New("sessions"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue(ssh, tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkSessionList(paged, 1100),
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

// countValue counts values equal to want ignoring case: SPS matches query
// terms case-insensitively (protocol:ssh finds "SSH", the samples' casing).
func countValue(values []string, want string) int {
	n := 0
	for _, v := range values {
		if strings.EqualFold(v, want) {
			n++
		}
	}
	return n
}

// rawFieldValues reads one field of every session straight from the mock's
// HTTP API with plain net/http, as an independent reference for counts.
func rawFieldValues(t *testing.T, baseURL, field string) []string {
	t.Helper()
	cookie := auditorLogin(t, baseURL)
	var out []string
	for offset := 0; ; offset += 500 {
		resp := httpGet(t, fmt.Sprintf("%s/api/audit/sessions?fields=%s&limit=500&offset=%d", baseURL, field, offset),
			func(r *http.Request) { r.AddCookie(cookie) })
		var page struct {
			Items []struct {
				Body map[string]any `json:"body"`
			} `json:"items"`
		}
		err := json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out = append(out, fmt.Sprint(it.Body[field]))
		}
		if len(page.Items) < 500 {
			return out
		}
	}
}

// auditorLogin logs in to the mock at baseURL as the auditor with plain
// net/http and returns the session_id cookie it sets.
// httpGet sends GET url with plain net/http (prep adds credentials) and
// returns the response; the caller closes its body.
func httpGet(t *testing.T, url string, prep func(*http.Request)) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	prep(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func auditorLogin(t *testing.T, baseURL string) *http.Cookie {
	t.Helper()
	resp := httpGet(t, baseURL+"/api/authentication", func(r *http.Request) {
		r.SetBasicAuth(mockspstest.AuditorUser, mockspstest.AuditorPassword)
	})
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "session_id" {
			return c
		}
	}
	t.Fatal("login set no session_id cookie")
	return nil
}

func sessionsAttr(s *terraform.State, addr string) (map[string]string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s not in state", addr)
	}
	return rs.Primary.Attributes, nil
}

// checkSessionList checks that addr holds n distinct sessions in start_time
// order, which only holds if the pages were put back in order.
func checkSessionList(addr string, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		a, err := sessionsAttr(s, addr)
		if err != nil {
			return err
		}
		if a["sessions.#"] != strconv.Itoa(n) {
			return fmt.Errorf("%s holds %s sessions, want %d", addr, a["sessions.#"], n)
		}
		seen := map[string]bool{}
		prev := time.Time{}
		for i := range n {
			id := a[fmt.Sprintf("sessions.%d.id", i)]
			if seen[id] {
				return fmt.Errorf("session %s appears twice (index %d)", id, i)
			}
			seen[id] = true
			ts, err := time.Parse(time.RFC3339, a[fmt.Sprintf("sessions.%d.start_time", i)])
			if err != nil {
				return fmt.Errorf("session %d: %w", i, err)
			}
			if ts.Before(prev) {
				return fmt.Errorf("sessions out of order at index %d: %s after %s", i, ts, prev)
			}
			prev = ts
		}
		return nil
	}
}
