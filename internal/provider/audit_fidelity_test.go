package provider

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// Acceptance tests for issue 13: what a user sees when an appliance answers
// differently from the mock, emulated by rewriting requests on their way
// to the mock.

// startRewritingMock starts the audit fixture behind a middleware that
// passes each request through rewrite before the mock sees it.
func startRewritingMock(t *testing.T, rewrite func(r *http.Request)) (*mocksps.Server, string) {
	t.Helper()
	env := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow),
		mockspstest.WithMiddleware(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			rewrite(r)
			next.ServeHTTP(w, r)
		}))
	return env.Server, env.AuditorBlock()
}

// dropParams removes query parameters from histogram requests, as an
// appliance that does not know them would ignore them.
func dropParams(names ...string) func(r *http.Request) {
	return func(r *http.Request) {
		if r.URL.Path != "/api/audit/sessions/histogram" {
			return
		}
		q := r.URL.Query()
		for _, n := range names {
			q.Del(n)
		}
		r.URL.RawQuery = q.Encode()
	}
}

func TestAccAuditSessionHistogram_appliesOrRefuses(t *testing.T) {
	t.Parallel()
	const daily = `
data "sps_audit_session_histogram" "x" {
  bin_size  = "day"
  start     = "2024-05-06"
  end       = "2024-05-08T23:59:59"
  time_zone = "Europe/Budapest"
}
`
	// An appliance that honors only one spelling of the interval
	// parameter still gets it: both are sent.
	for _, spelling := range []string{"bin_size", "bin-size"} {
		_, provider := startRewritingMock(t, dropParams(spelling))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: provider + daily,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.sps_audit_session_histogram.x", "buckets.#", "3"),
					resource.TestCheckResourceAttr("data.sps_audit_session_histogram.x", "buckets.0.time", "2024-05-06T00:00:00.000+02:00"),
				),
			}},
		})
	}
	// One that honors neither answers months: refused, naming both values.
	_, neither := startRewritingMock(t, dropParams("bin_size", "bin-size"))
	// One that ignores time_zone answers in UTC: refused the same way.
	_, noZone := startRewritingMock(t, dropParams("time_zone"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      neither + daily,
				ExpectError: regexp.MustCompile(`(?s)SPS answered a different histogram.*bin_size "month".*asked for "day"`),
			},
			{
				Config:      noZone + daily,
				ExpectError: regexp.MustCompile(`(?s)SPS answered a different histogram.*time_zone "Etc/UTC".*asked for\s+"Europe/Budapest"`),
			},
		},
	})
}

// Item 11: a search backend that stays down gives a diagnostic that says
// so, after the client's retries.
func TestAccAuditSessionStats_searchUnavailable(t *testing.T) {
	t.Parallel()
	env := mockspstest.Start(t, mockspstest.WithAudit(loadAuditFixture(t)), mockspstest.WithNow(auditNow))
	srv, provider := env.Server, env.AuditorBlock()
	if _, err := srv.Faults().Add(faults.Fault{Kind: faults.KindSearchUnavailable, Count: -1}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      provider + `data "sps_audit_session_stats" "x" { field = "protocol" }`,
			ExpectError: regexp.MustCompile(`(?s)The SPS search backend is unavailable.*SearchUnavailable.*in \d+\s+attempts`),
		}},
	})
}

// vendorSessionFixture is the mock's fixture built from the vendor's
// samples: session rUhhQZ3jYsY1NDWYp9DEpq with the pages' sample alerts,
// events, indexing details, trail downloads and SSH channels (epoch times,
// flat originator.address keys).
const vendorSessionFixture = "../mocksps/audit/testdata/session_details.json"

// Items 6, 7, 10 and 13, and issue 10 item 10, on the vendor's samples.
func TestAccAuditSession_vendorSamples(t *testing.T) {
	t.Parallel()
	st, err := audit.LoadFile(vendorSessionFixture)
	if err != nil {
		t.Fatal(err)
	}
	env := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(auditNow))
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
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
				PreConfig: func() { downloadTrail(t, trailURL) },
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

// downloadTrail logs in as the auditor and downloads an audit trail, as a
// user following audit_trail_url would.
func downloadTrail(t *testing.T, trailURL string) {
	t.Helper()
	cookie := auditorLogin(t, trailURL[:strings.Index(trailURL, "/api/")])
	resp := httpGet(t, trailURL, func(r *http.Request) { r.AddCookie(cookie) })
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download: %s", resp.Status)
	}
}

// Issue 10 item 10: more events than the provider reads are flagged.
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
	provider := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(auditNow)).AuditorBlock()
	const all, few = "data.sps_audit_session.all", "data.sps_audit_session.few"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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
	provider := mockspstest.Start(t, mockspstest.WithAudit(audit.Generate(20, 42, auditNow)), mockspstest.WithNow(auditNow)).AuditorBlock()
	const logged, rest = "data.sps_audit_session.logged", "data.sps_audit_session.rest"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
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

