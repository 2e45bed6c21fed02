package faults

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault kinds. doc.go says what each one emulates and what it does not.
const (
	KindLatency             = "latency"
	KindStatus              = "status"
	KindDropBefore          = "drop_before"
	KindDropAfter           = "drop_after"
	KindExpireSession       = "expire_session"
	KindCommitFail400       = "commit_fail_400"
	KindCommit500Applied    = "commit_500_applied"
	KindCommit500NotApplied = "commit_500_not_applied"
	KindLock                = "lock"
	KindSlowCommit          = "slow_commit"
	KindSearchUnavailable   = "search_unavailable"
	KindRateLimit           = "rate_limit"
	// KindCommitAbortOnDisconnect and KindInterrupt are described in doc.go.
	KindCommitAbortOnDisconnect = "commit_abort_on_disconnect"
	KindInterrupt               = "interrupt"
)

// Kinds lists every fault kind, in the order doc.go describes them.
var Kinds = []string{
	KindLatency, KindStatus, KindDropBefore, KindDropAfter, KindExpireSession,
	KindCommitFail400, KindCommit500Applied, KindCommit500NotApplied, KindLock, KindSlowCommit,
	KindSearchUnavailable, KindRateLimit,
	KindCommitAbortOnDisconnect, KindInterrupt,
}

// The forms of a rate_limit fault's Retry-After header.
const (
	RetryAfterSeconds = "seconds" // "Retry-After: 2"
	RetryAfterDate    = "date"    // "Retry-After: Thu, 03 Dec 2026 21:40:02 GMT"
	RetryAfterNone    = "none"    // no header, as some proxies answer
)

// searchMatch is what a search_unavailable fault targets when its match is
// left empty: every read of the session database.
const searchMatch = "GET /api/audit/**"

// commitMatch is the only request the commit kinds can target.
const commitMatch = "PUT /api/transaction"

// DefaultLockUser is who holds the lock a "lock" fault takes when the fault
// names nobody; it is not a login account, so nobody can release it early.
const DefaultLockUser = "other-admin"

// Fault is one injection rule. The zero values of Count, Skip and
// Probability mean "the next matching request, once".
type Fault struct {
	// ID is assigned by Injector.Add; it is ignored on input.
	ID string `json:"id,omitempty"`
	// Kind is one of the Kind* constants.
	Kind string `json:"kind"`
	// Match is "METHOD /path/glob": METHOD is a verb or "*", and may be left
	// out (any verb); in the glob "*" stays within one path segment and "**"
	// spans any number of them. Empty matches every request. The commit kinds
	// always target commits (PUT /api/transaction with status "commit").
	Match string `json:"match,omitempty"`
	// Count is how many times the fault fires: 0 means once, or, when
	// Probability is set, without limit; a negative count means without limit.
	Count int `json:"count,omitempty"`
	// Skip lets this many matching requests through before the fault arms.
	Skip int `json:"skip,omitempty"`
	// Probability, when above 0, fires the fault on each armed matching
	// request with this chance, drawn from a generator seeded by the
	// injector's seed and the fault's ID, so runs are reproducible.
	Probability float64 `json:"probability,omitempty"`
	// Status is the HTTP status of a "status" fault (500-599; default 503).
	Status int `json:"status,omitempty"`
	// Delay is the added delay of "latency" and "slow_commit", how long a
	// "lock" fault holds the lock, and how long a "rate_limit" answer asks
	// the client to wait (default 1s).
	Delay Duration `json:"delay,omitempty"`
	// RetryAfter is the form of a "rate_limit" fault's Retry-After header:
	// RetryAfterSeconds (default), RetryAfterDate or RetryAfterNone.
	RetryAfter string `json:"retry_after,omitempty"`
	// User is who holds the lock of a "lock" fault (default DefaultLockUser).
	User string `json:"user,omitempty"`

	// Matched and Injected are reported by List: requests that matched the
	// fault, and how many of them it fired on. Ignored on input.
	Matched  int `json:"matched,omitempty"`
	Injected int `json:"injected,omitempty"`
}

// Duration is a time.Duration written in JSON as a Go duration string
// ("250ms", "2s"), the same form the CLI flags take.
type Duration time.Duration

// MarshalJSON writes the duration as a string such as "1.5s".
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a Go duration string. Bare numbers are refused: "is
// 5 five seconds or five nanoseconds?" is exactly the mistake to avoid.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf(`delay must be a duration string such as "250ms" or "2s"`)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("delay: %w", err)
	}
	*d = Duration(v)
	return nil
}

