package sps

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// The transaction engine is the only path for configuration writes. Its
// parts, one file each:
//
//   - engine.go: one group's life (settle what the last group left, open,
//     every member's writes, commit) and the verdict for each outcome;
//   - engine_batcher.go: the queue callers wait in, the group window, and
//     callers that give up;
//   - engine_protocol.go: the SPS transaction requests (open, commit,
//     rollback), each ending in a txnResult;
//   - engine_outcome.go: commits whose outcome the client did not learn at
//     once, settled by status polls and read-back, never by replaying
//     writes that may have landed.

// Limits of the transaction engine.
const (
	maxMemberReplays  = 5 // times an operation is re-run because its group failed for another reason
	maxGroupRestarts  = 3 // whole-group restarts after the session died or the lock was lost
	maxCommitAttempts = 3 // PUT commit repeats while the transaction is still open
	maxOpenAmbiguous  = 3 // POST /api/transaction attempts whose answer was lost
)

// operation is one caller's unit of configuration change.
type operation struct {
	desc string
	// apply performs the writes through tx. It may run more than once, each
	// time in a fresh transaction (replays), so it must re-derive anything
	// it learned from an earlier run.
	apply func(ctx context.Context, tx *txn) error
	// verify tells, after a commit whose outcome is unknown, whether apply's
	// writes are in the committed configuration: nil = yes, errNotApplied =
	// no (safe to replay), other errors = could not tell.
	verify func(ctx context.Context) error
}

type member struct {
	op      operation
	ctx     context.Context
	done    chan error // buffered; receives exactly one verdict
	replays int
	queued  bool // waiting in the batcher's queue (guarded by batcher.mu)
	// started: the runner began this member's writes (guarded by
	// batcher.mu). Until then a canceled caller may leave at once: the
	// runner checks the caller's context under the same lock before it
	// starts the writes, so it never starts them for a caller that left.
	started bool
}

// finish delivers the verdict. done has room for one; a second verdict
// would be a bug, and dropping it beats blocking the runner forever.
func (m *member) finish(err error) {
	select {
	case m.done <- err:
	default:
	}
}

// run calls the operation's writes, turning a panic into an error so one
// bad operation cannot stop the runner (and hang every caller).
func (m *member) run(tx *txn) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s: panic: %v", m.op.desc, v)
		}
	}()
	return m.op.apply(m.ctx, tx)
}

// engine runs groups of operations one after another on the write
// session. Any failure before the commit rolls the whole transaction back;
// innocent members are replayed in a later group.
type engine struct {
	// batch is the queue callers wait in; it hands groups to runGroup.
	batch *batcher
	c     *Client

	// onCommit are called after every commit of this client that did or
	// may have landed, before any caller is told: caches of committed
	// configuration subscribe here. Set up before the first submit.
	onCommit []func()

	// left is what the last transaction may have left on the write
	// session. Only the runner goroutine uses it.
	left leftBehind
}

// leftBehind is what the next group settles before it opens
// (settlePrevious): opening on a session that still holds a transaction
// joins it.
type leftBehind struct {
	// strayWrites: a rollback failed, or a commit's outcome is unknown, so
	// the write session may still hold an open transaction with our writes.
	strayWrites bool
	// commitRunning: a commit of ours may still be running on SPS.
	commitRunning bool
}

func newEngine(c *Client) *engine {
	e := &engine{c: c}
	window, groupCap := c.cfg.GroupWindow, defaultGroupCap
	if c.cfg.CommitMode == CommitSingle {
		window, groupCap = 0, 1
	}
	e.batch = newBatcher(wallClock{}, window, groupCap, e.runGroup)
	return e
}

// submit runs op in a transaction of some group (see batcher.submit).
func (e *engine) submit(ctx context.Context, op operation) error { return e.batch.submit(ctx, op) }

// subscribe adds f to the functions called on every commit.
func (e *engine) subscribe(f func()) { e.onCommit = append(e.onCommit, f) }

// mayHaveCommitted tells the subscribers that the committed configuration
// may have changed.
func (e *engine) mayHaveCommitted() {
	for _, f := range e.onCommit {
		f()
	}
}

