package audit_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

func TestAccAuditSessionHistogram_days(t *testing.T) {
	t.Parallel()
	provider := mockspstest.Start(t, mockspstest.WithAudit(acctest.LoadAuditFixture(t)), mockspstest.WithNow(acctest.AuditNow)).AuditorBlock()
	const daily, defaults = "data.sps_audit_session_histogram.daily", "data.sps_audit_session_histogram.defaults"
	bucket := func(time string, started, active int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"time": knownvalue.StringExact(time), "start_count": knownvalue.Int64Exact(started), "active_count": knownvalue.Int64Exact(active),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
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
				a, err := acctest.SessionsAttr(s, defaults)
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
		_, provider := acctest.StartRewritingMock(t, acctest.DropParams(spelling))
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
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
	_, neither := acctest.StartRewritingMock(t, acctest.DropParams("bin_size", "bin-size"))
	// One that ignores time_zone answers in UTC: refused the same way.
	_, noZone := acctest.StartRewritingMock(t, acctest.DropParams("time_zone"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
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
