package sps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Limits of the transaction engine.
const (
	maxMemberReplays  = 5 // times an operation is re-run because its group failed for another reason
	maxGroupRestarts  = 3 // whole-group restarts after the session died or the lock was lost
	maxCommitAttempts = 3 // PUT commit repeats while the transaction is still open
	maxOpenAmbiguous  = 3 // POST /api/transaction attempts whose answer was lost
	stragglerWindows  = 3 // group windows a queue short of the expected size waits
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
	queued  bool // waiting in engine.queue (guarded by engine.mu)
	// started: the runner began this member's writes (guarded by
	// engine.mu). Until then a canceled caller may leave at once: the
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

// engine is the only path for configuration writes. It runs groups of
// operations one after another on the write session: open → every
// member's writes → commit. Any failure before the commit rolls the whole
// transaction back; innocent members are replayed in a later group.
type engine struct {
	c      *Client
	window time.Duration
	cap    int

	mu          sync.Mutex
	queue       []*member
	forced      [][]*member // pre-formed groups (halves of a bisected group), run first
	running     bool
	lastArrival time.Time
	// settled is when the last group's members got their verdicts. Callers
	// such as Terraform (at most -parallelism operations in flight) submit
	// their next operation right after one returns, so the window restarts
	// then too: otherwise the group that queued during a long commit leaves
	// at once without them, and groups alternate between 1 and 9 members.
	settled time.Time
	// expect is the most callers seen in flight at once (a settled group
	// plus those queued behind it): Terraform's parallelism, in effect. A
	// queue that size starts at once, as nobody else is likely to come; a
	// queue still short of it waits up to stragglerWindows windows of quiet,
	// so one slow caller (a loaded machine) does not cost a commit of its
	// own.
	expect int
	wake   chan struct{}

	// dirty: a rollback failed, so the write session may still hold an
	// open transaction with stray writes. Only the runner goroutine uses it.
	dirty bool
	// pendingCommit: the last commit was still running on SPS when the
	// client stopped waiting for it. The next group waits for it to end
	// before opening (an open would join the committing transaction).
	// Only the runner goroutine uses it.
	pendingCommit bool
}

func newEngine(c *Client) *engine {
	e := &engine{c: c, window: c.cfg.GroupWindow, cap: defaultGroupCap, wake: make(chan struct{}, 1)}
	if c.cfg.CommitMode == CommitSingle {
		e.window, e.cap = 0, 1
	}
	return e
}

// submit runs op in a transaction and returns once it is committed (nil),
// failed, or the caller gave up before its writes were committed. A caller
// whose ctx ends while its writes sit in an uncommitted group waits for the
// engine to roll that group back, so a nil or non-nil result is always the
// truth about the appliance.
func (e *engine) submit(ctx context.Context, op operation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m := &member{op: op, ctx: ctx, done: make(chan error, 1)}
	e.mu.Lock()
	m.queued = true
	e.queue = append(e.queue, m)
	e.lastArrival = time.Now()
	if !e.running {
		e.running = true
		go e.run()
	} else {
		select {
		case e.wake <- struct{}{}:
		default:
		}
	}
	e.mu.Unlock()

	select {
	case err := <-m.done:
		return err
	case <-ctx.Done():
	}
	e.mu.Lock()
	if m.queued {
		// Not yet taken into a group: nothing was written.
		e.queue = slices.DeleteFunc(e.queue, func(x *member) bool { return x == m })
		m.queued = false
		e.mu.Unlock()
		return ctx.Err()
	}
	if !m.started {
		// In a group whose runner is still busy before this member's
		// writes (waiting for an earlier commit to end, or for the
		// lock): none of them was sent, and none will be.
		e.mu.Unlock()
		return fmt.Errorf("%s: stopped before its writes were sent: %w", op.desc, ctx.Err())
	}
	e.mu.Unlock()
	return <-m.done
}

// start marks m's writes as begun, unless its caller gave up: then it
// returns false and m must not run (its caller may have left already).
func (e *engine) start(m *member) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if m.ctx.Err() != nil {
		return false
	}
	m.started = true
	return true
}

