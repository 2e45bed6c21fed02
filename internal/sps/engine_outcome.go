package sps

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// settlePrevious makes sure no earlier transaction of this client is left
// on the write session before a new one opens: opening on a session that
// still holds one joins it, and the next commit would publish whatever is
// in it. A commit still running is waited for; a transaction whose
// rollback failed is rolled back now. If that fails again, nothing opens.
// The wait for a commit ends early, with context.Canceled, once every
// member of ms was canceled (canceled wakes it); the commit stays pending
// for the next group.
func (e *engine) settlePrevious(ctx context.Context, ms []*member, canceled <-chan struct{}) error {
	if e.left.commitRunning {
		if err := e.awaitEarlierCommit(ctx, ms, canceled); err != nil {
			return err
		}
		e.left.commitRunning = false
		e.mayHaveCommitted()
	}
	if e.left.strayWrites {
		if res := e.rollback(ctx, len(ms), "clean up after an earlier failed rollback"); res.outcome == txnRefused {
			return &LeftoverTransactionError{Err: res.err}
		}
		e.left.strayWrites = false
	}
	return nil
}

// awaitEarlierCommit polls the transaction's status until it is no longer
// open (or the session that held it is gone), for up to commitPatience.
func (e *engine) awaitEarlierCommit(ctx context.Context, ms []*member, canceled <-chan struct{}) error {
	wait := e.backoff(e.commitPatience(), 1)
	for {
		st, err := e.c.transactionStatus(ctx)
		if err == nil && st != transactionOpen || isUnauthenticated(err) {
			return nil
		}
		if wait.expired() {
			return ErrEarlierCommitRunning
		}
		if allCanceled(ms) {
			return context.Canceled
		}
		wait.wait(ctx, canceled)
		if allCanceled(ms) {
			return context.Canceled
		}
	}
}

func (e *engine) committed(ctx context.Context, ms []*member, start time.Time) {
	e.c.stats.commits.Add(1)
	// Before anyone is told: callers read back right away and must see
	// this commit.
	e.mayHaveCommitted()
	e.c.info(ctx, "committed SPS transaction", map[string]any{"group_size": len(ms), "duration_ms": e.batch.clock.Now().Sub(start).Milliseconds()})
	for _, m := range ms {
		m.finish(nil)
	}
}

// stillCommitting settles every member with a CommitOutcomeUnknownError:
// SPS was still committing when the client stopped waiting.
func (e *engine) stillCommitting(ctx context.Context, ms []*member, cause error, waited time.Duration) {
	e.mayHaveCommitted()
	e.c.warn(ctx, "SPS was still committing when the provider stopped waiting; the outcome is unknown and nothing is replayed", map[string]any{
		"group_size": len(ms), "waited_ms": waited.Milliseconds(), "error": cause.Error(),
	})
	for _, m := range ms {
		m.finish(fmt.Errorf("%s: %w", m.op.desc, &CommitOutcomeUnknownError{Waited: waited, Cause: cause}))
	}
}

// resolveWithoutReplay settles members after a commit whose outcome is
// unknown and whose transaction's status could not be read (statusErr):
// writes already visible succeed, the others get a
// CommitOutcomeUnknownError.
func (e *engine) resolveWithoutReplay(ctx context.Context, ms []*member, cause, statusErr error) {
	e.mayHaveCommitted()
	for _, m := range ms {
		if m.op.verify != nil && m.op.verify(ctx) == nil {
			m.finish(nil)
			continue
		}
		m.finish(fmt.Errorf("%s: %w", m.op.desc, &CommitOutcomeUnknownError{StatusErr: statusErr, Cause: cause}))
	}
}

// resolveByReadBack settles members after a commit whose answer was lost
// and whose transaction is no longer open: each member's read-back
// decides. Members whose writes are absent are replayed (never applied
// twice: they are absent); the rest succeed.
func (e *engine) resolveByReadBack(ctx context.Context, ms []*member, cause error) {
	e.mayHaveCommitted()
	var absent []*member
	applied := 0
	for _, m := range ms {
		if m.op.verify == nil {
			m.finish(fmt.Errorf("%s: the commit's outcome is unknown: %w", m.op.desc, cause))
			continue
		}
		switch err := m.op.verify(ctx); {
		case err == nil:
			applied++
			m.finish(nil)
		case errors.Is(err, errNotApplied):
			absent = append(absent, m)
		default:
			m.finish(fmt.Errorf("%s: the commit's outcome is unknown (%w) and reading back failed: %w", m.op.desc, cause, err))
		}
	}
	if applied > 0 {
		e.c.stats.commits.Add(1)
	}
	e.c.warn(ctx, "SPS commit answer was lost; settled by reading back", map[string]any{
		"group_size": len(ms), "applied": applied, "replayed": len(absent), "error": cause.Error(),
	})
	e.replay(absent, cause, true)
}
