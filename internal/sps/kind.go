package sps

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Kind is what went wrong in an error of this client, decided once here from
// the typed errors in its chain (errors.As), so that callers switch on it
// instead of reading error texts. The provider words each kind for users
// (internal/provider, diagnostics.go); the error's own text stays a
// statement of facts and is shown as it is.
type Kind int

// The kinds, in the order KindOf tests them: when an error chain holds more
// than one fact, the earlier kind is the one that decides what the user
// must do (a commit whose outcome is unknown matters more than the
// timeout that caused it).
const (
	// KindOther is any other failure: an SPS answer with no kind of its
	// own (5xx after the retries, an unexpected 4xx), a network failure,
	// an answer that could not be decoded.
	KindOther Kind = iota
	// KindCommitOutcomeUnknown: the commit was sent but its outcome could
	// not be learned (*CommitOutcomeUnknownError).
	KindCommitOutcomeUnknown
	// KindCommittedNotReadBack: the change was committed, reading it back
	// failed.
	KindCommittedNotReadBack
	// KindCanceledBeforeCommit: stopped (Ctrl-C) before the commit; rolled
	// back.
	KindCanceledBeforeCommit
	// KindLeftoverTransaction: not started, an earlier transaction could not
	// be rolled back (*LeftoverTransactionError).
	KindLeftoverTransaction
	// KindEarlierCommitRunning: not started, an earlier commit is still
	// running (ErrEarlierCommitRunning).
	KindEarlierCommitRunning
	// KindRedirect: SPS answered 3xx (*RedirectError).
	KindRedirect
	// KindStall: SPS sent nothing for the request timeout (*StallError).
	KindStall
	// KindRateLimited: 429 Too Many Requests, not got past by waiting and
	// retrying (*RateLimitedError).
	KindRateLimited
	// KindTimestampingUnsupported: timestamping on legacy VNC options.
	KindTimestampingUnsupported
	// KindCertificate: SPS's TLS certificate could not be verified.
	KindCertificate
	// KindForbidden: 403, the user lacks a privilege.
	KindForbidden
	// KindAuthenticationFailure: the login credentials were rejected.
	KindAuthenticationFailure
	// KindLocked: another user holds the configuration lock (409, or
	// *LockTimeoutError).
	KindLocked
	// KindNameTaken: a create was refused and a committed object already
	// has the name (*NameTakenError).
	KindNameTaken
	// KindTooManyBuckets: SPS refused a histogram with too many intervals
	// (400 TooMuchBucketsInResult).
	KindTooManyBuckets
	// KindHistogramMismatch: SPS built the histogram differently from the
	// request (*HistogramMismatchError).
	KindHistogramMismatch
	// KindInvalidQuery: SPS refused a search parameter.
	KindInvalidQuery
	// KindValidation: SPS refused a request body (400).
	KindValidation
	// KindNotFound: 404.
	KindNotFound
	// KindSearchUnavailable: 500 SearchUnavailable after the retries.
	KindSearchUnavailable
	// KindSortNotSliceable: more sessions match than one search pages
	// through, and the sort order keeps them from being read in start_time
	// ranges (ErrSortNotSliceable).
	KindSortNotSliceable
	// KindOneSecondOverflow: more sessions start in one second than one
	// search pages through (ErrOneSecondOverflow).
	KindOneSecondOverflow
)

var kindNames = [...]string{
	KindOther: "other", KindCommitOutcomeUnknown: "commit outcome unknown",
	KindCommittedNotReadBack: "committed, not read back", KindCanceledBeforeCommit: "canceled before commit",
	KindLeftoverTransaction: "leftover transaction", KindEarlierCommitRunning: "earlier commit running",
	KindRedirect: "redirect", KindStall: "stall", KindRateLimited: "rate limited", KindTimestampingUnsupported: "timestamping unsupported",
	KindCertificate: "certificate", KindForbidden: "forbidden", KindAuthenticationFailure: "authentication failure",
	KindLocked: "locked", KindNameTaken: "name taken", KindTooManyBuckets: "too many buckets", KindHistogramMismatch: "histogram mismatch",
	KindInvalidQuery: "invalid query", KindValidation: "validation",
	KindNotFound: "not found", KindSearchUnavailable: "search unavailable",
	KindSortNotSliceable: "sort not sliceable", KindOneSecondOverflow: "one second overflow",
}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// Kinds lists every kind, for tests that cover them all.
func Kinds() []Kind {
	out := make([]Kind, len(kindNames))
	for i := range kindNames {
		out[i] = Kind(i)
	}
	return out
}

