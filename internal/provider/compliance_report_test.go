package provider_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// reportFigures are the numbers the HTML report carries in data-*
// attributes, by chart caption.
type reportFigures struct {
	bars    map[string][][2]string // caption -> [label, value] per bar
	buckets map[string][][3]string // caption -> [time, started, active] per bucket
	rows    map[string]string      // table caption -> data-rows
	meta    map[string]string
}

// readReportFigures parses the report as XML (it must be well-formed) and
// collects the figures of its charts and tables.
func readReportFigures(t *testing.T, page string) reportFigures {
	t.Helper()
	f := reportFigures{bars: map[string][][2]string{}, buckets: map[string][][3]string{}, rows: map[string]string{}, meta: map[string]string{}}
	dec := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(page, "<!DOCTYPE html>\n")))
	dec.Strict = true
	var caption, figureKind, rowCount, metaName string
	var inCaption, inDD bool
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return f
		}
		if err != nil {
			t.Fatalf("report is not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			a := map[string]string{}
			for _, at := range tk.Attr {
				a[at.Name.Local] = at.Value
			}
			switch tk.Name.Local {
			case "figure":
				figureKind, rowCount, caption = a["data-chart"], a["data-rows"], ""
				if figureKind == "" {
					figureKind = "table"
				}
			case "figcaption":
				inCaption = true
			case "g":
				if a["class"] == "bar" {
					f.bars[caption] = append(f.bars[caption], [2]string{a["data-label"], a["data-value"]})
				}
				if a["class"] == "bucket" {
					f.buckets[caption] = append(f.buckets[caption], [3]string{a["data-time"], a["data-start-count"], a["data-active-count"]})
				}
			case "div":
				metaName = a["data-meta"]
			case "dd":
				inDD = true
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "figcaption":
				inCaption = false
				if figureKind == "table" {
					f.rows[caption] = rowCount
				}
			case "dd":
				inDD = false
			}
		case xml.CharData:
			if inCaption {
				caption += string(tk)
			}
			if inDD {
				f.meta[metaName] += string(tk)
			}
		}
	}
}

// TestAccComplianceReportFigures applies examples/compliance-report as it
// is against a mock with known sessions and checks that every figure on the
// page equals what sps_audit_session_stats and sps_audit_session_histogram
// return for the same window, read by data sources of their own.
func TestAccComplianceReportFigures(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	// Both session searches: SPS 7.x reads through a snapshot, 6.x with
	// the basic search.
	for _, fw := range []string{"7.5.0", "6.0.12"} {
		t.Run(fw, func(t *testing.T) {
			t.Parallel()
			checkReportFigures(t, fw)
		})
	}
}

