// Package diagnostics words every failed SPS call for users: one summary
// and one piece of advice per kind of failure and operation, followed by
// the client's own text.
package diagnostics

// Every word a user reads about a failed SPS call is in this file. The
// client (internal/sps) decides what kind of failure it was, once
// (sps.KindOf, from typed errors); here a kind and the operation (which
// area of the provider, read or write) give one summary and one piece of
// advice, and the client's own text follows untouched as the details. No
// error text is ever rewritten: advice cannot go missing because a wrapper
// worded the inner error differently.

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// privilege is what an SPS user needs for an area; a 403 asks for it.
type privilege int

const (
	privilegeVNC    privilege = iota // the VNC configuration pages
	privilegeSearch                  // the session database (search)
	privilegeREST                    // the REST API itself (login, the client)
)

// area is the part of the provider an operation belongs to. It picks the
// advice where the same failure means different things: a 403 on an audit
// read is a missing search privilege, not a missing VNC one.
type Area struct {
	name string // the Terraform type (or "provider"), for tests and logs
	need privilege
}

var (
	AreaSettingsPolicy     = Area{"sps_vnc_settings_policy", privilegeVNC} // the resource
	AreaSettingsPolicyData = Area{"sps_vnc_settings_policy data source", privilegeVNC}
	AreaSettingsPolicies   = Area{"sps_vnc_settings_policies", privilegeVNC}
	AreaOptions            = Area{"sps_vnc_options", privilegeVNC}
	AreaSettingsPolicyList = Area{"sps_vnc_settings_policy list", privilegeVNC}
	AreaOptionsList        = Area{"sps_vnc_options list", privilegeVNC}
	AreaAuditSessions      = Area{"sps_audit_sessions", privilegeSearch}
	AreaAuditSessionsCSV   = Area{"sps_audit_sessions_csv", privilegeSearch}
	AreaAuditSession       = Area{"sps_audit_session", privilegeSearch}
	AreaAuditStats         = Area{"sps_audit_session_stats", privilegeSearch}
	AreaAuditHistogram     = Area{"sps_audit_session_histogram", privilegeSearch}
	AreaProvider           = Area{"provider", privilegeREST}
)

// allAreas lists every area, for the table test.
var allAreas = []Area{
	AreaSettingsPolicy, AreaSettingsPolicyData, AreaSettingsPolicies, AreaOptions, AreaSettingsPolicyList,
	AreaOptionsList, AreaAuditSessions, AreaAuditSessionsCSV, AreaAuditSession, AreaAuditStats, AreaAuditHistogram, AreaProvider,
}

// operation says what the provider was doing when the client failed.
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

// describe words err: the summary and advice from its kind and op, then the
// client's text as it is, with control characters escaped (printable).
func describe(op Operation, err error) (summary, detail, attr string) {
	w := word(sps.KindOf(err), op, err)
	return Printable(w.summary), Printable(w.advice + ClientDetails(err)), w.attr
}

// ClientDetails is the client's text of err, as every diagnostic ends.
func ClientDetails(err error) string { return "\n\nDetails: " + err.Error() }

// wording is one diagnostic's words.
type wording struct {
	summary, advice string
	attr            string // the attribute at fault, "" for none
}

