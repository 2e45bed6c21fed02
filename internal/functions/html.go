package functions

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/report"
)

// The HTML report functions: pure functions of their arguments, so a report
// is made with Terraform alone. They convert the arguments and leave the
// markup to internal/report, whose html_markup.go explains the escaping and
// which arguments are text and which are markup.

const descTrust = " Every text argument is raw text: the function escapes it (so a username like `<script>` shows " +
	"as those characters), replaces control characters XML 1.0 does not allow, the bidirectional override, embedding " +
	"and isolate controls (which would show a value reversed) and invalid UTF-8 with U+FFFD, and " +
	"the result is well-formed XHTML-compatible markup to pass to `html_report()`."

var (
	barItemType   = types.ObjectType{AttrTypes: map[string]attr.Type{"label": types.StringType, "value": types.Float64Type}}
	statsItemType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"value": types.StringType, "count": types.Float64Type, "others": types.Float64Type,
		"buckets": types.ListType{ElemType: types.ObjectType{AttrTypes: map[string]attr.Type{
			"value": types.StringType, "count": types.Float64Type,
		}}},
	}}
	histBucketType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"time": types.StringType, "start_count": types.Float64Type, "active_count": types.Float64Type,
	}}
)

type barItemModel struct {
	Label types.String  `tfsdk:"label"`
	Value types.Float64 `tfsdk:"value"`
}

type statsBucketModel struct {
	Value types.String  `tfsdk:"value"`
	Count types.Float64 `tfsdk:"count"`
}

type statsItemModel struct {
	Value   types.String       `tfsdk:"value"`
	Count   types.Float64      `tfsdk:"count"`
	Others  types.Float64      `tfsdk:"others"`
	Buckets []statsBucketModel `tfsdk:"buckets"`
}

type histBucketModel struct {
	Time        types.String  `tfsdk:"time"`
	StartCount  types.Float64 `tfsdk:"start_count"`
	ActiveCount types.Float64 `tfsdk:"active_count"`
}

// NewHTMLEscape is html_escape.
func NewHTMLEscape() function.Function {
	return providerFunction{
		name: "html_escape",
		def: function.Definition{
			Summary: "Escape text for HTML, XML or SVG",
			MarkdownDescription: "Returns `text` safe to put between tags or in a quoted attribute of an HTML, XHTML or SVG " +
				"document: `& < > \" '` become character references, and control characters XML 1.0 does not allow, the " +
				"bidirectional override, embedding and isolate controls (U+202A to U+202E, U+2066 to U+2069: obeyed, they " +
				"show `\\u202Etoor` as `root`) and invalid UTF-8 become U+FFFD; right-to-left letters are kept. " +
				"Use it to add your own markup around values from SPS, for example " +
				"`\"<p>${provider::sps::html_escape(var.note)}</p>\"` as a section of `html_report()`.",
			Parameters: []function.Parameter{function.StringParameter{Name: "text", MarkdownDescription: "Raw text."}},
			Return:     function.StringReturn{},
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var text string
			if err := req.Arguments.Get(ctx, &text); err != nil {
				return "", err
			}
			return report.EscapeHTML(text), nil
		},
	}
}

