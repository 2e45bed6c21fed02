package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestFigureLine(t *testing.T) {
	cases := []struct {
		f    figure
		want string
	}{
		{figure{name: "apply_50_policies_commits", value: 5, unit: "commits", baseline: 50},
			"BENCH apply_50_policies_commits 5 commits (baseline 50, ratio 10.00)"},
		{figure{name: "apply_50_policies_seconds", value: 4.5, unit: "s", baseline: 27.25},
			"BENCH apply_50_policies_seconds 4.5 s (baseline 27.25, ratio 6.06)"},
		{figure{name: "mock_search_ms", value: 12.3, unit: "ms", baseline: 100},
			"BENCH mock_search_ms 12.3 ms (baseline 100, ratio 8.13)"},
		{figure{name: "search_10000_sessions_seconds", value: 0.312, unit: "s", baseline: 1.05},
			"BENCH search_10000_sessions_seconds 0.312 s (baseline 1.05, ratio 3.37)"},
		{figure{name: "zero", value: 0, unit: "requests", baseline: 51},
			"BENCH zero 0 requests (baseline 51, ratio inf)"},
	}
	for _, c := range cases {
		t.Run(c.f.name, func(t *testing.T) {
			if got := c.f.line(); got != c.want {
				t.Errorf("line()\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	for in, want := range map[float64]string{
		0: "0", 51: "51", 100: "100", 123.45: "123.5", 27.25: "27.25", 1.5: "1.5",
		1.0001: "1", 0.3126: "0.313", 0.1: "0.1", 64.04: "64.04",
	} {
		t.Run(fmt.Sprint(in), func(t *testing.T) {
			if got := formatNumber(in); got != want {
				t.Errorf("formatNumber(%v) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestFigureCheck(t *testing.T) {
	if miss := (figure{value: 5, baseline: 50, goal: goal{max: 6}}).check(); miss != "" {
		t.Errorf("5 ≤ 6 reported as missed: %s", miss)
	}
	if miss := (figure{value: 7, unit: "commits", baseline: 50, goal: goal{max: 6}}).check(); !strings.Contains(miss, "7 commits > 6") {
		t.Errorf("7 > 6 not reported: %q", miss)
	}
	if miss := (figure{value: 10, baseline: 40, goal: goal{minRatio: 5}}).check(); !strings.Contains(miss, "ratio 4.00 < 5") {
		t.Errorf("ratio 4 < 5 not reported: %q", miss)
	}
	if miss := (figure{value: 8, baseline: 40, goal: goal{minRatio: 5}}).check(); miss != "" {
		t.Errorf("ratio 5 ≥ 5 reported as missed: %s", miss)
	}
}

func TestMedian(t *testing.T) {
	ms := time.Millisecond
	if got := median([]time.Duration{5 * ms, 1 * ms, 3 * ms}); got != 3*ms {
		t.Errorf("odd median = %v", got)
	}
	if got := median([]time.Duration{4 * ms, 1 * ms, 2 * ms, 3 * ms}); got != 2500*time.Microsecond {
		t.Errorf("even median = %v", got)
	}
	if got := median(nil); got != 0 {
		t.Errorf("empty median = %v", got)
	}
}

func TestSummaryExitCode(t *testing.T) {
	var out bytes.Buffer
	b := &bench{out: &out}
	b.report(figure{name: "ok", value: 2, unit: "requests", baseline: 51, goal: goal{max: 3}})
	if code := b.summary(); code != 0 || !strings.Contains(out.String(), "GOALS met: 1 of 1") {
		t.Fatalf("code %d, output %q", code, out.String())
	}
	b.report(figure{name: "slow", value: 2, unit: "s", baseline: 3, goal: goal{minRatio: 3}})
	out.Reset()
	if code := b.summary(); code != 1 || !strings.Contains(out.String(), "GOAL MISSED slow: ratio 1.50 < 3") {
		t.Fatalf("code %d, output %q", code, out.String())
	}
}

func TestRunRejectsUnknownPart(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-only", "nope"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), `unknown -only part "nope"`) {
		t.Fatalf("code %d, stderr %q", code, errOut.String())
	}
}
