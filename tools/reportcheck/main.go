// Command reportcheck checks what headless Chromium made of the HTML report
// (`make report-check`): the screenshot is not blank and its charts span
// the page; the rendered DOM has every section, hostile values from SPS as
// text, axis titles on every chart, headings in words, times in one form
// with their zone and a dash in every empty cell; and the page printed to
// PDF gives numbered A4 pages with no heading left alone at the foot of a
// page and the table header on every page a table spans.
//
//	reportcheck -png report.png -dom report.dom.html -pdf-text report.txt -pdf-raw report.raw.txt -pdf-pages 3
//
// With -write-sessions, it writes the hostile sessions `make report` loads
// into the mock instead (hostile.go), so the values and what the checks
// expect of them are written once:
//
//	reportcheck -write-sessions hostile.json -day 2026-12-06
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	pngPath := flag.String("png", "", "screenshot taken by chromium --screenshot")
	domPath := flag.String("dom", "", "DOM printed by chromium --dump-dom")
	pdfText := flag.String("pdf-text", "", "text of the page printed by chromium --print-to-pdf, as pdftotext -layout writes it (pages end in form feeds)")
	pdfRaw := flag.String("pdf-raw", "", "the same text as pdftotext -raw writes it (content order: each table cell's lines together)")
	pdfPages := flag.Int("pdf-pages", 0, "page count of the PDF, as pdfinfo reports it")
	sessions := flag.String("write-sessions", "", "write the hostile sessions for mocksps -sessions-file to this file, and do nothing else")
	day := flag.String("day", "", "with -write-sessions: the day (YYYY-MM-DD) the sessions start on")
	flag.Parse()
	if *sessions != "" {
		if err := writeHostileSessions(*sessions, *day); err != nil {
			fmt.Fprintln(os.Stderr, "reportcheck:", err)
			os.Exit(1)
		}
		return
	}
	var failures []string
	if err := checkScreenshot(*pngPath); err != nil {
		failures = append(failures, err.Error())
	}
	page, fails := checkDOM(*domPath)
	failures = append(failures, fails...)
	if *pdfText != "" {
		failures = append(failures, checkPDF(*pdfText, *pdfRaw, *pdfPages, page)...)
	}
	if len(failures) > 0 {
		for _, f := range failures {
			fmt.Fprintln(os.Stderr, "report-check:", f)
		}
		os.Exit(1)
	}
	fmt.Println("report-check: screenshot, rendered page and printed PDF look right")
}