// NewSVGBarChart is svg_bar_chart.
func NewSVGBarChart() function.Function {
	return providerFunction{
		name: "svg_bar_chart",
		def: function.Definition{
			Summary: "Draw a horizontal SVG bar chart",
			MarkdownDescription: "Returns an HTML `<figure>` with `title` as caption and an inline SVG chart as wide as the " +
				"page: one horizontal bar per item, in the order given, with the label on the left under the heading " +
				"`labels`, the value at the end of the bar, and a value axis below (ticks, and `values` as its title: what " +
				"the bars count, with the unit). Labels longer than 28 characters end in `…` on the chart; the whole " +
				"label stays in the bar's tooltip. Zero draws no bar, a small non-zero value next to a huge one stays " +
				"visible, and an empty list draws \"No data for this period.\". Each bar carries `data-label` and " +
				"`data-value` attributes with the exact figures." + descTrust,
			Parameters: []function.Parameter{
				function.StringParameter{Name: "title", MarkdownDescription: "Caption of the chart (text)."},
				function.StringParameter{Name: "labels", MarkdownDescription: "What the bars are, in words: the heading of the label column, for example `protocol` (text)."},
				function.StringParameter{Name: "values", MarkdownDescription: "What the bars' length counts, with the unit: the title of the value axis, for example `sessions` (text)."},
				function.ListParameter{
					Name:                "items",
					ElementType:         barItemType,
					MarkdownDescription: "The bars: objects with `label` (text) and `value` (a number, zero or more).",
				},
			},
			Return: function.StringReturn{},
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var (
				title, labels, values string
				items                 []*barItemModel
			)
			if err := req.Arguments.Get(ctx, &title, &labels, &values, &items); err != nil {
				return "", err
			}
			rows := make([]report.BarRow, len(items))
			for i, it := range items {
				if it == nil || it.Value.IsNull() {
					return "", function.NewArgumentFuncError(3, fmt.Sprintf("items[%d] or its value is null", i))
				}
				rows[i] = report.BarRow{Label: it.Label.ValueString(), Value: it.Value.ValueFloat64()}
				if err := report.CheckChartValue(fmt.Sprintf("items[%d].value", i), rows[i].Value); err != nil {
					return "", function.NewArgumentFuncError(3, err.Error())
				}
			}
			out, err := report.SVGBars("bar", title, report.BarAxes{Labels: labels, Values: values}, rows)
			return rendered(out, 0, err)
		},
	}
}

// NewSVGStatsChart is svg_stats_chart.
func NewSVGStatsChart() function.Function {
	return providerFunction{
		name: "svg_stats_chart",
		def: function.Definition{
			Summary: "Draw sps_audit_session_stats items as an SVG bar chart",
			MarkdownDescription: "Takes the `items` of an `sps_audit_session_stats` data source as they are and returns an " +
				"HTML `<figure>` with a horizontal bar per item (its `value` as label, its `count` as length), a value axis " +
				"titled `sessions` (a stats count is a number of sessions) and the heading `labels` over the labels. With " +
				"`sub_field`, each bar is split into its `buckets`, one color per sub-field value (the same value has the " +
				"same color in every bar, with a legend titled `parts`), and the rest of the item's count in grey as `other`; for " +
				"example the top users, each bar split by protocol. Labels, sizes and empty input are handled as in " +
				"`svg_bar_chart()`; each bar's segments carry `data-part` and `data-value`." + descTrust,
			Parameters: []function.Parameter{
				function.StringParameter{Name: "title", MarkdownDescription: "Caption of the chart (text)."},
				function.StringParameter{Name: "labels", MarkdownDescription: "What the bars are, in words (the stats `field`): the heading of the label column, for example `gateway user` (text)."},
				function.StringParameter{Name: "parts", MarkdownDescription: "What the colored parts of a bar are, in words (the stats `sub_field`): the title of the legend, for example `protocol`; `\"\"` without `sub_field` (text)."},
				function.ListParameter{
					Name:        "items",
					ElementType: statsItemType,
					MarkdownDescription: "`data.sps_audit_session_stats.<name>.items`: objects with `value`, `count`, " +
						"`others` and `buckets` (a list of objects with `value` and `count`).",
				},
			},
			Return: function.StringReturn{},
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var (
				title, labels, parts string
				items                []*statsItemModel
			)
			if err := req.Arguments.Get(ctx, &title, &labels, &parts, &items); err != nil {
				return "", err
			}
			rows, ferr := statsRows(items)
			if ferr != nil {
				return "", ferr
			}
			out, err := report.SVGBars("stats", title, report.BarAxes{Labels: labels, Values: "sessions", Parts: parts}, rows)
			return rendered(out, 0, err)
		},
	}
}

