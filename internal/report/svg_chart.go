package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The SVG charts of the HTML report functions. Sizes are in SVG user units;
// a chart is as wide as the page it is on (width 100%, height from the
// viewBox), so chartWidth is the width the layout is drawn for: a report
// page on screen is about 1000 pixels wide, an A4 page in print about 700,
// where everything scales down by the same factor. Colors are presentation
// attributes, so a chart looks the same outside the report and on paper.
//
// Every chart says what it shows without its legend having to be guessed:
// axis titles name the quantity and its unit ("sessions", the hour in UTC),
// the legend says in words what each mark counts, and value labels sit
// where nothing else is drawn (at the end of a bar, in a strip under a
// histogram), so they never cross a line or another label.

const (
	chartWidth = 1000
	// maxChartLabel is how many characters of a label a chart shows; a
	// longer one ends in "…" and the whole text stays in the bar's tooltip
	// (<title>) and data-label. Tables keep long text whole instead.
	maxChartLabel = 28
	colorOther    = "#a0aec0"
	colorAxis     = "#a0aec0"
	colorGrid     = "#e2e8f0"
	colorText     = "#1a202c"
	colorMuted    = "#4a5568"
	fontFamily    = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif"
	// charWidth estimates the advance of one character at font size 12 (a
	// digit of the system sans fonts is about 0.55 em), for layout only.
	charWidth = 6.8
)

var chartPalette = []string{"#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#319795", "#d69e2e", "#e53e3e", "#5a67d8", "#718096"}

