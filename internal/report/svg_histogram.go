package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// HistBucket is one element of sps_audit_session_histogram's buckets.
type HistBucket struct {
	Time          string
	Start, Active float64
}

// histLayout is where the parts of a histogram go.
type histLayout struct {
	plotX, top, plotW, plotH, bw, axisMax, step float64
	strip                                       bool // the started/active counts are written under the time axis
}

func (l histLayout) bottom() float64 { return l.top + l.plotH }

// y is where value v is on the value axis.
func (l histLayout) y(v float64) float64 { return l.bottom() - v/l.axisMax*l.plotH }

// bucketTimes reads the buckets' times; ok is false unless every one is an
// ISO 8601 date-time the chart can name the unit and zone of.
func bucketTimes(buckets []HistBucket) (times []time.Time, ok bool) {
	for _, b := range buckets {
		t, err := time.Parse(time.RFC3339Nano, b.Time)
		if err != nil {
			return nil, false
		}
		times = append(times, t)
	}
	return times, len(times) > 0
}

// bucketUnit names the width of a bucket from the distance between the
// first two ("hour", "day"); "" when it is none of the bin sizes SPS offers.
func bucketUnit(times []time.Time) string {
	if len(times) < 2 {
		return ""
	}
	switch d := times[1].Sub(times[0]); {
	case d == time.Minute:
		return "minute"
	case d == time.Hour:
		return "hour"
	case d >= 23*time.Hour && d <= 25*time.Hour: // a day with a daylight saving change
		return "day"
	case d >= 167*time.Hour && d <= 169*time.Hour:
		return "week"
	case d >= 28*24*time.Hour && d <= 31*24*time.Hour:
		return "month"
	}
	return ""
}

// zoneName is how the axis names the time zone of t: "UTC", else its
// offset ("UTC+01:00"), which a reader can apply without knowing zone
// abbreviations.
func zoneName(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "UTC"
	}
	return "UTC" + t.Format("-07:00")
}

// timeAxis says what the columns are and in which time zone: the title of
// the time axis, the tick label and the tooltip name of each bucket, and
// the unit for the legend.
func timeAxis(buckets []HistBucket) (title string, labels, names []string, unit string) {
	times, ok := bucketTimes(buckets)
	labels, names = make([]string, len(buckets)), make([]string, len(buckets))
	if !ok {
		for i, b := range buckets {
			labels[i], names[i] = truncateRunes(b.Time, 10), b.Time
		}
		return "time", labels, names, ""
	}
	for i, t := range times {
		names[i] = t.Format("2006-01-02 15:04") + " " + zoneName(t)
	}
	unit = bucketUnit(times)
	sameDay := true
	for _, t := range times {
		sameDay = sameDay && t.Format(time.DateOnly) == times[0].Format(time.DateOnly)
	}
	for i, t := range times {
		switch {
		case unit == "minute" || unit == "hour" || (unit == "" && sameDay):
			labels[i] = t.Format("15:04")
		case unit == "month":
			labels[i] = t.Format("Jan 2006")
		default:
			labels[i] = t.Format("2 Jan")
		}
	}
	zone := zoneName(times[0])
	switch {
	case unit == "hour" && sameDay:
		title = fmt.Sprintf("hour of %s (%s)", times[0].Format("Monday 2 January 2006"), zone)
	case unit != "":
		title = fmt.Sprintf("%s (%s)", unit, zone)
	default:
		title = fmt.Sprintf("time (%s)", zone)
	}
	return title, labels, names, unit
}

// SVGHistogram draws one column per bucket for the sessions started and a
// line (with a dot per bucket) for the sessions active, under a legend
// that says what each counts. The value axis is titled "sessions", the
// time axis names the bucket unit and the time zone. The figures of each
// bucket are written in a strip under the time axis, away from the line,
// when every one fits its column; they are always in the tooltips and
// data-* attributes.
func SVGHistogram(title string, buckets []HistBucket) (string, error) {
	axisTitleText, labels, names, unit := timeAxis(buckets)
	per := "in the " + unit
	if unit == "" {
		per = "in the interval"
	}
	l := histLayout{plotX: 70, top: 58, plotH: 220}
	l.plotW = chartWidth - l.plotX - 16
	l.bw = l.plotW / float64(max(len(buckets), 1))
	maxValue := 0.0
	widest := 0.0
	for _, b := range buckets {
		maxValue = max(maxValue, b.Start, b.Active)
		widest = max(widest, smallTextWidth(displayNumber(b.Start)), smallTextWidth(displayNumber(b.Active)))
	}
	l.axisMax, l.step = niceScale(maxValue)
	l.strip = len(buckets) > 0 && widest+4 <= l.bw
	height := l.bottom() + 50
	if l.strip {
		height += 40
	}

	m := newMarkup()
	openChart(m, "histogram", title, height, "data-buckets", strconv.Itoa(len(buckets)))
	legend(m, "", []legendEntry{
		{text: "sessions started " + per, color: chartPalette[0]},
		{text: "sessions active at any time " + per, color: chartPalette[1], line: true},
	}, 8)
	axisTitle(m, "sessions", 8, l.top-14, "start")
	histValueAxis(m, l)
	if len(buckets) == 0 {
		noData(m, l.plotX+10, l.top+l.plotH/2)
	}
	widestLabel := 0.0
	for _, s := range labels {
		widestLabel = max(widestLabel, smallTextWidth(s))
	}
	step := max(1, int(math.Ceil((widestLabel+8)/l.bw)))
	for i, b := range buckets {
		histColumn(m, l, i, b, names[i], labels[i], i%step == 0)
	}
	activeLine(m, l, buckets)
	axisTitle(m, axisTitleText, l.plotX+l.plotW/2, l.bottom()+38, "middle")
	if l.strip {
		countStrip(m, l, buckets)
	}
	closeChart(m)
	return m.String()
}