// statsRows turns stats items into bars: one segment per bucket and the
// rest of the count as "other".
func statsRows(items []*statsItemModel) ([]report.BarRow, *function.FuncError) {
	rows := make([]report.BarRow, len(items))
	for i, it := range items {
		if it == nil || it.Count.IsNull() {
			return nil, function.NewArgumentFuncError(3, fmt.Sprintf("items[%d] or its count is null", i))
		}
		r := report.BarRow{Label: it.Value.ValueString(), Value: it.Count.ValueFloat64()}
		if err := report.CheckChartValue(fmt.Sprintf("items[%d].count", i), r.Value); err != nil {
			return nil, function.NewArgumentFuncError(3, err.Error())
		}
		sum := 0.0
		for j, b := range it.Buckets {
			v := b.Count.ValueFloat64()
			if err := report.CheckChartValue(fmt.Sprintf("items[%d].buckets[%d].count", i, j), v); err != nil {
				return nil, function.NewArgumentFuncError(3, err.Error())
			}
			r.Parts = append(r.Parts, report.BarPart{Label: b.Value.ValueString(), Value: v})
			sum += v
		}
		if len(r.Parts) > 0 && r.Value > sum {
			r.Parts = append(r.Parts, report.BarPart{Label: report.OtherPart, Value: r.Value - sum})
		}
		rows[i] = r
	}
	return rows, nil
}

// NewSVGHistogram is svg_histogram.
func NewSVGHistogram() function.Function {
	return providerFunction{
		name: "svg_histogram",
		def: function.Definition{
			Summary: "Draw sps_audit_session_histogram buckets as an SVG column chart",
			MarkdownDescription: "Takes the `buckets` of an `sps_audit_session_histogram` data source as they are and " +
				"returns an HTML `<figure>` as wide as the page with one column per bucket for the sessions started and a " +
				"line with a dot per bucket for the sessions active, under a legend that says what each counts (\"sessions " +
				"started in the hour\", \"sessions active at any time in the hour\"). The value axis is titled `sessions`; " +
				"the time axis is titled with the bucket unit and the time zone of the buckets' times (\"hour of Sunday 6 " +
				"December 2026 (UTC)\", \"day (UTC+01:00)\") and labels the buckets with the time of day, the day and month, " +
				"or the month. The figures of every bucket are written in two rows under the time axis, away from the " +
				"line, when each fits its column. Each bucket carries `data-time`, `data-start-count` and " +
				"`data-active-count` attributes with the exact figures, and a tooltip." + descTrust,
			Parameters: []function.Parameter{
				function.StringParameter{Name: "title", MarkdownDescription: "Caption of the chart (text)."},
				function.ListParameter{
					Name:        "buckets",
					ElementType: histBucketType,
					MarkdownDescription: "`data.sps_audit_session_histogram.<name>.buckets`: objects with `time` (ISO 8601), " +
						"`start_count` and `active_count`.",
				},
			},
			Return: function.StringReturn{},
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var (
				title   string
				buckets []*histBucketModel
			)
			if err := req.Arguments.Get(ctx, &title, &buckets); err != nil {
				return "", err
			}
			hb := make([]report.HistBucket, len(buckets))
			for i, b := range buckets {
				if b == nil {
					return "", function.NewArgumentFuncError(1, fmt.Sprintf("buckets[%d] is null", i))
				}
				hb[i] = report.HistBucket{Time: b.Time.ValueString(), Start: b.StartCount.ValueFloat64(), Active: b.ActiveCount.ValueFloat64()}
				for what, v := range map[string]float64{"start_count": hb[i].Start, "active_count": hb[i].Active} {
					if err := report.CheckChartValue(fmt.Sprintf("buckets[%d].%s", i, what), v); err != nil {
						return "", function.NewArgumentFuncError(1, err.Error())
					}
				}
			}
			out, err := report.SVGHistogram(title, hb)
			return rendered(out, 0, err)
		},
	}
}

