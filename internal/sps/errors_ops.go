package sps

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Outcomes of operations: what the engine and the area implementations
// return besides SPS's own answers (errors.go).

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
// same area already has the name: Key is that object's key. Err is SPS's
// refusal. Singletons are only ever updated, never created, so nothing
// there can meet this error.
type NameTakenError struct {
	Object string // the area's noun: "VNC settings policy"
	Name   string
	Key    string
	Err    error
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("the name %q is taken on SPS by the %s with key %s: %v", e.Name, e.Object, KeyText(e.Key), e.Err)
}

func (e *NameTakenError) Unwrap() error { return e.Err }

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

// BuiltinObjectError is a delete of an object built into SPS (negative
// key): refused by SPS (400 BuiltinObjectNotDeletable, API set), or by the
// client before anything was sent (API nil). Noun names the area when the
// client knows it.
type BuiltinObjectError struct {
	Noun string
	Key  string
	API  *Error
}

func (e *BuiltinObjectError) Error() string {
	if e.API != nil {
		return e.API.Error()
	}
	return fmt.Sprintf("%s %s is built into SPS (negative key); SPS does not delete built-in objects", e.Noun, KeyText(e.Key))
}

func (e *BuiltinObjectError) Unwrap() error {
	if e.API == nil {
		return nil
	}
	return e.API
}

// ReadOnlyError is a write to an area SPS takes no writes for: refused by
// the client before anything was sent (Area.ReadOnly says why; API nil),
// or by SPS (405 with details.read_only; Reason is its message, Noun ""
// unless the area is known).
type ReadOnlyError struct {
	Noun, Path string
	Reason     string
	API        *Error
}

func (e *ReadOnlyError) Error() string {
	if e.API != nil {
		return e.API.Error()
	}
	return fmt.Sprintf("%s (%s) is read-only over the SPS REST API: %s", e.Noun, e.Path, e.Reason)
}

func (e *ReadOnlyError) Unwrap() error {
	if e.API == nil {
		return nil
	}
	return e.API
}

// AreaError carries the area (and the object's key, "" for a list or a
// singleton) of a failed operation as data, so that a caller can word the
// same failure per area; its text is the wrapped error's. Every error of
// Objects and Settings is one.
type AreaError struct {
	Area *Area
	Key  string
	Err  error
}

func (e *AreaError) Error() string { return e.Err.Error() }
func (e *AreaError) Unwrap() error { return e.Err }

// AreaOf returns the area of a failed area operation, or nil.
func AreaOf(err error) *Area {
	var ae *AreaError
	if errors.As(err, &ae) {
		return ae.Area
	}
	return nil
}

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

// CommittedError is a failure that came after the operation's commit
// succeeded (reading the result back, Err): the change is on the
// appliance. When Err is a 404 the object was gone when read back.
type CommittedError struct{ Err error }

func (e CommittedError) Error() string { return e.Err.Error() }
func (e CommittedError) Unwrap() error { return e.Err }

// IsCommitted reports an operation whose change was committed on the
// appliance although it failed afterwards (reading the result back).
func IsCommitted(err error) bool {
	var ce CommittedError
	return errors.As(err, &ce)
}

// IsCanceledBeforeCommit reports an operation that was stopped (its
// context canceled, as Terraform does on Ctrl-C) before its writes were
// committed: its transaction was rolled back or never opened, so nothing
// changed on the appliance.
func IsCanceledBeforeCommit(err error) bool {
	return errors.Is(err, context.Canceled) && !IsCommitted(err) && !IsCommitOutcomeUnknown(err)
}
