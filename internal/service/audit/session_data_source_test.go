package audit_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func TestAccAuditSession_details(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	const logged, rest, commands = "data.sps_audit_session.logged", "data.sps_audit_session.rest", "data.sps_audit_session.commands"
	event := func(time, typ, action, content, channel string, record int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"time": knownvalue.StringExact(time), "type": knownvalue.StringExact(typ),
			"action": acctest.OptStringCheck(action), "content": knownvalue.StringExact(content),
			"channel_id": knownvalue.StringExact(channel), "record_id": knownvalue.Int64Exact(record),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
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

// The vendor's samples seen through the data source: every documented
// element of a session, its events, alerts, channels and downloads.
func TestAccAuditSession_vendorSamples(t *testing.T) {
	t.Parallel()
	st, err := audit.LoadFile(acctest.VendorSessionFixture)
	if err != nil {
		t.Fatal(err)
	}
	env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow))
	provider := env.AuditorBlock()
	const s = "data.sps_audit_session.s"
	config := provider + `
data "sps_audit_session" "s" {
  id            = "svc/rUhhQZ3jYsY1NDWYp9DEpq/abcde:29"
  content_query = "sudo"
}
`
	endpoint := func(ip string, port int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"ip": knownvalue.StringExact(ip), "port": knownvalue.Int64Exact(port), "name": knownvalue.Null(),
		})
	}
	download := func(time string, fromAPI bool, user, ip string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"time": knownvalue.StringExact(time), "from_api": knownvalue.Bool(fromAPI),
			"username": knownvalue.StringExact(user), "ip_address": knownvalue.StringExact(ip),
		})
	}
	trailURL := env.URL + "/api/audit/sessions/rUhhQZ3jYsY1NDWYp9DEpq/audit_trail"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					// Item 6: the sample's epoch channel times come back as ISO 8601.
					statecheck.ExpectKnownValue(s, tfjsonpath.New("channels").AtSliceIndex(0).AtMapKey("start_time"),
						knownvalue.StringExact("2016-01-04T10:06:28.000Z")),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("channels").AtSliceIndex(0).AtMapKey("end_time"),
						knownvalue.StringExact("2016-01-04T10:09:05.000Z")),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("channels").AtSliceIndex(0).AtMapKey("originator"), knownvalue.Null()),
					// Item 7: forward channels' ends, from flat dotted keys.
					statecheck.ExpectKnownValue(s, tfjsonpath.New("channels").AtSliceIndex(4).AtMapKey("originator"), endpoint("::1", 59578)),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("channels").AtSliceIndex(4).AtMapKey("connected"), endpoint("<server>", 22)),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("channels").AtSliceIndex(5).AtMapKey("connected"), endpoint("localhost", 9898)),
					// Item 13: indexing details, as the indexing page's sample.
					statecheck.ExpectKnownValue(s, tfjsonpath.New("indexing"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"status": knownvalue.StringExact("COMPLETED"), "start_time": knownvalue.StringExact("2018-11-13T13:42:04.143Z"),
							"duration": knownvalue.Int64Exact(149), "cpu_time": knownvalue.Int64Exact(5),
							"adp_version": knownvalue.StringExact("6.0.20"), "worker_version": knownvalue.StringExact("4.0.26"),
							"near_realtime": knownvalue.Bool(false), "ocr_languages": knownvalue.ListExact([]knownvalue.Check{}),
							"commands": knownvalue.Bool(true), "screen": knownvalue.Bool(true), "titles": knownvalue.Bool(true),
							"keyboard": knownvalue.Bool(false), "mouse": knownvalue.Bool(false),
						}),
					})),
					// ... the download links and the downloads so far (the sample's two) ...
					statecheck.ExpectKnownValue(s, tfjsonpath.New("audit_trail_url"), knownvalue.StringExact(trailURL)),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("audit_trail_srs_url"), knownvalue.StringExact(trailURL+"?format=srs")),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("trail_downloads"), knownvalue.ListExact([]knownvalue.Check{
						download("2018-11-20T11:10:19.000Z", false, "admin", "10.20.30.40"),
						download("2018-11-20T11:10:38.000Z", false, "admin", "10.20.30.40"),
					})),
					// ... and the content search inside the session.
					statecheck.ExpectKnownValue(s, tfjsonpath.New("content_matches"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"channel_id": knownvalue.StringExact("5"), "record_begin": knownvalue.Int64Exact(148),
							"record_screenshot": knownvalue.Int64Exact(148), "trail_id": knownvalue.StringExact("30"),
							"start_time": knownvalue.StringExact("2017-04-11T09:21:27.017"),
						}),
					})),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("content_matches_truncated"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("events"), knownvalue.ListSizeExact(6)),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("events_truncated"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(s, tfjsonpath.New("alerts_truncated"), knownvalue.Bool(false)),
				},
			},
			{
				// Item 10: a REST download of the trail is listed with from_api.
				PreConfig: func() { acctest.DownloadTrail(t, trailURL) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(s, tfjsonpath.New("trail_downloads"), knownvalue.ListExact([]knownvalue.Check{
						download("2018-11-20T11:10:19.000Z", false, "admin", "10.20.30.40"),
						download("2018-11-20T11:10:38.000Z", false, "admin", "10.20.30.40"),
						download("2024-05-10T12:00:00.000Z", true, mockspstest.AuditorUser, "127.0.0.1"),
					})),
				},
			},
		},
	})
}