// NewHTMLTable is html_table.
func NewHTMLTable() function.Function {
	return providerFunction{
		name: "html_table",
		def: function.Definition{
			Summary: "Make an HTML table",
			MarkdownDescription: "Returns an HTML `<figure>` with `title` as caption and a table with one header cell per " +
				"column and one row per element of `rows`, then each of `notes` as a paragraph under the table. Every cell " +
				"is text; a null or blank cell shows a dash (`—`). Long values are kept whole and wrap inside their cell " +
				"(nothing is cut off), and line breaks in a value are kept. With no rows, the table says \"None.\"; the " +
				"figure's `data-rows` attribute holds the number of rows. Printed, a long table continues on the next page " +
				"with its header repeated and no row split; to list only the first rows of a long result, pass those and " +
				"say so in a note (\"The newest 50 of 275 are listed.\")." + descTrust,
			Parameters: []function.Parameter{
				function.StringParameter{Name: "title", MarkdownDescription: "Caption of the table (text)."},
				function.ListParameter{Name: "columns", ElementType: types.StringType, MarkdownDescription: "The column headings (text), at least one."},
				function.ListParameter{
					Name:                "rows",
					ElementType:         types.ListType{ElemType: types.StringType},
					MarkdownDescription: "The rows: each a list of as many cells (text) as there are columns.",
				},
			},
			// No null notes: OpenTofu 1.12 sends a null variadic argument
			// without a value, which the framework cannot decode; an empty
			// note is left out instead.
			VariadicParameter: function.StringParameter{Name: "notes", MarkdownDescription: "Notes under the table, one paragraph each (text); none is fine, and an empty note is left out (for a note that applies only sometimes: `cond ? \"...\" : \"\"`)."},
			Return:            function.StringReturn{},
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var (
				title   string
				columns []types.String
				rows    [][]types.String
				notes   []types.String
			)
			if err := req.Arguments.Get(ctx, &title, &columns, &rows, &notes); err != nil {
				return "", err
			}
			cols := make([]string, len(columns))
			for i, c := range columns {
				cols[i] = c.ValueString()
			}
			cells := make([][]string, len(rows))
			for i, r := range rows {
				cells[i] = make([]string, len(r))
				for j, c := range r {
					cells[i][j] = c.ValueString() // null is ""
				}
			}
			var texts []string
			for _, n := range notes {
				if n.ValueString() != "" { // empty: no paragraph
					texts = append(texts, n.ValueString())
				}
			}
			return rendered(report.HTMLTable(title, cols, cells, texts))
		},
	}
}

// NewHTMLReport is html_report.
func NewHTMLReport() function.Function {
	return providerFunction{
		name: "html_report",
		def: function.Definition{
			Summary: "Wrap report sections in a complete HTML document",
			MarkdownDescription: "Returns one self-contained, printable HTML document: `<meta charset=\"utf-8\">`, an inline " +
				"style sheet with print rules (\"Print to PDF\" gives A4 pages numbered \"Page n of N\"; a chart is never " +
				"split across pages and a caption never left alone at the foot of one; a long table continues on the next " +
				"page with its header repeated and no row split; colors kept), the " +
				"`title` as heading, the `meta` entries under it (sorted by name; for example the period, the appliance " +
				"and when the report was made), then each section in order. The page has no script and refers to nothing " +
				"outside itself (no link, image, font or style sheet), so it opens offline and can be archived or mailed " +
				"as it is. It is well-formed XHTML-compatible markup: an XML parser reads it as well as a browser.\n\n" +
				"`title` and `meta` are raw text and are escaped. `sections` are markup: the output of `svg_bar_chart()`, " +
				"`svg_stats_chart()`, `svg_histogram()` and `html_table()`, or your own markup with values passed through " +
				"`html_escape()`. They are embedded as they are, never escaped a second time, and only if each is " +
				"well-formed and uses just the elements and attributes those functions emit (for example `<p>`, `<div>`, " +
				"`<h2>`, `<ul>`, `<strong>`, `<code>`, `class` and `data-*`): a section with a `<script>`, a `style` or " +
				"`href` attribute, an entity other than XML's five, or bare text outside an element is an error.",
			Parameters: []function.Parameter{
				function.StringParameter{Name: "title", MarkdownDescription: "Title of the page and its heading (text)."},
				function.MapParameter{Name: "meta", ElementType: types.StringType, MarkdownDescription: "Facts shown under the title, name to value (text)."},
				function.ListParameter{Name: "sections", ElementType: types.StringType, MarkdownDescription: "Markup fragments, in order."},
			},
			Return: function.StringReturn{},
		},
		run: func(ctx context.Context, req function.RunRequest) (string, *function.FuncError) {
			var (
				title    string
				meta     map[string]types.String
				sections []types.String
			)
			if err := req.Arguments.Get(ctx, &title, &meta, &sections); err != nil {
				return "", err
			}
			m := make(map[string]string, len(meta))
			for k, v := range meta {
				m[k] = v.ValueString()
			}
			s := make([]string, len(sections))
			for i, v := range sections {
				s[i] = v.ValueString()
			}
			return rendered(report.HTMLReport(title, m, s))
		},
	}
}