// coord formats an SVG coordinate.
func coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// exactNumber is a value as data-* attributes carry it, for scripts and tests
// that read the figures back.
// Beyond 1e21 it takes exponent form, as JavaScript's Number does.
func exactNumber(v float64) string {
	if math.Abs(v) >= 1e21 {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// displayNumber is a value as a reader sees it: whole numbers with
// thousands separators, fractions with up to two decimals, huge ones in
// exponent form.
func displayNumber(v float64) string {
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if v != math.Trunc(v) {
		s = strconv.FormatFloat(v, 'f', 2, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// textWidth estimates how wide s is drawn at font size 12.
func textWidth(s string) float64 { return charWidth * float64(utf8.RuneCountInString(s)) }

// smallTextWidth estimates how wide s is drawn at font size 11.
func smallTextWidth(s string) float64 { return textWidth(s) * 11 / 12 }

// CheckChartValue refuses a value a chart cannot show (negative, NaN,
// infinite); what names it in the error.
func CheckChartValue(what string, v float64) error {
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is %v; charts show finite values of zero or more", what, v)
	}
	return nil
}

// openChart starts a chart's figure and its SVG, which scales to the width
// of the page (width 100%, no fixed height: the viewBox gives the ratio).
func openChart(m *markup, kind, title string, height float64, attrs ...string) {
	m.open("figure", append([]string{"class", "chart", "data-chart", kind}, attrs...)...)
	m.elem("figcaption", title)
	m.open("svg", "xmlns", svgNamespace, "viewBox", fmt.Sprintf("0 0 %d %s", chartWidth, coord(math.Ceil(height))),
		"width", "100%", "role", "img", "aria-label", title, "font-family", fontFamily, "font-size", "13")
	m.elem("title", title)
}

func closeChart(m *markup) {
	m.close("svg")
	m.close("figure")
}

func noData(m *markup, x, y float64) {
	m.elem("text", "No data for this period.", "x", coord(x), "y", coord(y), "fill", colorMuted, "font-style", "italic")
}

// axisTitle writes the title of an axis: what is counted or measured, with
// its unit.
func axisTitle(m *markup, text string, x, y float64, anchor string) {
	m.elem("text", text, "class", "axis-title", "x", coord(x), "y", coord(y), "text-anchor", anchor,
		"fill", colorMuted, "font-size", "12", "font-weight", "600")
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten, for axis labels.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 2, 5, 10} {
		if v <= f*p {
			return f * p
		}
	}
	return 10 * p
}

// niceScale picks a value axis for values up to maxValue: ticks every step
// (1, 2 or 5 times a power of ten, so whole counts get whole ticks: no
// "12.5 sessions"), up to axisMax, the first tick at or above maxValue,
// with at most five intervals.
func niceScale(maxValue float64) (axisMax, step float64) {
	if maxValue <= 0 || math.IsInf(maxValue, 0) || math.IsNaN(maxValue) {
		return 1, 1
	}
	step = niceCeil(maxValue / 4)
	if maxValue >= 1 && step < 1 {
		step = 1
	}
	axisMax = math.Ceil(maxValue/step) * step
	if math.IsInf(axisMax, 0) {
		return maxValue, maxValue / 4
	}
	return axisMax, step
}

// ticks are the values of a niceScale axis, 0 included.
func ticks(axisMax, step float64) []float64 {
	n := int(math.Round(axisMax / step))
	out := make([]float64, 0, n+1)
	for i := 0; i <= n; i++ {
		out = append(out, step*float64(i))
	}
	return out
}

// legendEntry is one mark of a legend and what it stands for, in words.
type legendEntry struct {
	text, color string
	line        bool // a line (a series) rather than a square (a column or bar part)
}

// legend writes the entries in rows from y, after an optional title, and
// returns the y below the last row. It wraps rather than drops entries, so
// every color of the chart is named.
func legend(m *markup, title string, entries []legendEntry, y float64) float64 {
	m.open("g", "class", "legend")
	x := 10.0
	if title != "" {
		m.elem("text", title+":", "x", coord(x), "y", coord(y+6), "dominant-baseline", "central", "fill", colorText,
			"font-size", "12", "font-weight", "600")
		x += textWidth(title+":") + 12
	}
	for _, e := range entries {
		label := truncateRunes(e.text, 40)
		w := 24 + textWidth(label) + 18
		if x+w > chartWidth-10 && x > 10 {
			x, y = 10, y+20
		}
		if e.line {
			m.elem("line", "", "x1", coord(x), "x2", coord(x+16), "y1", coord(y+6), "y2", coord(y+6), "stroke", e.color, "stroke-width", "2.5")
		} else {
			m.elem("rect", "", "x", coord(x+2), "y", coord(y), "width", "12", "height", "12", "fill", e.color)
		}
		m.elem("text", label, "x", coord(x+22), "y", coord(y+6), "dominant-baseline", "central", "fill", colorMuted, "font-size", "12")
		x += w
	}
	m.close("g")
	return y + 20
}

// legendRows counts the rows legend will need, so the height of a chart
// can be known before it is drawn.
func legendRows(title string, entries []legendEntry) int {
	rows, x := 1, 10.0
	if title != "" {
		x += textWidth(title+":") + 12
	}
	for _, e := range entries {
		w := 24 + textWidth(truncateRunes(e.text, 40)) + 18
		if x+w > chartWidth-10 && x > 10 {
			rows, x = rows+1, 10
		}
		x += w
	}
	return rows
}

// partColors gives each part label a color: by name, so the same protocol
// has the same color in every bar; "other" is grey.
func partColors(names map[string]bool) map[string]string {
	sorted := make([]string, 0, len(names))
	for n := range names {
		if n != OtherPart {
			sorted = append(sorted, n)
		}
	}
	sort.Strings(sorted)
	out := make(map[string]string, len(names))
	for i, n := range sorted {
		out[n] = chartPalette[i%len(chartPalette)]
	}
	if names[OtherPart] {
		out[OtherPart] = colorOther
	}
	return out
}

// partLegend lists the parts in the order of partColors' names, "other"
// last.
func partLegend(colors map[string]string) []legendEntry {
	names := make([]string, 0, len(colors))
	for n := range colors {
		if n != OtherPart {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if _, ok := colors[OtherPart]; ok {
		names = append(names, OtherPart)
	}
	out := make([]legendEntry, len(names))
	for i, n := range names {
		out[i] = legendEntry{text: n, color: colors[n]}
	}
	return out
}
