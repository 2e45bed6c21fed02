package gen

import (
	"bytes"
	"testing"
	"time"
)

func TestDocCacheServesTheRenderedDocument(t *testing.T) {
	now := time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)
	st := New(50, 9, now)
	fresh := New(50, 9, now) // same sessions, nothing cached yet
	for s := range 50 {
		first := st.Doc(s)
		again := st.Doc(s)
		if !bytes.Equal(first, fresh.Doc(s)) || !bytes.Equal(first, again) {
			t.Fatalf("session %d: cached document differs from a fresh rendering", s)
		}
		if &first[0] != &again[0] {
			t.Fatalf("session %d rendered twice instead of served from the cache", s)
		}
		if cap(first) != len(first) {
			t.Fatalf("session %d: shared document has spare capacity %d, an append would write into it", s, cap(first)-len(first))
		}
	}
}

func TestDocCacheIsBounded(t *testing.T) {
	c := newDocCache(maxCachedDocs + 10)
	render := func() []byte { return []byte(`{"x":1}`) }
	for s := range int32(maxCachedDocs + 10) {
		c.get(s, render)
	}
	stored := 0
	for i := range c.docs {
		if c.docs[i].Load() != nil {
			stored++
		}
	}
	if stored != maxCachedDocs {
		t.Fatalf("cache holds %d documents, want the bound %d", stored, maxCachedDocs)
	}
}
