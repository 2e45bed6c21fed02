package sps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
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
	errTypeTransactionCommitting = "TransactionCommitting"
	errTypeTransactionNotOpen    = "TransactionNotOpen"
	errTypeTooMuchBuckets        = "TooMuchBucketsInResult"
)

// Error is an error answer from the SPS REST API (any non-2xx status).
// Type, Message and Details come from the documented error object
// {"error": {"type", "message", "details"}}; for bodies that are not JSON
// (411 and 417 come from the web server layer) Type is empty and Message holds
// the start of the body. Error() states these facts only; what a user
// should do about them is the provider's to say (internal/provider,
// diagnostics.go).
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

	// user and baseURL say who was refused where (User, BaseURL), without
	// the caller having to thread them through. Never the password.
	user    string
	baseURL string
}

// User is the username the request was sent as ("" when not known).
func (e *Error) User() string { return e.user }

// BaseURL is the appliance's base URL the request went to ("" when not
// known).
func (e *Error) BaseURL() string { return e.baseURL }

func (e *Error) Error() string {
	var b strings.Builder
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
	// The other details (the refused parameter, a commit's list of
	// errors) are facts too: this is the one rendering of an SPS answer.
	var rest []string
	for k, v := range e.Details {
		if k != "path" && k != "locked_by" {
			rest = append(rest, fmt.Sprintf("%s=%v", k, v))
		}
	}
	if len(rest) > 0 {
		sort.Strings(rest)
		fmt.Fprintf(&b, " (%s)", strings.Join(rest, ", "))
	}
	// Who was refused, where: the facts a user needs to act on a refusal.
	if (e.Type == errTypeAuthenticationFailure || e.StatusCode == http.StatusForbidden) && e.user != "" {
		fmt.Fprintf(&b, " (user %q at %s)", e.user, e.baseURL)
	}
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
	Holder string // the user holding the lock, "" when SPS did not say
	Waited time.Duration
	Err    *Error
}

func (e *LockTimeoutError) Error() string {
	holder := "another session"
	if e.Holder != "" {
		holder = fmt.Sprintf("user %q", e.Holder)
	}
	return fmt.Sprintf("SPS configuration lock held by %s; waited %s", holder, e.Waited.Round(time.Millisecond))
}

func (e *LockTimeoutError) Unwrap() error { return e.Err }

// RateLimitedError is a 429 Too Many Requests (from SPS or a proxy in front
// of it) that retrying did not get past. SPS did not process the request.
// RetryAfter is how long the last answer asked the client to wait (0 when
// it did not say). Patience is set when that was longer than the request
// could still wait (its timeout, or its context's deadline), so the client
// stopped at once; it is 0 when the retries ran out instead.
type RateLimitedError struct {
	RetryAfter time.Duration
	Patience   time.Duration
	Err        *Error
}

func (e *RateLimitedError) Error() string {
	if e.Patience > 0 {
		return fmt.Sprintf("%v; rate limited: the answer asked for a wait of %s, longer than the %s the request could still wait",
			e.Err, e.RetryAfter, e.Patience.Round(time.Millisecond))
	}
	return fmt.Sprintf("%v; rate limited in all %d attempts", e.Err, e.Err.Attempts)
}

func (e *RateLimitedError) Unwrap() error { return e.Err }

// NameTakenError is a create SPS refused while a committed object of the
// same type already has the name: Key is that object's key. Err is SPS's
// refusal. The VNC options are a singleton that is only ever updated, never
// created, so nothing there can meet this error.
type NameTakenError struct {
	Object string // "VNC settings policy"
	Name   string
	Key    string
	Err    error
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("the name %q is taken on SPS by the %s with key %s: %v", e.Name, e.Object, KeyText(e.Key), e.Err)
}

// KeyText is how a key SPS returned is shown in a message: as it is when it
// looks like the keys SPS documents (numbers, UUIDs), quoted otherwise, so
// that a key holding spaces, quotes or control characters cannot blur the
// message around it.
func KeyText(key string) string {
	if IsPlainKey(key) {
		return key
	}
	return strconv.Quote(key)
}