// More events than the provider reads are flagged.
func TestAccAuditSession_eventsTruncated(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"sessions": {"svc-many-ssh-1": {"protocol": "ssh", "recording": {"session_id": "svc/many/ssh:1"}}}, "events": {"svc-many-ssh-1": [`)
	for i := range 10001 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"action": "ls", "channels_id": "1", "content": "$ ls %d", "record_id": %d, "time": "2024-01-01T00:00:00.000Z", "type": "command"}`, i, i+1)
	}
	b.WriteString(`]}}`)
	st, err := audit.Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	provider := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	const all, few = "data.sps_audit_session.all", "data.sps_audit_session.few"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_audit_session" "all" {
  id = "svc/many/ssh:1"
}

data "sps_audit_session" "few" {
  id           = "svc/many/ssh:1"
  events_query = "record_id:[1 TO 10]"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("events"), knownvalue.ListSizeExact(10000)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("events_truncated"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(few, tfjsonpath.New("events"), knownvalue.ListSizeExact(10)),
				statecheck.ExpectKnownValue(few, tfjsonpath.New("events_truncated"), knownvalue.Bool(false)),
			},
		}},
	})
}

// Item 8: generated sessions whose logged id carries the documented
// /<protocol> part are read by that id, and session_rest_id() gives the
// REST id SPS lists them under.
func TestAccAuditSession_idWithProtocol(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(audit.Generate(20, 42, acctest.AuditNow)), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	const logged, rest = "data.sps_audit_session.logged", "data.sps_audit_session.rest"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_audit_sessions" "all" {
  max_results = 20
}

locals {
  # svc/<hash>/<policy>:<n>/<protocol> has four parts.
  with_protocol = [for s in data.sps_audit_sessions.all.sessions : s if length(split("/", s.session_id)) == 4]
  picked        = local.with_protocol[0]
}

data "sps_audit_session" "logged" {
  id = local.picked.session_id
}

data "sps_audit_session" "rest" {
  id = provider::sps::session_rest_id(local.picked.session_id)
}

output "rest_id_matches" {
  value = (provider::sps::session_rest_id(local.picked.session_id) == local.picked.id &&
  data.sps_audit_session.logged.rest_id == local.picked.id)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("rest_id_matches", knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(logged, tfjsonpath.New("session_id"),
					knownvalue.StringRegexp(regexp.MustCompile(`^svc/[0-9A-Za-z]{22}/[a-z_]+:[0-9]+/(ssh|rdp|vnc|telnet|http|ica)$`))),
				statecheck.ExpectKnownValue(rest, tfjsonpath.New("rest_id"),
					knownvalue.StringRegexp(regexp.MustCompile(`^svc-[0-9A-Za-z]{22}-[a-z_]+-[0-9]+-(ssh|rdp|vnc|telnet|http|ica)$`))),
				statecheck.CompareValuePairs(logged, tfjsonpath.New("events"), rest, tfjsonpath.New("events"), compare.ValuesSame()),
				// Item 12: the protocol as the samples write it.
				statecheck.ExpectKnownValue(logged, tfjsonpath.New("protocol"), knownvalue.StringRegexp(regexp.MustCompile(`^(SSH|RDP|VNC|TELNET|HTTP|ICA)$`))),
			},
		}},
	})
}
