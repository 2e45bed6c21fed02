package provider

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ function.Function = barChartFunction{}

// maxBarChartWidth keeps a typo (width = 100000) from producing megabytes
// of output.
const maxBarChartWidth = 1000

// barChartFunction draws a horizontal text bar chart, so a plan or an
// output can show a histogram or top-N statistics without leaving the
// terminal.
type barChartFunction struct{}

// NewBarChartFunction is the constructor the provider registers.
func NewBarChartFunction() function.Function { return barChartFunction{} }

func (barChartFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "bar_chart"
}

func (barChartFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Draw a text bar chart",
		MarkdownDescription: "Renders one line per value: the label padded to the longest label, ` | `, a bar made of " +
			"Unicode block characters (with eighth-block precision) scaled so that the largest value fills `width` " +
			"characters, and the value. Lines end with a newline. Handy for `sps_audit_session_histogram` buckets or " +
			"`sps_audit_session_stats` items in an output:\n\n" +
			"```\nssh | ████████████████████ 12\nrdp | ██████████           6\nvnc |                      0\n```",
		Parameters: []function.Parameter{
			function.ListParameter{
				Name:                "values",
				MarkdownDescription: "The values to draw, zero or more; none may be negative or null.",
				ElementType:         types.Float64Type,
			},
			function.ListParameter{
				Name:                "labels",
				MarkdownDescription: "One label per value, in the same order.",
				ElementType:         types.StringType,
			},
			function.Int64Parameter{
				Name:                "width",
				MarkdownDescription: fmt.Sprintf("Length in characters of the longest bar, 1 to %d.", maxBarChartWidth),
			},
		},
		Return: function.StringReturn{},
	}
}

func (barChartFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var (
		values []types.Float64
		labels []types.String
		width  int64
	)
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &values, &labels, &width))
	if resp.Error != nil {
		return
	}
	nums := make([]float64, len(values))
	for i, v := range values {
		if v.IsNull() || v.IsUnknown() {
			resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("values[%d] is null; every value must be a number", i))
			return
		}
		nums[i] = v.ValueFloat64()
	}
	names := make([]string, len(labels))
	for i, l := range labels {
		if l.IsNull() || l.IsUnknown() {
			resp.Error = function.NewArgumentFuncError(1, fmt.Sprintf("labels[%d] is null; use \"\" for an empty label", i))
			return
		}
		names[i] = l.ValueString()
	}
	out, argIndex, err := renderBarChart(nums, names, width)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(argIndex, err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, out))
}

// eighths are the partial blocks from one to seven eighths of a cell.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// renderBarChart draws the chart; on bad input it returns the index of the
// argument at fault.
func renderBarChart(values []float64, labels []string, width int64) (string, int64, error) {
	if len(values) != len(labels) {
		return "", 1, fmt.Errorf("got %d labels for %d values; give exactly one label per value", len(labels), len(values))
	}
	if width < 1 || width > maxBarChartWidth {
		return "", 2, fmt.Errorf("width must be between 1 and %d, got %d", maxBarChartWidth, width)
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
