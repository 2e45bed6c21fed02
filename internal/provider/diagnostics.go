package provider

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// operation says what the provider was doing when the client failed; it
// picks the wording of the diagnostic ("lacks write permission" only makes
// sense for writes).
type operation struct {
	verb   string // "create VNC settings policy \"x\""
	write  bool
	delete bool // a DELETE sends no body, so "refused the request body" does not fit
}

func readOp(what string) operation  { return operation{verb: "read " + what} }
func writeOp(what string) operation { return operation{verb: what, write: true} }

// deleteOp is the operation for deleting what ("VNC settings policy ...").
func deleteOp(what string) operation {
	return operation{verb: "delete " + what, write: true, delete: true}
}

// mayBeOnSPS reports a failed write whose change is on the appliance
// (committed, but reading it back failed) or may still get there (commit
// outcome unknown): its resource must be saved in state with the failure,
// or the next apply would create it a second time.
func mayBeOnSPS(err error) bool {
	return sps.IsCommitted(err) || sps.IsCommitOutcomeUnknown(err)
}

// addClientError turns an error from the SPS client into one diagnostic
// whose summary names the cause and whose detail carries SPS's own message.
func addClientError(diags *diag.Diagnostics, op operation, err error) {
	summary, detail := describeClientError(op, err)
	diags.AddError(summary, detail)
}

func describeClientError(op operation, err error) (summary, detail string) {
	spsMsg := spsErrorText(err)
	var redirect *sps.RedirectError
	var stall *sps.StallError
	switch {
	case sps.IsCommitOutcomeUnknown(err):
		why := "SPS was still committing when the provider stopped waiting (after about four times request_timeout, " +
			envRequestTimeout + "), so the change may still land."
		then := "run terraform apply again once SPS has finished"
		var unknown *sps.CommitOutcomeUnknownError
		if errors.As(err, &unknown) && unknown.StatusErr != nil {
			why = "the commit request failed and then the provider could not read the transaction's status from SPS, " +
				"so it cannot tell whether the change landed (or is still landing)."
			then = "check that SPS is reachable and run terraform apply again"
		}
		return "SPS commit outcome unknown",
			"Could not " + op.verb + " for certain: the provider sent the commit, but " + why + " Nothing was sent " +
				"twice. Terraform recorded what is needed to find out: " + then + "; its refresh reads what SPS " +
				"committed and the plan converges from there. Details: " + clientErrorText(err)
	case sps.IsCommitted(err) && op.write && !sps.IsNotFound(err):
		kept := "Terraform recorded what the provider wrote; the next refresh (terraform plan or apply) reads what " +
			"SPS has, and the plan converges from there."
		if op.delete {
			kept = "The resource stays in Terraform state; the next refresh (terraform plan or apply) reads SPS and " +
				"drops it, as it is gone."
		}
		return "SPS change committed but not read back",
			"SPS committed the change to " + op.verb + ", but reading the result back failed. " + kept +
				" If reading fails again, check that SPS is reachable. Details: " + clientErrorText(err)
	case sps.IsCanceledBeforeCommit(err):
		return "Interrupted before the change was committed",
			"Could not " + op.verb + ": the operation was stopped (for example by Ctrl-C) before its SPS transaction " +
				"was committed, so the provider rolled it back and nothing was changed on SPS. Details: " + clientErrorText(err)
	case errors.As(err, &redirect):
		return "SPS answered with a redirect", "Could not " + op.verb + ": " + redirectAdvice(redirect) +
			" The provider does not follow redirects: Go's HTTP client would repeat a change as a read, which SPS " +
			"answers with success although nothing changed. (" + redirect.Error() + ")"
	case errors.As(err, &stall):
		return "SPS stopped answering",
			"Could not " + op.verb + ": SPS sent nothing for " + stall.Timeout.String() + ", the provider's " +
				"request_timeout (" + envRequestTimeout + "). Check that the appliance is reachable and not overloaded, " +
				"or raise request_timeout. (" + clientErrorText(err) + ")"
	case errors.Is(err, sps.ErrTimestampingUnsupported):
		return "Timestamping is not supported by this SPS appliance",
			"Could not " + op.verb + ": the appliance serves the older VNC options format, which has no " +
				"timestamping settings. Remove the timestamping block from sps_vnc_options, or upgrade SPS. (" + spsMsg + ")"
	case isCertificateError(err):
		return "Cannot verify the SPS appliance's TLS certificate",
			"Could not " + op.verb + ": " + clientErrorText(err) + ". If the appliance uses a self-signed or private CA " +
				"certificate, give that CA to the provider with ca_cert_pem (" + envCACert + ")."
	case sps.IsUnauthorized(err) && op.write:
		return "The SPS user lacks write permission",
			"SPS refused to " + op.verb + " because the configured user may not change the configuration. " +
				"Use an SPS user whose role grants write access to the VNC configuration. SPS said: " + spsMsg
	case sps.IsUnauthorized(err):
		return "The SPS user lacks read permission",
			"SPS refused to " + op.verb + " because the configured user may not read it. " +
				"Use an SPS user whose role grants access to the VNC configuration. SPS said: " + spsMsg
	case sps.IsAuthenticationFailure(err):
		return "SPS rejected the login",
			"Could not " + op.verb + ": the username or password is wrong. Check the provider's username and " +
				"password (" + envUsername + ", " + envPassword + "). The provider does not try this password again in this run, " +
				"so repeated refreshes do not lock the SPS account. SPS said: " + spsMsg
	case sps.IsLocked(err):
		holder := "another session"
		var timeout *sps.LockTimeoutError
		var apiErr *sps.Error
		switch {
		case errors.As(err, &timeout) && timeout.Holder != "":
			holder = "SPS user " + timeout.Holder
		case errors.As(err, &apiErr) && apiErr.LockedBy() != "":
			holder = "SPS user " + apiErr.LockedBy()
		}
		return "The SPS configuration is locked by another user",
			"Could not " + op.verb + " because " + holder + " holds the SPS configuration lock and did not release " +
				"it within lock_wait_timeout. Wait for the other change to finish (or raise lock_wait_timeout) and " +
				"run Terraform again. SPS said: " + spsMsg
	case sps.IsValidation(err) && op.delete:
		return "SPS refused the deletion",
			"Could not " + op.verb + ": SPS refused to delete it. SPS said: " + spsMsg
	case sps.IsValidation(err):
		return "SPS rejected the values",
			"Could not " + op.verb + ": SPS refused the request body. Adjust the configuration as SPS describes: " + spsMsg
	case sps.IsNotFound(err):
		return "SPS object not found", "Could not " + op.verb + ": " + spsMsg
	case sps.IsSearchUnavailable(err):
		return "The SPS search backend is unavailable", "Could not " + op.verb + ": " + clientErrorText(err)
	}
	return "SPS API error", "Could not " + op.verb + ": " + spsMsg
}

