package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
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
	framework.DataSourceBase
}

type auditSessionsModel struct {
	ID types.String `tfsdk:"id"`
	sessionSearchModel
	CSVFields  []types.String `tfsdk:"csv_fields"`
	Fields     []types.String `tfsdk:"fields"`
	CSV        types.String   `tfsdk:"csv"`
	Sessions   types.List     `tfsdk:"sessions"`
	MatchCount types.Int64    `tfsdk:"match_count"`
	Truncated  types.Bool     `tfsdk:"truncated"`
}

// auditSessionsTypeSuffix names the data source; SessionsTypeName is its
// full type name, which selects the fast path of the provider's protocol
// server. Both come from one literal so that renaming the data source
// cannot silently turn the fast path off (TestProtocolServerFastPathIsUsed
// would fail anyway).
const (
	auditSessionsTypeSuffix = "_audit_sessions"
	SessionsTypeName        = framework.ProviderTypeName + auditSessionsTypeSuffix
)

// NewSessionsDataSource is the constructor the provider registers.
func NewSessionsDataSource() datasource.DataSource {
	return &auditSessionsDataSource{framework.DataSourceBase{TypeSuffix: auditSessionsTypeSuffix}}
}

func (d *auditSessionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Searches the SPS session database (`/api/audit/sessions`): who connected where, when, with " +
			"which protocol, and what SPS decided. Results are read 500 at a time, several pages at once. On SPS 7.x " +
			"and 8.x every search is read through one snapshot of the session database (the advanced search), so the " +
			"result is one moment even while sessions close or are cleaned up; on 6.x SPS pages through at most 10000 " +
			"results per search, and with `max_results` above that the search is split into `start_time` ranges (see " +
			"`max_results`). Optionally also returns the same sessions as SPS's CSV export.",
		Attributes: withSessionFilter(map[string]schema.Attribute{
			"id":          framework.ComputedString("A fingerprint of the search parameters (not an SPS object id)."),
			"sort":        sessionSortAttribute(),
			"max_results": sessionMaxResultsAttribute(),
			"csv_fields": csvColumnsAttribute("When set, `csv` holds the matching sessions (up to `max_results`) as SPS's CSV "+
				"export with these columns, next to `sessions`. For the CSV alone, use the `sps_audit_sessions_csv` data "+
				"source: it builds no `sessions` list, which for thousands of sessions is most of the plan's time and "+
				"memory. ", false),
			"fields": schema.SetAttribute{
				MarkdownDescription: "Which attributes of each session to fill, for example `[\"start_time\", \"user\", " +
					"\"protocol\"]`; the others are null and `id` is always set. SPS is then asked for only the elements " +
					"these attributes are read from (its `fields` parameter). Where SPS documents more than one spelling of an element, " +
					"the nested one of its session documents (`client`, `recording.connection_policy`) and the flat legacy " +
					"or older `psm.*` one of its search page (`client.address`, `connection_policy`, `name`, `psm.target.address`), " +
					"the request asks for each, so an appliance that stores either shape fills the attribute. Fewer attributes save the appliance's " +
					"rendering and transfer and the provider's memory; Terraform's own work per session (every session " +
					"keeps all its attributes, null or not) remains, so a plan reading few attributes is faster but not " +
					"in proportion. Without it, every attribute is filled.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(stringvalidator.OneOf(sessionFieldNames()...)),
				},
			},
			"csv": framework.ComputedString("The CSV export (one header line, then one line per session and list value); " +
				"null unless `csv_fields` is set."),
			"sessions":    framework.ComputedList("The matching sessions, in the requested order.", withSessionID(auditSessionAttributes())),
			"match_count": framework.ComputedInt64("How many sessions matched, which can be more than were returned."),
			"truncated":   framework.ComputedBool("True when more sessions matched than were read (because of `max_results`)."),
		}, ""),
	}
}

// sessionSearchModel holds the search parameters sps_audit_sessions and
// sps_audit_sessions_csv share.
type sessionSearchModel struct {
	Query      types.String   `tfsdk:"query"`
	Content    types.String   `tfsdk:"content"`
	Start      types.String   `tfsdk:"start"`
	End        types.String   `tfsdk:"end"`
	Sort       []types.String `tfsdk:"sort"`
	MaxResults types.Int64    `tfsdk:"max_results"`
}

// sessionQuery is the client's query for the parameters; an unset
// max_results takes its default, which is recorded in the model too.
func (m *sessionSearchModel) sessionQuery() sps.SessionQuery {
	if m.MaxResults.IsNull() {
		m.MaxResults = types.Int64Value(defaultAuditMaxResults)
	}
	return sps.SessionQuery{
		Query:      m.Query.ValueString(),
		Content:    m.Content.ValueString(),
		Start:      m.Start.ValueString(),
		End:        m.End.ValueString(),
		Sort:       stringValues(m.Sort),
		MaxResults: int(m.MaxResults.ValueInt64()),
	}
}

func withSessionID(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs[idColumn.name] = idColumn.schema
	return attrs
}

