package report

import (
	"strconv"
)

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

// OtherPart labels the part of a stats item not in its buckets.
const OtherPart = "other"

// BarAxes are the words a bar chart is read by: what its bars are (the
// heading of the label column, "protocol"), what their length counts, with
// the unit ("sessions"), and, for stacked bars, what the colored parts are
// (the legend's title, "protocol").
type BarAxes struct {
	Labels, Values, Parts string
}

// barLayout is where the parts of a bar chart go.
type barLayout struct {
	legendY, headY, top, rowH, barH, labelRight, plotW, axisMax, step float64
}

func (l barLayout) rowsBottom(n int) float64 { return l.top + l.rowH*float64(max(n, 1)) }

// SVGBars draws horizontal bars, in the order given, under a heading
// naming the label column, with a value axis (ticks and its title) below;
// each bar's value is written at its end, where nothing else is drawn.
// With parts, each bar is stacked by part, colored by part label, with a
// legend titled axes.Parts.
func SVGBars(kind, title string, axes BarAxes, rows []BarRow) (string, error) {
	maxValue := 0.0
	partNames := map[string]bool{}
	for _, r := range rows {
		maxValue = max(maxValue, r.Value)
		for _, p := range r.Parts {
			partNames[p.Label] = true
		}
	}
	colors := partColors(partNames)
	entries := partLegend(colors)
	l := barLayout{legendY: 8, rowH: 30, barH: 20, labelRight: 230}
	l.axisMax, l.step = niceScale(maxValue)
	l.headY = l.legendY
	if len(entries) > 0 {
		l.headY += 20 * float64(legendRows(axes.Parts, entries))
	}
	l.top = l.headY + 22
	// Room on the right for the longest value label at the end of a bar.
	l.plotW = chartWidth - l.labelRight - 20 - max(60, textWidth(displayNumber(maxValue))+24)
	height := l.rowsBottom(len(rows)) + 52

	m := newMarkup()
	openChart(m, kind, title, height, "data-items", strconv.Itoa(len(rows)))
	if len(entries) > 0 {
		legend(m, axes.Parts, entries, l.legendY)
	}
	axisTitle(m, axes.Labels, l.labelRight-8, l.headY+10, "end")
	valueAxis(m, l, len(rows), axes.Values)
	if len(rows) == 0 {
		noData(m, l.labelRight+10, l.top+18)
	}
	for i, r := range rows {
		bar(m, l, i, r, colors)
	}
	closeChart(m)
	return m.String()
}

// valueAxis draws the grid lines and ticks of the value axis under the
// bars, and its title.
func valueAxis(m *markup, l barLayout, n int, title string) {
	bottom := l.rowsBottom(n)
	m.open("g", "class", "axis")
	for i, v := range ticks(l.axisMax, l.step) {
		x := l.labelRight + l.plotW*v/l.axisMax
		color := colorGrid
		if i == 0 {
			color = colorAxis
		}
		m.elem("line", "", "x1", coord(x), "x2", coord(x), "y1", coord(l.top-4), "y2", coord(bottom), "stroke", color, "stroke-width", "1")
		m.elem("text", displayNumber(v), "x", coord(x), "y", coord(bottom+16), "text-anchor", "middle",
			"fill", colorMuted, "font-size", "11")
	}
	m.elem("line", "", "x1", coord(l.labelRight), "x2", coord(l.labelRight+l.plotW), "y1", coord(bottom), "y2", coord(bottom),
		"stroke", colorAxis, "stroke-width", "1")
	m.close("g")
	axisTitle(m, title, l.labelRight+l.plotW/2, bottom+38, "middle")
}

// bar draws row i: its label, its (stacked) bar and its value.
func bar(m *markup, l barLayout, i int, r BarRow, colors map[string]string) {
	y := l.top + l.rowH*float64(i) + (l.rowH-l.barH)/2
	m.open("g", "class", "bar", "data-label", r.Label, "data-value", exactNumber(r.Value))
	tip := r.Label + ": " + displayNumber(r.Value)
	for _, p := range r.Parts {
		tip += "\n  " + p.Label + ": " + displayNumber(p.Value)
	}
	m.elem("title", tip)
	m.elem("text", truncateRunes(r.Label, maxChartLabel), "x", coord(l.labelRight-8), "y", coord(y+l.barH/2),
		"text-anchor", "end", "dominant-baseline", "central", "fill", colorText)
	x := l.labelRight + 1
	scale := l.plotW / l.axisMax
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
		attrs := []string{"x", coord(x), "y", coord(y), "width", coord(w), "height", coord(l.barH), "fill", color}
		if len(r.Parts) > 0 {
			attrs = append(attrs, "data-part", p.Label, "data-value", exactNumber(p.Value))
		}
		m.elem("rect", "", attrs...)
		x += w
	}
	m.elem("text", displayNumber(r.Value), "class", "value", "x", coord(x+6), "y", coord(y+l.barH/2),
		"dominant-baseline", "central", "fill", colorText, "font-weight", "600")
	m.close("g")
}
