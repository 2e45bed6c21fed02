package index

import (
	"fmt"
	"slices"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/gen"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
)

// This file answers one question: does the search index (matching distinct
// values once and walking their postings) pay for itself against a plain
// linear scan (visiting every session and testing each value it holds)?
// Both read the same column storage, which the store needs anyway to render
// documents; only the evaluation strategy differs. TestLinearScanMatchesIndex
// checks that they select the same sessions, so the benchmark compares equal
// work. The answer is recorded in the package comment.

// scanPred reports whether session s matches.
type scanPred func(s int32) bool

// compileScan turns a parsed query into a per-session predicate with the
// semantics of Index.Eval: a field is read from the first of its alias
// paths the session has a value in, and NOT is the complement.
func (ix *Index) compileScan(n query.Node) (scanPred, error) {
	switch x := n.(type) {
	case query.MatchAll:
		return func(int32) bool { return true }, nil
	case *query.And, *query.Or:
		preds, and, err := compileOperands(x, ix.compileScan)
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
		p, err := ix.compileScan(x.Node)
		if err != nil {
			return nil, err
		}
		return func(s int32) bool { return !p(s) }, nil
	case *query.Term:
		if x.Field == FieldContent {
			return nil, fmt.Errorf("content is searched through the text index in both strategies; leave it out of scan queries")
		}
		return ix.scanField(x.Field, func(c *column) (matcher, error) { return compileTerm(x, c.isTime), nil })
	case *query.Range:
		return ix.scanField(x.Field, func(c *column) (matcher, error) { return compileRange(x, c.isTime) })
	}
	return nil, fmt.Errorf("unexpected node %T", n)
}

func (ix *Index) scanField(field string, compile func(*column) (matcher, error)) (scanPred, error) {
	type colMatch struct {
		c *column
		m matcher
	}
	var cols []colMatch
	for _, p := range ResolvePaths(field) {
		c := ix.cols[p]
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
	v := &valueView{lower: c.lower[t], num: c.num[t], tim: NoTime}
	if c.isTime {
		v.tim = c.tim[t]
	}
	return v
}

// linearScan evaluates q by visiting every session.
func (ix *Index) linearScan(n query.Node) (Bitmap, error) {
	p, err := ix.compileScan(n)
	if err != nil {
		return nil, err
	}
	out := NewBitmap(ix.n)
	for s := range int32(ix.n) {
		if p(s) {
			out.Set(s)
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
	ix := Build(gen.New(3000, 8, genNow))
	for name, q := range scanQueries {
		n, err := ix.ParseQuery(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		idx, err := ix.Eval(n)
		if err != nil {
			t.Fatalf("%s: index: %v", name, err)
		}
		scan, err := ix.linearScan(n)
		if err != nil {
			t.Fatalf("%s: scan: %v", name, err)
		}
		if idx.Count() == 0 && q != "" {
			t.Fatalf("%s: no session matches %q; the comparison would prove nothing", name, q)
		}
		if !slices.Equal(idx, scan) {
			t.Errorf("%s: index selects %d sessions, scan %d", name, idx.Count(), scan.Count())
		}
	}
}

// scanSizes are the store sizes in use: the largest test stores (3,000 in
// this package, 5,000 in internal/sps), `make mock` (5,000), the bench's
// paging run (10,000) and its mock-speed run (100,000).
var scanSizes = []int{300, 5_000, 10_000, 100_000}

// BenchmarkFilterIndexVsScan times the q evaluation alone (what search,
// stats and histogram share), per strategy, query and store size:
//
//	go test -run '^$' -bench FilterIndexVsScan ./internal/mocksps/audit/index/
func BenchmarkFilterIndexVsScan(b *testing.B) {
	for _, size := range scanSizes {
		ix, _ := generated(size)
		for name, q := range scanQueries {
			n, err := ix.ParseQuery(q)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ix.Eval(n); err != nil { // prepare per-column data outside the timing
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/n=%d/index", name, size), func(b *testing.B) {
				for b.Loop() {
					if _, err := ix.Eval(n); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/n=%d/scan", name, size), func(b *testing.B) {
				for b.Loop() {
					if _, err := ix.linearScan(n); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
