package audit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// searchRecorder wraps the mock and records how each session search asked
// for its answer.
type searchRecorder struct {
	next http.Handler
	mu   sync.Mutex
	// json counts JSON searches by limit; csv counts CSV pages.
	json map[string]int
	csv  int
}

func (s *searchRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/audit/sessions" {
		q := r.URL.Query()
		s.mu.Lock()
		if q.Get("format") == "csv" {
			s.csv++
		} else {
			s.json["limit="+q.Get("limit")]++
		}
		s.mu.Unlock()
	}
	s.next.ServeHTTP(w, r)
}

// TestAccAuditSessionsCSV_basic: sps_audit_sessions_csv gives the CSV of
// the same search as sps_audit_sessions' csv_fields, byte for byte, with
// the same match_count and truncated, and, with the basic search (SPS
// 6.x), asks SPS for no session list: one one-session count, then CSV
// pages. The sps_audit_sessions block is an existing configuration
// (csv_fields next to sessions): it keeps both.
func TestAccAuditSessionsCSV_basic(t *testing.T) {
	t.Parallel()
	st := audit.Generate(1200, 42, acctest.AuditNow)
	srv := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(acctest.AuditNow), mockspstest.WithFirmware("6.0.12")).Server
	rec := &searchRecorder{next: srv, json: map[string]int{}}
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)
	provider := mockspstest.ProviderBlock(ts.URL, mockspstest.AuditorUser, mockspstest.AuditorPassword)
	const csvOnly, both = "data.sps_audit_sessions_csv.report", "data.sps_audit_sessions.both"
	search := `
  query       = "protocol:ssh OR protocol:rdp"
  sort        = ["start_time"]
  max_results = 700
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "sps_audit_sessions_csv" "bad" {
  columns = []
}
`,
			ExpectError: regexp.MustCompile(`(?s)columns.*at least 1`),
		}, {
			Config: provider + `
data "sps_audit_sessions_csv" "report" {` + search + `
  columns     = ["protocol", "start_time", "user.gateway_username"]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(csvOnly, tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			},
			Check: func(*terraform.State) error {
				rec.mu.Lock()
				defer rec.mu.Unlock()
				// Each plan and refresh of the step reads once: one
				// count (limit=1) and two CSV pages per read.
				reads := rec.json["limit=1"]
				if reads == 0 || len(rec.json) != 1 || rec.csv != 2*reads {
					return fmt.Errorf("requests: JSON %v, CSV pages %d; want only limit=1 counts and two CSV pages per read", rec.json, rec.csv)
				}
				return nil
			},
		}, {
			Config: provider + `
data "sps_audit_sessions_csv" "report" {` + search + `
  columns     = ["protocol", "start_time", "user.gateway_username"]
}

data "sps_audit_sessions" "both" {` + search + `
  csv_fields  = ["protocol", "start_time", "user.gateway_username"]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs(csvOnly, tfjsonpath.New("csv"), both, tfjsonpath.New("csv"), compare.ValuesSame()),
				statecheck.CompareValuePairs(csvOnly, tfjsonpath.New("match_count"), both, tfjsonpath.New("match_count"), compare.ValuesSame()),
				statecheck.CompareValuePairs(csvOnly, tfjsonpath.New("truncated"), both, tfjsonpath.New("truncated"), compare.ValuesSame()),
				statecheck.ExpectKnownValue(both, tfjsonpath.New("sessions"), knownvalue.ListSizeExact(700)),
			},
			Check: resource.TestCheckResourceAttrWith(csvOnly, "csv", func(v string) error {
				if n := len(regexp.MustCompile("(?m)^\"Key\"").FindAllString(v, -1)); n != 1 {
					return fmt.Errorf("%d header lines", n)
				}
				return nil
			}),
		}},
	})
}
