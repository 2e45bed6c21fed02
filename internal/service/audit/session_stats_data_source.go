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
	_ datasource.DataSource              = (*auditSessionStatsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*auditSessionStatsDataSource)(nil)
)

type auditSessionStatsDataSource struct {
	framework.DataSourceBase
}

type auditStatsModel struct {
	Field    types.String     `tfsdk:"field"`
	SubField types.String     `tfsdk:"sub_field"`
	Size     types.Int64      `tfsdk:"size"`
	Query    types.String     `tfsdk:"query"`
	Content  types.String     `tfsdk:"content"`
	Start    types.String     `tfsdk:"start"`
	End      types.String     `tfsdk:"end"`
	Items    []auditStatsItem `tfsdk:"items"`
	Others   types.Int64      `tfsdk:"others"`
}

type auditStatsItem struct {
	Value   types.String       `tfsdk:"value"`
	Count   types.Int64        `tfsdk:"count"`
	Others  types.Int64        `tfsdk:"others"`
	Buckets []auditStatsBucket `tfsdk:"buckets"`
}

type auditStatsBucket struct {
	Value types.String `tfsdk:"value"`
	Count types.Int64  `tfsdk:"count"`
}

// NewSessionStatsDataSource is the constructor the provider registers.
func NewSessionStatsDataSource() datasource.DataSource {
	return &auditSessionStatsDataSource{framework.DataSourceBase{TypeSuffix: "_audit_session_stats"}}
}

func (d *auditSessionStatsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	fieldValidators := []validator.String{
		stringvalidator.RegexMatches(fieldNamePattern, "must be a session field name such as protocol or user.gateway_username"),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Counts sessions by the values of one field (`/api/audit/sessions/stats`): the most " +
			"frequent values with their session counts, optionally broken down by a second field. For example " +
			"sessions per protocol, or the busiest users and which protocols each used.",
		Attributes: withSessionFilter(map[string]schema.Attribute{
			"field": schema.StringAttribute{
				MarkdownDescription: "The field to count, for example `protocol`, `verdict` or `user.gateway_username`.",
				Required:            true,
				Validators:          fieldValidators,
			},
			"sub_field": schema.StringAttribute{
				MarkdownDescription: "A second field: each item then has `buckets` counting this field's values among the " +
					"item's sessions. SPS supports one sub-field.",
				Optional:   true,
				Validators: fieldValidators,
			},
			"size": schema.Int64Attribute{
				MarkdownDescription: "How many of the most frequent values to return (also per item for `sub_field`). " +
					"SPS defaults to 10. Sessions whose value misses the cut are counted in `others`.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 10000)},
			},
			"items": framework.ComputedList("The most frequent values, most frequent first.", map[string]schema.Attribute{
				"value":  framework.ComputedString("A value of `field` (numbers and booleans as text)."),
				"count":  framework.ComputedInt64("How many sessions had this value."),
				"others": framework.ComputedInt64("With `sub_field`: how many of this item's sessions have a sub-field value that is not in `buckets`."),
				"buckets": framework.ComputedList("With `sub_field`: the most frequent sub-field values among these sessions.", map[string]schema.Attribute{
					"value": framework.ComputedString("A value of `sub_field`."),
					"count": framework.ComputedInt64("How many of the item's sessions had it."),
				}),
			}),
			"others": framework.ComputedInt64("How many sessions have a value of `field` that did not make the top `size` (a count of sessions, not of values)."),
		}, " With content search SPS counts at most the first 3000 matching sessions."),
	}
}

func (d *auditSessionStatsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m auditStatsModel
	if !d.ReadConfig(ctx, req.Config, &m, &resp.Diagnostics) {
		return
	}
	res, err := d.Client.SessionStats(ctx, sps.StatsQuery{
		Field:    m.Field.ValueString(),
		SubField: m.SubField.ValueString(),
		Size:     int(m.Size.ValueInt64()),
		Query:    m.Query.ValueString(),
		Content:  m.Content.ValueString(),
		Start:    m.Start.ValueString(),
		End:      m.End.ValueString(),
	})
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaAuditStats, "session statistics of "+m.Field.ValueString()).
			WithAttrs("query", "content", "start", "end", "field", "sub_field", "size"), err)
		return
	}
	m.Others = types.Int64Value(int64(res.Others))
	m.Items = framework.MapAll(res.Items, func(it sps.StatsItem) auditStatsItem {
		return auditStatsItem{
			Value:  types.StringValue(it.Value),
			Count:  types.Int64Value(int64(it.Count)),
			Others: types.Int64Value(int64(it.Others)),
			Buckets: framework.MapAll(it.Buckets, func(b sps.StatsBucket) auditStatsBucket {
				return auditStatsBucket{Value: types.StringValue(b.Value), Count: types.Int64Value(int64(b.Count))}
			}),
		}
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
