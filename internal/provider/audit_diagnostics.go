package provider

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// addAuditError reports a failed audit request. A query SPS refused
// (InvalidQuery, InvalidQueryValue) is pinned to the query attribute with
// SPS's own explanation, which usually names the offending token; anything
// else goes through the provider's general error wording.
func addAuditError(diags *diag.Diagnostics, what string, err error) {
	if sps.IsInvalidQuery(err) {
		diags.AddAttributeError(path.Root("query"), "SPS rejected the session query",
			"Could not read "+what+" because SPS refused the search parameters (query, content, start, end, sort or field). "+
				"Check the query syntax: field:value terms joined with AND, OR and AND NOT, values with spaces or "+
				"special characters quoted (provider::sps::query_quote helps). SPS said: "+spsErrorText(err))
		return
	}
	addClientError(diags, readOp(what), err)
}

// spsErrorType is the SPS error type (error.type) of err, or "".
func spsErrorType(err error) string {
	var apiErr *sps.Error
	if errors.As(err, &apiErr) {
		return apiErr.Type
	}
	return ""
}
