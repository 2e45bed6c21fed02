// Package diagnostics words every failed SPS call for users: one summary
// and one piece of advice per type of client error and operation, followed
// by the client's own text.
//
// The client (internal/sps) decides what a failure is, once: its error
// types are the taxonomy. Here one table (wording.go) maps each error type
// (or sentinel error) to a small function that words it for the operation
// (which area of the provider, read or write) and for the area of SPS's
// configuration the error names (sps.AreaOf); the client's own text
// follows untouched as the details. No error text is ever rewritten:
// advice cannot go missing because a wrapper worded the inner error
// differently.
package diagnostics

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// privilege is what an SPS user needs for an area; a 403 asks for it.
type privilege int

const (
	privilegeConfig privilege = iota // the configuration pages of the area
	privilegeSearch                  // the session database (search)
	privilegeREST                    // the REST API itself (login, the client)
)

// Area is the part of the provider an operation belongs to. It picks the
// advice where the same failure means different things: a 403 on an audit
// read is a missing search privilege, not a missing configuration one.
type Area struct {
	name string // the Terraform type (or "provider"), for tests and logs
	need privilege
	// config is the part of SPS's configuration a configuration area
	// manages, for the advice when the error does not name it.
	config *sps.Area
	// byPath: the type's objects live under any path of the configuration
	// and are imported by "<path>/<key>" and the identity {path, key}.
	byPath bool
}

// ConfigArea is the area of a Terraform type that manages (or reads) the
// SPS configuration area config.
func ConfigArea(tfType string, config *sps.Area) Area {
	return Area{name: tfType, need: privilegeConfig, config: config}
}

// ObjectArea is the area of a Terraform type that manages objects under any
// path of SPS's configuration (sps_config_object): the part of the
// configuration comes from the error (sps.AreaOf), and its objects are
// imported by "<path>/<key>" and the identity {path, key}.
func ObjectArea(tfType string) Area {
	return Area{name: tfType, need: privilegeConfig, byPath: true}
}

// SearchArea is the area of a Terraform type that reads the session
// database.
func SearchArea(tfType string) Area { return Area{name: tfType, need: privilegeSearch} }

var (
	AreaSettingsPolicy     = ConfigArea("sps_vnc_settings_policy", sps.VNCSettingsPolicies) // the resource
	AreaSettingsPolicyData = ConfigArea("sps_vnc_settings_policy data source", sps.VNCSettingsPolicies)
	AreaSettingsPolicies   = ConfigArea("sps_vnc_settings_policies", sps.VNCSettingsPolicies)
	AreaOptions            = ConfigArea("sps_vnc_options", sps.VNCOptionsArea)
	AreaSettingsPolicyList = ConfigArea("sps_vnc_settings_policy list", sps.VNCSettingsPolicies)
	AreaOptionsList        = ConfigArea("sps_vnc_options list", sps.VNCOptionsArea)
	AreaAuditSessions      = SearchArea("sps_audit_sessions")
	AreaAuditSessionsCSV   = SearchArea("sps_audit_sessions_csv")
	AreaAuditSession       = SearchArea("sps_audit_session")
	AreaAuditStats         = SearchArea("sps_audit_session_stats")
	AreaAuditHistogram     = SearchArea("sps_audit_session_histogram")
	AreaProvider           = Area{name: "provider", need: privilegeREST}
)

// allAreas lists every area, for the table test.
var allAreas = []Area{
	AreaSettingsPolicy, AreaSettingsPolicyData, AreaSettingsPolicies, AreaOptions, AreaSettingsPolicyList,
	AreaOptionsList, AreaAuditSessions, AreaAuditSessionsCSV, AreaAuditSession, AreaAuditStats, AreaAuditHistogram, AreaProvider,
}

// Operation says what the provider was doing when the client failed.
type Operation struct {
	Area   Area
	Verb   string // "create VNC settings policy \"x\"", "read the VNC options"
	write  bool
	delete bool // a DELETE sends no body, so "refused the request body" does not fit

	// Audit reads: params maps the SPS request parameters the data source
	// set to the attributes that set them, so a refused parameter is shown
	// on the attribute the user wrote; QueryAttr takes a refused query
	// whose parameter SPS did not name (events_query, content_query).
	params    map[string]string
	QueryAttr string
	// session is the id of the session whose document was read: a 404
	// then means there is no such session.
	Session string
	// BinSize is the histogram's bin_size as configured ("" for the
	// default), for the advice on too many intervals.
	BinSize string

	// named is the area of SPS's configuration the error names, if any
	// (set while wording it).
	named *sps.Area
}

