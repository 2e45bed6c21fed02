package audit

import (
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The session filter that the session search, statistics and histogram data
// sources share: its descriptions and the attributes with their validators.

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

// withSessionFilter adds the session filter attributes (query, content,
// start, end) that the session search and statistics share, with their
// validators, to attrs. contentNote is appended to the content description
// for what the endpoint does differently with content search.
func withSessionFilter(attrs map[string]schema.Attribute, contentNote string) map[string]schema.Attribute {
	out := map[string]schema.Attribute{
		"query": schema.StringAttribute{MarkdownDescription: descAuditQuery, Optional: true},
		"content": schema.StringAttribute{
			MarkdownDescription: descAuditContent + contentNote,
			Optional:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1), contentValidator()},
		},
		"start": schema.StringAttribute{MarkdownDescription: descAuditStart, Optional: true, Validators: []validator.String{isoDateValidator()}},
		"end":   schema.StringAttribute{MarkdownDescription: descAuditEnd, Optional: true, Validators: []validator.String{isoDateValidator()}},
	}
	maps.Copy(out, attrs)
	return out
}