// remember records what a transaction may have left behind. The only place
// that sets left; settlePrevious alone clears it.
func (e *engine) remember(l leftBehind) {
	e.left.strayWrites = e.left.strayWrites || l.strayWrites
	e.left.commitRunning = e.left.commitRunning || l.commitRunning
}

// restart asks runGroup to run ms again in a new transaction (the session
// died, or the lock was lost).
type restart struct {
	cause error
	ms    []*member
}

func (e *engine) runGroup(ms []*member) {
	e.c.stats.groups.Add(1)
	for restarts := 0; ; restarts++ {
		ms = dropCanceled(ms)
		if len(ms) == 0 {
			return
		}
		rs := e.attempt(ms)
		if rs == nil {
			return
		}
		ms = rs.ms
		if restarts >= maxGroupRestarts {
			for _, m := range ms {
				m.finish(fmt.Errorf("%s: %w", m.op.desc, rs.cause))
			}
			return
		}
		e.c.stats.replays.Add(int64(len(ms)))
		e.c.info(groupContext(ms), "restarting SPS transaction group", map[string]any{"group_size": len(ms), "reason": rs.cause.Error()})
	}
}

// replay puts members back in the queue for a new group. charge counts the
// replay against each member's budget. A group that failed because of one
// member's own write (that member got its verdict and left) is replayed
// free of charge: every such failure removes a member, so the replays end,
// and an innocent member must never give up, and show another member's
// error, because its neighbors were refused.
func (e *engine) replay(ms []*member, cause error, charge bool) {
	var back []*member
	for _, m := range ms {
		if m.ctx.Err() != nil {
			m.finish(m.ctx.Err())
			continue
		}
		if charge {
			m.replays++
		}
		if m.replays > maxMemberReplays {
			m.finish(fmt.Errorf("%s: gave up after %d attempts; the last transaction failed: %w", m.op.desc, m.replays, cause))
			continue
		}
		e.c.stats.replays.Add(1)
		back = append(back, m)
	}
	e.batch.pushFront(back)
}

// detached returns a context for the read-back after a commit: the commit
// happened, so the caller must learn the result even if it was told to
// stop meanwhile (Terraform cancels the provider's contexts on Ctrl-C, then
// records whatever state the provider returns). It keeps ctx's values (the
// logger) and is bounded by its own timeout instead.
func (c *Client) detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 3*c.cfg.RequestTimeout)
}

// groupContext is the context of a group's own calls (open, commit,
// rollback, and their log lines). It must not die with one caller, but it
// carries the first member's values, so the log lines reach that caller's
// logger (tflog, and with it TF_LOG).
func groupContext(ms []*member) context.Context {
	if len(ms) == 0 {
		return context.Background()
	}
	return context.WithoutCancel(ms[0].ctx)
}

// attempt runs one transaction for ms. It settles every member itself,
// unless it asks for a restart.
func (e *engine) attempt(ms []*member) *restart {
	ctx := groupContext(ms)
	gen := e.c.write.generation()

	// A member canceled while we wait (for an earlier commit, for the
	// lock) must not hold up the others: canceled wakes the waiter.
	canceled := make(chan struct{}, 1)
	for _, m := range ms {
		stop := context.AfterFunc(m.ctx, func() {
			select {
			case canceled <- struct{}{}:
			default:
			}
		})
		defer stop()
	}

	if err := e.settlePrevious(ctx, ms, canceled); err != nil {
		for _, m := range ms {
			if cerr := m.ctx.Err(); cerr != nil {
				err = cerr
			}
			m.finish(fmt.Errorf("%s: not started: %w", m.op.desc, err))
		}
		return nil
	}
	if ms = dropCanceled(ms); len(ms) == 0 {
		return nil
	}

	ms, opened := e.open(ctx, ms, canceled)
	switch opened.outcome {
	case txnEveryoneLeft:
		return nil
	case txnSessionLost:
		e.c.write.expire(gen)
		return &restart{opened.err, ms}
	case txnRefused:
		for _, m := range ms {
			m.finish(opened.err)
		}
		return nil
	}

	tx := &txn{c: e.c}
	if i, err := e.runWrites(ms, tx); err != nil {
		return e.writeFailed(ctx, ms, i, err, gen)
	}
	ms = nonNil(ms)
	if len(ms) == 0 {
		e.rollbackQuiet(ctx, 0, errors.New("every caller gave up"))
		return nil
	}

	// Last point to honor cancellation: past the commit the writes are
	// permanent. A canceled member's writes are in this transaction, so
	// the whole transaction goes and the rest are replayed.
	if slices.ContainsFunc(ms, func(m *member) bool { return m.ctx.Err() != nil }) {
		e.rollbackQuiet(ctx, len(ms), context.Canceled)
		e.replay(dropCanceled(ms), errors.New("another operation in the same transaction was canceled"), false)
		return nil
	}

	return e.commit(ctx, ms, gen)
}

