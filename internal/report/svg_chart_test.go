package report

import (
	"regexp"
	"strings"
	"testing"
)

func TestSVGChartsEdgeValues(t *testing.T) {
	t.Parallel()
	// Empty, zero and huge values: the chart says so, draws no bar, and a
	// tiny value next to a huge one stays visible.
	empty, err := SVGBars("bar", "t", nil)
	if err != nil || !strings.Contains(empty, "No data for this period.") {
		t.Errorf("empty chart: %v\n%s", err, empty)
	}
	huge, err := SVGBars("bar", "t", []BarRow{{Label: "big", Value: 1e300}, {Label: "one", Value: 1}, {Label: "zero", Value: 0}})
	if err != nil {
		t.Fatal(err)
	}
	parseXML(t, huge)
	widths := regexp.MustCompile(`<rect x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)"`).FindAllStringSubmatch(huge, -1)
	if len(widths) != 3 || widths[0][1] != "460.0" || widths[1][1] != "1.0" || widths[2][1] != "0.0" {
		t.Errorf("bar widths %v, want 460 (full), 1 (visible), 0", widths)
	}
	if !strings.Contains(huge, `data-value="1e+300"`) || !strings.Contains(huge, ">1e+300<") {
		t.Errorf("huge value not labeled: %s", huge)
	}
	for _, v := range []float64{-1} {
		if err := CheckChartValue("v", v); err == nil {
			t.Errorf("%v accepted", v)
		}
	}
	hist, err := SVGHistogram("t", nil)
	if err != nil || !strings.Contains(hist, "No data for this period.") {
		t.Errorf("empty histogram: %v", err)
	}
	if got := displayNumber(1234567); got != "1,234,567" {
		t.Errorf("displayNumber = %q", got)
	}
}