func (e *engine) run() {
	for {
		g := e.nextGroup()
		if g == nil {
			return
		}
		e.runGroup(g)
		e.mu.Lock()
		e.settled = time.Now()
		inFlight := len(e.queue)
		for _, m := range g {
			if !m.queued { // replayed members are in the queue already
				inFlight++
			}
		}
		e.expect = max(e.expect, inFlight)
		e.mu.Unlock()
	}
}

// nextGroup waits for the group window (quiet time since the last arrival
// and since the last group settled; see expect) to close, or for the queue
// to fill, and takes the next group,
// or returns nil (and marks the runner stopped) when nothing is waiting.
func (e *engine) nextGroup() []*member {
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		if len(e.forced) > 0 {
			g := e.forced[0]
			e.forced = e.forced[1:]
			return g
		}
		if len(e.queue) == 0 {
			e.running = false
			return nil
		}
		window := e.window
		if len(e.queue) < e.expect {
			window *= stragglerWindows
		}
		wait := time.Until(later(e.lastArrival, e.settled).Add(window))
		full := len(e.queue) >= e.cap || e.expect > 0 && len(e.queue) >= e.expect
		if full || wait <= 0 {
			n := min(len(e.queue), e.cap)
			g := slices.Clone(e.queue[:n])
			e.queue = slices.Delete(e.queue, 0, n)
			for _, m := range g {
				m.queued = false
			}
			return g
		}
		e.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-e.wake:
		case <-t.C:
		}
		t.Stop()
		e.mu.Lock()
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// requeue puts members back at the front of the queue for a new group.
// charge counts the replay against each member's budget. A group that
// failed because of one member's own write (that member got its verdict
// and left) is replayed free of charge: every such failure removes a
// member, so the replays end, and an innocent member must never give up,
// and show another member's error, because its neighbors were refused.
func (e *engine) requeue(ms []*member, cause error, charge bool) {
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
	if len(back) == 0 {
		return
	}
	e.mu.Lock()
	for _, m := range back {
		m.queued = true
	}
	e.queue = append(back, e.queue...)
	e.mu.Unlock()
}

// errRestart asks runGroup to run the same members again in a new
// transaction (session died, lock lost).
type errRestart struct {
	cause error
	ms    []*member // the members to run again
}

func (e errRestart) Error() string { return e.cause.Error() }

