package sps

import (
	"context"
	"sync"
	"time"
)

// listCache keeps the last settings-policy list read on the read session,
// so refreshing N policies costs one list request instead of N GETs.
//
// Correctness rule: after this client commits, no caller may be served data
// read before that commit. invalidate bumps gen; a fill started under an
// older gen neither stores its result nor serves callers that arrive after
// the bump.
type listCache struct {
	c   *Client
	ttl time.Duration

	mu       sync.Mutex
	gen      uint64
	items    []VNCSettingsPolicyItem
	fetched  time.Time
	valid    bool
	inflight *cacheFill
}

type cacheFill struct {
	gen   uint64
	done  chan struct{}
	items []VNCSettingsPolicyItem
	err   error
}

// newListCache builds the cache and subscribes it to c's commits, so the
// engine need not know it.
func newListCache(c *Client, ttl time.Duration) *listCache {
	lc := &listCache{c: c, ttl: ttl}
	c.engine.subscribe(lc.invalidate)
	return lc
}

// get returns the list and whether it was served from an earlier fill
// (fresh=false) rather than read for this call.
func (lc *listCache) get(ctx context.Context) (items []VNCSettingsPolicyItem, fresh bool, err error) {
	if lc.ttl < 0 {
		items, err := lc.c.fetchVNCSettingsPolicies(ctx)
		return items, true, err
	}
	lc.mu.Lock()
	if lc.valid && time.Since(lc.fetched) < lc.ttl {
		items := lc.items
		lc.mu.Unlock()
		lc.c.stats.cacheHits.Add(1)
		return items, false, nil
	}
	fill := lc.inflight
	if fill == nil || fill.gen != lc.gen {
		fill = &cacheFill{gen: lc.gen, done: make(chan struct{})}
		lc.inflight = fill
		// Shared by every waiter, so not tied to this caller's ctx.
		go lc.run(context.WithoutCancel(ctx), fill)
	}
	lc.mu.Unlock()
	select {
	case <-fill.done:
		return fill.items, true, fill.err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

func (lc *listCache) run(ctx context.Context, fill *cacheFill) {
	lc.c.stats.cacheFills.Add(1)
	items, err := lc.c.fetchVNCSettingsPolicies(ctx)
	lc.mu.Lock()
	if lc.inflight == fill {
		lc.inflight = nil
	}
	if err == nil && fill.gen == lc.gen {
		lc.items, lc.fetched, lc.valid = items, time.Now(), true
	}
	fill.items, fill.err = items, err
	lc.mu.Unlock()
	close(fill.done)
}

// invalidate drops the cached list; called on every commit (and on commits
// whose outcome is unknown).
func (lc *listCache) invalidate() {
	lc.mu.Lock()
	lc.gen++
	lc.valid = false
	lc.items = nil
	lc.inflight = nil
	lc.mu.Unlock()
}
