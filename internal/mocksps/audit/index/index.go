// Package index is the search index of the mock's session database: every
// leaf element of the session documents is a column (its distinct values,
// which values each session has, and postings: which sessions have each
// value), plus the words of the sessions' event texts. It evaluates the
// query language (package query) to sets of sessions (Bitmap), sorts them
// and counts their values for stats and histograms. It knows sessions by
// position only; keys, documents and HTTP are the store's (package audit).
//
// A query leaf is matched once per distinct value and its postings are ORed
// into a Bitmap; sorting and stats use per-field value ranks built on first
// use. The postings are kept because of the largest store in use:
// BenchmarkFilterIndexVsScan times them against a linear scan of the same
// columns. At the sizes tests and `make mock` use (up to 10,000 sessions)
// either costs about a millisecond or less per request, so the index is
// not needed there; at `make bench`'s 100,000 sessions the scan is 3 to 70
// times slower and would be the largest part of a search request. The
// postings cost 4 bytes per indexed value.
package index

import (
	"slices"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// Index is the search index of one state of the session database. It is
// read-only once built (the parts prepared on first use are guarded), so
// any number of requests share it.
type Index struct {
	n      int
	cols   map[string]*column
	startT []int64 // UNIX ns of start_time, NoTime when missing
	endT   []int64 // UNIX ns of end_time, MaxTime while running
	order  []int32 // default listing order: newest start first
	rank   []int32 // session -> position in order (sort tie-break)
	trail  Bitmap  // sessions with an audit trail
	text   *contentIndex
	ranks  rankCache
}

// Build indexes every session of src.
func Build(src jsondoc.Source) *Index {
	n := src.Len()
	b := newIndexer(n)
	tb := newContentBuilder()
	for i := range n {
		b.sess = int32(i)
		src.Emit(i, b)
		src.Contents(i, func(c []byte) { tb.addBytes(int32(i), c) })
	}
	ix := &Index{n: n, cols: b.cols, trail: b.trail, text: tb.finish()}
	for _, c := range ix.cols {
		c.finish(n)
	}
	ix.startT = ix.columnTimes("start_time")
	ix.endT = ix.columnTimes("end_time")
	active := ix.cols["active"]
	for i := range ix.endT {
		if ix.endT[i] != NoTime {
			continue
		}
		// No end time: still running, unless the document says it is not
		// active, in which case it ended when it started (as far as we know).
		if active != nil && active.first[i] >= 0 && active.terms[active.first[i]].text() == "false" && ix.startT[i] != NoTime {
			ix.endT[i] = ix.startT[i]
		} else {
			ix.endT[i] = MaxTime
		}
	}
	ix.order = defaultOrder(src, ix.startT)
	ix.rank = make([]int32, n)
	for p, s := range ix.order {
		ix.rank[s] = int32(p)
	}
	return ix
}

// defaultOrder lists the sessions newest start first; sessions without a
// start come last; ties by key, larger first (digit runs compared as
// numbers).
func defaultOrder(src jsondoc.Source, startT []int64) []int32 {
	order := make([]int32, len(startT))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ta, tb := startT[a], startT[b]
		switch {
		case ta == tb:
			return -naturalCompare(src.Key(int(a)), src.Key(int(b)))
		case ta == NoTime:
			return 1
		case tb == NoTime:
			return -1
		case ta > tb:
			return -1
		}
		return 1
	})
	return order
}

// Len is the number of sessions indexed.
func (ix *Index) Len() int { return ix.n }

// Start and End are session s's start and end (UNIX ns); Start is NoTime
// when the session has none, End MaxTime while it runs.
func (ix *Index) Start(s int32) int64 { return ix.startT[s] }
func (ix *Index) End(s int32) int64   { return ix.endT[s] }

// HasTrail reports whether session s has an audit trail.
func (ix *Index) HasTrail(s int32) bool { return ix.trail.Has(s) }

// columnTimes reads the first value of a time column for every session.
func (ix *Index) columnTimes(path string) []int64 {
	out := make([]int64, ix.n)
	c := ix.cols[path]
	for i := range out {
		out[i] = NoTime
		if c != nil && c.first[i] >= 0 {
			out[i] = c.tim[c.first[i]]
		}
	}
	return out
}

// FieldTexts returns the plain-text values a field (alias rules applied)
// has for session s.
func (ix *Index) FieldTexts(field string, s int32) []string {
	var out []string
	for _, p := range ResolvePaths(field) {
		c := ix.cols[p]
		if c == nil || c.first[s] < 0 {
			continue
		}
		for _, t := range c.values(s, nil) {
			out = append(out, c.terms[t].text())
		}
		return out
	}
	return nil
}

// LeafPaths lists every indexed element path, sorted.
func (ix *Index) LeafPaths() []string {
	out := make([]string, 0, len(ix.cols))
	for p := range ix.cols {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// naturalCompare orders strings with digit runs compared as numbers, so
// session "10" sorts after "2".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		ca, cb := a[0], b[0]
		if isDigit(ca) && isDigit(cb) {
			na, nb := digitRun(a), digitRun(b)
			ta, tb := strings.TrimLeft(a[:na], "0"), strings.TrimLeft(b[:nb], "0")
			if len(ta) != len(tb) {
				return cmpInt(len(ta), len(tb))
			}
			if c := strings.Compare(ta, tb); c != 0 {
				return c
			}
			if na != nb {
				return cmpInt(na, nb)
			}
			a, b = a[na:], b[nb:]
			continue
		}
		if ca != cb {
			return cmpInt(int(ca), int(cb))
		}
		a, b = a[1:], b[1:]
	}
	return cmpInt(len(a), len(b))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitRun(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