// KindOf decides what err is. nil is KindOther.
func KindOf(err error) Kind {
	var (
		leftover *LeftoverTransactionError
		redirect *RedirectError
		stall    *StallError
		mismatch *HistogramMismatchError
		taken    *NameTakenError
		limited  *RateLimitedError
	)
	switch {
	case err == nil:
		return KindOther
	case IsCommitOutcomeUnknown(err):
		return KindCommitOutcomeUnknown
	case IsCommitted(err) && !IsNotFound(err):
		return KindCommittedNotReadBack
	case IsCanceledBeforeCommit(err):
		return KindCanceledBeforeCommit
	case errors.As(err, &leftover):
		return KindLeftoverTransaction
	case errors.Is(err, ErrEarlierCommitRunning):
		return KindEarlierCommitRunning
	case errors.As(err, &redirect):
		return KindRedirect
	case errors.Is(err, ErrSortNotSliceable):
		return KindSortNotSliceable
	case errors.Is(err, ErrOneSecondOverflow):
		return KindOneSecondOverflow
	case errors.As(err, &stall):
		return KindStall
	case errors.As(err, &limited):
		return KindRateLimited
	case errors.Is(err, ErrTimestampingUnsupported):
		return KindTimestampingUnsupported
	case isCertificateError(err):
		return KindCertificate
	case IsUnauthorized(err):
		return KindForbidden
	case IsAuthenticationFailure(err):
		return KindAuthenticationFailure
	case IsLocked(err):
		return KindLocked
	case errors.As(err, &taken):
		return KindNameTaken
	case hasType(err, errTypeTooMuchBuckets):
		return KindTooManyBuckets
	case errors.As(err, &mismatch):
		return KindHistogramMismatch
	case IsInvalidQuery(err):
		return KindInvalidQuery
	case IsValidation(err):
		return KindValidation
	case IsNotFound(err):
		return KindNotFound
	case IsSearchUnavailable(err):
		return KindSearchUnavailable
	}
	return KindOther
}

// SampleErrors holds one error of each kind, shaped as the client returns
// them, for the tests of callers that word every kind (the provider's
// diagnostics table test): some kinds, such as a committed change that was
// not read back, cannot be built outside this package.
func SampleErrors() map[Kind]error {
	raw := func(method string, status int, typ string, details map[string]any) *Error {
		return &Error{Method: method, Path: "/api/x", StatusCode: status, Type: typ, Message: "m", Details: details,
			Attempts: 5, user: "bob", baseURL: "https://sps.example.com"}
	}
	api := func(method string, status int, typ string, details map[string]any) error {
		return classify(raw(method, status, typ, details))
	}
	return map[Kind]error{
		KindOther:                api(http.MethodGet, http.StatusBadGateway, "", nil),
		KindCommitOutcomeUnknown: &CommitOutcomeUnknownError{Waited: 8 * time.Second, Cause: errors.New("timeout")},
		KindCommittedNotReadBack: CommittedError{Err: fmt.Errorf("VNC settings policy 7 was created and committed, but reading it back failed: %w",
			api(http.MethodGet, http.StatusBadGateway, "", nil))},
		KindCanceledBeforeCommit: fmt.Errorf("creating VNC settings policy \"x\": %w", context.Canceled),
		KindLeftoverTransaction:  fmt.Errorf("not started: %w", &LeftoverTransactionError{Err: errors.New("EOF")}),
		KindEarlierCommitRunning: fmt.Errorf("not started: %w", ErrEarlierCommitRunning),
		KindRedirect:             &RedirectError{Method: http.MethodGet, Path: "/api/x", StatusCode: http.StatusMovedPermanently, Location: "https://other.example.com/api/x"},
		KindStall:                &StallError{Timeout: time.Second},
		KindRateLimited: &RateLimitedError{RetryAfter: 90 * time.Second, Patience: 60 * time.Second,
			Err: raw(http.MethodPost, http.StatusTooManyRequests, "TooManyRequests", nil)},
		KindTimestampingUnsupported: fmt.Errorf("updating the VNC options: %w", ErrTimestampingUnsupported),
		KindCertificate: &CertificateError{Conn: &ConnectionError{Method: http.MethodGet, Path: "/api/x", Addr: "sps.example.com:443",
			Failure: FailureOther, Err: &url.Error{Op: "Get", URL: "https://sps.example.com/api/x", Err: x509.UnknownAuthorityError{}}}},
		KindForbidden:             api(http.MethodGet, http.StatusForbidden, errTypeUnauthorized, nil),
		KindAuthenticationFailure: api(http.MethodGet, http.StatusUnauthorized, errTypeAuthenticationFailure, nil),
		KindLocked: &LockTimeoutError{Holder: "alice", Waited: 90 * time.Second,
			Err: raw(http.MethodPost, http.StatusConflict, errTypeTransactionLocked, map[string]any{"locked_by": "alice"})},
		KindNameTaken: &NameTakenError{Object: "VNC settings policy", Name: "x", Key: "7",
			Err: api(http.MethodPost, http.StatusBadRequest, "SemanticError", map[string]any{"path": "body.name"})},
		KindTooManyBuckets:    api(http.MethodGet, http.StatusBadRequest, errTypeTooMuchBuckets, map[string]any{"parameter": "bin_size"}),
		KindHistogramMismatch: &HistogramMismatchError{Param: "bin_size", Requested: "day", Answered: "month", Detail: "meta.bin_size"},
		KindInvalidQuery:      api(http.MethodGet, http.StatusBadRequest, errTypeInvalidQuery, nil),
		KindValidation:        api(http.MethodPost, http.StatusBadRequest, "SemanticError", map[string]any{"path": "body.timeout"}),
		KindNotFound:          api(http.MethodGet, http.StatusNotFound, errTypeNotFound, nil),
		KindSearchUnavailable: api(http.MethodGet, http.StatusInternalServerError, errTypeSearchUnavailable, nil),
		KindSortNotSliceable:  fmt.Errorf("sps: 25000 sessions match and sort is \"user\": %w", ErrSortNotSliceable),
		KindOneSecondOverflow: fmt.Errorf("sps: 10001 sessions start at 2026-10-01T10:00:00Z: %w", ErrOneSecondOverflow),
	}
}

// NoLockWait as the LockWaitTimeout of a literal Config makes a held
// configuration lock fail at once. Callers that start from DefaultConfig
// write 0 instead.
const NoLockWait time.Duration = -1
