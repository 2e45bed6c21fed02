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

// TestBidiControlsAreNotObeyed: an override or isolate control in a value
// from SPS would make the page (and its PDF) show the value reversed, so
// "\u202Etoor" would read as "root"; every output shows U+FFFD in its
// place and keeps right-to-left letters.
func TestBidiControlsAreNotObeyed(t *testing.T) {
	t.Parallel()
	user := "\u202Etoor\u202C \u2066x\u2069 \u202A\u202B\u202D עברית"
	want := "\uFFFDtoor\uFFFD \uFFFDx\uFFFD \uFFFD\uFFFD\uFFFD עברית"
	table, _, err := HTMLTable(user, []string{user}, [][]string{{user}}, []string{user})
	if err != nil {
		t.Fatal(err)
	}
	bars, err := SVGBars("bar", user, BarAxes{Labels: user, Values: user}, []BarRow{{Label: user, Value: 1}})
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"html_escape": EscapeHTML(user), "html_table": table, "svg_bar_chart": bars} {
		if strings.ContainsAny(out, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069") || !strings.Contains(out, want) {
			t.Errorf("%s shows %.200q; want %q, no bidirectional control", name, out, want)
		}
	}
}
