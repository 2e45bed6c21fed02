package diagnostics

import (
	"fmt"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// The wording of SPS's answers, one function per class of answer, and of
// the failures only some areas meet.

// otherAnswer words an SPS answer: as its class when it has one (a bare
// *sps.Error, as tests and older callers make them, is classified here
// the way the client classifies what it returns); otherwise it declines,
// and the generic wording follows.
func otherAnswer(op Operation, e *sps.Error) (wording, bool) {
	if c := sps.Classify(e); c != error(e) { //nolint:errorlint // the classified node replaces e
		return table.word(op, c)
	}
	return wording{}, false
}

// forbidden words a 403: what the area needs, read or write.
func forbidden(op Operation, _ *sps.ForbiddenError) wording {
	switch op.Area.need {
	case privilegeSearch:
		return wording{summary: "The SPS user lacks read permission", advice: "SPS refused to " + op.Verb + " because " +
			"the configured user may not search the session database. Use an SPS user whose groups have the REST server " +
			"privilege and the search privilege (read access to the Search pages); an SPS admin grants them."}
	case privilegeREST:
		return wording{summary: "The SPS user may not use the REST API", advice: "SPS refused to " + op.Verb + " because " +
			"the configured user may not use the REST API. Use an SPS user one of whose groups has the REST server " +
			"privilege; an SPS admin grants it."}
	}
	what := pages(configuration(op))
	if op.write {
		return wording{summary: "The SPS user lacks write permission", advice: "SPS refused to " + op.Verb + " because " +
			"the configured user may not change the configuration. Use an SPS user whose role grants write access to " +
			what + ": an SPS admin gives one of the user's groups the REST server privilege and read & write access to " +
			"the matching pages of the web interface."}
	}
	return wording{summary: "The SPS user lacks read permission", advice: "SPS refused to " + op.Verb + " because the " +
		"configured user may not read it. Use an SPS user whose role grants access to " + what + ": an SPS admin " +
		"gives one of the user's groups the REST server privilege and read access to the matching pages of the web " +
		"interface."}
}

func authentication(op Operation, e *sps.AuthenticationError) wording {
	if e.Certificate != "" {
		return wording{summary: "SPS rejected the client certificate login", advice: "Could not " + op.Verb + ": SPS " +
			"took the client certificate " + fact(e.Certificate) + " (client_cert_pem, " + EnvClientCert + ") in the TLS " +
			"handshake but refused to log in with it: certificate login is not enabled on the appliance, or no SPS user " +
			"is mapped to that certificate. An SPS admin enables certificate login and maps the certificate to a user; " +
			"or log in with username and password instead (" + EnvUsername + ", " + EnvPassword + "). The provider " +
			"does not try this certificate again in this run."}
	}
	who := "the configured user"
	if e.API.User() != "" {
		who = fmt.Sprintf("user %q", e.API.User())
	}
	return wording{summary: "SPS rejected the login", advice: "Could not " + op.Verb + ": SPS rejected the credentials of " +
		who + ": the username or password is wrong, or the user may not log in to the REST API with a password. Check " +
		"the provider's username and password (" + EnvUsername + ", " + EnvPassword + "). The provider does not try " +
		"this password again in this run, so repeated refreshes do not lock the SPS account."}
}

// validation words a refused body, or a refused parameter of a read.
func validation(op Operation, e *sps.ValidationError) wording {
	if w, ok := refusedParameter(op, e.API); ok {
		return w
	}
	could := "Could not " + op.Verb
	switch {
	case op.delete:
		return wording{summary: "SPS refused the deletion", advice: could + ": SPS refused to delete it."}
	case op.write:
		return wording{summary: "SPS rejected the values", advice: could + ": SPS refused the request body. " +
			"Adjust the configuration as SPS describes in the details."}
	}
	return wording{summary: "SPS rejected the request", advice: could + ": SPS refused the request's parameters, " +
		"as it describes in the details."}
}

// querySyntax is the advice for a query SPS could not parse.
const querySyntax = "Check the query syntax: field:value terms joined with AND, OR and AND NOT, values with spaces " +
	"or special characters quoted (provider::sps::query_quote helps)."

// invalidQuery words a refused search: on the attribute behind the
// parameter SPS named, else on the one the operation says, else on none.
func invalidQuery(op Operation, e *sps.InvalidQueryError) wording {
	if w, ok := refusedParameter(op, e.API); ok {
		return w
	}
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

// refusedParameter words a 400 whose parameter SPS named (details.parameter)
// when the data source set it: the diagnostic goes on that attribute.
func refusedParameter(op Operation, e *sps.Error) (wording, bool) {
	attr, ok := op.params[e.Parameter()]
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

func notFound(op Operation, _ *sps.NotFoundError) wording {
	if op.Session != "" {
		return wording{summary: "Session not found", attr: "id", advice: "SPS has no recorded session " + op.Session +
			" (looked up as " + sps.SessionRESTID(op.Session) + "). Take the id from sps_audit_sessions, or check that " +
			"the session has not been cleaned up."}
	}
	return wording{summary: "SPS object not found", advice: "Could not " + op.Verb + ": SPS has no such object."}
}

func builtinObject(op Operation, e *sps.BuiltinObjectError) wording {
	what := "the object"
	if a := configuration(op); a != nil {
		what = "this " + fact(a.Noun)
	}
	return wording{summary: "SPS does not delete built-in objects", advice: "Could not " + op.Verb + ": " + what +
		" is built into SPS (its key, " + sps.KeyText(e.Key) + ", is negative), and SPS keeps every built-in object. " +
		"Remove it from the configuration without destroying it (a removed block), or leave it managed."}
}

func readOnly(op Operation, e *sps.ReadOnlyError) wording {
	what := fact(e.Path)
	if a := configuration(op); a != nil {
		what = fact(a.Noun) + " (" + fact(a.Endpoint()) + ")"
	}
	return wording{summary: "SPS takes no changes here over its REST API", advice: "Could not " + op.Verb + ": " + what +
		" is read-only over the SPS REST API: " + fact(strings.TrimSuffix(e.Reason, ".")) + ". Manage it on the SPS web " +
		"interface, and only read it with Terraform."}
}

func referencedObject(op Operation, e *sps.ReferencedObjectError) wording {
	by := "other objects"
	if refs := e.ReferencedBy(); len(refs) > 0 {
		for i, r := range refs {
			refs[i] = fact(r)
		}
		by = joinWords(refs)
	}
	return wording{summary: "The SPS object is still in use", advice: "Could not " + op.Verb + ": SPS refused because " +
		by + " still refer to it. Change or remove those references first; when they are managed by this " +
		"configuration too, a reference to this resource's key lets Terraform order the changes."}
}

func tooManyBuckets(op Operation, _ *sps.TooManyBucketsError) wording {
	bin := op.BinSize
	if bin == "" {
		bin = "month (the default)"
	}
	return wording{summary: "Too many histogram intervals", attr: "bin_size", advice: "The period from start to end " +
		"holds too many intervals of one " + bin + " for SPS. Use a larger bin_size or a shorter period."}
}

func searchUnavailable(op Operation, e *sps.SearchUnavailableError) wording {
	attempts := ""
	if e.API.Attempts > 1 {
		attempts = fmt.Sprintf(" in %d attempts", e.API.Attempts)
	}
	return wording{summary: "The SPS search backend is unavailable", advice: "Could not " + op.Verb + ": SPS answered 500 " +
		"SearchUnavailable: the appliance's search backend (its session database) did not answer" + attempts + ". " +
		"The REST API itself works; the search service may be starting, busy re-indexing or down. Retry later, and " +
		"if it persists ask an SPS admin to check the appliance's search and indexer services."}
}

func timestampingUnsupported(op Operation) wording {
	// The area names the protocol: every protocol's options have the two
	// formats (VNC's words are the same as before).
	noun, tfType := "VNC options", "sps_vnc_options"
	if op.Area.config != nil {
		noun, tfType = op.Area.config.Noun, strings.TrimSuffix(op.Area.name, " list")
	}
	return wording{summary: "Timestamping is not supported by this SPS appliance", advice: "Could not " + op.Verb + ": the " +
		"appliance serves the older " + noun + " format, which has no timestamping settings. Remove the timestamping " +
		"block from " + tfType + ", or upgrade SPS."}
}

func histogramMismatch(_ Operation, e *sps.HistogramMismatchError) wording {
	return wording{summary: "SPS answered a different histogram", attr: e.Param, advice: "The histogram SPS " +
		"returned was not built the way it was asked for. Leave " + e.Param + " unset to take what the " +
		"appliance uses, or check the appliance's SPS version."}
}

func snapshotExpired(op Operation, e *sps.SnapshotExpiredError) wording {
	return wording{summary: "The SPS search snapshot expired", advice: fmt.Sprintf("Could not %s: SPS forgot the "+
		"session database snapshot the search was paging through, twice (the second time after %d pages); a snapshot "+
		"lives 5 minutes after its last query, so a slow or busy appliance can lose it mid-search. Run Terraform "+
		"again, or narrow the search (query, start, end, max_results) so it needs fewer pages.", op.Verb, e.Pages)}
}

func sortNotSliceable(op Operation) wording {
	return wording{summary: "Too many sessions for this sort order", attr: "sort", advice: "Could not " + op.Verb + ": SPS " +
		"pages through 10000 results per search, so the provider reads more in start_time ranges, which keeps only a " +
		"start_time order. Sort by start_time or -start_time first, leave sort empty, or narrow the search to " +
		"10000 sessions."}
}

func oneSecondOverflow(op Operation) wording {
	return wording{summary: "Too many sessions in one second", attr: "max_results", advice: "Could not " + op.Verb + ": SPS " +
		"pages through 10000 results per search and start_time ranges cannot split one second, so narrow the search " +
		"with query (for example by protocol or user)."}
}

// configError words a setting the client refused, for callers that did not
// word it where they knew where the value came from (the provider
// settings do).
func configError(_ Operation, e *sps.ConfigError) wording {
	attr, env := settingOf(e.Field)
	return wording{summary: "Invalid provider setting " + attr, advice: "The provider setting " + attr +
		" (" + env + ") " + e.Problem + "."}
}