// runWrites runs the members' writes in tx, in order, until one fails; it
// returns that member's index and error. A member whose caller left before
// its turn is finished and set to nil in ms: its writes never ran.
func (e *engine) runWrites(ms []*member, tx *txn) (int, error) {
	for i, m := range ms {
		if !e.batch.start(m) {
			m.finish(m.ctx.Err())
			ms[i] = nil
			continue
		}
		if err := m.run(tx); err != nil {
			return i, err
		}
	}
	return -1, nil
}

// writeFailed rolls back the transaction in which ms[i]'s writes failed
// with err. A lost session or lock restarts the group; otherwise ms[i] gets
// the error and the others are replayed.
func (e *engine) writeFailed(ctx context.Context, ms []*member, i int, err error, gen uint64) *restart {
	m := ms[i]
	others := nonNil(append(slices.Clone(ms[:i]), ms[i+1:]...))
	e.rollbackQuiet(ctx, len(ms), err)
	switch {
	case isUnauthenticated(err):
		e.c.write.expire(gen)
		return &restart{err, nonNil(ms)}
	case IsLocked(err):
		return &restart{err, nonNil(ms)}
	case m.ctx.Err() != nil:
		m.finish(m.ctx.Err())
	default:
		m.finish(fmt.Errorf("%s: %w", m.op.desc, err))
	}
	e.replay(others, fmt.Errorf("another change in the same transaction failed (%s)", m.op.desc), false)
	return nil
}

// commit commits the open transaction and settles ms by the outcome.
func (e *engine) commit(ctx context.Context, ms []*member, gen uint64) *restart {
	start := e.batch.clock.Now()
	res := e.commitTxn(ctx, len(ms))
	switch res.outcome {
	case txnDone:
		e.committed(ctx, ms, start)
	case txnAnswerLost:
		e.resolveByReadBack(ctx, ms, res.err)
	case txnStillCommitting:
		// A replay of the writes would land beside the running commit.
		e.remember(leftBehind{commitRunning: true})
		e.stillCommitting(ctx, ms, res.err, res.waited)
	case txnStatusUnknown:
		// The transaction may still be open with our writes in it, or
		// still committing: the next group must settle it before opening,
		// and absent writes must not be replayed, as the commit may still
		// land.
		e.remember(leftBehind{strayWrites: true, commitRunning: true})
		e.resolveWithoutReplay(ctx, ms, res.err, res.statusErr)
	case txnSessionLost:
		// SPS dropped the transaction with the session: nothing to roll back.
		e.c.write.expire(gen)
		return &restart{res.err, ms}
	case txnLocked:
		e.rollbackQuiet(ctx, len(ms), res.err)
		return &restart{res.err, ms}
	case txnRefused:
		e.rollbackQuiet(ctx, len(ms), res.err)
		e.refused(ctx, ms, res.err)
	}
	return nil
}

// refused settles ms after SPS refused their commit with err. A validation
// error that names no member, for a group of several, splits the group to
// find the culprit(s).
func (e *engine) refused(ctx context.Context, ms []*member, err error) {
	if IsValidation(err) && len(ms) > 1 {
		half := len(ms) / 2
		e.c.info(ctx, "SPS refused the commit of a group; splitting it to find the failing change",
			map[string]any{"group_size": len(ms), "error": err.Error()})
		e.batch.force(slices.Clone(ms[:half]), slices.Clone(ms[half:]))
		return
	}
	for _, m := range ms {
		m.finish(fmt.Errorf("%s: committing: %w", m.op.desc, err))
	}
}

func nonNil(ms []*member) []*member {
	return slices.DeleteFunc(ms, func(m *member) bool { return m == nil })
}
