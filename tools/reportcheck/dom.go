package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// renderedPage is what the checks read from the DOM Chromium built.
type renderedPage struct {
	text      string         // every text node outside <style>
	counts    map[string]int // elements, and "chart:<kind>", "table-figure"
	headings  []string       // the h1 and every figcaption
	cells     []string       // the text of every td
	axisTitle []int          // per svg, how many axis titles it has
}

// walkDOM collects the page's text, headings, cells and chart parts.
func walkDOM(doc *html.Node) renderedPage {
	p := renderedPage{counts: map[string]int{}}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			p.counts[n.Data]++
			for _, a := range n.Attr {
				switch {
				case a.Key == "data-chart":
					p.counts["chart:"+a.Val]++
				case a.Key == "class" && a.Val == "table":
					p.counts["table-figure"]++
				case a.Key == "class" && a.Val == "axis-title" && len(p.axisTitle) > 0:
					p.axisTitle[len(p.axisTitle)-1]++
				}
			}
			switch n.Data {
			case "svg":
				p.axisTitle = append(p.axisTitle, 0)
			case "h1", "figcaption":
				p.headings = append(p.headings, nodeText(n))
			case "td":
				p.cells = append(p.cells, nodeText(n))
			}
		}
		if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "style") {
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	p.text = text.String()
	return p
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

var (
	// bidiControls are the embedding, override and isolate controls.
	bidiControls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"
	// isoTime is a time as SPS writes it ("2026-12-06T22:02:57.000Z",
	// "2026-12-06T10:00:42.000000"): the report must show its own form.
	isoTime = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d`)
	// readableTime is that form: "2026-12-06 22:02:57 UTC" (or UTC+01:00).
	readableTime = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`)
	// querySyntax is SPS's query language in a heading ("verdict:deny",
	// "protocol:(ssh rdp)", "... AND ..."): headings are for people.
	querySyntax = regexp.MustCompile(`\b[a-z_.]+:[A-Za-z0-9(*"\[]|\b(AND|OR|NOT)\b`)
)

// checkDOM checks the page as the browser built it.
func checkDOM(path string) (renderedPage, []string) {
	f, err := os.Open(path)
	if err != nil {
		return renderedPage{}, []string{err.Error()}
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return renderedPage{}, []string{fmt.Sprintf("DOM %s: %v", path, err)}
	}
	p := walkDOM(doc)
	var fails []string
	want := map[string]int{"h1": 1, "chart:histogram": 2, "chart:stats": 2, "table-figure": 2, "svg": 4}
	for k, n := range want {
		if p.counts[k] != n {
			fails = append(fails, fmt.Sprintf("rendered page has %d %s, want %d", p.counts[k], k, n))
		}
	}
	for _, bad := range []string{"script", "img", "iframe", "b"} {
		if p.counts[bad] > 0 {
			fails = append(fails, fmt.Sprintf("rendered page has a <%s> element: a hostile value became markup", bad))
		}
	}
	for _, s := range []string{"Refused sessions per protocol", "Sessions per day", "Alerts in the", "Period", "Appliance", "Generated"} {
		if !strings.Contains(p.text, s) {
			fails = append(fails, fmt.Sprintf("rendered page does not show the text %q", s))
		}
	}
	for _, h := range hostileValues {
		if !strings.Contains(p.text, h.shownText()) {
			fails = append(fails, fmt.Sprintf("rendered page does not show the hostile value %.80q as the text %.80q", h.raw, h.shownText()))
		}
	}
	if i := strings.IndexAny(p.text, bidiControls); i >= 0 {
		fails = append(fails, fmt.Sprintf("rendered page holds a bidirectional control (%.40q): the browser obeys it and shows a value reversed", p.text[i:]))
	}
	return p, append(fails, checkReadability(p)...)
}

// checkReadability: axis titles on every chart, headings in words, times
// in one form with their zone, a dash in every empty cell.
func checkReadability(p renderedPage) []string {
	var fails []string
	for i, n := range p.axisTitle {
		if n < 2 {
			fails = append(fails, fmt.Sprintf("chart %d has %d axis titles; every chart names what its axes measure", i+1, n))
		}
	}
	for _, h := range p.headings {
		if querySyntax.MatchString(h) {
			fails = append(fails, fmt.Sprintf("heading %q is written in query syntax, not in words", h))
		}
	}
	if m := isoTime.FindAllString(p.text, 3); m != nil {
		fails = append(fails, fmt.Sprintf("times shown as SPS writes them (%v): show them in one readable form with the zone", m))
	}
	if n := len(readableTime.FindAllString(p.text, -1)); n < 10 {
		fails = append(fails, fmt.Sprintf("%d times in the form 2026-12-06 22:02:57 UTC; the tables and the header should use it", n))
	}
	for i, c := range p.cells {
		if c == "" {
			fails = append(fails, fmt.Sprintf("table cell %d is blank; an empty value shows a dash", i))
			break
		}
	}
	return fails
}
