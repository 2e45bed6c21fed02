package sps

// The errors of this client are its taxonomy: every failure it returns is
// one of the exported types of errors*.go (or wraps one of its sentinel
// errors), decided once, where the failure happens. Each type's text
// states facts only; what a user should do is the caller's to say (the
// provider keeps one table from these types to its wording). A chain may
// hold several facts (a commit of unknown outcome caused by a timeout):
// the outermost typed error in it, in errors.As order, is the one that
// says what happened to the operation.
//
//   - errors.go: answers from SPS (*Error, and one type per class of
//     answer a caller acts on: *NotFoundError, *ForbiddenError, ...);
//   - errors_net.go: requests that got no answer, or a redirect;
//   - errors_ops.go: outcomes of operations (locks, rate limits, commits,
//     areas).

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
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
	errTypeReferenced            = "ReferencedObjectNotDeletable"
	errTypeSearchUnavailable     = "SearchUnavailable"
	errTypeTransactionCommitting = "TransactionCommitting"
	errTypeTransactionNotOpen    = "TransactionNotOpen"
	errTypeTooMuchBuckets        = "TooMuchBucketsInResult"
)

// Error is an error answer from the SPS REST API (any non-2xx status).
// Type, Message and Details come from the documented error object
// {"error": {"type", "message", "details"}}; for bodies that are not JSON
// (411 and 417 come from the web server layer) Type is empty and Message holds
// the start of the body. The client returns an answer of a class callers
// act on wrapped in that class's type (classify); an *Error on its own is
// any other answer (a 5xx after the retries, an unexpected 4xx).
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

// The classes of SPS answers callers act on. classify picks one for each
// answer by the predicates below (IsNotFound, ...), which read the answer's
// facts, so the predicates and the types cannot disagree. Each class wraps
// the answer (API), and errors.As still finds the *Error.

// Classify wraps e in the type of its class, or returns e. The client
// returns classified answers; callers that build an *Error themselves
// (tests) classify it the same way.
func Classify(e *Error) error {
	switch {
	case IsUnauthorized(e):
		return &ForbiddenError{API: e}
	case IsAuthenticationFailure(e):
		return &AuthenticationError{API: e}
	case e.Type == errTypeReferenced:
		return &ReferencedObjectError{API: e}
	case IsLocked(e):
		return &LockedError{API: e}
	case IsBuiltinNotDeletable(e):
		return &BuiltinObjectError{API: e}
	case e.StatusCode == http.StatusMethodNotAllowed && e.Details["read_only"] == true:
		return &ReadOnlyError{Path: e.Path, Reason: e.Message, API: e}
	case e.Type == errTypeTooMuchBuckets:
		return &TooManyBucketsError{API: e}
	case IsInvalidQuery(e):
		return &InvalidQueryError{API: e}
	case IsValidation(e):
		return &ValidationError{API: e}
	case IsNotFound(e):
		return &NotFoundError{API: e}
	case IsSearchUnavailable(e):
		return &SearchUnavailableError{API: e}
	}
	return e
}

// NotFoundError is a 404: no such object (or endpoint).
type NotFoundError struct{ API *Error }

func (e *NotFoundError) Error() string { return e.API.Error() }
func (e *NotFoundError) Unwrap() error { return e.API }

// ForbiddenError is a 403 Unauthorized: the user lacks a privilege for
// what was asked (the user and appliance are in API).
type ForbiddenError struct{ API *Error }

func (e *ForbiddenError) Error() string { return e.API.Error() }
func (e *ForbiddenError) Unwrap() error { return e.API }

// AuthenticationError is a login SPS refused (401 AuthenticationFailure):
// the credentials are wrong, or the user may not log in this way. For a
// certificate login, Certificate is the subject of the client certificate
// presented (API.User() is then the configured username, if any). The
// client does not try them again in its lifetime.
type AuthenticationError struct {
	API         *Error
	Certificate string
}

func (e *AuthenticationError) Error() string { return e.API.Error() }
func (e *AuthenticationError) Unwrap() error { return e.API }

// LockedError is a 409: another user holds the configuration lock
// (API.LockedBy names them when SPS did).
type LockedError struct{ API *Error }

func (e *LockedError) Error() string { return e.API.Error() }
func (e *LockedError) Unwrap() error { return e.API }

// ValidationError is a 400 refusing a request body (SemanticError and the
// like; details.path names the field when SPS said).
type ValidationError struct{ API *Error }

func (e *ValidationError) Error() string { return e.API.Error() }
func (e *ValidationError) Unwrap() error { return e.API }

// InvalidQueryError is a 400 InvalidQuery or InvalidQueryValue: a search
// parameter refused (API.Parameter names it when SPS did).
type InvalidQueryError struct{ API *Error }

func (e *InvalidQueryError) Error() string { return e.API.Error() }
func (e *InvalidQueryError) Unwrap() error { return e.API }

// TooManyBucketsError is a 400 TooMuchBucketsInResult: a histogram with
// more intervals than SPS builds.
type TooManyBucketsError struct{ API *Error }

func (e *TooManyBucketsError) Error() string { return e.API.Error() }
func (e *TooManyBucketsError) Unwrap() error { return e.API }

// SearchUnavailableError is a 500 SearchUnavailable after the retries: the
// session database's search backend is down while the REST API answers.
type SearchUnavailableError struct{ API *Error }

func (e *SearchUnavailableError) Error() string { return e.API.Error() }
func (e *SearchUnavailableError) Unwrap() error { return e.API }

// ReferencedObjectError is a delete SPS refused because other objects
// still refer to the object (409 ReferencedObjectNotDeletable).
type ReferencedObjectError struct{ API *Error }

func (e *ReferencedObjectError) Error() string { return e.API.Error() }
func (e *ReferencedObjectError) Unwrap() error { return e.API }

// ReferencedBy lists the referrers SPS named (their hrefs), if it did.
func (e *ReferencedObjectError) ReferencedBy() []string {
	list, _ := e.API.Details["referenced_by"].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
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
func IsAuthenticationFailure(err error) bool { return hasType(err, errTypeAuthenticationFailure) }

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
	return hasType(err, errTypeInvalidQuery) || hasType(err, errTypeInvalidQueryValue)
}

// IsBuiltinNotDeletable reports whether a delete of a built-in object was
// refused, by SPS or by the client before sending it.
func IsBuiltinNotDeletable(err error) bool {
	var b *BuiltinObjectError
	return hasType(err, errTypeBuiltinNotDeletable) || errors.As(err, &b)
}

// IsValidation reports whether SPS refused a request body (400 other than a
// query error), e.g. SemanticError with details.path.
func IsValidation(err error) bool {
	e, ok := asError(err)
	return ok && e.StatusCode == http.StatusBadRequest && !IsInvalidQuery(err)
}

// IsSearchUnavailable reports SPS's 500 SearchUnavailable: the session
// database search backend is down while the REST API answers.
func IsSearchUnavailable(err error) bool { return hasType(err, errTypeSearchUnavailable) }

// hasType reports an SPS answer of the given error.type, e.g. 409
// TransactionCommitting.
func hasType(err error, typ string) bool {
	e, ok := asError(err)
	return ok && e.Type == typ
}
