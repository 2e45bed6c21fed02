package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxBarChartWidth keeps a typo (width = 100000) from producing megabytes
// of output.
const MaxBarChartWidth = 1000

// eighths are the partial blocks from one to seven eighths of a cell.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// BarChart draws the chart; on bad input it returns the index of the
// argument at fault.
func BarChart(values []float64, labels []string, width int64) (string, int64, error) {
	if len(values) != len(labels) {
		return "", 1, fmt.Errorf("got %d labels for %d values; give exactly one label per value", len(labels), len(values))
	}
	if width < 1 || width > MaxBarChartWidth {
		return "", 2, fmt.Errorf("width must be between 1 and %d, got %d", MaxBarChartWidth, width)
	}
	maxValue, labelWidth := 0.0, 0
	for i, v := range values {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return "", 0, fmt.Errorf("values[%d] is %v; bars can only show finite values of zero or more", i, v)
		}
		maxValue = max(maxValue, v)
		labelWidth = max(labelWidth, utf8.RuneCountInString(labels[i]))
	}
	var b strings.Builder
	for i, v := range values {
		b.WriteString(labels[i])
		b.WriteString(strings.Repeat(" ", labelWidth-utf8.RuneCountInString(labels[i])))
		b.WriteString(" | ")
		cells := 0 // in eighths of a character
		if maxValue > 0 {
			cells = int(math.Round(v / maxValue * float64(width) * 8))
		}
		full, part := cells/8, cells%8
		b.WriteString(strings.Repeat("█", full))
		b.WriteString(eighths[part])
		drawn := full
		if part > 0 {
			drawn++
		}
		b.WriteString(strings.Repeat(" ", int(width)-drawn))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
		b.WriteByte('\n')
	}
	return b.String(), 0, nil
}
