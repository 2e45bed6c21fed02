package audit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	auditds "github.com/terraform-sps/terraform-provider-sps/internal/service/audit"
)

// Item 4: the start/end reading the docs state is the one the vendor's
// worked stats example needs (sessions overlapping the window), and the
// docs say what a literal-reading appliance returns.
func TestAuditWindowDescriptions(t *testing.T) {
	t.Parallel()
	for _, ds := range []datasource.DataSource{auditds.NewSessionsDataSource(), auditds.NewSessionStatsDataSource()} {
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

func TestAccAuditWindow_documentedExamples(t *testing.T) {
	t.Parallel()
	st, err := audit.Load(strings.NewReader(windowSessions))
	if err != nil {
		t.Fatal(err)
	}
	stats, err := audit.LoadFile("../../mocksps/audit/testdata/stats_content.json")
	if err != nil {
		t.Fatal(err)
	}
	st.Merge(stats)
	provider := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	keys := func(ks ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, 0, len(ks))
		for _, k := range ks {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(k)}))
		}
		return knownvalue.ListExact(checks)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
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
