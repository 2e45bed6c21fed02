package report

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// svgElem is one element of a chart: its name, attributes and text.
type svgElem struct {
	name  string
	attrs map[string]string
	text  string
}

func (e svgElem) num(t *testing.T, attr string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.attrs[attr], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", e.name, attr, e.attrs[attr], err)
	}
	return v
}

// svgElems lists the elements of a chart in document order.
func svgElems(t *testing.T, chart string) []svgElem {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(chart))
	var out []svgElem
	var open []int
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("chart is not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			e := svgElem{name: tk.Name.Local, attrs: map[string]string{}}
			for _, a := range tk.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			out = append(out, e)
			open = append(open, len(out)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				out[open[len(open)-1]].text += string(tk)
			}
		}
	}
}

// box is a text's extent as drawn: x from its anchor and estimated width,
// y one font size around its baseline.
type box struct{ x0, x1, y0, y1 float64 }

func textBox(t *testing.T, e svgElem) box {
	t.Helper()
	x, y := e.num(t, "x"), e.num(t, "y")
	size := 13.0
	if e.attrs["font-size"] != "" {
		size = e.num(t, "font-size")
	}
	w := float64(len([]rune(e.text))) * size * 0.6
	switch e.attrs["text-anchor"] {
	case "middle":
		x -= w / 2
	case "end":
		x -= w
	}
	top := y - size
	if e.attrs["dominant-baseline"] == "central" {
		top = y - size/2
	}
	return box{x, x + w, top, top + size*1.2}
}

// segmentHitsBox says whether the segment from a to b passes through the
// box (sampled finely enough for chart sizes).
func segmentHitsBox(ax, ay, bx, by float64, b box) bool {
	for i := 0; i <= 200; i++ {
		f := float64(i) / 200
		x, y := ax+(bx-ax)*f, ay+(by-ay)*f
		if x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1 {
			return true
		}
	}
	return false
}

// TestHistogramValueLabelsNeverMeetTheLine draws histograms whose active
// line crosses its columns every way (equal, above, far above, zero, random
// seeds, 7 to 31 buckets) and fails if any value label touches the line or
// one of its dots, or another label.
func TestHistogramValueLabelsNeverMeetTheLine(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 40 {
		buckets := make([]HistBucket, 7+n%25)
		for i := range buckets {
			start := float64(rng.IntN(100))
			active := []float64{start, start + float64(rng.IntN(50)), start * 3, 0, float64(rng.IntN(2000))}[rng.IntN(5)]
			buckets[i] = HistBucket{Time: fmt.Sprintf("2026-12-06T%02d:00:00.000Z", i%24), Start: start, Active: active}
		}
		chart, err := SVGHistogram("h", buckets)
		if err != nil {
			t.Fatal(err)
		}
		els := svgElems(t, chart)
		var labels []box
		var points [][2]float64
		var dots []box
		for _, e := range els {
			switch {
			case e.name == "text" && e.attrs["class"] == "value":
				labels = append(labels, textBox(t, e))
			case e.name == "polyline":
				for _, p := range strings.Fields(e.attrs["points"]) {
					x, y, _ := strings.Cut(p, ",")
					px, _ := strconv.ParseFloat(x, 64)
					py, _ := strconv.ParseFloat(y, 64)
					points = append(points, [2]float64{px, py})
				}
			case e.name == "circle":
				cx, cy, r := e.num(t, "cx"), e.num(t, "cy"), e.num(t, "r")
				dots = append(dots, box{cx - r, cx + r, cy - r, cy + r})
			}
		}
		// The strip is left out when a figure does not fit its column.
		if (len(labels) != 2*len(buckets) && (len(labels) != 0 || len(buckets) < 20)) || len(points) != len(buckets) {
			t.Fatalf("%d buckets: %d value labels, %d line points", len(buckets), len(labels), len(points))
		}
		for i, l := range labels {
			for j := 1; j < len(points); j++ {
				if segmentHitsBox(points[j-1][0], points[j-1][1], points[j][0], points[j][1], l) {
					t.Fatalf("%d buckets: value label %d %+v touches the line", len(buckets), i, l)
				}
			}
			for _, d := range dots {
				if d.x1 >= l.x0 && d.x0 <= l.x1 && d.y1 >= l.y0 && d.y0 <= l.y1 {
					t.Fatalf("%d buckets: value label %d %+v touches a dot %+v", len(buckets), i, l, d)
				}
			}
			for k, o := range labels[:i] {
				if o.x1 > l.x0 && o.x0 < l.x1 && o.y1 > l.y0 && o.y0 < l.y1 {
					t.Fatalf("%d buckets: value labels %d and %d overlap: %+v %+v", len(buckets), k, i, o, l)
				}
			}
		}
	}
}

