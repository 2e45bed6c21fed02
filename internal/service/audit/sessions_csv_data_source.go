package audit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
)

var (
	_ datasource.DataSource              = (*auditSessionsCSVDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*auditSessionsCSVDataSource)(nil)
)

// auditSessionsCSVDataSource is sps_audit_sessions for a report that needs
// only the CSV export. It is its own data source, rather than a mode of
// sps_audit_sessions, so that the schema says plainly what is read: it has
// no sessions attribute at all, so nothing is built for one, and every
// existing sps_audit_sessions configuration (csv_fields with sessions
// included) reads what it always did.
type auditSessionsCSVDataSource struct {
	framework.DataSourceBase
}

type auditSessionsCSVModel struct {
	ID types.String `tfsdk:"id"`
	sessionSearchModel
	Columns    []types.String `tfsdk:"columns"`
	CSV        types.String   `tfsdk:"csv"`
	MatchCount types.Int64    `tfsdk:"match_count"`
	Truncated  types.Bool     `tfsdk:"truncated"`
}

// NewSessionsCSVDataSource is the constructor the provider registers.
func NewSessionsCSVDataSource() datasource.DataSource {
	return &auditSessionsCSVDataSource{framework.DataSourceBase{TypeSuffix: "_audit_sessions_csv"}}
}

func (d *auditSessionsCSVDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Exports matching sessions from the SPS session database as SPS's own CSV " +
			"(`/api/audit/sessions?format=csv`), with the columns you name. The same search as " +
			"`sps_audit_sessions` (query, content, time window, sort, `max_results` beyond 10000), but it builds no " +
			"typed `sessions` list: for a report of a few columns over thousands of sessions it is several times " +
			"faster and lighter. Use `sps_audit_sessions` when the configuration reads session attributes. On SPS 7.x " +
			"and 8.x, where SPS has no CSV of a snapshot, the provider builds the CSV from the snapshot's pages the way " +
			"SPS writes it (SPS's own header row, every value quoted, one row per value of a list).",
		Attributes: withSessionFilter(map[string]schema.Attribute{
			"id":          framework.ComputedString("A fingerprint of the search parameters (not an SPS object id)."),
			"sort":        sessionSortAttribute(),
			"max_results": sessionMaxResultsAttribute(),
			"columns":     csvColumnsAttribute("The CSV columns. ", true),
			"csv": framework.ComputedString("The CSV export: one header line, then one line per session and list value, " +
				"the values quoted as SPS quotes them."),
			"match_count": framework.ComputedInt64("How many sessions matched, which can be more than were exported."),
			"truncated":   framework.ComputedBool("True when more sessions matched than were exported (because of `max_results`)."),
		}, ""),
	}
}

func (d *auditSessionsCSVDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m auditSessionsCSVModel
	if !d.ReadConfig(ctx, req.Config, &m, &resp.Diagnostics) {
		return
	}
	q := m.sessionQuery()
	columns := stringValues(m.Columns)
	export, err := d.Client.SearchSessionsCSV(ctx, q, columns)
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaAuditSessionsCSV, "the session database as CSV").
			WithAttrs("query", "content", "start", "end", "sort", "columns"), err)
		return
	}
	m.CSV = types.StringValue(export.CSV)
	m.MatchCount = types.Int64Value(int64(export.MatchCount))
	m.Truncated = types.BoolValue(export.Truncated)
	m.ID = types.StringValue(searchFingerprint(q, columns, nil))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