func (e *engine) runGroup(ms []*member) {
	e.c.stats.groups.Add(1)
	for restarts := 0; ; restarts++ {
		ms = dropCanceled(ms)
		if len(ms) == 0 {
			return
		}
		err := e.attempt(ms)
		var rs errRestart
		if !errors.As(err, &rs) {
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

// dropCanceled finishes members whose caller gave up and returns the rest.
func dropCanceled(ms []*member) []*member {
	out := ms[:0:0]
	for _, m := range ms {
		if err := m.ctx.Err(); err != nil {
			m.finish(err)
			continue
		}
		out = append(out, m)
	}
	return out
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
// except when it returns errRestart.
func (e *engine) attempt(ms []*member) error {
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

	ms, err := e.open(ctx, ms, canceled)
	if err != nil {
		if len(ms) == 0 {
			return nil
		}
		if isUnauthenticated(err) {
			e.c.write.expire(gen)
			return errRestart{err, ms}
		}
		for _, m := range ms {
			m.finish(err)
		}
		return nil
	}
	if len(ms) == 0 {
		return nil
	}

	tx := &txn{c: e.c}
	for i, m := range ms {
		if !e.start(m) {
			// Its writes never ran: drop it and carry on.
			m.finish(m.ctx.Err())
			ms[i] = nil
			continue
		}
		werr := m.run(tx)
		if werr == nil {
			continue
		}
		others := nonNil(append(slices.Clone(ms[:i]), ms[i+1:]...))
		e.rollbackQuiet(ctx, len(ms), werr)
		switch {
		case isUnauthenticated(werr):
			e.c.write.expire(gen)
			return errRestart{werr, nonNil(ms)}
		case IsLocked(werr):
			return errRestart{werr, nonNil(ms)}
		case m.ctx.Err() != nil:
			m.finish(m.ctx.Err())
		default:
			m.finish(fmt.Errorf("%s: %w", m.op.desc, werr))
		}
		e.requeue(others, fmt.Errorf("another change in the same transaction failed (%s)", m.op.desc), false)
		return nil
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
		var rest []*member
		for _, m := range ms {
			if err := m.ctx.Err(); err != nil {
				m.finish(err)
			} else {
				rest = append(rest, m)
			}
		}
		e.requeue(rest, errors.New("another operation in the same transaction was canceled"), false)
		return nil
	}

	return e.commit(ctx, ms, gen)
}

// settlePrevious makes sure no earlier transaction of this client is left
// on the write session before a new one opens: opening on a session that
// still holds one joins it, and the next commit would publish whatever is
// in it. A commit still running is waited for; a transaction whose
// rollback failed is rolled back now. If that fails again, nothing opens.
// The wait for a commit ends early, with context.Canceled, once every
// member of ms was canceled (canceled wakes it); the commit stays pending
// for the next group.
func (e *engine) settlePrevious(ctx context.Context, ms []*member, canceled <-chan struct{}) error {
	if e.pendingCommit {
		deadline := time.Now().Add(e.commitPatience())
		for polls := 1; ; polls++ {
			st, err := e.c.transactionStatus(ctx)
			if err == nil && st != "open" || isUnauthenticated(err) {
				e.pendingCommit = false
				e.c.policies.invalidate()
				break
			}
			if !time.Now().Before(deadline) {
				return ErrEarlierCommitRunning
			}
			if allCanceled(ms) {
				return context.Canceled
			}
			t := time.NewTimer(min(expJitter(e.c.cfg.RetryWaitMin, e.c.cfg.RetryWaitMax, polls), max(time.Until(deadline), 0)))
			select {
			case <-t.C:
			case <-canceled:
				t.Stop()
			}
			if allCanceled(ms) {
				return context.Canceled
			}
		}
	}
	if e.dirty {
		err := e.rollback(ctx, len(ms), "clean up after an earlier failed rollback")
		if err != nil && !isUnauthenticated(err) {
			return &LeftoverTransactionError{Err: err}
		}
		e.dirty = false
	}
	return nil
}

// commitPatience is how long the client waits for one commit to end,
// its own or an earlier one still running: about four request timeouts.
func (e *engine) commitPatience() time.Duration {
	return e.c.cfg.RequestTimeout * time.Duration(maxCommitAttempts+1)
}

func allCanceled(ms []*member) bool {
	return !slices.ContainsFunc(ms, func(m *member) bool { return m.ctx.Err() == nil })
}

func nonNil(ms []*member) []*member {
	return slices.DeleteFunc(ms, func(m *member) bool { return m == nil })
}

// open runs POST /api/transaction, waiting with backoff while another user
// holds the lock. It returns the members still waiting.
func (e *engine) open(ctx context.Context, ms []*member, canceled <-chan struct{}) ([]*member, error) {
	start := time.Now()
	deadline := start.Add(e.c.cfg.LockWaitTimeout)
	lost := 0
	for attempt := 0; ; attempt++ {
		err := e.c.doJSON(ctx, request{sess: e.c.write, method: http.MethodPost, path: transactionPath}, nil)
		if err == nil {
			e.opened(ctx, len(ms))
			return ms, nil
		}
		if isAmbiguous(err) {
			// Did the POST open it before the answer was lost?
			if st, serr := e.c.transactionStatus(ctx); serr == nil && st == "open" {
				e.opened(ctx, len(ms))
				return ms, nil
			}
			lost++
			if lost >= maxOpenAmbiguous {
				return ms, err
			}
		} else if !IsLocked(err) {
			return ms, err
		} else if !time.Now().Before(deadline) {
			le, _ := asError(err)
			return ms, &LockTimeoutError{Holder: le.LockedBy(), Waited: time.Since(start), Err: le}
		} else if attempt == 0 || attempt%10 == 0 {
			le, _ := asError(err)
			e.c.info(ctx, "SPS configuration is locked by another user; waiting", map[string]any{
				"locked_by": le.LockedBy(), "group_size": len(ms), "lock_wait_timeout": e.c.cfg.LockWaitTimeout.String(),
			})
		}
		wait := min(expJitter(e.c.cfg.RetryWaitMin, e.c.cfg.RetryWaitMax, attempt), time.Until(deadline))
		t := time.NewTimer(max(wait, 0))
		select {
		case <-t.C:
		case <-canceled:
			t.Stop()
		}
		ms = dropCanceled(ms)
		if len(ms) == 0 {
			return nil, context.Canceled
		}
	}
}

func (e *engine) opened(ctx context.Context, n int) {
	e.c.stats.transactions.Add(1)
	e.c.debug(ctx, "opened SPS transaction", map[string]any{"group_size": n})
}

func (e *engine) rollback(ctx context.Context, n int, reason string) error {
	err := e.c.doJSON(ctx, request{sess: e.c.write, method: http.MethodDelete, path: transactionPath, safe: true}, nil)
	if err != nil {
		e.c.warn(ctx, "rolling back SPS transaction failed", map[string]any{"group_size": n, "reason": reason, "error": err.Error()})
		return err
	}
	e.c.stats.rollbacks.Add(1)
	e.c.info(ctx, "rolled back SPS transaction", map[string]any{"group_size": n, "reason": reason})
	return nil
}

// rollbackQuiet rolls back and remembers a failure for the next group.
// A dead session needs no rollback: SPS canceled its transaction.
func (e *engine) rollbackQuiet(ctx context.Context, n int, cause error) {
	if err := e.rollback(ctx, n, cause.Error()); err != nil && !isUnauthenticated(err) {
		e.dirty = true
	}
}

// commit commits the open transaction and settles ms.
func (e *engine) commit(ctx context.Context, ms []*member, gen uint64) error {
	start := time.Now()
	deadline := start.Add(e.commitPatience())
	var err, cause error
	resends, polls := 0, 0
	for {
		err = e.c.doJSON(ctx, request{sess: e.c.write, method: http.MethodPut, path: transactionPath, body: map[string]string{"status": "commit"}}, nil)
		if err == nil {
			e.committed(ctx, ms, start)
			return nil
		}
		if cause != nil && hasType(err, "TransactionNotOpen") {
			// An earlier commit request of ours finished after all (or the
			// transaction died with the session): read back to tell.
			e.resolveUnknownCommit(ctx, ms, cause)
			return nil
		}
		if cause != nil && isUnauthenticated(err) {
			// The session died while an earlier commit request of ours
			// was unsettled: read back to tell.
			e.resolveUnknownCommit(ctx, ms, cause)
			return nil
		}
		if !isAmbiguous(err) && !hasType(err, "TransactionCommitting") {
			break
		}
		if cause == nil {
			cause = err
		}
		if hasType(err, "TransactionCommitting") {
			// An earlier commit request of ours is still running, or so
			// SPS says. Ask again after a pause instead of only reading
			// the status: an open transaction looks the same whether its
			// commit runs or was abandoned (the client hung up on an
			// appliance that gives up on such commits), and only the
			// commit request tells them apart. It is safe to repeat: a
			// transaction commits once, a running commit refuses it with
			// 409 again, and a finished one answers TransactionNotOpen.
			if time.Now().Before(deadline) {
				polls++
				// Never sleep past the deadline: it is the promise of
				// how long the provider waits for a commit.
				time.Sleep(min(expJitter(e.c.cfg.RetryWaitMin, e.c.cfg.RetryWaitMax, polls), time.Until(deadline)))
				continue
			}
			// Still committing and we have waited long enough: the
			// outcome is unknown and must stay so. A replay of the
			// writes would land beside the running commit.
			e.pendingCommit = true
			e.unknownOutcome(ctx, ms, cause, time.Since(start))
			return nil
		}
		// Unknown outcome. Open means no commit happened yet; closed
		// means it may have.
		st, serr := e.c.transactionStatus(ctx)
		if serr == nil && st == "open" {
			if resends++; resends < maxCommitAttempts && time.Now().Before(deadline) {
				e.c.warn(ctx, "SPS commit answer was lost and the transaction is still open; committing again",
					map[string]any{"group_size": len(ms), "error": err.Error()})
				continue
			}
			err = cause
			break
		}
		if serr != nil && !isUnauthenticated(serr) {
			// The transaction may still be open with our writes in it,
			// or still committing: the next group must settle it before
			// opening, and absent writes must not be replayed, as the
			// commit may still land.
			e.dirty, e.pendingCommit = true, true
			e.resolveUnknownCommitNoReplay(ctx, ms, cause, serr)
			return nil
		}
		e.resolveUnknownCommit(ctx, ms, cause)
		return nil
	}

	switch {
	case isUnauthenticated(err):
		// The session died before the commit; SPS dropped the transaction.
		e.c.write.expire(gen)
		return errRestart{err, ms}
	case IsLocked(err):
		e.rollbackQuiet(ctx, len(ms), err)
		return errRestart{err, ms}
	}
	e.rollbackQuiet(ctx, len(ms), err)
	if IsValidation(err) && len(ms) > 1 {
		// The configuration as a whole was refused and the error names no
		// member: split the group to find the culprit(s).
		half := len(ms) / 2
		a, b := slices.Clone(ms[:half]), slices.Clone(ms[half:])
		e.c.info(ctx, "SPS refused the commit of a group; splitting it to find the failing change",
			map[string]any{"group_size": len(ms), "error": err.Error()})
		e.mu.Lock()
		e.forced = append([][]*member{a, b}, e.forced...)
		e.mu.Unlock()
		return nil
	}
	for _, m := range ms {
		m.finish(fmt.Errorf("%s: committing: %w", m.op.desc, err))
	}
	return nil
}

// hasType reports an SPS error of the given error.type, e.g. 409
// TransactionCommitting: this session's commit is still running, typically
// after our own commit request timed out.
func hasType(err error, typ string) bool {
	ce, ok := asError(err)
	return ok && ce.Type == typ
}

func (e *engine) committed(ctx context.Context, ms []*member, start time.Time) {
	e.c.stats.commits.Add(1)
	// Before anyone is told: callers read back right away and must see
	// this commit.
	e.c.policies.invalidate()
	e.c.info(ctx, "committed SPS transaction", map[string]any{"group_size": len(ms), "duration_ms": time.Since(start).Milliseconds()})
	for _, m := range ms {
		m.finish(nil)
	}
}

// unknownOutcome settles every member with ErrCommitOutcomeUnknown.
func (e *engine) unknownOutcome(ctx context.Context, ms []*member, cause error, waited time.Duration) {
	e.c.policies.invalidate()
	e.c.warn(ctx, "SPS was still committing when the provider stopped waiting; the outcome is unknown and nothing is replayed", map[string]any{
		"group_size": len(ms), "waited_ms": waited.Milliseconds(), "error": cause.Error(),
	})
	for _, m := range ms {
		m.finish(fmt.Errorf("%s: %w", m.op.desc, &CommitOutcomeUnknownError{Waited: waited, Cause: cause}))
	}
}

// resolveUnknownCommitNoReplay settles members after a commit whose
// outcome is unknown and whose transaction's status could not be read
// (statusErr): writes already visible succeed, the others get a
// CommitOutcomeUnknownError.
func (e *engine) resolveUnknownCommitNoReplay(ctx context.Context, ms []*member, cause, statusErr error) {
	e.c.policies.invalidate()
	for _, m := range ms {
		if m.op.verify != nil && m.op.verify(ctx) == nil {
			m.finish(nil)
			continue
		}
		m.finish(fmt.Errorf("%s: %w", m.op.desc, &CommitOutcomeUnknownError{StatusErr: statusErr, Cause: cause}))
	}
}

// resolveUnknownCommit settles members after a commit whose answer was
// lost and whose transaction is no longer open: each member's read-back
// decides. Members whose writes are absent are replayed (never applied
// twice: they are absent); the rest succeed.
func (e *engine) resolveUnknownCommit(ctx context.Context, ms []*member, cause error) {
	e.c.policies.invalidate()
	var replay []*member
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
			replay = append(replay, m)
		default:
			m.finish(fmt.Errorf("%s: the commit's outcome is unknown (%w) and reading back failed: %w", m.op.desc, cause, err))
		}
	}
	if applied > 0 {
		e.c.stats.commits.Add(1)
	}
	e.c.warn(ctx, "SPS commit answer was lost; settled by reading back", map[string]any{
		"group_size": len(ms), "applied": applied, "replayed": len(replay), "error": cause.Error(),
	})
	e.requeue(replay, cause, true)
}
