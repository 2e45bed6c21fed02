package provider

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
)

// hostileTexts are values an attacker controls in SPS (a username, a
// command, a window title, an alert's matched content) and feeds through
// every text argument of the report functions.
var hostileTexts = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`' onmouseover='alert(1)`,
	`]]><![CDATA[<b>x</b>`,
	`&amp; &lt; &#60; &nbsp; &bogus;`,
	"bell\a esc\x1b[31m nul-free \x7f c1\u0085 tab\tnl\ncr\r",
	"ユーザー名 ελληνικά עברית 👩‍💻",
	strings.Repeat("W", 5000),
	`<!-- comment --><?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>&e;`,
	"invalid utf-8 \xff\xfe end",
}

// parsedDoc is what the XML and HTML parsers saw in a piece of markup.
type parsedDoc struct {
	text     string          // every text node, concatenated
	attrs    []string        // every attribute value
	elements map[string]bool // every element name
}

// parseXML parses markup (a fragment or a document) strictly as XML and
// fails the test when it is not well-formed.
func parseXML(t *testing.T, markup string) parsedDoc {
	t.Helper()
	body := strings.TrimPrefix(markup, "<!DOCTYPE html>\n")
	dec := xml.NewDecoder(strings.NewReader("<root>" + body + "</root>"))
	dec.Strict = true
	d := parsedDoc{elements: map[string]bool{}}
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%.2000s", err, markup)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			d.elements[tk.Name.Local] = true
			for _, a := range tk.Attr {
				d.attrs = append(d.attrs, a.Value)
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || a.Name.Local == "src" || a.Name.Local == "href" {
					t.Errorf("attribute %s=%q in output", a.Name.Local, a.Value)
				}
			}
		case xml.CharData:
			text.Write(tk)
		case xml.Comment, xml.ProcInst, xml.Directive:
			t.Errorf("unexpected %T in output: %q", tok, tok)
		}
	}
	d.text = text.String()
	return d
}

// parseHTML parses markup as a browser would (golang.org/x/net/html) and
// returns the element names and text nodes it found.
func parseHTML(t *testing.T, markup string) parsedDoc {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(markup), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if strings.HasPrefix(markup, "<!DOCTYPE") {
		var doc *html.Node
		doc, err = html.Parse(strings.NewReader(markup))
		nodes = []*html.Node{doc}
	}
	if err != nil {
		t.Fatalf("html parse: %v", err)
	}
	d := parsedDoc{elements: map[string]bool{}}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			d.elements[n.Data] = true
			for _, a := range n.Attr {
				d.attrs = append(d.attrs, a.Val)
			}
		case html.TextNode:
			if n.Parent == nil || n.Parent.Data != "style" {
				text.WriteString(n.Data)
			}
		case html.CommentNode:
			t.Errorf("comment in output: %q", n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	d.text = text.String()
	return d
}

// textShown is how a hostile text must read in the output: cleaned of
// characters XML forbids, with line ends normalised as parsers do.
func textShown(s string) string {
	s = cleanText(s)
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// assertSafe parses out as XML and as HTML and checks that no element the
// functions do not emit appeared and that want is shown as text.
func assertSafe(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, d := range []parsedDoc{parseXML(t, out), parseHTML(t, out)} {
		for _, bad := range []string{"script", "img", "iframe", "object", "b", "a", "link"} {
			if d.elements[bad] {
				t.Errorf("output has a <%s> element:\n%.3000s", bad, out)
			}
		}
		for _, w := range wants {
			w = textShown(w)
			found := strings.Contains(strings.ReplaceAll(d.text, "\r", "\n"), w)
			for _, a := range d.attrs {
				found = found || strings.Contains(strings.ReplaceAll(a, "\r", "\n"), w)
			}
			if !found {
				t.Errorf("%.80q is not shown as text", w)
			}
		}
	}
}

func TestHTMLFunctionsEscapeHostileText(t *testing.T) {
	t.Parallel()
	for i, h := range hostileTexts {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			esc := escapeHTML(h)
			assertSafe(t, "<p>"+esc+"</p>", h)
			if err := checkFragment("<p>" + esc + "</p>"); err != nil {
				t.Errorf("escaped text refused as a section: %v", err)
			}

			bars, err := renderSVGBars("bar", h, []barRow{{label: h, value: 3}, {label: "x", value: 0}})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, bars, h) // the whole label stays in the tooltip and data-label

			stats, err := renderSVGBars("stats", h, []barRow{{label: h, value: 5, parts: []barPart{{label: h, value: 2}, {label: otherPart, value: 3}}}})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, stats, h)

			hist, err := renderSVGHistogram(h, []histBucket{{time: h, start: 1, active: 2}, {time: "2024-05-01T01:00:00Z", start: 0}})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, hist, h)

			table, _, err := renderHTMLTable(h, []string{h, "b"}, [][]string{{h, h}})
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, table, h)

			doc, _, err := renderHTMLReport(h, map[string]string{h: h, "appliance": "sps"}, []string{bars, stats, hist, table, "<p>" + esc + "</p>"})
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

