package sps

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// stragglerWindows is how many group windows a queue short of the expected
// size waits.
const stragglerWindows = 3

// clock is the batcher's time: the group window is measured on it, so the
// batcher's tests step time instead of sleeping.
type clock interface {
	Now() time.Time
	// Timer returns a channel that receives once d has passed, and a
	// function that stops it.
	Timer(d time.Duration) (<-chan time.Time, func() bool)
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// batcher queues callers' operations and hands them, in groups, to one
// runner goroutine at a time (runGroup). A group leaves when the group
// window has been quiet, or when the queue is as large as the group cap or
// as the most callers seen in flight at once.
type batcher struct {
	clock    clock
	window   time.Duration
	cap      int
	runGroup func([]*member) // settles every member, or puts it back (pushFront, force)

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
}

func newBatcher(clk clock, window time.Duration, groupCap int, runGroup func([]*member)) *batcher {
	return &batcher{clock: clk, window: window, cap: groupCap, runGroup: runGroup, wake: make(chan struct{}, 1)}
}

// submit runs op in a transaction and returns once it is committed (nil),
// failed, or the caller gave up before its writes were committed. A caller
// whose ctx ends while its writes sit in an uncommitted group waits for the
// engine to roll that group back, so a nil or non-nil result is always the
// truth about the appliance.
func (b *batcher) submit(ctx context.Context, op operation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m := &member{op: op, ctx: ctx, done: make(chan error, 1)}
	b.mu.Lock()
	m.queued = true
	b.queue = append(b.queue, m)
	b.lastArrival = b.clock.Now()
	if !b.running {
		b.running = true
		go b.run()
	} else {
		select {
		case b.wake <- struct{}{}:
		default:
		}
	}
	b.mu.Unlock()

	select {
	case err := <-m.done:
		return err
	case <-ctx.Done():
	}
	return b.leave(m)
}

// leave is a caller giving up: at once if none of its writes can have been
// sent, otherwise after its group's verdict.
func (b *batcher) leave(m *member) error {
	b.mu.Lock()
	if m.queued {
		// Not yet taken into a group: nothing was written.
		b.queue = slices.DeleteFunc(b.queue, func(x *member) bool { return x == m })
		m.queued = false
		b.mu.Unlock()
		return m.ctx.Err()
	}
	if !m.started {
		// In a group whose runner is still busy before this member's
		// writes (waiting for an earlier commit to end, or for the
		// lock): none of them was sent, and none will be.
		b.mu.Unlock()
		return fmt.Errorf("%s: stopped before its writes were sent: %w", m.op.desc, m.ctx.Err())
	}
	b.mu.Unlock()
	return <-m.done
}

// start marks m's writes as begun, unless its caller gave up: then it
// returns false and m must not run (its caller may have left already).
func (b *batcher) start(m *member) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if m.ctx.Err() != nil {
		return false
	}
	m.started = true
	return true
}

func (b *batcher) run() {
	for {
		g := b.nextGroup()
		if g == nil {
			return
		}
		b.runGroup(g)
		b.settle(g)
	}
}

// settle restarts the window and learns how many callers were in flight.
func (b *batcher) settle(g []*member) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.settled = b.clock.Now()
	inFlight := len(b.queue)
	for _, m := range g {
		if !m.queued { // replayed members are in the queue already
			inFlight++
		}
	}
	b.expect = max(b.expect, inFlight)
}

// nextGroup waits for the group window (quiet time since the last arrival
// and since the last group settled; see expect) to close, or for the queue
// to fill, and takes the next group, or returns nil (and marks the runner
// stopped) when nothing is waiting.
func (b *batcher) nextGroup() []*member {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		if len(b.forced) > 0 {
			g := b.forced[0]
			b.forced = b.forced[1:]
			return g
		}
		if len(b.queue) == 0 {
			b.running = false
			return nil
		}
		window := b.window
		if len(b.queue) < b.expect {
			window *= stragglerWindows
		}
		wait := later(b.lastArrival, b.settled).Add(window).Sub(b.clock.Now())
		full := len(b.queue) >= b.cap || b.expect > 0 && len(b.queue) >= b.expect
		if full || wait <= 0 {
			n := min(len(b.queue), b.cap)
			g := slices.Clone(b.queue[:n])
			b.queue = slices.Delete(b.queue, 0, n)
			for _, m := range g {
				m.queued = false
			}
			return g
		}
		b.mu.Unlock()
		fired, stop := b.clock.Timer(wait)
		select {
		case <-b.wake:
		case <-fired:
		}
		stop()
		b.mu.Lock()
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// pushFront puts members back at the head of the queue, for the next group.
func (b *batcher) pushFront(ms []*member) {
	if len(ms) == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range ms {
		m.queued = true
	}
	b.queue = append(ms, b.queue...)
}

// force makes the given groups the next ones to run, as they are.
func (b *batcher) force(groups ...[]*member) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.forced = append(slices.Clone(groups), b.forced...)
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

func allCanceled(ms []*member) bool {
	return !slices.ContainsFunc(ms, func(m *member) bool { return m.ctx.Err() == nil })
}
