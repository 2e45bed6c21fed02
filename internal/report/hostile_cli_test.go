package report_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/terraform-sps/terraform-provider-sps/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/report"
)

// safeMarkup is a knownvalue check: the output parses as XML and as HTML
// and shows each of wants as text.
type safeMarkup struct {
	t     *testing.T
	wants []string
}

func (c safeMarkup) CheckValue(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("got %T, want a string", v)
	}
	c.t.Helper()
	report.AssertSafe(c.t, s, c.wants...)
	return nil
}

func (c safeMarkup) String() string { return "well-formed markup showing the hostile text" }

// TestHTMLFunctionsHostileThroughCLI runs every report function through the real
// CLI with hostile values in every text argument, as a configuration would.
func TestHTMLFunctionsHostileThroughCLI(t *testing.T) {
	t.Parallel()
	// The CLI carries strings as UTF-8: invalid bytes cannot reach a
	// function from a configuration, so that case is covered by the unit test.
	// One configuration for every value keeps the CLI runs few.
	var (
		cfg    strings.Builder
		checks []statecheck.StateCheck
	)
	for i, h := range report.HostileTexts {
		if !utf8.ValidString(h) {
			continue
		}
		fmt.Fprintf(&cfg, `
locals {
  h%[1]d     = %[2]s
  bars%[1]d  = provider::sps::svg_bar_chart(local.h%[1]d, local.h%[1]d, local.h%[1]d, [{ label = local.h%[1]d, value = 7 }, { label = "zero", value = 0 }])
  stats%[1]d = provider::sps::svg_stats_chart(local.h%[1]d, local.h%[1]d, local.h%[1]d, [{ value = local.h%[1]d, count = 9, others = 1, buckets = [{ value = local.h%[1]d, count = 8 }] }])
  hist%[1]d  = provider::sps::svg_histogram(local.h%[1]d, [{ time = local.h%[1]d, start_count = 3, active_count = 4 }])
  table%[1]d = provider::sps::html_table(local.h%[1]d, [local.h%[1]d, "n"], [[local.h%[1]d, null]], local.h%[1]d, "")
}
output "escape%[1]d" { value = "<p>${provider::sps::html_escape(local.h%[1]d)}</p>" }
output "bars%[1]d" { value = local.bars%[1]d }
output "stats%[1]d" { value = local.stats%[1]d }
output "hist%[1]d" { value = local.hist%[1]d }
output "table%[1]d" { value = local.table%[1]d }
output "report%[1]d" {
  value = provider::sps::html_report(local.h%[1]d, { (local.h%[1]d) = local.h%[1]d }, [local.bars%[1]d, local.stats%[1]d, local.hist%[1]d, local.table%[1]d, "<p>${provider::sps::html_escape(local.h%[1]d)}</p>"])
}
`, i, diagnostics.HCLString(h))
		for _, o := range []string{"escape", "bars", "stats", "hist", "table", "report"} {
			checks = append(checks, statecheck.ExpectKnownOutputValue(fmt.Sprint(o, i), safeMarkup{t: t, wants: []string{h}}))
		}
	}
	steps := []resource.TestStep{{Config: cfg.String(), ConfigStateChecks: checks}}
	steps = append(steps,
		resource.TestStep{
			Config:      `output "x" { value = provider::sps::html_report("t", {}, ["<script>alert(1)</script>"]) }`,
			ExpectError: regexp.MustCompile(`(?s)sections\[0\] is not a fragment from\s+the provider's functions`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::sps::html_table("t", ["a", "b"], [["only one"]]) }`,
			ExpectError: regexp.MustCompile(`rows\[0\] has 1 cells for\s+2 columns`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::sps::svg_bar_chart("t", "l", "v", [{ label = "a", value = -1 }]) }`,
			ExpectError: regexp.MustCompile(`items\[0\]\.value is -1`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::sps::format_time("<script>alert(1)</script>", "UTC") }`,
			ExpectError: regexp.MustCompile(`"<script>alert\(1\)</script>" is not a time\s+SPS writes`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::sps::format_time("2026-12-06", "<b>Mars/Olympus</b>") }`,
			ExpectError: regexp.MustCompile(`time zone "<b>Mars/Olympus</b>": want\s+an\s+IANA\s+time\s+zone\s+name`),
		},
	)
	acctest.TestFunctions(t, steps...)
}