// IsPlainKey reports whether key is non-empty and made only of ASCII
// letters, digits, '-', '_' and '.': safe as it is in a message, a shell
// command or a resource ID.
func IsPlainKey(key string) bool {
	return key != "" && strings.Trim(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == ""
}

func (e *NameTakenError) Unwrap() error { return e.Err }

// ErrTimestampingUnsupported is returned (wrapped) when VNC options with
// Timestamping are written to an appliance whose options have the legacy
// shape, which has no audit/timestamping settings.
var ErrTimestampingUnsupported = errors.New("this SPS appliance's VNC options have the legacy shape (channel_database_cleanup, no audit section), which has no timestamping settings")

// ErrEarlierCommitRunning is wrapped by the error of every operation of a
// group that did not start because an earlier commit of this client is
// still running on the appliance (or its state could not be read): opening
// a new transaction before it ends could join it.
var ErrEarlierCommitRunning = errors.New("an earlier SPS commit of this provider is still running (or its state cannot be read); " +
	"no new transaction is opened until it ends")

// LeftoverTransactionError is the error of operations that did not start
// because an earlier transaction of this client failed and rolling it back
// failed twice: opening a new one could commit its leftover writes. Err is
// the second rollback's error.
type LeftoverTransactionError struct {
	Err error
}

func (e *LeftoverTransactionError) Error() string {
	return "an earlier SPS transaction of this provider failed and could not be rolled back, twice; " +
		"opening a new one could commit its leftover writes, so none is opened: " + e.Err.Error()
}

func (e *LeftoverTransactionError) Unwrap() error { return e.Err }

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

	baseURL string // the base URL the request went to (BaseURL)
}

// BaseURL is the configured base URL the redirected request went to (""
// when not known).
func (e *RedirectError) BaseURL() string { return e.baseURL }

func (e *RedirectError) Error() string {
	if e.Location == "" {
		return fmt.Sprintf("SPS API %s %s: %d %s without a Location header", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	}
	return fmt.Sprintf("SPS API %s %s: %d %s redirect to %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), e.Location)
}

// SuggestedURL is the base URL the redirect points at: Location without
// the API path that was requested (and without a trailing slash added to
// it). It is "" when Location does not end with that path (the redirect
// goes to some other page, e.g. a login portal).
func (e *RedirectError) SuggestedURL() string {
	u, err := url.Parse(e.Location)
	if err != nil || u.Host == "" {
		return ""
	}
	base, ok := strings.CutSuffix(strings.TrimSuffix(u.Path, "/"), strings.TrimSuffix(e.Path, "/"))
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

// ErrCommitOutcomeUnknown matches (errors.Is) the error of an operation
// whose commit was sent but whose outcome the client could not learn: the
// change may still land. Nothing is replayed in that case (a replay could
// apply the change twice); the next refresh tells. The error itself is a
// *CommitOutcomeUnknownError, which says why the outcome is unknown.
var ErrCommitOutcomeUnknown = errors.New("the SPS commit's outcome is unknown; the change may still land")

// CommitOutcomeUnknownError is an operation's commit whose outcome the
// client could not learn, for one of two reasons: SPS was still committing
// when the client stopped waiting (StatusErr nil; Waited says how long it
// waited, about 4×Config.RequestTimeout), or the commit request failed and
// the transaction's status could not be read (StatusErr).
type CommitOutcomeUnknownError struct {
	Waited    time.Duration
	StatusErr error // reading the transaction's status failed; nil when SPS said it was still committing
	Cause     error // how the (first) commit request failed
}

func (e *CommitOutcomeUnknownError) Error() string {
	if e.StatusErr != nil {
		return fmt.Sprintf("the SPS commit's outcome is unknown: the commit request failed (%v) and the transaction's "+
			"status could not be read (%v); the change may still land", e.Cause, e.StatusErr)
	}
	return fmt.Sprintf("the SPS commit's outcome is unknown: SPS was still committing after %s, when the client stopped "+
		"waiting; the change may still land (the first commit request failed with: %v)", e.Waited.Round(time.Second), e.Cause)
}

// Is makes errors.Is(err, ErrCommitOutcomeUnknown) hold.
func (e *CommitOutcomeUnknownError) Is(target error) bool { return target == ErrCommitOutcomeUnknown }

func (e *CommitOutcomeUnknownError) Unwrap() []error {
	var out []error
	for _, err := range []error{e.Cause, e.StatusErr} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// IsCommitOutcomeUnknown reports an operation whose commit may or may not
// have landed (see ErrCommitOutcomeUnknown).
func IsCommitOutcomeUnknown(err error) bool { return errors.Is(err, ErrCommitOutcomeUnknown) }

// committedError wraps a failure that came after the operation's commit
// succeeded (reading the result back): the change is on the appliance.
type committedError struct{ error }

func (e committedError) Unwrap() error { return e.error }

// IsCommitted reports an operation whose change was committed on the
// appliance although it failed afterwards (reading the result back).
func IsCommitted(err error) bool {
	var ce committedError
	return errors.As(err, &ce)
}

// IsCanceledBeforeCommit reports an operation that was stopped (its
// context canceled, as Terraform does on Ctrl-C) before its writes were
// committed: its transaction was rolled back or never opened, so nothing
// changed on the appliance.
func IsCanceledBeforeCommit(err error) bool {
	var ce committedError
	return errors.Is(err, context.Canceled) && !errors.As(err, &ce) && !IsCommitOutcomeUnknown(err)
}