// checkReportFigures applies the report example against a mock on
// firmware and compares the page's figures with the data sources'.
func checkReportFigures(t *testing.T, firmware string) {
	env := mockspstest.Start(t, mockspstest.WithAudit(audit.Generate(1500, 7, acctest.AuditNow)), mockspstest.WithNow(acctest.AuditNow),
		mockspstest.WithFirmware(firmware))
	example, err := os.ReadFile("../../examples/compliance-report/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	tf := acctest.NewTestCLI(t, acctest.AcceptanceCLIPath(t), t.TempDir(), acctest.ServeProviderForCLI(t))
	tf.WriteFile("main.tf", string(example))
	// The provider runs in this process, not under the CLI: it does not see
	// the CLI's environment, so the password comes from an override file.
	tf.WriteFile("provider_override.tf", `provider "sps" { password = "`+mockspstest.AuditorPassword+`" }`)
	// The same questions, asked by data sources the report does not use.
	tf.WriteFile("compare.tf", `
data "sps_audit_session_stats" "cmp_refused" {
  field = "protocol"
  query = local.refused
  start = local.start_day
  end   = local.end_day
}
data "sps_audit_session_stats" "cmp_users" {
  field     = "user.gateway_username"
  sub_field = "protocol"
  size      = 10
  start     = local.start_day
  end       = local.end_day
}
data "sps_audit_session_histogram" "cmp_daily" {
  bin_size = "day"
  start    = local.start_day
  end      = "${local.end_day}T23:59:59"
}
data "sps_audit_session_histogram" "cmp_hourly" {
  bin_size = "hour"
  start    = local.end_day
  end      = "${local.end_day}T23:59:59"
}
output "cmp" {
  value = jsonencode({
    refused = data.sps_audit_session_stats.cmp_refused.items
    users   = data.sps_audit_session_stats.cmp_users.items
    daily   = data.sps_audit_session_histogram.cmp_daily.buckets
    hourly  = data.sps_audit_session_histogram.cmp_hourly.buckets
    refused_total = data.sps_audit_sessions.refused.match_count
  })
}
`)
	tf.Run(0, "init", "-no-color")
	tf.Run(0, "apply", "-auto-approve", "-no-color", "-var", "sps_url="+env.URL, "-var", "report_end=2024-05-09", "-var", "table_rows=10")
	page := tf.Run(0, "output", "-raw", "report_html")
	var cmp struct {
		Refused, Users []struct {
			Value string
			Count int64
		}
		Daily, Hourly []struct {
			Time        string
			StartCount  int64 `json:"start_count"`
			ActiveCount int64 `json:"active_count"`
		}
		RefusedTotal int64 `json:"refused_total"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(tf.Run(0, "output", "-raw", "cmp"))), &cmp); err != nil {
		t.Fatal(err)
	}
	fig := readReportFigures(t, page)

	if got := fig.meta["Period"]; got != "2024-05-03 to 2024-05-09 (UTC)" {
		t.Errorf("period on the page: %q", got)
	}
	if fig.meta["Appliance"] != env.URL || fig.meta["Generated"] == "" {
		t.Errorf("meta on the page: %v", fig.meta)
	}
	for caption, want := range map[string][]struct {
		Value string
		Count int64
	}{"Refused sessions per protocol": cmp.Refused, "Top 10 users and their protocols": cmp.Users} {
		got := fig.bars[caption]
		if len(want) == 0 || len(got) != len(want) {
			t.Fatalf("%q: %d bars on the page, the data source has %d items", caption, len(got), len(want))
		}
		for i, w := range want {
			if got[i] != [2]string{w.Value, strconv.FormatInt(w.Count, 10)} {
				t.Errorf("%q bar %d: page %v, data source %s=%d", caption, i, got[i], w.Value, w.Count)
			}
		}
	}
	for caption, want := range map[string][]struct {
		Time        string
		StartCount  int64 `json:"start_count"`
		ActiveCount int64 `json:"active_count"`
	}{"Sessions per day": cmp.Daily, "Sessions per hour on 2024-05-09": cmp.Hourly} {
		got := fig.buckets[caption]
		if len(want) == 0 || len(got) != len(want) {
			t.Fatalf("%q: %d buckets on the page, the data source has %d", caption, len(got), len(want))
		}
		sum := int64(0)
		for i, w := range want {
			sum += w.StartCount
			if got[i] != [3]string{w.Time, strconv.FormatInt(w.StartCount, 10), strconv.FormatInt(w.ActiveCount, 10)} {
				t.Errorf("%q bucket %d: page %v, data source %+v", caption, i, got[i], w)
			}
		}
		if sum == 0 {
			t.Errorf("%q: no sessions at all; the test data does not exercise the chart", caption)
		}
	}
	// The table lists the newest table_rows (10 here) under a heading with
	// the total, and says so in a note when it lists fewer.
	caption := fmt.Sprintf("Refused sessions: %d in the period", cmp.RefusedTotal)
	if rows := fig.rows[caption]; cmp.RefusedTotal <= 10 || rows != "10" {
		t.Errorf("refused sessions table %q has %q rows, want 10 of %d (tables %v)", caption, rows, cmp.RefusedTotal, fig.rows)
	}
	if note := fmt.Sprintf("The newest 10 of the %d are listed", cmp.RefusedTotal); !strings.Contains(page, note) {
		t.Errorf("the page lacks the note %q", note)
	}
}
