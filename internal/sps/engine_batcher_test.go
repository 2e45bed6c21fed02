package sps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock that moves only when a test advances it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at time.Time
	c  chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTimer{at: f.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- f.now
		return t.c, func() bool { return false }
	}
	f.timers = append(f.timers, t)
	return t.c, func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		n := len(f.timers)
		f.timers = slices.DeleteFunc(f.timers, func(x *fakeTimer) bool { return x == t })
		return len(f.timers) < n
	}
}

// advance moves the clock by d and fires the timers that are due.
func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	f.timers = slices.DeleteFunc(f.timers, func(t *fakeTimer) bool {
		if t.at.After(f.now) {
			return false
		}
		t.c <- f.now
		return true
	})
}

// hasTimer reports a pending timer due at.
func (f *fakeClock) hasTimer(at time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.ContainsFunc(f.timers, func(t *fakeTimer) bool { return t.at.Equal(at) })
}

// batcherHarness runs a batcher whose groups do nothing but succeed, and
// records each group's members.
type batcherHarness struct {
	t      *testing.T
	clk    *fakeClock
	b      *batcher
	groups chan []string
}

func newBatcherHarness(t *testing.T, window time.Duration, groupCap int) *batcherHarness {
	h := &batcherHarness{t: t, clk: newFakeClock(), groups: make(chan []string, 100)}
	h.b = newBatcher(h.clk, window, groupCap, func(g []*member) {
		var descs []string
		for _, m := range g {
			descs = append(descs, m.op.desc)
			if h.b.start(m) {
				m.finish(nil)
			} else {
				m.finish(m.ctx.Err())
			}
		}
		h.groups <- descs
	})
	return h
}

// submit submits an operation named desc; the channel gets its verdict.
func (h *batcherHarness) submit(ctx context.Context, desc string) <-chan error {
	out := make(chan error, 1)
	go func() { out <- h.b.submit(ctx, operation{desc: desc}) }()
	return out
}