// normalize validates f, fills in defaults and compiles its matcher. It
// returns the stored copy of the fault.
func normalize(f Fault, h Hooks) (Fault, matcher, error) {
	f.ID, f.Matched, f.Injected = "", 0, 0
	f.Kind = strings.TrimSpace(f.Kind)
	f.Match = strings.Join(strings.Fields(f.Match), " ")
	switch {
	case f.Skip < 0:
		return f, matcher{}, errors.New("skip must not be negative")
	case !(f.Probability >= 0 && f.Probability <= 1): // also refuses NaN
		return f, matcher{}, errors.New("probability must be between 0 and 1")
	case f.Delay < 0:
		return f, matcher{}, errors.New("delay must not be negative")
	}
	if f.Count < 0 {
		f.Count = -1
	}
	switch f.Kind {
	case KindLatency, KindSlowCommit:
		if f.Delay <= 0 {
			return f, matcher{}, fmt.Errorf("%s needs a delay above zero", f.Kind)
		}
	case KindStatus:
		if f.Status == 0 {
			f.Status = http.StatusServiceUnavailable
		}
		if f.Status < 500 || f.Status > 599 {
			return f, matcher{}, fmt.Errorf("status must be a 5xx code (500, 502, 503, ...), got %d", f.Status)
		}
	case KindDropBefore, KindDropAfter, KindCommitFail400, KindCommit500Applied, KindCommit500NotApplied, KindCommitAbortOnDisconnect:
	case KindRateLimit:
		if f.Delay == 0 {
			f.Delay = Duration(time.Second)
		}
		switch f.RetryAfter {
		case "":
			f.RetryAfter = RetryAfterSeconds
		case RetryAfterSeconds, RetryAfterDate, RetryAfterNone:
		default:
			return f, matcher{}, fmt.Errorf("retry_after must be %s, %s or %s, got %q", RetryAfterSeconds, RetryAfterDate, RetryAfterNone, f.RetryAfter)
		}
	case KindSearchUnavailable:
		if f.Match == "" {
			f.Match = searchMatch
		}
	case KindInterrupt:
		if h.Interrupt == nil {
			return f, matcher{}, errors.New("interrupt is not available: the server supplied no Interrupt hook (only test harnesses that run the client supply one)")
		}
	case KindExpireSession:
		if h.ExpireSession == nil {
			return f, matcher{}, errors.New("expire_session is not available: the server supplied no ExpireSession hook")
		}
	case KindLock:
		if h.HoldLock == nil {
			return f, matcher{}, errors.New("lock is not available: the server supplied no HoldLock hook")
		}
		if f.Delay <= 0 {
			return f, matcher{}, errors.New("lock needs a delay above zero: how long the other user holds the lock")
		}
		f.User = strings.TrimSpace(f.User)
		if f.User == "" {
			f.User = DefaultLockUser
		}
	case "":
		return f, matcher{}, fmt.Errorf("kind is required (one of %s)", strings.Join(Kinds, ", "))
	default:
		return f, matcher{}, fmt.Errorf("unknown kind %q (one of %s)", f.Kind, strings.Join(Kinds, ", "))
	}
	if f.Status != 0 && f.Kind != KindStatus {
		return f, matcher{}, fmt.Errorf("status applies only to kind status")
	}
	if f.Delay != 0 && f.Kind != KindLatency && f.Kind != KindSlowCommit && f.Kind != KindLock && f.Kind != KindRateLimit {
		return f, matcher{}, fmt.Errorf("delay applies only to kinds latency, slow_commit, lock and rate_limit")
	}
	if f.RetryAfter != "" && f.Kind != KindRateLimit {
		return f, matcher{}, fmt.Errorf("retry_after applies only to kind rate_limit")
	}
	if f.User != "" && f.Kind != KindLock {
		return f, matcher{}, fmt.Errorf("user applies only to kind lock")
	}
	if isCommitKind(f.Kind) {
		if f.Match != "" && f.Match != commitMatch {
			return f, matcher{}, fmt.Errorf("%s always targets commits (%q); leave match empty", f.Kind, commitMatch)
		}
		f.Match = commitMatch
	}
	m, err := compileMatch(f.Match)
	if err != nil {
		return f, matcher{}, err
	}
	return f, m, nil
}

// isCommitKind reports kinds that fire only on a commit request.
func isCommitKind(kind string) bool {
	switch kind {
	case KindCommitFail400, KindCommit500Applied, KindCommit500NotApplied, KindSlowCommit, KindCommitAbortOnDisconnect:
		return true
	}
	return false
}

// ParseFlag reads the CLI form of a fault: comma-separated key=value pairs,
// for example "kind=status,match=PUT /api/transaction,count=1,status=503".
// Keys are the JSON field names (kind, match, count, skip, probability,
// status, delay, user, retry_after). Globs cannot contain commas.
func ParseFlag(s string) (Fault, error) {
	var f Fault
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, ok := strings.Cut(part, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !ok || key == "" {
			return Fault{}, fmt.Errorf("fault %q: %q is not key=value", s, part)
		}
		if seen[key] {
			return Fault{}, fmt.Errorf("fault %q: %s given twice", s, key)
		}
		seen[key] = true
		var err error
		switch key {
		case "kind":
			f.Kind = val
		case "match":
			f.Match = val
		case "user":
			f.User = val
		case "retry_after":
			f.RetryAfter = val
		case "count":
			f.Count, err = strconv.Atoi(val)
		case "skip":
			f.Skip, err = strconv.Atoi(val)
		case "status":
			f.Status, err = strconv.Atoi(val)
		case "probability":
			f.Probability, err = strconv.ParseFloat(val, 64)
		case "delay":
			var d time.Duration
			d, err = time.ParseDuration(val)
			f.Delay = Duration(d)
		default:
			return Fault{}, fmt.Errorf("fault %q: unknown key %q (kind, match, count, skip, probability, status, delay, user, retry_after)", s, key)
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %s: %w", s, key, err)
		}
	}
	if _, _, err := normalize(f, Hooks{ExpireSession: func(*http.Request) {}, HoldLock: func(string, time.Duration) error { return nil }}); err != nil {
		return Fault{}, fmt.Errorf("fault %q: %w", s, err)
	}
	return f, nil
}
