package sps

import (
	"context"
	"time"
)

// backoff paces the engine's waiting loops (for another user's lock, for
// a commit still running, for an earlier commit to end): jittered
// exponential steps between RetryWaitMin and RetryWaitMax, never past the
// loop's deadline, measured on the batcher's clock (tests step it), and
// cut short when ctx ends or wake fires (a caller gave up).
type backoff struct {
	clock    clock
	min, max time.Duration
	started  time.Time
	deadline time.Time
	step     int
}

// backoff starts a wait of at most patience; firstStep is the step the
// first wait takes (0 waits about RetryWaitMin).
func (e *engine) backoff(patience time.Duration, firstStep int) *backoff {
	now := e.batch.clock.Now()
	return &backoff{clock: e.batch.clock, min: e.c.cfg.RetryWaitMin, max: e.c.cfg.RetryWaitMax,
		started: now, deadline: now.Add(patience), step: firstStep}
}

// expired reports whether the deadline has passed.
func (b *backoff) expired() bool { return !b.clock.Now().Before(b.deadline) }

// waited is how long since the backoff started.
func (b *backoff) waited() time.Duration { return b.clock.Now().Sub(b.started) }

// wait sleeps the next step, or until the deadline if that is sooner.
func (b *backoff) wait(ctx context.Context, wake <-chan struct{}) {
	d := min(expJitter(b.min, b.max, b.step), b.deadline.Sub(b.clock.Now()))
	b.step++
	if d <= 0 {
		return
	}
	fired, stop := b.clock.Timer(d)
	defer stop()
	select {
	case <-fired:
	case <-wake:
	case <-ctx.Done():
	}
}