// TestChartsReadWithoutGuessing: every chart names what its axes measure,
// with the unit and, for time, the zone; its legend says in words what
// each mark counts; it is as wide as the page.
func TestChartsReadWithoutGuessing(t *testing.T) {
	t.Parallel()
	hourly := make([]HistBucket, 24)
	for i := range hourly {
		hourly[i] = HistBucket{Time: fmt.Sprintf("2026-12-06T%02d:00:00+01:00", i), Start: float64(i), Active: float64(i + 1)}
	}
	daily := []HistBucket{{Time: "2026-11-30T00:00:00.000Z", Start: 68, Active: 70}, {Time: "2026-12-01T00:00:00.000Z", Start: 76, Active: 76}}
	bars, _ := SVGBars("bar", "Refused sessions per protocol", BarAxes{Labels: "protocol", Values: "sessions"},
		[]BarRow{{Label: "SSH", Value: 25}, {Label: "RDP", Value: 23}})
	stacked, _ := SVGBars("stats", "Top users", BarAxes{Labels: "gateway user", Values: "sessions", Parts: "protocol"},
		[]BarRow{{Label: "alice", Value: 66, Parts: []BarPart{{"RDP", 20}, {"SSH", 30}, {OtherPart, 16}}}})
	h1, _ := SVGHistogram("Sessions per hour", hourly)
	h2, _ := SVGHistogram("Sessions per day", daily)
	for _, c := range []struct {
		chart string
		want  []string
	}{
		{bars, []string{"protocol", "sessions"}},
		{stacked, []string{"gateway user", "sessions", "protocol:", "RDP", "SSH", "other"}},
		{h1, []string{"sessions", "hour of Sunday 6 December 2026 (UTC+01:00)", "sessions started in the hour",
			"sessions active at any time in the hour", "00:00", "22:00", "started", "active"}},
		{h2, []string{"sessions", "day (UTC)", "sessions started in the day", "30 Nov", "1 Dec", "68", "76"}},
	} {
		texts := map[string]bool{}
		titles := 0
		for _, e := range svgElems(t, c.chart) {
			if e.name == "text" {
				texts[e.text] = true
				if e.attrs["class"] == "axis-title" {
					titles++
				}
			}
			if e.name == "svg" && (e.attrs["width"] != "100%" || e.attrs["height"] != "" || !strings.HasPrefix(e.attrs["viewBox"], "0 0 1000 ")) {
				t.Errorf("the chart is not as wide as the page: %v", e.attrs)
			}
		}
		if titles != 2 {
			t.Errorf("%d axis titles, want 2:\n%.500s", titles, c.chart)
		}
		for _, w := range c.want {
			if !texts[w] {
				t.Errorf("chart lacks the text %q; it has %v", w, texts)
			}
		}
	}
}

// TestBarValueLabelsFit: each bar's value is written after the bar's end
// and inside the chart, for tiny and huge values alike.
func TestBarValueLabelsFit(t *testing.T) {
	t.Parallel()
	for _, rows := range [][]BarRow{
		{{Label: "big", Value: 1e300}, {Label: "one", Value: 1}, {Label: "zero", Value: 0}},
		{{Label: "a", Value: 123456789012}, {Label: "b", Value: 0.25}},
	} {
		chart, err := SVGBars("bar", "t", BarAxes{Labels: "l", Values: "v"}, rows)
		if err != nil {
			t.Fatal(err)
		}
		end := 0.0
		for _, e := range svgElems(t, chart) {
			if e.name == "rect" {
				end = e.num(t, "x") + e.num(t, "width")
			}
			if e.name == "text" && e.attrs["class"] == "value" {
				b := textBox(t, e)
				if b.x0 < end || b.x1 > chartWidth {
					t.Errorf("value %q spans %.0f..%.0f; the bar ends at %.0f, the chart at %d", e.text, b.x0, b.x1, end, chartWidth)
				}
			}
		}
	}
}

func TestSVGChartsEdgeValues(t *testing.T) {
	t.Parallel()
	// Empty, zero and huge values: the chart says so, draws no bar, and a
	// tiny value next to a huge one stays visible.
	empty, err := SVGBars("bar", "t", BarAxes{}, nil)
	if err != nil || !strings.Contains(empty, "No data for this period.") {
		t.Errorf("empty chart: %v\n%s", err, empty)
	}
	huge, err := SVGBars("bar", "t", BarAxes{}, []BarRow{{Label: "big", Value: 1e300}, {Label: "one", Value: 1}, {Label: "zero", Value: 0}})
	if err != nil {
		t.Fatal(err)
	}
	parseXML(t, huge)
	widths := regexp.MustCompile(`<rect x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)"`).FindAllStringSubmatch(huge, -1)
	if len(widths) != 3 || widths[1][1] != "1.0" || widths[2][1] != "0.0" {
		t.Fatalf("bar widths %v, want full, 1 (visible), 0", widths)
	}
	if w, _ := strconv.ParseFloat(widths[0][1], 64); w < 0.6*chartWidth || math.IsNaN(w) {
		t.Errorf("the largest bar is %v wide in a %d-wide chart", w, chartWidth)
	}
	if !strings.Contains(huge, `data-value="1e+300"`) || !strings.Contains(huge, ">1e+300<") {
		t.Errorf("huge value not labeled: %s", huge)
	}
	if err := CheckChartValue("v", -1); err == nil {
		t.Error("-1 accepted")
	}
	hist, err := SVGHistogram("t", nil)
	if err != nil || !strings.Contains(hist, "No data for this period.") {
		t.Errorf("empty histogram: %v", err)
	}
	if got := displayNumber(1234567); got != "1,234,567" {
		t.Errorf("displayNumber = %q", got)
	}
}

// TestNiceScaleWholeTicks: counts of one or more get whole-numbered ticks
// (no "12.5 sessions"), the axis reaches the largest value, and there are
// at most five intervals.
func TestNiceScaleWholeTicks(t *testing.T) {
	t.Parallel()
	for _, v := range []float64{1, 2, 3, 7, 9, 10, 25, 66, 99, 101, 1234, 999999, 1e300} {
		axisMax, step := niceScale(v)
		ts := ticks(axisMax, step)
		if axisMax < v || len(ts) < 2 || len(ts) > 6 || ts[len(ts)-1] != axisMax {
			t.Errorf("niceScale(%v) = %v, %v: ticks %v", v, axisMax, step, ts)
		}
		for _, tk := range ts {
			if tk != math.Trunc(tk) {
				t.Errorf("niceScale(%v): tick %v is not a whole number", v, tk)
			}
		}
	}
}
