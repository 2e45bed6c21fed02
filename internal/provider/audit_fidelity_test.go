package provider

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

// Acceptance tests for issue 13: what a user sees when an appliance answers
// differently from the mock, emulated by rewriting requests on their way
// to the mock.

// startRewritingMock starts the audit fixture behind a proxy that passes
// each request through rewrite before the mock sees it.
func startRewritingMock(t *testing.T, rewrite func(r *http.Request)) (*mocksps.Server, string) {
	t.Helper()
	srv, _ := startTestMock(t, withAuditStore(loadAuditFixture(t)), withNow(auditNow))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rewrite(r)
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return srv, testProviderBlock(ts.URL, testAuditorUser, testAuditorPassword)
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
	// An appliance that honours only one spelling of the interval
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
	// One that honours neither answers months: refused, naming both values.
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
	srv, provider := newAuditMock(t, loadAuditFixture(t))
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