func ReadOp(a Area, what string) Operation  { return Operation{Area: a, Verb: "read " + what} }
func WriteOp(a Area, what string) Operation { return Operation{Area: a, Verb: what, write: true} }

// DeleteOp is the operation for deleting what ("VNC settings policy ...").
func DeleteOp(a Area, what string) Operation {
	return Operation{Area: a, Verb: "delete " + what, write: true, delete: true}
}

// auditParamAttributes maps the audit API's request parameters to the data
// source attributes that set them.
var auditParamAttributes = map[string]string{
	"q": "query", "content": "content", "start": "start", "end": "end", "sort": "sort",
	"fields": "csv_fields", "field": "field", "sub_fields": "sub_field", "size": "size",
	"bin_size": "bin_size", "time_zone": "time_zone",
}

// WithAttrs names the attributes of the calling data source that went into
// the request.
func (op Operation) WithAttrs(attrs ...string) Operation {
	op.params = map[string]string{}
	for param, attr := range auditParamAttributes {
		for _, a := range attrs {
			if a == attr {
				op.params[param] = attr
			}
		}
	}
	return op
}

// MayBeOnSPS reports a failed write whose change is on the appliance
// (committed, but reading it back failed) or may still get there (commit
// outcome unknown): its resource must be saved in state with the failure,
// or the next apply would create it a second time.
func MayBeOnSPS(err error) bool {
	return sps.IsCommitted(err) || sps.IsCommitOutcomeUnknown(err)
}

// AddClientError turns an error from the SPS client into one diagnostic,
// on the attribute at fault when there is one.
func AddClientError(diags *diag.Diagnostics, op Operation, err error) {
	summary, detail, attr := describe(op, err)
	if attr != "" {
		diags.AddAttributeError(path.Root(attr), summary, detail)
		return
	}
	diags.AddError(summary, detail)
}

// DescribeClientError is the summary and detail AddClientError reports.
func DescribeClientError(op Operation, err error) (summary, detail string) {
	summary, detail, _ = describe(op, err)
	return summary, detail
}

// describe words err: the summary and advice from its type and op, then
// the client's text as it is, with control characters escaped (Printable).
func describe(op Operation, err error) (summary, detail, attr string) {
	w := word(op, err)
	return Printable(w.summary), Printable(w.advice + ClientDetails(err)), w.attr
}

// ClientDetails is the client's text of err, as every diagnostic ends.
func ClientDetails(err error) string { return "\n\nDetails: " + err.Error() }

// AddCleartextWarning warns that an http:// url sends the password (and the
// session cookie) unencrypted.
func AddCleartextWarning(diags *diag.Diagnostics, url string) {
	diags.AddAttributeWarning(path.Root("url"), "The SPS password is sent in cleartext",
		"url ("+EnvURL+") is "+url+", a plain http:// address: the password, the session cookie and every "+
			"configuration change cross the network unencrypted, readable by anyone on the path. Use the "+
			"appliance's https:// address (with ca_cert_pem for a private CA).")
}

// AddBuiltinKept warns that destroying a built-in object of area a (its
// key negative) only removed it from state. hint, when set, says how to
// get back to SPS's defaults for that area.
func AddBuiltinKept(diags *diag.Diagnostics, a *sps.Area, name, key, hint string) {
	detail := fmt.Sprintf("%s %s (key %s) is built into SPS (negative key) and cannot be deleted. "+
		"It was removed from Terraform state only; its settings on the appliance were left as they are.",
		capitalized(a.Noun), HCLString(name), sps.KeyText(key))
	if hint != "" {
		detail += " " + hint
	}
	diags.AddWarning("Built-in "+a.Noun+" left on SPS", Printable(detail))
}

// AddBuiltinPolicyKept is AddBuiltinKept for the VNC settings policy
// resource.
func AddBuiltinPolicyKept(diags *diag.Diagnostics, name, key string) {
	AddBuiltinKept(diags, sps.VNCSettingsPolicies, name, key,
		"To go back to the SPS defaults, apply the policy with only its name before removing it.")
}
