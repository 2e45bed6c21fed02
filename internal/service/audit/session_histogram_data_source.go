package audit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ datasource.DataSource              = (*auditSessionHistogramDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*auditSessionHistogramDataSource)(nil)
)

// defaultHistogramField is sent when the configuration names no field: SPS
// requires one, and every session has a protocol.
const defaultHistogramField = "protocol"

type auditSessionHistogramDataSource struct {
	framework.DataSourceBase
}

type auditHistogramModel struct {
	BinSize  types.String           `tfsdk:"bin_size"`
	Start    types.String           `tfsdk:"start"`
	End      types.String           `tfsdk:"end"`
	TimeZone types.String           `tfsdk:"time_zone"`
	Field    types.String           `tfsdk:"field"`
	Size     types.Int64            `tfsdk:"size"`
	Query    types.String           `tfsdk:"query"`
	Buckets  []auditHistogramBucket `tfsdk:"buckets"`
}

type auditHistogramBucket struct {
	Time        types.String `tfsdk:"time"`
	StartCount  types.Int64  `tfsdk:"start_count"`
	ActiveCount types.Int64  `tfsdk:"active_count"`
}

// NewSessionHistogramDataSource is the constructor the provider registers.
func NewSessionHistogramDataSource() datasource.DataSource {
	return &auditSessionHistogramDataSource{framework.DataSourceBase{TypeSuffix: "_audit_session_histogram"}}
}

func (d *auditSessionHistogramDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Counts sessions per time interval (`/api/audit/sessions/histogram`): how many started, and " +
			"how many were active, in each hour, day, week... of a period. Attributes left unset are filled in with " +
			"what SPS used. Pair it with `provider::sps::bar_chart()` for a quick text chart.",
		Attributes: map[string]schema.Attribute{
			"bin_size": schema.StringAttribute{
				MarkdownDescription: "Length of one interval: `second`, `minute`, `hour`, `day`, `week`, `month` or " +
					"`year`. SPS defaults to `month`. SPS refuses a combination that makes too many intervals. " +
					"The vendor documents the parameter both as `bin-size` and as `bin_size`; the provider sends both " +
					"spellings with the same value, and fails with an error naming both values if SPS reports " +
					"(`meta.bin_size`) that it used another interval.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(sps.HistogramBinSizes...)},
			},
			"start": schema.StringAttribute{
				MarkdownDescription: "Start of the period (ISO 8601). SPS defaults to one month before now. Sessions " +
					"that overlap the period are counted, as for `start` and `end` of `sps_audit_sessions`.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{isoDateValidator()},
			},
			"end": schema.StringAttribute{
				MarkdownDescription: "End of the period (ISO 8601). SPS defaults to now.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{isoDateValidator()},
			},
			"time_zone": schema.StringAttribute{
				MarkdownDescription: "IANA time zone the intervals are aligned to (where a day or an hour begins), for " +
					"example `Europe/Budapest`. SPS defaults to UTC. The vendor documents `time_zone` only as an element " +
					"of the answer, not as a request parameter: the provider sends it and then checks the answer. An " +
					"appliance that reports another zone fails the read with an error naming both; one that reports " +
					"none must return day, week, month or year intervals that start at midnight in this zone, or the " +
					"read fails the same way.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{timeZoneValidator()},
			},
			"field": schema.StringAttribute{
				MarkdownDescription: "The session field SPS builds the histogram over; with `size`, only sessions with " +
					"one of the `size` most frequent values of it are counted. Defaults to `" + defaultHistogramField + "`.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(fieldNamePattern, "must be a session field name such as protocol"),
				},
			},
			"size": schema.Int64Attribute{
				MarkdownDescription: "Limit the histogram to the `size` most frequent values of `field`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 10000)},
			},
			"query": schema.StringAttribute{MarkdownDescription: descAuditQuery, Optional: true},
			"buckets": framework.ComputedList("One element per interval, oldest first.", map[string]schema.Attribute{
				"time":         framework.ComputedString("Start of the interval (ISO 8601)."),
				"start_count":  framework.ComputedInt64("Sessions that started in the interval."),
				"active_count": framework.ComputedInt64("Sessions that were active at some point in the interval."),
			}),
		},
	}
}

func (d *auditSessionHistogramDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m auditHistogramModel
	if !d.ReadConfig(ctx, req.Config, &m, &resp.Diagnostics) {
		return
	}
	if m.Field.IsNull() {
		m.Field = types.StringValue(defaultHistogramField)
	}
	res, err := d.Client.SessionHistogram(ctx, sps.HistogramQuery{
		BinSize:  m.BinSize.ValueString(),
		Start:    m.Start.ValueString(),
		End:      m.End.ValueString(),
		TimeZone: m.TimeZone.ValueString(),
		Field:    m.Field.ValueString(),
		Size:     int(m.Size.ValueInt64()),
		Query:    m.Query.ValueString(),
	})
	if err != nil {
		op := diagnostics.ReadOp(diagnostics.AreaAuditHistogram, "the session histogram").
			WithAttrs("query", "start", "end", "bin_size", "time_zone", "field", "size")
		op.BinSize = m.BinSize.ValueString()
		diagnostics.AddClientError(&resp.Diagnostics, op, err)
		return
	}
	// Configured values stay as written (Terraform requires it); unset
	// ones show what SPS used.
	fill := func(v *types.String, effective string) {
		if v.IsNull() {
			*v = optString(effective)
		}
	}
	fill(&m.BinSize, res.BinSize)
	fill(&m.Start, res.Start)
	fill(&m.End, res.End)
	fill(&m.TimeZone, res.TimeZone)
	m.Buckets = framework.MapAll(res.Buckets, func(b sps.HistogramBucket) auditHistogramBucket {
		return auditHistogramBucket{
			Time:        types.StringValue(b.Time),
			StartCount:  types.Int64Value(int64(b.StartCount)),
			ActiveCount: types.Int64Value(int64(b.ActiveCount)),
		}
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
