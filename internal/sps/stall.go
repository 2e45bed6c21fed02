package sps

import (
	"context"
	"io"
	"net/http"
	"time"
)

// stallGuard bounds how long a streamed request (CSV export) may go without
// progress: the answer must start within limit, and every read of the body
// must bring data within limit. http.Client.Timeout cannot be used for
// streams: it bounds the whole exchange and would cut off a long but
// healthy download; net/http has no idle timeout for a response body, and
// retryablehttp none at all, so this wrapper is written by hand.
type stallGuard struct {
	next  http.RoundTripper
	limit time.Duration
}

func (g *stallGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	stalled := &StallError{Timeout: g.limit}
	timer := time.AfterFunc(g.limit, func() { cancel(stalled) })
	resp, err := g.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		timer.Stop()
		cause := context.Cause(ctx)
		cancel(nil)
		if cause == stalled { //nolint:errorlint // identity: our own timer fired
			return nil, stalled
		}
		return nil, err
	}
	timer.Reset(g.limit)
	resp.Body = &stallBody{rc: resp.Body, ctx: ctx, cancel: cancel, timer: timer, limit: g.limit, stalled: stalled}
	return resp, nil
}

// stallBody restarts the stall timer whenever data arrives and reports a
// read cut off by the timer as the *StallError.
type stallBody struct {
	rc      io.ReadCloser
	ctx     context.Context
	cancel  context.CancelCauseFunc
	timer   *time.Timer
	limit   time.Duration
	stalled *StallError
}

func (b *stallBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.timer.Reset(b.limit)
	}
	if err != nil && context.Cause(b.ctx) == b.stalled { //nolint:errorlint // identity: our own timer fired
		return n, b.stalled
	}
	return n, err
}

func (b *stallBody) Close() error {
	b.timer.Stop()
	b.cancel(nil)
	return b.rc.Close()
}
