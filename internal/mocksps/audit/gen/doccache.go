package gen

import "sync/atomic"

// maxCachedDocs bounds the memory the rendered-document cache can take
// (about 2 KB a session): searches page through at most 10,000 results, so
// the sessions being read repeatedly fit.
const maxCachedDocs = 20000

// docCache keeps the JSON of generated sessions once rendered. Generated
// sessions are a position, not bytes, so that 100,000 of them stay small;
// re-deriving one is most of the CPU a search page costs, and clients read
// the same pages again and again.
type docCache struct {
	docs  []atomic.Pointer[[]byte]
	count atomic.Int64
}

func newDocCache(n int) *docCache { return &docCache{docs: make([]atomic.Pointer[[]byte], n)} }

// get returns session s's rendered document, rendering it on first use.
// The result is shared: callers must not modify it (its capacity is cut to
// its length, so an append copies).
func (c *docCache) get(s int32, render func() []byte) []byte {
	if p := c.docs[s].Load(); p != nil {
		return *p
	}
	b := render()
	b = b[:len(b):len(b)]
	if c.count.Add(1) <= maxCachedDocs {
		c.docs[s].Store(&b)
	}
	return b
}