func word(kind sps.Kind, op Operation, err error) wording {
	could := "Could not " + op.Verb
	switch kind {
	case sps.KindCommitOutcomeUnknown:
		why := "SPS was still committing when the provider stopped waiting (after about four times request_timeout, " +
			EnvRequestTimeout + "), so the change may still land."
		then := "run terraform apply again once SPS has finished"
		var unknown *sps.CommitOutcomeUnknownError
		if errors.As(err, &unknown) && unknown.StatusErr != nil {
			why = "the commit request failed and then the provider could not read the transaction's status from SPS, " +
				"so it cannot tell whether the change landed (or is still landing)."
			then = "check that SPS is reachable and run terraform apply again"
		}
		return wording{summary: "SPS commit outcome unknown", advice: could + " for certain: the provider sent the commit, but " +
			why + " Nothing was sent twice. Terraform recorded what is needed to find out: " + then + "; its refresh reads " +
			"what SPS committed and the plan converges from there."}
	case sps.KindCommittedNotReadBack:
		kept := "Terraform recorded what the provider wrote; the next refresh (terraform plan or apply) reads what " +
			"SPS has, and the plan converges from there."
		if op.delete {
			kept = "The resource stays in Terraform state; the next refresh (terraform plan or apply) reads SPS and " +
				"drops it, as it is gone."
		}
		return wording{summary: "SPS change committed but not read back", advice: "SPS committed the change to " + op.Verb +
			", but reading the result back failed. " + kept + " If reading fails again, check that SPS is reachable."}
	case sps.KindCanceledBeforeCommit:
		return wording{summary: "Interrupted before the change was committed", advice: could + ": the operation was " +
			"stopped (for example by Ctrl-C) before its SPS transaction was committed, so the provider rolled it back " +
			"and nothing was changed on SPS."}
	case sps.KindLeftoverTransaction:
		return wording{summary: "An earlier SPS transaction could not be rolled back", advice: could + ": an earlier SPS " +
			"transaction of this provider failed and could not be rolled back, twice; opening a new one could commit its " +
			"leftover writes, so none is opened. Check that SPS is reachable and run Terraform again (the leftover " +
			"transaction also ends when its login session times out)."}
	case sps.KindEarlierCommitRunning:
		return wording{summary: "An earlier SPS commit is still running", advice: could + ": an earlier SPS commit of this " +
			"provider is still running (or its state cannot be read), and no new transaction is opened until it ends. " +
			"Run Terraform again once SPS has finished committing."}
	case sps.KindRedirect:
		var redirect *sps.RedirectError
		errors.As(err, &redirect)
		return wording{summary: "SPS answered with a redirect", advice: could + ": " + redirectAdvice(redirect) +
			" The provider does not follow redirects: Go's HTTP client would repeat a change as a read, which SPS " +
			"answers with success although nothing changed."}
	case sps.KindStall:
		var stall *sps.StallError
		errors.As(err, &stall)
		return wording{summary: "SPS stopped answering", advice: could + ": SPS sent nothing for " + stall.Timeout.String() +
			", the provider's request_timeout (" + EnvRequestTimeout + "). Check that the appliance is reachable and not " +
			"overloaded, or raise request_timeout."}
	case sps.KindRateLimited:
		var limited *sps.RateLimitedError
		errors.As(err, &limited)
		return rateLimited(op, limited)
	case sps.KindTimestampingUnsupported:
		return wording{summary: "Timestamping is not supported by this SPS appliance", advice: could + ": the appliance " +
			"serves the older VNC options format, which has no timestamping settings. Remove the timestamping block from " +
			"sps_vnc_options, or upgrade SPS."}
	case sps.KindCertificate:
		return wording{summary: "Cannot verify the SPS appliance's TLS certificate", advice: could + ": the certificate " +
			"SPS presented could not be verified. If the appliance uses a self-signed or private CA certificate, give " +
			"that CA to the provider with ca_cert_pem (" + EnvCACert + ")."}
	case sps.KindForbidden:
		return forbidden(op)
	case sps.KindAuthenticationFailure:
		who := "the configured user"
		var apiErr *sps.Error
		if errors.As(err, &apiErr) && apiErr.User() != "" {
			who = fmt.Sprintf("user %q", apiErr.User())
		}
		return wording{summary: "SPS rejected the login", advice: could + ": SPS rejected the credentials of " + who +
			": the username or password is wrong, or the user may not log in to the REST API with a password. Check " +
			"the provider's username and password (" + EnvUsername + ", " + EnvPassword + "). The provider does not try " +
			"this password again in this run, so repeated refreshes do not lock the SPS account."}
	case sps.KindLocked:
		return locked(op, err)
	case sps.KindNameTaken:
		var taken *sps.NameTakenError
		errors.As(err, &taken)
		return nameTaken(op, taken)
	case sps.KindSortNotSliceable:
		return wording{summary: "Too many sessions for this sort order", attr: "sort", advice: could + ": SPS pages " +
			"through 10000 results per search, so the provider reads more in start_time ranges, which keeps only a " +
			"start_time order. Sort by start_time or -start_time first, leave sort empty, or narrow the search to " +
			"10000 sessions."}
	case sps.KindOneSecondOverflow:
		return wording{summary: "Too many sessions in one second", attr: "max_results", advice: could + ": SPS pages " +
			"through 10000 results per search and start_time ranges cannot split one second, so narrow the search " +
			"with query (for example by protocol or user)."}
	case sps.KindTooManyBuckets:
		bin := op.BinSize
		if bin == "" {
			bin = "month (the default)"
		}
		return wording{summary: "Too many histogram intervals", attr: "bin_size", advice: "The period from start to end " +
			"holds too many intervals of one " + bin + " for SPS. Use a larger bin_size or a shorter period."}
	case sps.KindHistogramMismatch:
		var mismatch *sps.HistogramMismatchError
		errors.As(err, &mismatch)
		return wording{summary: "SPS answered a different histogram", attr: mismatch.Param, advice: "The histogram SPS " +
			"returned was not built the way it was asked for. Leave " + mismatch.Param + " unset to take what the " +
			"appliance uses, or check the appliance's SPS version."}
	case sps.KindInvalidQuery, sps.KindValidation:
		if w, ok := refusedParameter(op, err); ok {
			return w
		}
		if kind == sps.KindInvalidQuery {
			return invalidQuery(op)
		}
		switch {
		case op.delete:
			return wording{summary: "SPS refused the deletion", advice: could + ": SPS refused to delete it."}
		case op.write:
			return wording{summary: "SPS rejected the values", advice: could + ": SPS refused the request body. " +
				"Adjust the configuration as SPS describes in the details."}
		}
		return wording{summary: "SPS rejected the request", advice: could + ": SPS refused the request's parameters, " +
			"as it describes in the details."}
	case sps.KindNotFound:
		if op.Session != "" {
			return wording{summary: "Session not found", attr: "id", advice: "SPS has no recorded session " + op.Session +
				" (looked up as " + sps.SessionRESTID(op.Session) + "). Take the id from sps_audit_sessions, or check that " +
				"the session has not been cleaned up."}
		}
		return wording{summary: "SPS object not found", advice: could + ": SPS has no such object."}
	case sps.KindSearchUnavailable:
		attempts := ""
		var apiErr *sps.Error
		if errors.As(err, &apiErr) && apiErr.Attempts > 1 {
			attempts = fmt.Sprintf(" in %d attempts", apiErr.Attempts)
		}
		return wording{summary: "The SPS search backend is unavailable", advice: could + ": SPS answered 500 " +
			"SearchUnavailable: the appliance's search backend (its session database) did not answer" + attempts + ". " +
			"The REST API itself works; the search service may be starting, busy re-indexing or down. Retry later, and " +
			"if it persists ask an SPS admin to check the appliance's search and indexer services."}
	}
	if op.Area == AreaProvider {
		return wording{summary: "Unable to create the SPS API client", advice: "The provider settings were accepted " +
			"but the client could not be built."}
	}
	return wording{summary: "SPS API error", advice: could + "."}
}