func (d *auditSessionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m auditSessionsModel
	if !d.ReadConfig(ctx, req.Config, &m, &resp.Diagnostics) {
		return
	}
	q := m.sessionQuery()

	var fields []string
	if m.Fields != nil {
		fields = stringValues(m.Fields)
		if fields == nil {
			fields = []string{}
		}
	}
	enc, err := newSessionEncoder(fields)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("fields"), "Invalid fields", err.Error())
		return
	}
	q.Fields = enc.spsFields()

	// Each page is encoded as it arrives; the decoded sessions of the
	// whole search are never held at once.
	res, err := sps.SearchSessionsMapped(ctx, d.Client, q, enc.page)
	if err != nil {
		diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaAuditSessions, "the session database").WithAttrs("query", "content", "start", "end", "sort"), err)
		return
	}
	list, err := encodeSessionList(res.Items)
	res.Items = nil
	if err != nil {
		resp.Diagnostics.AddError("Unable to encode the sessions", err.Error())
		return
	}
	if sink := encodedSessionsFrom(ctx); sink != nil {
		// The provider's protocol server puts the list in place of the null.
		sink.list = list
		m.Sessions = types.ListNull(auditSessionElemType)
	} else {
		m.Sessions = decodeSessionList(ctx, list, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	m.MatchCount = types.Int64Value(int64(res.MatchCount))
	m.Truncated = types.BoolValue(res.Truncated)

	m.CSV = types.StringNull()
	if len(m.CSVFields) > 0 {
		export, err := d.Client.SearchSessionsCSV(ctx, q, stringValues(m.CSVFields))
		if err != nil {
			diagnostics.AddClientError(&resp.Diagnostics, diagnostics.ReadOp(diagnostics.AreaAuditSessions, "the session database as CSV").
				WithAttrs("query", "content", "start", "end", "sort", "csv_fields"), err)
			return
		}
		m.CSV = types.StringValue(export.CSV)
	}
	m.ID = types.StringValue(searchFingerprint(q, stringValues(m.CSVFields), m.Fields))
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
func searchFingerprint(q sps.SessionQuery, csvFields []string, fields []types.String) string {
	h := sha256.New()
	parts := []string{q.Query, q.Content, q.Start, q.End, strings.Join(q.Sort, ","), fmt.Sprint(q.MaxResults), strings.Join(csvFields, ",")}
	if fields != nil {
		// Only when set, so ids from before the attribute existed stay.
		names := stringValues(fields)
		slices.Sort(names)
		parts = append(parts, "fields="+strings.Join(names, ","))
	}
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// sessionSortAttribute is the sort attribute of the session searches.
// sessionSortAttribute is the sort attribute of the session searches.
func sessionSortAttribute() schema.Attribute {
	return schema.ListAttribute{
		MarkdownDescription: "Order of the results: field names, each optionally prefixed with `-` for " +
			"descending order, applied in turn; for example `[\"-start_time\", \"name\"]`. Without it the " +
			"order is whatever SPS returns.",
		ElementType: types.StringType,
		Optional:    true,
		Validators: []validator.List{
			listvalidator.ValueStringsAre(stringvalidator.RegexMatches(sortEntryPattern, "must be "+sortEntryHelp)),
		},
	}
}

// sessionMaxResultsAttribute is the max_results attribute of the session
// searches.
func sessionMaxResultsAttribute() schema.Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("How many sessions to return at most, %d to %d. Defaults to %d (one page). "+
			"On SPS 7.x and 8.x the provider takes a snapshot of the session database, counts the matches (`_count`) "+
			"and reads the pages it needs of that snapshot, in any `sort`; should SPS drop the snapshot during the "+
			"read, the read starts over once from a new one, and fails rather than mix two moments. On SPS 6.x "+
			"(and an appliance that does not tell its firmware) a search pages through at most %d results; above "+
			"that, the provider counts the matches and, when there are more, splits the search into `start_time` "+
			"ranges (the query language's `start_time:[a TO b}`, epoch seconds, ANDed with `query`) of at most %[4]d "+
			"matches each, found with one small request per range, and reads their pages concurrently; the sessions "+
			"come back once each, with no gap at the range boundaries (as CSV too, with one header). This needs the "+
			"order to follow `start_time`: `sort` must be empty (ranges newest first, each in SPS's order) or start with "+
			"`start_time` or `-start_time`; another `sort` with more than %[4]d matches is an error, as are more than "+
			"%[4]d sessions starting in one second. Everything read ends up in the state.",
			1, sps.AuditMaxSlicedResults, defaultAuditMaxResults, sps.AuditMaxResults),
		Optional: true,
		Computed: true,
		Validators: []validator.Int64{
			int64validator.Between(1, sps.AuditMaxSlicedResults),
		},
	}
}

// csvColumnsAttribute is the list of CSV columns; lead starts its
// description.
func csvColumnsAttribute(lead string, required bool) schema.Attribute {
	return schema.ListAttribute{
		Required: required,
		Optional: !required,
		MarkdownDescription: lead + "Columns are session fields, for example `[\"protocol\", \"user.gateway_username\", " +
			"\"client.ip\", \"start_time\"]`. SPS adds a `Key` column and titles the columns itself.",
		ElementType: types.StringType,
		Validators: []validator.List{
			listvalidator.SizeAtLeast(1),
			listvalidator.UniqueValues(),
			listvalidator.ValueStringsAre(stringvalidator.RegexMatches(fieldNamePattern, "must be a session field name such as protocol or client.ip")),
		},
	}
}
