package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Error types SPS documents (and the mock emits) in {"error": {"type": ...}}.
const (
	errTypeUnauthenticated       = "Unauthenticated"
	errTypeAuthenticationFailure = "AuthenticationFailure"
	errTypeUnauthorized          = "Unauthorized"
	errTypeNotFound              = "NotFound"
	errTypeTransactionLocked     = "TransactionLocked"
	errTypeInvalidQuery          = "InvalidQuery"
	errTypeInvalidQueryValue     = "InvalidQueryValue"
	errTypeBuiltinNotDeletable   = "BuiltinObjectNotDeletable"
	errTypeSearchUnavailable     = "SearchUnavailable"
)

// Error is an error answer from the SPS REST API (any non-2xx status).
// Type, Message and Details come from the documented error object
// {"error": {"type", "message", "details"}}; for bodies that are not JSON
// (411 and 417 come from the web server layer) Type is empty and Message holds
// the start of the body.
type Error struct {
	Method     string
	Path       string
	StatusCode int
	Type       string
	Message    string
	Details    map[string]any
	// Attempts is how many times the request was sent (retries included);
	// 0 when not known.
	Attempts int

	// user and baseURL let Error() say who was refused where, without the
	// caller having to thread them through. Never the password.
	user    string
	baseURL string
}

func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.Type == errTypeAuthenticationFailure:
		fmt.Fprintf(&b, "SPS at %s rejected the credentials of user %q (401 AuthenticationFailure)", e.baseURL, e.user)
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
		b.WriteString("; check the username and password, and that the user may log in to the REST API with a password")
		return b.String()
	case e.StatusCode == http.StatusForbidden:
		what := "permission"
		if e.Method != http.MethodGet {
			what = "write permission"
		}
		fmt.Fprintf(&b, "user %q lacks %s for %s %s on SPS at %s (403 %s", e.user, what, e.Method, e.Path, e.baseURL, orDefault(e.Type, "Forbidden"))
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
		b.WriteString("); ask an SPS admin to give one of the user's groups the REST server privilege and read & write access to this configuration page")
		return b.String()
	case e.Type == errTypeSearchUnavailable:
		return e.searchUnavailableText()
	}

	fmt.Fprintf(&b, "SPS API %s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Type != "" {
		fmt.Fprintf(&b, " %s", e.Type)
	} else if t := http.StatusText(e.StatusCode); t != "" {
		fmt.Fprintf(&b, " %s", t)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if p, ok := e.Details["path"].(string); ok && p != "" && p != e.Path {
		fmt.Fprintf(&b, " (at %s)", p)
	}
	if holder := e.LockedBy(); holder != "" {
		fmt.Fprintf(&b, " (locked by %q)", holder)
	}
	return b.String()
}

// searchUnavailableText explains 500 SearchUnavailable, which the vendor
// documents as "the search backend is inaccessible": the REST API is up but
// the appliance's session database search is not. Reads are retried on it
// (any 5xx); this is what is left when the retries ran out.
func (e *Error) searchUnavailableText() string {
	var b strings.Builder
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
	return b.String()
}

// IsSearchUnavailable reports SPS's 500 SearchUnavailable: the session
// database search backend is down while the REST API answers.
func IsSearchUnavailable(err error) bool {
	e, ok := asError(err)
	return ok && e.Type == errTypeSearchUnavailable
}

// LockedBy names the user holding the configuration lock, when SPS said so.
func (e *Error) LockedBy() string {
	if e == nil || e.Details == nil {
		return ""
	}
	s, _ := e.Details["locked_by"].(string)
	return s
}