// forbidden words a 403: what the area needs, read or write.
func forbidden(op Operation) wording {
	switch {
	case op.Area.need == privilegeSearch:
		return wording{summary: "The SPS user lacks read permission", advice: "SPS refused to " + op.Verb + " because " +
			"the configured user may not search the session database. Use an SPS user whose groups have the REST server " +
			"privilege and the search privilege (read access to the Search pages); an SPS admin grants them."}
	case op.Area.need == privilegeREST:
		return wording{summary: "The SPS user may not use the REST API", advice: "SPS refused to " + op.Verb + " because " +
			"the configured user may not use the REST API. Use an SPS user one of whose groups has the REST server " +
			"privilege; an SPS admin grants it."}
	case op.write:
		return wording{summary: "The SPS user lacks write permission", advice: "SPS refused to " + op.Verb + " because " +
			"the configured user may not change the configuration. Use an SPS user whose role grants write access to the " +
			"VNC configuration: an SPS admin gives one of the user's groups the REST server privilege and read & write " +
			"access to the VNC pages."}
	}
	return wording{summary: "The SPS user lacks read permission", advice: "SPS refused to " + op.Verb + " because the " +
		"configured user may not read it. Use an SPS user whose role grants access to the VNC configuration: an SPS " +
		"admin gives one of the user's groups the REST server privilege and read access to the VNC pages."}
}

