package provider

import (
	"errors"
	"net/http"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// auditParamAttributes maps the audit API's request parameters to the data
// source attributes that set them, so an error SPS pins to a parameter
// (details.parameter) is shown on the attribute the user wrote.
var auditParamAttributes = map[string]string{
	"q": "query", "content": "content", "start": "start", "end": "end", "sort": "sort",
	"fields": "csv_fields", "field": "field", "sub_fields": "sub_field", "size": "size",
	"bin_size": "bin_size", "time_zone": "time_zone",
}

// addAuditError reports a failed audit request. attrs are the attributes of
// the calling data source that went into the request. When SPS refused a
// parameter (400, details.parameter) that one of them set, the diagnostic
// points at that attribute, with SPS's own explanation; a refused query
// whose parameter SPS did not name gets an error without a path, since any
// of the filters may be at fault. Anything else goes through the provider's
// general error wording.
func addAuditError(diags *diag.Diagnostics, what string, err error, attrs ...string) {
	var apiErr *sps.Error
	attr := ""
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest {
		if a, ok := auditParamAttributes[apiErr.Parameter()]; ok && slices.Contains(attrs, a) {
			attr = a
		}
	}
	switch {
	case errors.Is(err, sps.ErrSortNotSliceable):
		diags.AddAttributeError(path.Root("sort"), "Too many sessions for this sort order",
			"Could not read "+what+": "+err.Error()+". SPS pages through 10000 results per search, so the provider "+
				"reads more in start_time ranges, which keeps only a start_time order. Sort by start_time or "+
				"-start_time first, leave sort empty, or narrow the search to 10000 sessions.")
	case errors.Is(err, sps.ErrOneSecondOverflow):
		diags.AddAttributeError(path.Root("max_results"), "Too many sessions in one second",
			"Could not read "+what+": "+err.Error()+". SPS pages through 10000 results per search and start_time "+
				"ranges cannot split one second, so narrow the search with query (for example by protocol or user).")
	case attr == "query":
		diags.AddAttributeError(path.Root(attr), "SPS rejected the session query",
			"Could not read "+what+" because SPS refused the query. Check the query syntax: field:value terms "+
				"joined with AND, OR and AND NOT, values with spaces or special characters quoted "+
				"(provider::sps::query_quote helps). SPS said: "+spsErrorText(err))
	case attr != "":
		diags.AddAttributeError(path.Root(attr), "SPS rejected the value of "+attr,
			"Could not read "+what+" because SPS refused the "+attr+" parameter. SPS said: "+spsErrorText(err))
	case sps.IsInvalidQuery(err):
		diags.AddError("SPS rejected the session query",
			"Could not read "+what+" because SPS refused the search parameters (query, content, start, end, sort or field) "+
				"without saying which one. Check the query syntax: field:value terms joined with AND, OR and AND NOT, "+
				"values with spaces or special characters quoted (provider::sps::query_quote helps). SPS said: "+spsErrorText(err))
	default:
		addClientError(diags, readOp(what), err)
	}
}

// spsErrorType is the SPS error type (error.type) of err, or "".
func spsErrorType(err error) string {
	var apiErr *sps.Error
	if errors.As(err, &apiErr) {
		return apiErr.Type
	}
	return ""
}