// Parameter names the request parameter SPS refused (details.parameter),
// for example "sort" or "q" on an audit search, or "".
func (e *Error) Parameter() string {
	if e == nil || e.Details == nil {
		return ""
	}
	s, _ := e.Details["parameter"].(string)
	return s
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// parseError builds an *Error from a non-2xx answer. body may be anything.
func parseError(method, path string, status int, body []byte) *Error {
	e := &Error{Method: method, Path: path, StatusCode: status}
	var env struct {
		Error *struct {
			Type    string         `json:"type"`
			Message string         `json:"message"`
			Details map[string]any `json:"details"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err == nil && env.Error != nil {
		e.Type = env.Error.Type
		e.Message = env.Error.Message
		e.Details = env.Error.Details
		return e
	}
	msg := strings.TrimSpace(string(body))
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	e.Message = msg
	return e
}

func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports whether err is SPS's 404 NotFound.
func IsNotFound(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusNotFound
}

// IsUnauthorized reports whether the user lacks a privilege (403 Unauthorized).
func IsUnauthorized(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusForbidden
}

// IsAuthenticationFailure reports whether the login credentials were rejected.
func IsAuthenticationFailure(err error) bool {
	e, ok := asError(err)
	return ok && e.Type == errTypeAuthenticationFailure
}

// isUnauthenticated reports a missing or expired login session: log in again.
func isUnauthenticated(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusUnauthorized && e.Type != errTypeAuthenticationFailure
}

// IsLocked reports whether another user holds the configuration lock.
func IsLocked(err error) bool {
	e, ok := asError(err)
	return ok && (e.Type == errTypeTransactionLocked || (e.StatusCode == http.StatusConflict && e.LockedBy() != ""))
}

// IsInvalidQuery reports whether SPS refused a search filter or value.
func IsInvalidQuery(err error) bool {
	e, ok := asError(err)
	return ok && (e.Type == errTypeInvalidQuery || e.Type == errTypeInvalidQueryValue)
}

// IsBuiltinNotDeletable reports whether SPS refused to delete a built-in
// object.
func IsBuiltinNotDeletable(err error) bool {
	e, ok := asError(err)
	return ok && e.Type == errTypeBuiltinNotDeletable
}

// IsBuiltinKey reports whether key names an object built into SPS: those
// have negative keys (for example -30211, the default VNC settings policy).
func IsBuiltinKey(key string) bool {
	n, err := strconv.ParseInt(key, 10, 64)
	return err == nil && n < 0
}

// IsValidation reports whether SPS refused a request body (400 other than a
// query error), e.g. SemanticError with details.path.
func IsValidation(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusBadRequest && !IsInvalidQuery(err)
}

// LockTimeoutError is returned when the configuration lock stayed with
// another user for longer than Config.LockWaitTimeout. It unwraps to the
// last 409 *Error, so IsLocked holds.
type LockTimeoutError struct {
	Holder string
	Waited time.Duration
	Err    *Error
}

func (e *LockTimeoutError) Error() string {
	holder := e.Holder
	if holder == "" {
		holder = "another administrator"
	} else {
		holder = fmt.Sprintf("user %q", holder)
	}
	return fmt.Sprintf("the SPS configuration is locked by %s (waited %s for the lock): wait for %s to commit or roll back the open transaction, "+
		"or ask an SPS admin to end that session (it is also released when the session times out), then retry",
		holder, e.Waited.Round(time.Second), holder)
}

func (e *LockTimeoutError) Unwrap() error { return e.Err }

// ErrTimestampingUnsupported is returned (wrapped) when VNC options with
// Timestamping are written to an appliance whose options have the legacy
// shape, which has no audit/timestamping settings.
var ErrTimestampingUnsupported = errors.New("this SPS appliance's VNC options have the legacy shape (channel_database_cleanup, no audit section), which has no timestamping settings")

// errNotApplied is what a read-back returns when the writes of an operation
// are not visible after a commit whose outcome was unclear.
var errNotApplied = errors.New("change not visible after commit")

// RedirectError is a 3xx answer. The client never follows redirects: Go's
// HTTP client would repeat a POST, PUT or DELETE to the new address as a
// GET, which SPS answers with 200, so a write would seem to succeed.
type RedirectError struct {
	Method, Path string
	StatusCode   int
	Location     string // absolute; "" when SPS sent no Location header
}

func (e *RedirectError) Error() string {
	if e.Location == "" {
		return fmt.Sprintf("SPS API %s %s: %d %s without a Location header", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	}
	return fmt.Sprintf("SPS API %s %s: %d %s redirect to %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), e.Location)
}

// SuggestedURL is the base URL the redirect points at: Location without
// the API path that was requested. It is "" when Location does not end with
// that path (the redirect goes to some other page, e.g. a login portal).
func (e *RedirectError) SuggestedURL() string {
	u, err := url.Parse(e.Location)
	if err != nil || u.Host == "" {
		return ""
	}
	base, ok := strings.CutSuffix(u.Path, e.Path)
	if !ok {
		return ""
	}
	u.Path, u.RawPath, u.RawQuery, u.Fragment = base, "", "", ""
	return strings.TrimRight(u.String(), "/")
}

// StallError is a request or download during which SPS sent nothing for
// Timeout (Config.RequestTimeout): no answer, or no more of the body.
type StallError struct {
	Timeout time.Duration
}

func (e *StallError) Error() string {
	return fmt.Sprintf("SPS sent nothing for %s (the request timeout)", e.Timeout)
}

// ErrCommitOutcomeUnknown is wrapped by the error of an operation whose
// commit was sent but whose outcome the client could not learn in time:
// the appliance was still committing when the client stopped waiting, so
// the change may still land. Nothing is replayed in that case (a replay
// could apply the change twice); the next refresh tells.
var ErrCommitOutcomeUnknown = errors.New("the SPS commit's outcome is unknown: the appliance was still committing when the provider stopped waiting, so the change may still land")

// IsCommitOutcomeUnknown reports an operation whose commit may or may not
// have landed (see ErrCommitOutcomeUnknown).
func IsCommitOutcomeUnknown(err error) bool { return errors.Is(err, ErrCommitOutcomeUnknown) }

// committedError wraps a failure that came after the operation's commit
// succeeded (reading the result back): the change is on the appliance.
type committedError struct{ error }

func (e committedError) Unwrap() error { return e.error }

// IsCanceledBeforeCommit reports an operation that was stopped (its
// context canceled, as Terraform does on Ctrl-C) before its writes were
// committed: its transaction was rolled back or never opened, so nothing
// changed on the appliance.
func IsCanceledBeforeCommit(err error) bool {
	var ce committedError
	return errors.Is(err, context.Canceled) && !errors.As(err, &ce) && !IsCommitOutcomeUnknown(err)
}