// nameTaken words a create refused because a policy already has the name:
// whose it is and, if it is the user's, the way to bring it into state. The
// provider never takes a same-named policy over by itself (it could be
// someone else's), and cannot name the resource's address (the protocol
// does not carry it), so the commands point at the "with" line Terraform
// prints above the detail.
func nameTaken(op Operation, e *sps.NameTakenError) wording {
	return wording{summary: "A " + e.Object + " with this name already exists on SPS", advice: fmt.Sprintf("Could not %s: "+
		"SPS already has a %s named %s, with key %s, and Terraform state does not hold it. It may be your own leftover "+
		"from an interrupted run (Terraform stopped, for example by a second Ctrl-C, after SPS committed the policy but "+
		"before the policy was saved in state), a policy made outside Terraform, or another resource of this "+
		"configuration with the same name. The provider never adopts a same-named policy by itself.\n\n"+
		"If it is the policy this resource describes, import it into the resource named on the \"with\" line above, "+
		"then plan again:\n\n"+
		"  terraform import '<address shown above>' %s\n\n"+
		"or with an import block (Terraform 1.5 and later, OpenTofu):\n\n"+
		"  import {\n    to = <address shown above>\n    id = %s\n  }\n\n"+
		"or by identity (Terraform 1.12 and later, OpenTofu 1.12):\n\n"+
		"  import {\n    to       = <address shown above>\n    identity = { key = %s }\n  }\n\n"+
		"If it is not, give this resource another name, or remove the other policy on SPS.",
		op.Verb, e.Object, HCLString(e.Name), sps.KeyText(e.Key), shellWord(e.Key), HCLString(e.Key), HCLString(e.Key))}
}

// rateLimited words a 429 that waiting and retrying did not get past.
func rateLimited(op Operation, e *sps.RateLimitedError) wording {
	why := fmt.Sprintf("still answered 429 Too Many Requests after %d attempts (max_retries, %s), each after the wait "+
		"it asked for or the provider's backoff", e.Err.Attempts, EnvMaxRetries)
	if e.Patience > 0 {
		why = fmt.Sprintf("answered 429 Too Many Requests and asked the provider to wait %s, longer than the request "+
			"could still wait (%s: request_timeout, %s, or the time left of the operation)",
			e.RetryAfter, e.Patience.Round(100*time.Millisecond), EnvRequestTimeout)
	}
	return wording{summary: "SPS is limiting the request rate", advice: "Could not " + op.Verb + ": SPS, or a proxy " +
		"in front of it, " + why + ". It did not process the refused request. Run Terraform again later, or with a " +
		"lower -parallelism; raising request_timeout lets the provider wait longer for its turn."}
}

// locked words a lock held by someone else for longer than the provider
// waits.
func locked(op Operation, err error) wording {
	holder := "another session"
	waited := ""
	var timeout *sps.LockTimeoutError
	var apiErr *sps.Error
	switch {
	case errors.As(err, &timeout) && timeout.Holder != "":
		holder = "SPS user " + timeout.Holder
	case errors.As(err, &apiErr) && apiErr.LockedBy() != "":
		holder = "SPS user " + apiErr.LockedBy()
	}
	if timeout != nil {
		waited = " (waited " + timeout.Waited.Round(time.Second).String() + ")"
	}
	return wording{summary: "The SPS configuration is locked by another user", advice: "Could not " + op.Verb +
		" because " + holder + " holds the SPS configuration lock and did not release it within lock_wait_timeout" +
		waited + ". Wait for the other change to finish (or raise lock_wait_timeout) and run Terraform again; an SPS " +
		"admin can also end that session (the lock is also released when the session times out)."}
}

// querySyntax is the advice for a query SPS could not parse.
const querySyntax = "Check the query syntax: field:value terms joined with AND, OR and AND NOT, values with spaces " +
	"or special characters quoted (provider::sps::query_quote helps)."

