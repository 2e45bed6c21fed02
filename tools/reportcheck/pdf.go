package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// refusedRow is a line of the refused sessions table in the PDF's text: a
// start time, then a protocol.
var refusedRow = regexp.MustCompile(`^\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+(SSH|RDP|VNC|HTTP|TELNET|ICA)\s`)

// checkPDF checks the report as "Print to PDF" gives it: numbered pages
// (the print style sheet's "Page n of N"), not too many of them, every
// heading and hostile value there as text, no heading alone at the foot of
// a page, and the refused sessions table's header on every page holding
// its rows. textPath is pdftotext -layout's text (pages and lines as
// printed), rawPath pdftotext -raw's (a wrapped cell's lines together, so
// a long value reads whole).
func checkPDF(textPath, rawPath string, pageCount int, page renderedPage) []string {
	b, err := os.ReadFile(textPath)
	if err != nil {
		return []string{err.Error()}
	}
	raw, err := os.ReadFile(rawPath)
	if err != nil {
		return []string{err.Error()}
	}
	pages := strings.Split(strings.TrimRight(string(b), "\f\n "), "\f")
	fmt.Printf("report-check: printed to PDF: %d A4 pages\n", pageCount)
	var fails []string
	if pageCount != len(pages) {
		fails = append(fails, fmt.Sprintf("pdfinfo says %d pages, the text has %d", pageCount, len(pages)))
	}
	// Four charts and two tables of at most 50 and a few rows: a runaway
	// layout (a chart per page, a table row per page) shows as many more.
	if pageCount < 2 || pageCount > 6 {
		fails = append(fails, fmt.Sprintf("the report prints on %d pages; expected 2 to 6", pageCount))
	}
	all := strings.Join(pages, "\n")
	flat := strings.Join(strings.Fields(all), " ")
	for _, h := range page.headings {
		if !strings.Contains(flat, strings.Join(strings.Fields(h), " ")) {
			fails = append(fails, fmt.Sprintf("heading %q is not in the PDF", h))
		}
	}
	for _, s := range []string{"sessions started in the day", "hour of "} {
		if !strings.Contains(flat, s) {
			fails = append(fails, fmt.Sprintf("the PDF does not show %q", s))
		}
	}
	// A value wrapped over several lines is whole when the spaces and line
	// ends are taken out of both. An override the page obeyed would show
	// here as a reversed value ("root" for "\uFFFDtoor"). The text is not
	// searched for bidirectional controls: pdftotext itself wraps each
	// right-to-left run in U+202B..U+202C (the DOM check does that search).
	dense := strings.Join(strings.Fields(string(raw)), "")
	for _, h := range hostileValues {
		if !strings.Contains(dense, strings.Join(strings.Fields(h.pdfText()), "")) {
			fails = append(fails, fmt.Sprintf("the PDF does not show the hostile value %.80q whole, as the text %.80q", h.raw, h.pdfText()))
		}
	}
	for i, p := range pages {
		fails = append(fails, checkPDFPage(i+1, len(pages), p, page.headings)...)
	}
	return fails
}

// checkPDFPage checks one page's text.
func checkPDFPage(n, total int, text string, headings []string) []string {
	var fails []string
	if !strings.Contains(text, fmt.Sprintf("Page %d of %d", n, total)) {
		fails = append(fails, fmt.Sprintf("PDF page %d has no \"Page %d of %d\" at its foot", n, n, total))
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "Page ") {
			lines = append(lines, t)
		}
	}
	if len(lines) == 0 {
		return append(fails, fmt.Sprintf("PDF page %d is empty", n))
	}
	last := lines[len(lines)-1]
	for _, h := range headings {
		if n < total && last == strings.Join(strings.Fields(h), " ") {
			fails = append(fails, fmt.Sprintf("PDF page %d ends with the heading %q, its content is on the next page", n, h))
		}
	}
	rows, header := 0, false
	for _, l := range strings.Split(text, "\n") {
		if refusedRow.MatchString(l) {
			rows++
		}
		header = header || (strings.Contains(l, "Start (UTC)") && strings.Contains(l, "Protocol") && strings.Contains(l, "Verdict"))
	}
	if rows > 0 && !header {
		fails = append(fails, fmt.Sprintf("PDF page %d holds %d rows of the refused sessions table without its header", n, rows))
	}
	return fails
}