// redirectAdvice says where SPS redirected to and what url to set.
func redirectAdvice(e *sps.RedirectError) string {
	switch {
	case e.Location == "":
		return "SPS answered with a redirect (" + fmt.Sprint(e.StatusCode) + ") without saying where to; check the url setting (" + envURL + ")."
	case e.SuggestedURL() != "" && sameBaseURL(e.SuggestedURL(), e.BaseURL()):
		// Redirected to the address already configured (a loop, or a
		// slash added): setting url would change nothing.
		return "SPS answered with a redirect to " + e.Location + ", the address url (" + envURL + ") already names. " +
			"The redirect comes from something between the provider and the SPS REST API, such as a proxy or load " +
			"balancer (for example one that adds a trailing slash or redirects in a loop): check its configuration, " +
			"or set url to the appliance's own address."
	case e.SuggestedURL() != "":
		return "SPS answered with a redirect to " + e.SuggestedURL() + "; set url to that address (the url attribute or " + envURL + ")."
	}
	return "SPS answered with a redirect to " + e.Location + ", which is not the SPS REST API; set url (" +
		envURL + ") to the address of the appliance itself."
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

// addCleartextWarning warns that an http:// url sends the password (and the
// session cookie) unencrypted.
func addCleartextWarning(diags *diag.Diagnostics, url string) {
	diags.AddAttributeWarning(path.Root("url"), "The SPS password is sent in cleartext",
		"url ("+envURL+") is "+url+", a plain http:// address: the password, the session cookie and every "+
			"configuration change cross the network unencrypted, readable by anyone on the path. Use the "+
			"appliance's https:// address (with ca_cert_pem for a private CA).")
}

// addBuiltinPolicyKept warns that destroying a built-in settings policy
// only removed it from state.
func addBuiltinPolicyKept(diags *diag.Diagnostics, name, key string) {
	diags.AddWarning("Built-in VNC settings policy left on SPS",
		fmt.Sprintf("VNC settings policy %q (key %s) is built into SPS (negative key) and cannot be deleted. "+
			"It was removed from Terraform state only; its settings on the appliance were left as they are. "+
			"To go back to the SPS defaults, apply the policy with only its name before removing it.", name, key))
}

func isCertificateError(err error) bool {
	var verifyErr *tls.CertificateVerificationError
	var authorityErr x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	return errors.As(err, &verifyErr) || errors.As(err, &authorityErr) || errors.As(err, &hostErr)
}

// spsErrorText renders an SPS error with its type, message and details (the
// details usually name the rejected field) rather than only a status code.
func spsErrorText(err error) string {
	var apiErr *sps.Error
	if !errors.As(err, &apiErr) {
		return clientErrorText(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s returned HTTP %d", apiErr.Method, apiErr.Path, apiErr.StatusCode)
	if apiErr.Type != "" {
		fmt.Fprintf(&b, " %s", apiErr.Type)
	}
	if apiErr.Message != "" {
		fmt.Fprintf(&b, ": %s", apiErr.Message)
	}
	if len(apiErr.Details) > 0 {
		keys := make([]string, 0, len(apiErr.Details))
		for k := range apiErr.Details {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%v", k, apiErr.Details[k]))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	return b.String()
}

// clientErrorText is err's text with the client's own statement of each
// error below replaced by the provider's wording of it, which adds what to
// do. The client's errors state facts only (internal/sps); saying what they
// mean for the user is this file's job. The replacement keeps whatever the
// client wrapped around the error ("CSV page 2: ...").
func clientErrorText(err error) string {
	text := err.Error()
	var leftover *sps.LeftoverTransactionError
	if errors.As(err, &leftover) {
		text = strings.Replace(text, leftover.Error(), "an earlier SPS transaction of this provider failed and could not be "+
			"rolled back, twice; opening a new one could commit its leftover writes, so none is opened. Check that SPS "+
			"is reachable and run Terraform again (the leftover transaction also ends when its login session times out): "+
			leftover.Err.Error(), 1)
	}
	if errors.Is(err, sps.ErrEarlierCommitRunning) {
		text = strings.Replace(text, sps.ErrEarlierCommitRunning.Error(), sps.ErrEarlierCommitRunning.Error()+
			". Run Terraform again once SPS has finished committing", 1)
	}
	var timeout *sps.LockTimeoutError
	if errors.As(err, &timeout) {
		text = strings.Replace(text, timeout.Error(), lockTimeoutText(timeout), 1)
	}
	var apiErr *sps.Error
	if errors.As(err, &apiErr) {
		if worded := apiErrorText(apiErr); worded != "" {
			text = strings.Replace(text, apiErr.Error(), worded, 1)
		}
	}
	return text
}

// apiErrorText words the SPS answers that need more than SPS's own text
// (login refused, privilege missing, search backend down), or returns "".
func apiErrorText(e *sps.Error) string {
	var b strings.Builder
	switch {
	case sps.IsAuthenticationFailure(e):
		fmt.Fprintf(&b, "SPS at %s rejected the credentials of user %q (401 AuthenticationFailure)", e.BaseURL(), e.User())
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
		b.WriteString("; check the username and password, and that the user may log in to the REST API with a password")
	case sps.IsUnauthorized(e):
		what, typ := "permission", e.Type
		if e.Method != http.MethodGet {
			what = "write permission"
		}
		if typ == "" {
			typ = "Forbidden"
		}
		fmt.Fprintf(&b, "user %q lacks %s for %s %s on SPS at %s (403 %s", e.User(), what, e.Method, e.Path, e.BaseURL(), typ)
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
		b.WriteString("); ask an SPS admin to give one of the user's groups the REST server privilege and read & write " +
			"access to this configuration page")
	case sps.IsSearchUnavailable(e):
		// SPS documents 500 SearchUnavailable as "the search backend is
		// inaccessible": the REST API is up but the appliance's session
		// database search is not. The client retried it (any 5xx on a
		// read); this is what is left when the retries ran out.
		fmt.Fprintf(&b, "SPS API %s %s: 500 SearchUnavailable", e.Method, e.Path)
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
		b.WriteString("; the appliance's search backend (its session database) did not answer")
		if e.Attempts > 1 {
			fmt.Fprintf(&b, " in %d attempts", e.Attempts)
		}
		b.WriteString(". The REST API itself works; the search service may be starting, busy re-indexing or down. " +
			"Retry later, and if it persists ask an SPS admin to check the appliance's search and indexer services")
	}
	return b.String()
}

// lockTimeoutText words a lock wait that ran out.
func lockTimeoutText(e *sps.LockTimeoutError) string {
	holder := "another administrator"
	if e.Holder != "" {
		holder = fmt.Sprintf("user %q", e.Holder)
	}
	return fmt.Sprintf("the SPS configuration is locked by %s (waited %s for the lock): wait for %s to commit or roll back "+
		"the open transaction, or ask an SPS admin to end that session (it is also released when the session times out), "+
		"then retry", holder, e.Waited.Round(time.Second), holder)
}