// histValueAxis draws the horizontal grid lines with their values.
func histValueAxis(m *markup, l histLayout) {
	m.open("g", "class", "axis")
	for i, v := range ticks(l.axisMax, l.step) {
		color := colorGrid
		if i == 0 {
			color = colorAxis
		}
		m.elem("line", "", "x1", coord(l.plotX), "x2", coord(l.plotX+l.plotW), "y1", coord(l.y(v)), "y2", coord(l.y(v)),
			"stroke", color, "stroke-width", "1")
		m.elem("text", displayNumber(v), "x", coord(l.plotX-8), "y", coord(l.y(v)), "text-anchor", "end",
			"dominant-baseline", "central", "fill", colorMuted, "font-size", "11")
	}
	m.close("g")
}

// histColumn draws bucket i's column, its tooltip (named name) and, when
// labeled, its time under the axis.
func histColumn(m *markup, l histLayout, i int, b HistBucket, name, label string, labeled bool) {
	x := l.plotX + l.bw*float64(i)
	m.open("g", "class", "bucket", "data-time", b.Time, "data-start-count", exactNumber(b.Start),
		"data-active-count", exactNumber(b.Active))
	m.elem("title", fmt.Sprintf("%s: %s started, %s active", name, displayNumber(b.Start), displayNumber(b.Active)))
	m.elem("rect", "", "x", coord(x+l.bw*0.15), "y", coord(l.y(b.Start)), "width", coord(l.bw*0.7),
		"height", coord(l.bottom()-l.y(b.Start)), "fill", chartPalette[0])
	if labeled {
		m.elem("text", label, "x", coord(x+l.bw/2), "y", coord(l.bottom()+16), "text-anchor", "middle",
			"fill", colorMuted, "font-size", "11")
	}
	m.close("g")
}

// activeLine draws the sessions active as a line with a dot per bucket.
func activeLine(m *markup, l histLayout, buckets []HistBucket) {
	if len(buckets) == 0 {
		return
	}
	var points strings.Builder
	for i, b := range buckets {
		fmt.Fprintf(&points, "%s,%s ", coord(l.plotX+l.bw*(float64(i)+0.5)), coord(l.y(b.Active)))
	}
	m.open("g", "class", "series")
	m.elem("polyline", "", "points", strings.TrimSpace(points.String()), "fill", "none", "stroke", chartPalette[1],
		"stroke-width", "2.5")
	for i, b := range buckets {
		m.elem("circle", "", "cx", coord(l.plotX+l.bw*(float64(i)+0.5)), "cy", coord(l.y(b.Active)), "r", "3",
			"fill", chartPalette[1])
	}
	m.close("g")
}

// countStrip writes each bucket's figures in two rows under the time axis:
// the sessions started (in the columns' color) and active (in the line's).
func countStrip(m *markup, l histLayout, buckets []HistBucket) {
	rows := []struct {
		name  string
		color string
		value func(HistBucket) float64
	}{
		{"started", chartPalette[0], func(b HistBucket) float64 { return b.Start }},
		{"active", chartPalette[1], func(b HistBucket) float64 { return b.Active }},
	}
	m.open("g", "class", "counts")
	for r, row := range rows {
		y := l.bottom() + 62 + 18*float64(r)
		m.elem("text", row.name, "x", coord(l.plotX-8), "y", coord(y), "text-anchor", "end", "fill", row.color,
			"font-size", "11", "font-weight", "600")
		for i, b := range buckets {
			m.elem("text", displayNumber(row.value(b)), "class", "value", "x", coord(l.plotX+l.bw*(float64(i)+0.5)),
				"y", coord(y), "text-anchor", "middle", "fill", row.color, "font-size", "11")
		}
	}
	m.close("g")
}
