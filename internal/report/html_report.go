package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// reportCSS styles the document: system fonts, readable tables, charts as
// wide as the page, and print rules for "Print to PDF": A4 pages with
// margins and "Page n of N" at the foot, a chart never split across pages,
// a caption never left alone at the bottom of a page, table rows never
// split and the table's header repeated on every page it spans, colors
// kept. It contains no `<` or `&`, so it is valid XML text too, and no
// url(): the page loads nothing.
const reportCSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 32px 40px 48px; max-width: 1100px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; color: #1a202c; background: #fff; }
header { border-bottom: 3px solid #2b6cb0; padding-bottom: 12px; margin-bottom: 24px; }
h1 { font-size: 28px; line-height: 1.2; margin: 0 0 12px; font-weight: 700; }
dl.meta { display: flex; flex-wrap: wrap; gap: 8px 32px; margin: 0; }
dl.meta div { min-width: 0; }
dl.meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #4a5568; }
dl.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
section.block { margin: 0 0 32px; }
figure { margin: 0; }
figure.chart { break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 18px; font-weight: 650; margin: 0 0 8px; color: #1a202c; break-after: avoid; page-break-after: avoid; }
svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; table-layout: auto; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e2e8f0; overflow-wrap: anywhere; white-space: pre-wrap; max-width: 420px; }
td.nw, th { white-space: nowrap; overflow-wrap: normal; }
thead th { background: #edf2f7; border-bottom: 2px solid #a0aec0; font-weight: 650; }
tbody tr:nth-child(even) td { background: #f7fafc; }
td.empty { color: #718096; font-style: italic; }
td.dash { color: #718096; }
p.note { color: #4a5568; font-size: 13px; margin: 6px 0 0; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid #e2e8f0; font-size: 12px; color: #718096; }
@page {
  size: A4;
  margin: 14mm 12mm 16mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt system-ui, sans-serif; color: #4a5568; }
}
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  h1 { font-size: 18pt; }
  header { margin-bottom: 14pt; }
  figcaption { font-size: 13pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table { font-size: 9pt; }
  th, td { max-width: none; padding: 3px 6px; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  section.block { margin-bottom: 16pt; }
  p.note { font-size: 9pt; }
  footer { break-inside: avoid; font-size: 8pt; }
}
`

// EmptyCell is what a table shows for an empty value: a dash, so a blank
// is never mistaken for a value lost in printing.
const EmptyCell = "—"

// HTMLTable is html_table: a figure with a caption, a table and a note
// paragraph per element of notes (for example how many rows a long table
// leaves out); every cell is text, and an empty one shows EmptyCell. Long
// values are kept whole and wrap (CSS overflow-wrap), so nothing an auditor
// may need is cut off.
func HTMLTable(title string, columns []string, rows [][]string, notes []string) (string, int64, error) {
	if len(columns) == 0 {
		return "", 1, fmt.Errorf("give at least one column")
	}
	for i, r := range rows {
		if len(r) != len(columns) {
			return "", 2, fmt.Errorf("rows[%d] has %d cells for %d columns; give one cell per column", i, len(r), len(columns))
		}
	}
	m := newMarkup()
	m.open("figure", "class", "table", "data-rows", strconv.Itoa(len(rows)))
	m.elem("figcaption", title)
	m.open("table")
	m.open("thead")
	m.open("tr")
	for _, c := range columns {
		m.elem("th", c, "scope", "col")
	}
	m.close("tr")
	m.close("thead")
	m.open("tbody")
	if len(rows) == 0 {
		m.open("tr")
		m.elem("td", "None.", "class", "empty", "colspan", strconv.Itoa(len(columns)))
		m.close("tr")
	}
	for _, r := range rows {
		m.open("tr")
		for _, c := range r {
			// A short value (a time, an address, a verdict) stays on one
			// line; anything longer wraps, even mid-word.
			switch {
			case strings.TrimSpace(cleanText(c)) == "":
				m.elem("td", EmptyCell, "class", "dash", "aria-label", "empty")
			case utf8.RuneCountInString(c) <= 32 && !strings.ContainsAny(c, "\n\r"):
				m.elem("td", c, "class", "nw")
			default:
				m.elem("td", c)
			}
		}
		m.close("tr")
	}
	m.close("tbody")
	m.close("table")
	for _, n := range notes {
		m.elem("p", n, "class", "note")
	}
	m.close("figure")
	out, err := m.String()
	return out, 0, err
}

// HTMLReport is html_report: a complete, self-contained document with
// the title, the meta items (sorted by name) and each section.
func HTMLReport(title string, meta map[string]string, sections []string) (string, int64, error) {
	for i, s := range sections {
		if err := checkFragment(s); err != nil {
			return "", 2, fmt.Errorf("sections[%d] is not a fragment from the provider's functions: %w", i, err)
		}
	}
	names := make([]string, 0, len(meta))
	for k := range meta {
		names = append(names, k)
	}
	sort.Strings(names)

	m := newMarkup()
	m.raw("<!DOCTYPE html>\n")
	m.open("html", "xmlns", xhtmlNamespace, "lang", "en")
	m.open("head")
	// Void elements and the style sheet are constants written as they are:
	// the encoder has no self-closing form, and HTML reads <style> as raw
	// text, where an escaped quote would stay escaped.
	m.raw(`<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>`)
	m.elem("title", title)
	m.raw("<style>" + reportCSS + "</style>")
	m.close("head")
	m.open("body")
	m.open("header")
	m.elem("h1", title)
	if len(names) > 0 {
		m.open("dl", "class", "meta")
		for _, k := range names {
			m.open("div", "data-meta", k)
			m.elem("dt", k)
			m.elem("dd", meta[k])
			m.close("div")
		}
		m.close("dl")
	}
	m.close("header")
	m.open("main")
	for i, s := range sections {
		m.open("section", "class", "block", "data-section", strconv.Itoa(i))
		m.raw(s)
		m.close("section")
	}
	m.close("main")
	m.elem("footer", "Made with Terraform and the SPS provider from the SPS session database. This page contains no scripts and loads nothing.")
	m.close("body")
	m.close("html")
	out, err := m.String()
	return out, 0, err
}
