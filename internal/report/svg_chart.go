package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The SVG charts of the HTML report functions. Sizes are in SVG user units
// (pixels at 100%); the report's CSS scales a chart down to narrow pages.
// Colors are presentation attributes, so a chart looks the same outside
// the report and on paper.

const (
	chartWidth = 760
	// maxChartLabel is how many characters of a label a chart shows; a
	// longer one ends in "…" and the whole text stays in the bar's tooltip
	// (<title>) and data-label. Tables keep long text whole instead.
	maxChartLabel = 28
	colorOther    = "#a0aec0"
	colorAxis     = "#a0aec0"
	colorText     = "#1a202c"
	colorMuted    = "#4a5568"
)

var chartPalette = []string{"#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#319795", "#d69e2e", "#e53e3e", "#5a67d8", "#718096"}

// BarPart is one segment of a bar.
type BarPart struct {
	Label string
	Value float64
}

// BarRow is one bar: its label and value, and its segments when stacked.
type BarRow struct {
	Label string
	Value float64
	Parts []BarPart // empty: one plain bar
}

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

// CheckChartValue refuses a value a chart cannot show (negative, NaN,
// infinite); what names it in the error.
func CheckChartValue(what string, v float64) error {
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is %v; charts show finite values of zero or more", what, v)
	}
	return nil
}

func openChart(m *markup, kind, title string, height int, attrs ...string) {
	m.open("figure", append([]string{"class", "chart", "data-chart", kind}, attrs...)...)
	m.elem("figcaption", title)
	m.open("svg", "xmlns", svgNamespace, "viewBox", fmt.Sprintf("0 0 %d %d", chartWidth, height),
		"width", strconv.Itoa(chartWidth), "height", strconv.Itoa(height), "role", "img", "aria-label", title,
		"font-family", "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Arial, sans-serif", "font-size", "13")
	m.elem("title", title)
}

func closeChart(m *markup) {
	m.close("svg")
	m.close("figure")
}

func noData(m *markup, y int) {
	m.elem("text", "No data for this period.", "x", "10", "y", strconv.Itoa(y), "fill", colorMuted, "font-style", "italic")
}

