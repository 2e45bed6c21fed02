package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// figure is one measured value next to its baseline. Every figure of this
// program is lower-is-better (commits, seconds, requests, MiB, ms), so the
// ratio is baseline/value: how many times better than the baseline, and a
// ratio below 1 is a regression.
type figure struct {
	name     string
	value    float64
	unit     string
	baseline float64
	goal     goal
}

// goal is what a figure must reach: at most max (when max > 0) and a ratio
// of at least minRatio (when minRatio > 0).
type goal struct {
	max      float64
	minRatio float64
}

func (f figure) ratio() float64 {
	if f.value == 0 {
		return math.Inf(1)
	}
	return f.baseline / f.value
}

// line renders the figure as the one line `make bench` promises:
// BENCH <name> <value> <unit> (baseline <value>, ratio <x>).
func (f figure) line() string {
	return fmt.Sprintf("BENCH %s %s %s (baseline %s, ratio %s)",
		f.name, formatNumber(f.value), f.unit, formatNumber(f.baseline), formatRatio(f.ratio()))
}

// check returns "" when the goal is met, else what was missed.
func (f figure) check() string {
	var miss string
	if f.goal.max > 0 && f.value > f.goal.max {
		miss = fmt.Sprintf("%s %s > %s", formatNumber(f.value), f.unit, formatNumber(f.goal.max))
	}
	if f.goal.minRatio > 0 && f.ratio() < f.goal.minRatio {
		if miss != "" {
			miss += "; "
		}
		miss += fmt.Sprintf("ratio %s < %s", formatRatio(f.ratio()), formatNumber(f.goal.minRatio))
	}
	return miss
}

// goalText describes the goal for the summary line.
func (g goal) text(unit string) string {
	var s string
	if g.max > 0 {
		s = "≤ " + formatNumber(g.max) + " " + unit
	}
	if g.minRatio > 0 {
		if s != "" {
			s += ", "
		}
		s += "ratio ≥ " + formatNumber(g.minRatio)
	}
	return s
}

// formatNumber prints whole numbers without decimals and keeps about three
// significant digits otherwise, so lines stay short and easy to compare.
func formatNumber(v float64) string {
	switch {
	case math.IsInf(v, 0) || math.IsNaN(v):
		return strconv.FormatFloat(v, 'f', -1, 64)
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatInt(int64(v), 10)
	}
	d := 3
	switch {
	case math.Abs(v) >= 100:
		d = 1
	case math.Abs(v) >= 1:
		d = 2
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// formatRatio prints a ratio with two decimals (e.g. 8.33), "inf" for a
// zero value.
func formatRatio(r float64) string {
	if math.IsInf(r, 1) {
		return "inf"
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}

// median of the durations; the slice is sorted in place.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

// mib converts bytes to MiB.
func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// round keeps d decimals, so printed figures and goal checks agree.
func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}
