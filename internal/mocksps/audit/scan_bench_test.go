package audit

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
)

// This file answers one question: does the search index (matching distinct
// values once and walking their postings) pay for itself against a plain
// linear scan (visiting every session and testing each value it holds)?
// Both read the same column storage, which the store needs anyway to render
// documents; only the evaluation strategy differs. TestLinearScanMatchesIndex
// checks that they select the same sessions, so the benchmark compares equal
// work. The answer is recorded in doc.go ("Search index").

// scanPred reports whether session s matches.
type scanPred func(s int32) bool

// compileScan turns a parsed query into a per-session predicate with the
// semantics of Store.eval: a field is read from the first of its alias
// paths the session has a value in, and NOT is the complement.
func (st *Store) compileScan(n query.Node) (scanPred, error) {
	switch x := n.(type) {
	case query.MatchAll:
		return func(int32) bool { return true }, nil
	case *query.And, *query.Or:
		preds, and, err := compileOperands(x, st.compileScan)
		if err != nil {
			return nil, err
		}
		if and {
			return func(s int32) bool {
				for _, p := range preds {
					if !p(s) {
						return false
					}
				}
				return true
			}, nil
		}
		return func(s int32) bool {
			for _, p := range preds {
				if p(s) {
					return true
				}
			}
			return false
		}, nil
	case *query.Not:
		p, err := st.compileScan(x.Node)
		if err != nil {
			return nil, err
		}
		return func(s int32) bool { return !p(s) }, nil
	case *query.Term:
		if x.Field == fieldContent {
			return nil, fmt.Errorf("content is searched through the text index in both strategies; leave it out of scan queries")
		}
		return st.scanField(x.Field, func(c *column) (matcher, error) { return compileTerm(x, c.isTime), nil })
	case *query.Range:
		return st.scanField(x.Field, func(c *column) (matcher, error) { return compileRange(x, c.isTime) })
	}
	return nil, fmt.Errorf("unexpected node %T", n)
}

func (st *Store) scanField(field string, compile func(*column) (matcher, error)) (scanPred, error) {
	type colMatch struct {
		c *column
		m matcher
	}
	var cols []colMatch
	for _, p := range resolvePaths(field) {
		c := st.cols[p]
		if c == nil {
			continue
		}
		c.prepare()
		m, err := compile(c)
		if err != nil {
			return nil, err
		}
		cols = append(cols, colMatch{c, m})
	}
	return func(s int32) bool {
		for _, cm := range cols {
			c := cm.c
			f := c.first[s]
			if f < 0 {
				continue // the session lacks this path: try the next alias
			}
			if cm.m(scanView(c, f)) {
				return true
			}
			for _, t := range c.extra[s] {
				if cm.m(scanView(c, t)) {
					return true
				}
			}
			return false // the first path the session has decides
		}
		return false
	}, nil
}

func scanView(c *column, t int32) *valueView {
	v := &valueView{lower: c.lower[t], num: c.num[t], tim: noTime}
	if c.isTime {
		v.tim = c.tim[t]
	}
	return v
}

// linearScan evaluates q by visiting every session.
func (st *Store) linearScan(n query.Node) (bitmap, error) {
	p, err := st.compileScan(n)
	if err != nil {
		return nil, err
	}
	out := newBitmap(len(st.sessions))
	for s := range int32(len(st.sessions)) {
		if p(s) {
			out.set(s)
		}
	}
	return out, nil
}

// scanQueries are the filters the benchmarks time: the `make bench` search,
// typical provider queries (one field; a wildcard with ranges) and the empty
// query that every unfiltered page, stats and histogram request evaluates.
var scanQueries = map[string]string{
	"bench_search": "(protocol:ssh OR protocol:rdp) AND verdict:ACCEPT AND NOT (user.gateway_username:admin OR user.gateway_username:jenkins)",
	"one_field":    "protocol:ssh",
	"wildcard_rng": "name:?a* AND client.port:[1024 TO 30000] AND start_time:[2024-04-01 TO *]",
	"match_all":    "",
}

func TestLinearScanMatchesIndex(t *testing.T) {
	st := Generate(3000, 8, genNow)
	for name, q := range scanQueries {
		n, err := st.parseQuery(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		idx, err := st.eval(n)
		if err != nil {
			t.Fatalf("%s: index: %v", name, err)
		}
		scan, err := st.linearScan(n)
		if err != nil {
			t.Fatalf("%s: scan: %v", name, err)
		}
		if idx.count() == 0 && q != "" {
			t.Fatalf("%s: no session matches %q; the comparison would prove nothing", name, q)
		}
		if !slices.Equal(idx, scan) {
			t.Errorf("%s: index selects %d sessions, scan %d", name, idx.count(), scan.count())
		}
	}
}

// scanSizes are the store sizes in use: the largest test stores (3,000 in
// this package, 5,000 in internal/sps), `make mock` (5,000), the bench's
// paging run (10,000) and its mock-speed run (100,000).
var scanSizes = []int{300, 5_000, 10_000, 100_000}

var (
	scanStoresMu sync.Mutex
	scanStores   = map[int]*Store{}
)

func scanStore(n int) *Store {
	scanStoresMu.Lock()
	defer scanStoresMu.Unlock()
	if n == 100_000 {
		return store100k()
	}
	if scanStores[n] == nil {
		scanStores[n] = Generate(n, 1, genNow)
	}
	return scanStores[n]
}

// BenchmarkFilterIndexVsScan times the q evaluation alone (what search,
// stats and histogram share), per strategy, query and store size:
//
//	go test -run '^$' -bench FilterIndexVsScan ./internal/mocksps/audit/
func BenchmarkFilterIndexVsScan(b *testing.B) {
	for _, size := range scanSizes {
		st := scanStore(size)
		for name, q := range scanQueries {
			n, err := st.parseQuery(q)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := st.eval(n); err != nil { // prepare per-column data outside the timing
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/n=%d/index", name, size), func(b *testing.B) {
				for b.Loop() {
					if _, err := st.eval(n); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/n=%d/scan", name, size), func(b *testing.B) {
				for b.Loop() {
					if _, err := st.linearScan(n); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
