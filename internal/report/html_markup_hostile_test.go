package report

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTMLFunctionsEscapeHostileText(t *testing.T) {
	t.Parallel()
	for i, h := range hostileTexts {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			esc := EscapeHTML(h)
			assertSafe(t, "<p>"+esc+"</p>", h)
			if err := checkFragment("<p>" + esc + "</p>"); err != nil {
				t.Errorf("escaped text refused as a section: %v", err)
			}

			bars, err := SVGBars("bar", h, BarAxes{Labels: h, Values: h}, []BarRow{{Label: h, Value: 3}, {Label: "x", Value: 0}})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, bars, h) // the whole label stays in the tooltip and data-label

			stats, err := SVGBars("stats", h, BarAxes{Labels: h, Values: "sessions", Parts: h},
				[]BarRow{{Label: h, Value: 5, Parts: []BarPart{{Label: h, Value: 2}, {Label: OtherPart, Value: 3}}}})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, stats, h)

			hist, err := SVGHistogram(h, []HistBucket{{Time: h, Start: 1, Active: 2}, {Time: "2024-05-01T01:00:00Z", Start: 0}})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, hist, h)

			table, _, err := HTMLTable(h, []string{h, "b"}, [][]string{{h, h}, {"", h}}, []string{h})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, table, h)

			if out, _, err := FormatTime(h, "UTC"); err == nil || out != "" || !utf8.ValidString(err.Error()) {
				t.Errorf("format_time accepted %.40q as a time (%q, %v)", h, out, err)
			}
			if _, _, err := FormatTime("2026-12-06", h); err == nil {
				t.Errorf("format_time accepted %.40q as a time zone", h)
			}

			doc, _, err := HTMLReport(h, map[string]string{h: h, "appliance": "sps"}, []string{bars, stats, hist, table, "<p>" + esc + "</p>"})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, doc, h)
			if strings.Count(doc, "<svg") != 3 || strings.Count(doc, "<table") != 1 {
				t.Errorf("document lost a section")
			}
		})
	}
}
