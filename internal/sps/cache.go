package sps

import (
	"context"
	"sync"
	"time"
)

// readCache keeps the last list read of each area on the read session, so
// refreshing N objects of one area costs one list request instead of N
// GETs, whichever area they belong to.
//
// Correctness rule: after this client commits, no caller may be served data
// read before that commit. invalidate bumps gen; a fill started under an
// older gen neither stores its result nor serves callers that arrive after
// the bump.
type readCache struct {
	c   *Client
	ttl time.Duration

	mu    sync.Mutex
	gen   uint64
	lists map[string]*cachedList // by Area.Path
}

// cachedList is one area's list: the last good fill, and the fill in flight.
type cachedList struct {
	list     *objectList
	fetched  time.Time
	inflight *cacheFill
}

// objectList is a list as read, never modified once built.
type objectList struct {
	items []Object
	byKey map[string]int
}

func newObjectList(items []Object) *objectList {
	l := &objectList{items: items, byKey: make(map[string]int, len(items))}
	for i, it := range items {
		l.byKey[it.Key] = i
	}
	return l
}

// lookup returns a copy of the object with key, or false.
func (l *objectList) lookup(key string) (Object, bool) {
	i, ok := l.byKey[key]
	if !ok {
		return Object{}, false
	}
	return l.items[i].clone(), true
}

func (o Object) clone() Object {
	o.Body = append([]byte(nil), o.Body...)
	return o
}

type cacheFill struct {
	gen  uint64
	done chan struct{}
	list *objectList
	err  error
}

// newReadCache builds the cache and subscribes it to c's commits, so the
// engine need not know it.
func newReadCache(c *Client, ttl time.Duration) *readCache {
	rc := &readCache{c: c, ttl: ttl, lists: map[string]*cachedList{}}
	c.engine.subscribe(rc.invalidate)
	return rc
}

// get returns a's list and whether it was read for this call (fresh)
// rather than served from an earlier fill.
func (rc *readCache) get(ctx context.Context, a *Area) (list *objectList, fresh bool, err error) {
	if rc.ttl < 0 {
		items, err := rc.c.fetchList(ctx, a)
		if err != nil {
			return nil, true, err
		}
		return newObjectList(items), true, nil
	}
	rc.mu.Lock()
	cl := rc.lists[a.Path]
	if cl == nil {
		cl = &cachedList{}
		rc.lists[a.Path] = cl
	}
	if cl.list != nil && time.Since(cl.fetched) < rc.ttl {
		list := cl.list
		rc.mu.Unlock()
		rc.c.stats.cacheHits.Add(1)
		return list, false, nil
	}
	fill := cl.inflight
	if fill == nil || fill.gen != rc.gen {
		fill = &cacheFill{gen: rc.gen, done: make(chan struct{})}
		cl.inflight = fill
		// Shared by every waiter, so not tied to this caller's ctx.
		go rc.run(context.WithoutCancel(ctx), a, cl, fill)
	}
	rc.mu.Unlock()
	select {
	case <-fill.done:
		return fill.list, true, fill.err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

func (rc *readCache) run(ctx context.Context, a *Area, cl *cachedList, fill *cacheFill) {
	rc.c.stats.cacheFills.Add(1)
	items, err := rc.c.fetchList(ctx, a)
	var list *objectList
	if err == nil {
		list = newObjectList(items)
	}
	rc.mu.Lock()
	if cl.inflight == fill {
		cl.inflight = nil
	}
	if err == nil && fill.gen == rc.gen {
		cl.list, cl.fetched = list, time.Now()
	}
	fill.list, fill.err = list, err
	rc.mu.Unlock()
	close(fill.done)
}

// invalidate drops every cached list; called on every commit (and on
// commits whose outcome is unknown).
func (rc *readCache) invalidate() {
	rc.mu.Lock()
	rc.gen++
	clear(rc.lists)
	rc.mu.Unlock()
}
