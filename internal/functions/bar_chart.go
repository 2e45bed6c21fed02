package functions

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/report"
)

// NewBarChart is bar_chart: a horizontal text bar chart, so a plan or an
// output can show a histogram or top-N statistics without leaving the
// terminal.
func NewBarChart() function.Function {
	return providerFunction{
		name: "bar_chart",
		def: function.Definition{
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
					MarkdownDescription: fmt.Sprintf("Length in characters of the longest bar, 1 to %d.", report.MaxBarChartWidth),
				},
			},
			Return: function.StringReturn{},
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var (
				values []types.Float64
				labels []types.String
				width  int64
			)
			if err := req.Arguments.Get(ctx, &values, &labels, &width); err != nil {
				return "", err
			}
			nums := make([]float64, len(values))
			for i, v := range values {
				if v.IsNull() || v.IsUnknown() {
					return "", function.NewArgumentFuncError(0, fmt.Sprintf("values[%d] is null; every value must be a number", i))
				}
				nums[i] = v.ValueFloat64()
			}
			names := make([]string, len(labels))
			for i, l := range labels {
				if l.IsNull() || l.IsUnknown() {
					return "", function.NewArgumentFuncError(1, fmt.Sprintf("labels[%d] is null; use \"\" for an empty label", i))
				}
				names[i] = l.ValueString()
			}
			return rendered(report.BarChart(nums, names, width))
		},
	}
}
