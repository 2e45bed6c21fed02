package sps

import (
	"context"
	"net/http"
	"time"
)

// txnOutcome is how one step of an SPS transaction (open, commit,
// rollback) ended.
type txnOutcome int

const (
	txnDone            txnOutcome = iota // opened, committed, rolled back
	txnRefused                           // SPS said no (err), for good
	txnSessionLost                       // 401: the session is gone, and SPS dropped its transaction
	txnLocked                            // commit: another user holds the lock
	txnEveryoneLeft                      // open: every caller gave up while the lock was waited for
	txnAnswerLost                        // commit: the answer was lost and the transaction is closed; reading back tells
	txnStatusUnknown                     // commit: the answer was lost and the transaction's status could not be read
	txnStillCommitting                   // commit: SPS was still committing when the client stopped waiting
)

// txnResult is a step's outcome with what explains it.
type txnResult struct {
	outcome txnOutcome
	// err is SPS's refusal; for the unknown outcomes of a commit, how the
	// first commit request whose outcome was unclear failed.
	err       error
	statusErr error         // txnStatusUnknown: why the status could not be read
	waited    time.Duration // txnStillCommitting: how long the client waited
}

// open runs POST /api/transaction, waiting with backoff while another user
// holds the lock. It returns the members still waiting.
func (e *engine) open(ctx context.Context, ms []*member, canceled <-chan struct{}) ([]*member, txnResult) {
	wait := e.backoff(e.c.cfg.LockWaitTimeout, 0)
	lost := 0
	for attempt := 0; ; attempt++ {
		err := e.c.doJSON(ctx, request{sess: e.c.write, method: http.MethodPost, path: transactionPath}, nil)
		if err == nil {
			e.opened(ctx, len(ms))
			return ms, txnResult{outcome: txnDone}
		}
		switch {
		case isUnauthenticated(err):
			return ms, txnResult{outcome: txnSessionLost, err: err}
		case isAmbiguous(err):
			// Did the POST open it before the answer was lost?
			if st, serr := e.c.transactionStatus(ctx); serr == nil && st == transactionOpen {
				e.opened(ctx, len(ms))
				return ms, txnResult{outcome: txnDone}
			}
			if lost++; lost >= maxOpenAmbiguous {
				return ms, txnResult{outcome: txnRefused, err: err}
			}
		case !IsLocked(err):
			return ms, txnResult{outcome: txnRefused, err: err}
		case wait.expired():
			le, _ := asError(err)
			return ms, txnResult{outcome: txnRefused, err: &LockTimeoutError{Holder: le.LockedBy(), Waited: wait.waited(), Err: le}}
		case attempt == 0 || attempt%10 == 0:
			le, _ := asError(err)
			e.c.info(ctx, "SPS configuration is locked by another user; waiting", map[string]any{
				"locked_by": le.LockedBy(), "group_size": len(ms), "lock_wait_timeout": e.c.cfg.LockWaitTimeout.String(),
			})
		}
		wait.wait(ctx, canceled)
		if ms = dropCanceled(ms); len(ms) == 0 {
			return nil, txnResult{outcome: txnEveryoneLeft}
		}
	}
}

func (e *engine) opened(ctx context.Context, n int) {
	e.c.stats.transactions.Add(1)
	e.c.debug(ctx, "opened SPS transaction", map[string]any{"group_size": n})
}

// commitTxn commits the open transaction. A commit request whose answer
// was lost is repeated only while the transaction is still open, so a
// transaction is never committed twice.
func (e *engine) commitTxn(ctx context.Context, n int) txnResult {
	// Never wait past the deadline: it is the promise of how long the
	// provider waits for a commit.
	wait := e.backoff(e.commitPatience(), 1)
	var first error // the first commit request whose outcome was unclear
	resends := 0
	for {
		err := e.c.doJSON(ctx, request{sess: e.c.write, method: http.MethodPut, path: transactionPath, body: map[string]string{"status": "commit"}}, nil)
		switch {
		case err == nil:
			return txnResult{outcome: txnDone}
		case first != nil && (hasType(err, errTypeTransactionNotOpen) || isUnauthenticated(err)):
			// An earlier commit request of ours finished after all, or the
			// transaction died with the session: reading back tells.
			return txnResult{outcome: txnAnswerLost, err: first}
		case hasType(err, errTypeTransactionCommitting):
			// An earlier commit request of ours is still running, or so
			// SPS says. Ask again after a pause instead of only reading
			// the status: an open transaction looks the same whether its
			// commit runs or was abandoned (the client hung up on an
			// appliance that gives up on such commits), and only the
			// commit request tells them apart. It is safe to repeat: a
			// transaction commits once, a running commit refuses it with
			// 409 again, and a finished one answers TransactionNotOpen.
			if first == nil {
				first = err
			}
			if wait.expired() {
				return txnResult{outcome: txnStillCommitting, err: first, waited: wait.waited()}
			}
			wait.wait(ctx, nil)
		case isAmbiguous(err):
			if first == nil {
				first = err
			}
			// Open means no commit happened yet; closed means it may have.
			st, serr := e.c.transactionStatus(ctx)
			switch {
			case serr == nil && st == transactionOpen:
				if resends++; resends >= maxCommitAttempts || wait.expired() {
					return commitRefusal(first)
				}
				e.c.warn(ctx, "SPS commit answer was lost and the transaction is still open; committing again",
					map[string]any{"group_size": n, "error": err.Error()})
			case serr != nil && !isUnauthenticated(serr):
				return txnResult{outcome: txnStatusUnknown, err: first, statusErr: serr}
			default:
				return txnResult{outcome: txnAnswerLost, err: first}
			}
		default:
			return commitRefusal(err)
		}
	}
}

// commitRefusal is the outcome of a commit SPS did not carry out.
func commitRefusal(err error) txnResult {
	switch {
	case isUnauthenticated(err):
		return txnResult{outcome: txnSessionLost, err: err}
	case IsLocked(err):
		return txnResult{outcome: txnLocked, err: err}
	}
	return txnResult{outcome: txnRefused, err: err}
}

// commitPatience is how long the client waits for one commit to end,
// its own or an earlier one still running: about four request timeouts.
func (e *engine) commitPatience() time.Duration {
	return e.c.cfg.RequestTimeout * time.Duration(maxCommitAttempts+1)
}

// rollback runs DELETE /api/transaction. A lost session counts as done:
// SPS canceled its transaction.
func (e *engine) rollback(ctx context.Context, n int, reason string) txnResult {
	err := e.c.doJSON(ctx, request{sess: e.c.write, method: http.MethodDelete, path: transactionPath, safe: true}, nil)
	if err != nil {
		e.c.warn(ctx, "rolling back SPS transaction failed", map[string]any{"group_size": n, "reason": reason, "error": err.Error()})
		if isUnauthenticated(err) {
			return txnResult{outcome: txnSessionLost, err: err}
		}
		return txnResult{outcome: txnRefused, err: err}
	}
	e.c.stats.rollbacks.Add(1)
	e.c.info(ctx, "rolled back SPS transaction", map[string]any{"group_size": n, "reason": reason})
	return txnResult{outcome: txnDone}
}

// rollbackQuiet rolls back and remembers a failure for the next group.
func (e *engine) rollbackQuiet(ctx context.Context, n int, cause error) {
	if e.rollback(ctx, n, cause.Error()).outcome == txnRefused {
		e.remember(leftBehind{strayWrites: true})
	}
}