// Item 4: the start/end reading the docs state is the one the vendor's
// worked stats example needs (sessions overlapping the window), and the
// docs say what a literal-reading appliance returns.
func TestAuditWindowDescriptions(t *testing.T) {
	t.Parallel()
	for _, ds := range []datasource.DataSource{NewAuditSessionsDataSource(), NewAuditSessionStatsDataSource()} {
		t.Run(fmt.Sprintf("%T", ds), func(t *testing.T) {
			var resp datasource.SchemaResponse
			ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
			for name, want := range map[string][]string{
				"start": {"overlap", "started after", "subset", "start_time:["},
				"end":   {"started after it", "ended before"},
			} {
				desc := resp.Schema.Attributes[name].GetMarkdownDescription()
				for _, w := range want {
					if !strings.Contains(desc, w) {
						t.Errorf("%T %s: description %q does not mention %q", ds, name, desc, w)
					}
				}
			}
		})
	}
}

// windowSessions has sessions around 2017-01-20, the date of the search
// page's start/end examples (the same as the mock's TestStartEndExamples).
const windowSessions = `{
  "A": {"protocol": "SSH", "active": false, "start_time": "2017-01-19T10:00:00.000Z", "end_time": "2017-01-19T11:00:00.000Z"},
  "B": {"protocol": "SSH", "active": false, "start_time": "2017-01-19T23:00:00.000Z", "end_time": "2017-01-20T01:00:00.000Z"},
  "C": {"protocol": "SSH", "active": false, "start_time": "2017-01-20T09:00:00.000Z", "end_time": "2017-01-20T10:00:00.000Z"},
  "D": {"protocol": "RDP", "active": false, "start_time": "2017-01-20T12:00:00.000Z", "end_time": "2017-01-20T13:00:00.000Z"},
  "E": {"protocol": "SSH", "active": false, "start_time": "2017-01-20T23:30:00.000Z", "end_time": "2017-01-21T08:00:00.000Z"},
  "F": {"protocol": "SSH", "active": false, "start_time": "2017-01-21T08:30:00.000Z", "end_time": "2017-01-21T10:00:00.000Z"},
  "G": {"protocol": "SSH", "active": false, "start_time": "2017-01-22T10:00:00.000Z", "end_time": "2017-01-22T11:00:00.000Z"},
  "H": {"protocol": "SSH", "active": true, "start_time": "2017-01-20T10:30:00.000Z", "end_time": null}
}`

func TestAccAuditWindow_documentedExamples(t *testing.T) {
	t.Parallel()
	st, err := audit.Load(strings.NewReader(windowSessions))
	if err != nil {
		t.Fatal(err)
	}
	stats, err := audit.LoadFile("../mocksps/audit/testdata/stats_content.json")
	if err != nil {
		t.Fatal(err)
	}
	st.Merge(stats)
	provider := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(auditNow)).AuditorBlock()
	keys := func(ks ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, 0, len(ks))
		for _, k := range ks {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(k)}))
		}
		return knownvalue.ListExact(checks)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
# "Select sessions started and ended on January 20, 2017"
data "sps_audit_sessions" "day" {
  start = "2017-01-20"
  end   = "2017-01-20"
  query = "start_time:[2017-01-19 TO 2017-01-22]"
  sort  = ["start_time"]
}

# "... started after 11:00, January 20, 2017, and ended before 09:00, January 21, 2017"
data "sps_audit_sessions" "hours" {
  start = "2017-01-20T11:00"
  end   = "2017-01-21T09:00"
  sort  = ["start_time"]
}

# The same, read literally, with the bounds in the query.
data "sps_audit_sessions" "literal" {
  query = "start_time:[2017\\-01\\-20T11\\:00 TO *] AND end_time:[* TO 2017\\-01\\-21T09\\:00]"
  sort  = ["start_time"]
}

# The worked stats example: only the overlap reading counts Charlie and Delta.
data "sps_audit_session_stats" "worked" {
  field   = "protocol"
  content = "login"
  start   = "2017-01-02"
  end     = "2017-01-03"
  query   = "psm.content_reference_id:[3 TO 6]"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sps_audit_sessions.day", tfjsonpath.New("sessions"), keys("B", "C", "H", "D", "E")),
				statecheck.ExpectKnownValue("data.sps_audit_sessions.hours", tfjsonpath.New("sessions"), keys("H", "D", "E", "F")),
				statecheck.ExpectKnownValue("data.sps_audit_sessions.literal", tfjsonpath.New("sessions"), keys("D", "E")),
				statecheck.ExpectKnownValue("data.sps_audit_session_stats.worked", tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"value": knownvalue.StringExact("rdp"), "count": knownvalue.Int64Exact(2)}),
				})),
			},
		}},
	})
}