func TestHTMLReportRefusesUntrustedSections(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		`<script>alert(1)</script>`,
		`plain text with <b>markup</b>`,
		`just text`,
		`<p onclick="x()">hi</p>`,
		`<p style="background:url(http://evil/)">hi</p>`,
		`<p>unclosed`,
		`<p>&nbsp;</p>`,
		`<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil/x.png"/></svg>`,
		`<div xmlns="urn:other">x</div>`,
		`<!DOCTYPE x><p>x</p>`,
	} {
		if _, arg, err := renderHTMLReport("t", nil, []string{s}); err == nil || arg != 2 {
			t.Errorf("section %q accepted (arg %d, err %v)", s, arg, err)
		}
	}
}

func TestSVGChartsEdgeValues(t *testing.T) {
	t.Parallel()
	// Empty, zero and huge values: the chart says so, draws no bar, and a
	// tiny value next to a huge one stays visible.
	empty, err := renderSVGBars("bar", "t", nil)
	if err != nil || !strings.Contains(empty, "No data for this period.") {
		t.Errorf("empty chart: %v\n%s", err, empty)
	}
	huge, err := renderSVGBars("bar", "t", []barRow{{label: "big", value: 1e300}, {label: "one", value: 1}, {label: "zero", value: 0}})
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
		if err := checkChartValue("v", v); err == nil {
			t.Errorf("%v accepted", v)
		}
	}
	hist, err := renderSVGHistogram("t", nil)
	if err != nil || !strings.Contains(hist, "No data for this period.") {
		t.Errorf("empty histogram: %v", err)
	}
	if got := displayNumber(1234567); got != "1,234,567" {
		t.Errorf("displayNumber = %q", got)
	}
}

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
	assertSafe(c.t, s, c.wants...)
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
	for i, h := range hostileTexts {
		if !utf8.ValidString(h) {
			continue
		}
		fmt.Fprintf(&cfg, `
locals {
  h%[1]d     = %[2]s
  bars%[1]d  = provider::sps::svg_bar_chart(local.h%[1]d, [{ label = local.h%[1]d, value = 7 }, { label = "zero", value = 0 }])
  stats%[1]d = provider::sps::svg_stats_chart(local.h%[1]d, [{ value = local.h%[1]d, count = 9, others = 1, buckets = [{ value = local.h%[1]d, count = 8 }] }])
  hist%[1]d  = provider::sps::svg_histogram(local.h%[1]d, [{ time = local.h%[1]d, start_count = 3, active_count = 4 }])
  table%[1]d = provider::sps::html_table(local.h%[1]d, [local.h%[1]d, "n"], [[local.h%[1]d, null]])
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
			Config:      `output "x" { value = provider::sps::svg_bar_chart("t", [{ label = "a", value = -1 }]) }`,
			ExpectError: regexp.MustCompile(`items\[0\]\.value is -1`),
		},
	)
	testFunctions(t, steps...)
}
