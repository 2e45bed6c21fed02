package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var (
	_ datasource.DataSource              = (*auditSessionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*auditSessionsDataSource)(nil)
)

// defaultAuditMaxResults is one SPS page: a search that needs more says so
// explicitly, because every further 500 sessions is another request and a
// bigger state.
const defaultAuditMaxResults = sps.AuditPageSize

type auditSessionsDataSource struct {
	dataSourceBase
}

type auditSessionsModel struct {
	ID         types.String   `tfsdk:"id"`
	Query      types.String   `tfsdk:"query"`
	Content    types.String   `tfsdk:"content"`
	Start      types.String   `tfsdk:"start"`
	End        types.String   `tfsdk:"end"`
	Sort       []types.String `tfsdk:"sort"`
	MaxResults types.Int64    `tfsdk:"max_results"`
	CSVFields  []types.String `tfsdk:"csv_fields"`
	CSV        types.String   `tfsdk:"csv"`
	Sessions   types.List     `tfsdk:"sessions"`
	MatchCount types.Int64    `tfsdk:"match_count"`
	Truncated  types.Bool     `tfsdk:"truncated"`
}

// NewAuditSessionsDataSource is the constructor the provider registers.
func NewAuditSessionsDataSource() datasource.DataSource {
	return &auditSessionsDataSource{dataSourceBase{typeSuffix: "_audit_sessions"}}
}

// Shared descriptions of the search filters (sessions, stats, histogram).
const (
	descAuditQuery = "Filter in the SPS session query language: `field:value` terms joined with `AND`, `OR` and " +
		"`AND NOT`, parentheses for grouping, `protocol:(ssh rdp)` for several values, `*` and `?` wildcards, " +
		"`[a TO b]` / `{a TO b}` ranges on numbers. Fields include `protocol`, `verdict`, `name` (gateway username), " +
		"`server_username`, `client.address`, `server.address`, `target.address`, `psm.connection_policy` and " +
		"`active`. Quote values with spaces or special characters with `provider::sps::query_quote()`."
	descAuditContent = "Search the indexed content of the sessions (commands, screen text) with Apache Lucene syntax; " +
		"must not start with `*`. Only sessions whose audit trail was indexed can match."
	descAuditStart = "Start of the time window, passed to SPS as `?start`: leaves out sessions that ended before it " +
		"(sessions still running are kept). ISO 8601: `2024-05-01`, `2024-05-01T10:00` or `2024-05-01T10:00:00+02:00`. " +
		"With `end`, it selects the sessions that overlap the window. The vendor's text says \"started after\", but its " +
		"worked statistics example only adds up when the window selects overlapping sessions, so that is how the " +
		"provider documents it and how mocksps answers. An appliance that applies the text literally returns only the " +
		"sessions that started after `start` (and ended before `end`), a subset; for exactly that on any appliance, " +
		"put the bounds in `query`: `start_time:[2024-05-01 TO *] AND end_time:[* TO 2024-05-02]`."
	descAuditEnd = "End of the time window, passed to SPS as `?end`: leaves out sessions that started after it. Same " +
		"formats as `start`; a date alone covers that whole day. The vendor's text says \"ended before\"; see `start` " +
		"for why the provider reads the window as overlapping and what an appliance that reads it literally returns."
)

func (d *auditSessionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Searches the SPS session database (`/api/audit/sessions`): who connected where, when, with " +
			"which protocol, and what SPS decided. Results are read 500 at a time; pages after the first are fetched " +
			"in parallel. SPS can page through at most 10000 results, so narrow the search (time window, query) when " +
			"`truncated` is true. Optionally also returns the same sessions as SPS's CSV export.",
		Attributes: withSessionFilter(map[string]schema.Attribute{
			"id": computedString("A fingerprint of the search parameters (not an SPS object id)."),
			"sort": schema.ListAttribute{
				MarkdownDescription: "Order of the results: field names, each optionally prefixed with `-` for " +
					"descending order, applied in turn; for example `[\"-start_time\", \"name\"]`. Without it the " +
					"order is whatever SPS returns.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(sortEntryPattern, "must be "+sortEntryHelp)),
				},
			},
			"max_results": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many sessions to return at most, %d to %d. Defaults to %d (one page).",
					1, sps.AuditMaxResults, defaultAuditMaxResults),
				Optional: true,
				Computed: true,
				Validators: []validator.Int64{
					int64validator.Between(1, sps.AuditMaxResults),
				},
			},
			"csv_fields": schema.ListAttribute{
				MarkdownDescription: "When set, `csv` holds the matching sessions (up to `max_results`) as SPS's CSV " +
					"export with these columns, for example `[\"protocol\", \"user.gateway_username\", \"client.ip\", " +
					"\"start_time\"]`. SPS adds a `Key` column and titles the columns itself.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.RegexMatches(fieldNamePattern, "must be a session field name such as protocol or client.ip")),
				},
			},
			"csv": computedString("The CSV export (one header line, then one line per session and list value); " +
				"null unless `csv_fields` is set."),
			"sessions":    computedList("The matching sessions, in the requested order.", withSessionID(auditSessionAttributes())),
			"match_count": computedInt64("How many sessions matched, which can be more than were returned."),
			"truncated": computedBool("True when more sessions matched than `sessions` holds (because of `max_results` " +
				"or SPS's 10000-result limit)."),
		}, ""),
	}
}

func withSessionID(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["id"] = computedString("The session's key as SPS returns it in search results.")
	return attrs
}

func (d *auditSessionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m auditSessionsModel
	if !d.readConfig(ctx, req.Config, &m, &resp.Diagnostics) {
		return
	}
	if m.MaxResults.IsNull() {
		m.MaxResults = types.Int64Value(defaultAuditMaxResults)
	}
	q := sps.SessionQuery{
		Query:      m.Query.ValueString(),
		Content:    m.Content.ValueString(),
		Start:      m.Start.ValueString(),
		End:        m.End.ValueString(),
		Sort:       stringValues(m.Sort),
		MaxResults: int(m.MaxResults.ValueInt64()),
	}

	res, err := d.client.SearchSessions(ctx, q)
	if err != nil {
		addAuditError(&resp.Diagnostics, "the session database", err, "query", "content", "start", "end", "sort")
		return
	}
	m.Sessions = sessionListValue(res.Sessions)
	m.MatchCount = types.Int64Value(int64(res.MatchCount))
	m.Truncated = types.BoolValue(res.Truncated)

	m.CSV = types.StringNull()
	if len(m.CSVFields) > 0 {
		csv, err := d.client.SearchSessionsCSV(ctx, q, stringValues(m.CSVFields))
		if err != nil {
			addAuditError(&resp.Diagnostics, "the session database as CSV", err, "query", "content", "start", "end", "sort", "csv_fields")
			return
		}
		m.CSV = types.StringValue(csv)
	}
	m.ID = types.StringValue(searchFingerprint(q, stringValues(m.CSVFields)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func stringValues(in []types.String) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, 0, len(in))
	for _, v := range in {
		out = append(out, v.ValueString())
	}
	return out
}

// searchFingerprint gives a data source instance a stable id derived from
// what it asked for, so two blocks with the same search share one id.
func searchFingerprint(q sps.SessionQuery, csvFields []string) string {
	h := sha256.New()
	for _, part := range []string{q.Query, q.Content, q.Start, q.End, strings.Join(q.Sort, ","), fmt.Sprint(q.MaxResults), strings.Join(csvFields, ",")} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