// SVGBars draws horizontal bars, longest first as given; with parts,
// each bar is stacked by part, colored by part label, with a legend.
func SVGBars(kind, title string, rows []BarRow) (string, error) {
	const labelRight, rowH, barH = 200.0, 28.0, 18.0
	plotW := float64(chartWidth) - labelRight - 10 - 90
	maxValue := 0.0
	partNames := map[string]bool{}
	for _, r := range rows {
		maxValue = max(maxValue, r.Value)
		for _, p := range r.Parts {
			partNames[p.Label] = true
		}
	}
	colors := partColors(partNames)
	top := 6.0
	if len(colors) > 0 {
		top = 34
	}
	height := int(top + rowH*float64(max(len(rows), 1)) + 6)

	m := newMarkup()
	openChart(m, kind, title, height, "data-items", strconv.Itoa(len(rows)))
	if len(colors) > 0 {
		legend(m, colors)
	}
	if len(rows) == 0 {
		noData(m, int(top)+18)
	}
	m.elem("line", "", "x1", coord(labelRight), "x2", coord(labelRight), "y1", coord(top-2),
		"y2", coord(top+rowH*float64(max(len(rows), 1))), "stroke", colorAxis, "stroke-width", "1")
	for i, r := range rows {
		y := top + rowH*float64(i) + (rowH-barH)/2
		m.open("g", "class", "bar", "data-label", r.Label, "data-value", exactNumber(r.Value))
		tip := r.Label + ": " + displayNumber(r.Value)
		for _, p := range r.Parts {
			tip += "\n  " + p.Label + ": " + displayNumber(p.Value)
		}
		m.elem("title", tip)
		m.elem("text", truncateRunes(r.Label, maxChartLabel), "x", coord(labelRight-8), "y", coord(y+barH/2),
			"text-anchor", "end", "dominant-baseline", "central", "fill", colorText)
		x := labelRight + 1
		scale := 0.0
		if maxValue > 0 {
			scale = plotW / maxValue
		}
		parts := r.Parts
		if len(parts) == 0 {
			parts = []BarPart{{Value: r.Value}}
		}
		for _, p := range parts {
			w := p.Value * scale
			if p.Value > 0 && w < 1 {
				w = 1 // a value that is not zero stays visible next to a huge one
			}
			color := chartPalette[0]
			if len(r.Parts) > 0 {
				color = colors[p.Label]
			}
			attrs := []string{"x", coord(x), "y", coord(y), "width", coord(w), "height", coord(barH), "fill", color}
			if len(r.Parts) > 0 {
				attrs = append(attrs, "data-part", p.Label, "data-value", exactNumber(p.Value))
			}
			m.elem("rect", "", attrs...)
			x += w
		}
		m.elem("text", displayNumber(r.Value), "x", coord(x+6), "y", coord(y+barH/2), "dominant-baseline", "central",
			"fill", colorText, "font-weight", "600")
		m.close("g")
	}
	closeChart(m)
	return m.String()
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

// OtherPart labels the part of a stats item not in its buckets.
const OtherPart = "other"

func legend(m *markup, colors map[string]string) {
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
	m.open("g", "class", "legend")
	x := 10.0
	for _, n := range names {
		label := truncateRunes(n, 16)
		if x > chartWidth-60 {
			break // the tooltips still name every part
		}
		m.elem("rect", "", "x", coord(x), "y", "8", "width", "12", "height", "12", "fill", colors[n])
		m.elem("text", label, "x", coord(x+17), "y", "14", "dominant-baseline", "central", "fill", colorMuted, "font-size", "12")
		x += 17 + 7.5*float64(len([]rune(label))) + 18
	}
	m.close("g")
}

// HistBucket is one element of sps_audit_session_histogram's buckets.
type HistBucket struct {
	Time          string
	Start, Active float64
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

// SVGHistogram draws one column per bucket for the sessions started
// and a line for the sessions active, with a value axis and time labels.
func SVGHistogram(title string, buckets []HistBucket) (string, error) {
	const plotX, top, plotH = 56.0, 34.0, 220.0
	plotW := float64(chartWidth) - plotX - 12
	height := int(top + plotH + 44)
	maxValue := 0.0
	for _, b := range buckets {
		maxValue = max(maxValue, b.Start, b.Active)
	}
	axisMax := niceCeil(maxValue)

	m := newMarkup()
	openChart(m, "histogram", title, height, "data-buckets", strconv.Itoa(len(buckets)))
	m.open("g", "class", "legend")
	m.elem("rect", "", "x", "10", "y", "8", "width", "12", "height", "12", "fill", chartPalette[0])
	m.elem("text", "sessions started", "x", "27", "y", "14", "dominant-baseline", "central", "fill", colorMuted, "font-size", "12")
	m.elem("line", "", "x1", "150", "x2", "166", "y1", "14", "y2", "14", "stroke", chartPalette[1], "stroke-width", "2.5")
	m.elem("text", "sessions active", "x", "171", "y", "14", "dominant-baseline", "central", "fill", colorMuted, "font-size", "12")
	m.close("g")
	for i := 0; i <= 4; i++ {
		v := axisMax * float64(i) / 4
		y := top + plotH - plotH*float64(i)/4
		dash := "3 3"
		if i == 0 {
			dash = ""
		}
		m.elem("line", "", "x1", coord(plotX), "x2", coord(plotX+plotW), "y1", coord(y), "y2", coord(y),
			"stroke", colorAxis, "stroke-width", "1", "stroke-dasharray", dash)
		m.elem("text", displayNumber(v), "x", coord(plotX-6), "y", coord(y), "text-anchor", "end",
			"dominant-baseline", "central", "fill", colorMuted, "font-size", "11")
	}
	if len(buckets) == 0 {
		noData(m, int(top+plotH/2))
	}
	bw := plotW / float64(max(len(buckets), 1))
	sameDay := true
	for _, b := range buckets {
		if len(b.Time) < 16 || len(buckets[0].Time) < 10 || b.Time[:10] != buckets[0].Time[:10] {
			sameDay = false
		}
	}
	step := (len(buckets) + 11) / 12
	var line strings.Builder
	for i, b := range buckets {
		h := b.Start / axisMax * plotH
		x := plotX + bw*float64(i)
		m.open("g", "class", "bucket", "data-time", b.Time, "data-start-count", exactNumber(b.Start),
			"data-active-count", exactNumber(b.Active))
		m.elem("title", fmt.Sprintf("%s: %s started, %s active", b.Time, displayNumber(b.Start), displayNumber(b.Active)))
		m.elem("rect", "", "x", coord(x+bw*0.12), "y", coord(top+plotH-h), "width", coord(bw*0.76), "height", coord(h),
			"fill", chartPalette[0])
		if len(buckets) <= 24 && b.Start > 0 {
			m.elem("text", displayNumber(b.Start), "x", coord(x+bw/2), "y", coord(top+plotH-h-4), "text-anchor", "middle",
				"fill", colorText, "font-size", "11")
		}
		if i%step == 0 {
			m.elem("text", bucketLabel(b.Time, sameDay), "x", coord(x+bw/2), "y", coord(top+plotH+16),
				"text-anchor", "middle", "fill", colorMuted, "font-size", "11")
		}
		m.close("g")
		fmt.Fprintf(&line, "%s,%s ", coord(x+bw/2), coord(top+plotH-b.Active/axisMax*plotH))
	}
	if len(buckets) > 0 {
		m.elem("polyline", "", "points", strings.TrimSpace(line.String()), "fill", "none", "stroke", chartPalette[1],
			"stroke-width", "2.5")
	}
	closeChart(m)
	return m.String()
}

// bucketLabel shortens an ISO 8601 bucket start: the time of day when every
// bucket is on one day, else the month and day.
func bucketLabel(t string, sameDay bool) string {
	switch {
	case sameDay:
		return t[11:16]
	case len(t) >= 10 && t[4] == '-':
		return t[5:10]
	}
	return truncateRunes(t, 10)
}