// eventually waits (in real time, generously) for cond; it fails the test
// if cond never holds. It bounds a wait, it does not measure one.
func (h *batcherHarness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func (h *batcherHarness) queued() int {
	h.b.mu.Lock()
	defer h.b.mu.Unlock()
	return len(h.b.queue)
}

// waitQueued waits until n operations wait in the queue.
func (h *batcherHarness) waitQueued(n int) {
	h.t.Helper()
	h.eventually(fmt.Sprintf("the queue to hold %d", n), func() bool { return h.queued() == n })
}

// waitIdle waits until the runner has settled its last group and stopped.
func (h *batcherHarness) waitIdle() {
	h.t.Helper()
	h.eventually("the runner to stop", func() bool {
		h.b.mu.Lock()
		defer h.b.mu.Unlock()
		return !h.b.running
	})
}

// waitTimer waits until the runner waits for a timer due at: it has looked
// at the queue and decided to wait until then.
func (h *batcherHarness) waitTimer(at time.Time) {
	h.t.Helper()
	h.eventually("a timer due at "+at.Format(time.StampMilli), func() bool { return h.clk.hasTimer(at) })
}

// group waits for the next group to run and returns its members.
func (h *batcherHarness) group() []string {
	h.t.Helper()
	select {
	case g := <-h.groups:
		return g
	case <-time.After(10 * time.Second):
		h.t.Fatal("no group ran")
		return nil
	}
}

// noGroup fails if a group has run that the test did not take yet.
func (h *batcherHarness) noGroup() {
	h.t.Helper()
	select {
	case g := <-h.groups:
		h.t.Fatalf("group %v ran early", g)
	default:
	}
}

func wantNil(t *testing.T, errs ...<-chan error) {
	t.Helper()
	for _, c := range errs {
		if err := <-c; err != nil {
			t.Errorf("verdict: %v", err)
		}
	}
}

// The window runs from the last arrival: a group leaves exactly one quiet
// window after its last member came, not before.
func TestBatcherWindowRunsFromLastArrival(t *testing.T) {
	t.Parallel()
	const window = 100 * time.Millisecond
	h := newBatcherHarness(t, window, 50)
	ctx := ctxT(t)
	t0 := h.clk.Now()
	a := h.submit(ctx, "a")
	h.waitTimer(t0.Add(window))
	h.clk.advance(40 * time.Millisecond)
	b := h.submit(ctx, "b")
	h.waitTimer(t0.Add(40*time.Millisecond + window))
	h.clk.advance(window - time.Nanosecond)
	h.waitTimer(t0.Add(40*time.Millisecond + window))
	h.noGroup()
	h.clk.advance(time.Nanosecond)
	if g := h.group(); len(g) != 2 {
		t.Errorf("group = %v, want a and b", g)
	}
	wantNil(t, a, b)
}

// A full group leaves at once; what is left short of the callers seen in
// flight waits three windows for stragglers.
func TestBatcherCapThenStragglerWindows(t *testing.T) {
	t.Parallel()
	const window = 100 * time.Millisecond
	h := newBatcherHarness(t, window, 3)
	ctx := ctxT(t)
	t0 := h.clk.Now()
	var verdicts []<-chan error
	for _, n := range names("cap", 7) {
		verdicts = append(verdicts, h.submit(ctx, n))
	}
	for range 2 {
		if g := h.group(); len(g) != 3 {
			t.Fatalf("group = %v, want 3 members at once (the cap)", g)
		}
	}
	h.waitTimer(t0.Add(stragglerWindows * window))
	h.clk.advance(stragglerWindows*window - time.Nanosecond)
	h.noGroup()
	h.clk.advance(time.Nanosecond)
	if g := h.group(); len(g) != 1 {
		t.Errorf("group = %v, want the last one", g)
	}
	wantNil(t, verdicts...)
}

// roundOf submits n operations and returns their verdicts.
func (h *batcherHarness) roundOf(ctx context.Context, prefix string, n int) []<-chan error {
	var out []<-chan error
	for _, name := range names(prefix, n) {
		out = append(out, h.submit(ctx, name))
	}
	return out
}

// Once five callers were seen in flight, a queue of five starts without
// waiting for the window.
func TestBatcherExpectedSizeStartsAtOnce(t *testing.T) {
	t.Parallel()
	const window = 100 * time.Millisecond
	h := newBatcherHarness(t, window, 50)
	ctx := ctxT(t)
	first := h.roundOf(ctx, "first", 5)
	h.waitQueued(5)
	h.waitTimer(h.clk.Now().Add(window))
	h.noGroup()
	h.clk.advance(window)
	if g := h.group(); len(g) != 5 {
		t.Fatalf("first group = %v, want all 5", g)
	}
	wantNil(t, first...)
	h.waitIdle()

	second := h.roundOf(ctx, "second", 5) // the clock stands still
	if g := h.group(); len(g) != 5 {
		t.Errorf("second group = %v, want all 5 at once", g)
	}
	wantNil(t, second...)
}

// A group short of the expected size waits for a caller that is late by
// more than one window, and leaves as soon as it came.
func TestBatcherStragglerJoinsShortGroup(t *testing.T) {
	t.Parallel()
	const window = 100 * time.Millisecond
	h := newBatcherHarness(t, window, 50)
	ctx := ctxT(t)
	first := h.roundOf(ctx, "first", 5)
	h.waitQueued(5)
	h.clk.advance(window)
	h.group()
	wantNil(t, first...)
	h.waitIdle()

	t1 := h.clk.Now()
	second := h.roundOf(ctx, "second", 4)
	h.waitQueued(4)
	h.waitTimer(t1.Add(stragglerWindows * window))
	h.clk.advance(window + window/2)
	h.noGroup()
	second = append(second, h.submit(ctx, "late"))
	g := h.group()
	if len(g) != 5 || !slices.Contains(g, "late") {
		t.Errorf("group = %v, want the four and the late one", g)
	}
	wantNil(t, second...)
}

// A caller that gives up while queued leaves at once, and nothing runs for
// it once its window has passed.
func TestBatcherCallerLeavesQueue(t *testing.T) {
	t.Parallel()
	const window = 100 * time.Millisecond
	h := newBatcherHarness(t, window, 50)
	ctx, cancel := context.WithCancel(ctxT(t))
	t0 := h.clk.Now()
	verdict := h.submit(ctx, "leaver")
	h.waitTimer(t0.Add(window))
	cancel()
	if err := <-verdict; !errors.Is(err, context.Canceled) {
		t.Fatalf("verdict = %v, want canceled", err)
	}
	if n := h.queued(); n != 0 {
		t.Errorf("queue holds %d after the caller left", n)
	}
	h.clk.advance(window)
	h.waitIdle()
	h.noGroup()
}

// A caller in a group whose writes have not started (the runner waits for
// the lock, say) leaves at once, and its writes never start.
func TestBatcherCallerLeavesBeforeItsWritesStart(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	release := make(chan struct{})
	taken := make(chan struct{})
	started := make(chan bool, 1)
	var b *batcher
	b = newBatcher(clk, 0, 50, func(g []*member) {
		close(taken)
		<-release
		for _, m := range g {
			started <- b.start(m)
			m.finish(m.ctx.Err())
		}
	})
	ctx, cancel := context.WithCancel(ctxT(t))
	verdict := make(chan error, 1)
	go func() { verdict <- b.submit(ctx, operation{desc: "waiting"}) }()
	<-taken
	cancel()
	err := <-verdict
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped before its writes were sent") {
		t.Errorf("verdict = %v", err)
	}
	close(release)
	if <-started {
		t.Error("the writes of a caller that left were started")
	}
}