// refusedParameter words a 400 whose parameter SPS named (details.parameter)
// when the data source set it: the diagnostic goes on that attribute.
func refusedParameter(op Operation, err error) (wording, bool) {
	var apiErr *sps.Error
	if !errors.As(err, &apiErr) {
		return wording{}, false
	}
	attr, ok := op.params[apiErr.Parameter()]
	switch {
	case !ok:
		return wording{}, false
	case attr == "query":
		return wording{summary: "SPS rejected the session query", attr: attr, advice: "Could not " + op.Verb +
			" because SPS refused the query. " + querySyntax}, true
	}
	return wording{summary: "SPS rejected the value of " + attr, attr: attr, advice: "Could not " + op.Verb +
		" because SPS refused the " + attr + " parameter."}, true
}

// invalidQuery words a refused search whose parameter SPS did not name (or
// the data source did not set).
func invalidQuery(op Operation) wording {
	switch op.QueryAttr {
	case "events_query":
		return wording{summary: "SPS rejected the events query", attr: op.QueryAttr, advice: "Could not " + op.Verb +
			" because SPS refused events_query. " + querySyntax}
	case "content_query":
		return wording{summary: "SPS rejected the content query", attr: op.QueryAttr, advice: "Could not " + op.Verb +
			" because SPS refused content_query."}
	}
	return wording{summary: "SPS rejected the session query", advice: "Could not " + op.Verb + " because SPS refused " +
		"the search parameters (query, content, start, end, sort or field) without saying which one. " + querySyntax}
}

// redirectAdvice says where SPS redirected to and what url to set.
func redirectAdvice(e *sps.RedirectError) string {
	switch {
	case e.Location == "":
		return "SPS answered with a redirect (" + fmt.Sprint(e.StatusCode) + ") without saying where to; check the url setting (" + EnvURL + ")."
	case e.SuggestedURL() != "" && sameBaseURL(e.SuggestedURL(), e.BaseURL()):
		// Redirected to the address already configured (a loop, or a
		// slash added): setting url would change nothing.
		return "SPS answered with a redirect to " + e.Location + ", the address url (" + EnvURL + ") already names. " +
			"The redirect comes from something between the provider and the SPS REST API, such as a proxy or load " +
			"balancer (for example one that adds a trailing slash or redirects in a loop): check its configuration, " +
			"or set url to the appliance's own address."
	case e.SuggestedURL() != "":
		return "SPS answered with a redirect to " + e.SuggestedURL() + "; set url to that address (the url attribute or " + EnvURL + ")."
	}
	return "SPS answered with a redirect to " + e.Location + ", which is not the SPS REST API; set url (" +
		EnvURL + ") to the address of the appliance itself."
}

// sameBaseURL reports whether two base URLs name the same address
// (trailing slashes and the case of scheme and host aside).
func sameBaseURL(a, b string) bool {
	ua, errA := url.Parse(strings.TrimRight(a, "/"))
	ub, errB := url.Parse(strings.TrimRight(b, "/"))
	if errA != nil || errB != nil || b == "" {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) && ua.Path == ub.Path
}

// AddCleartextWarning warns that an http:// url sends the password (and the
// session cookie) unencrypted.
func AddCleartextWarning(diags *diag.Diagnostics, url string) {
	diags.AddAttributeWarning(path.Root("url"), "The SPS password is sent in cleartext",
		"url ("+EnvURL+") is "+url+", a plain http:// address: the password, the session cookie and every "+
			"configuration change cross the network unencrypted, readable by anyone on the path. Use the "+
			"appliance's https:// address (with ca_cert_pem for a private CA).")
}

// AddBuiltinPolicyKept warns that destroying a built-in settings policy
// only removed it from state.
func AddBuiltinPolicyKept(diags *diag.Diagnostics, name, key string) {
	diags.AddWarning("Built-in VNC settings policy left on SPS",
		fmt.Sprintf("VNC settings policy %q (key %s) is built into SPS (negative key) and cannot be deleted. "+
			"It was removed from Terraform state only; its settings on the appliance were left as they are. "+
			"To go back to the SPS defaults, apply the policy with only its name before removing it.", name, key))
}
