package index

import (
	"math"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
)

// KnownField reports whether a field name can be used in q, sort or stats:
// a documented element, an alias, or any element some session has.
func (ix *Index) KnownField(name string) bool {
	if name == FieldContent {
		return true
	}
	if _, ok := aliases[name]; ok {
		return true
	}
	for _, p := range ResolvePaths(name) {
		if ix.cols[p] != nil || schemaSet[p] {
			return true
		}
	}
	return false
}

// ParseQuery parses the q parameter for session search.
func (ix *Index) ParseQuery(q string) (query.Node, error) {
	return query.Parse(q, query.Options{KnownField: ix.KnownField})
}

// evalBool evaluates the boolean structure of a query (match-all, AND, OR,
// NOT) to a set of size members, the sessions of a search or the texts of
// a content search; leaf evaluates everything else (terms and ranges). A
// NOT inside an AND, once there is a set to subtract from, is subtracted
// rather than complemented and intersected: the same set, less work.
func evalBool(n query.Node, size int, leaf func(query.Node) (Bitmap, error)) (Bitmap, error) {
	switch x := n.(type) {
	case query.MatchAll:
		return FullBitmap(size), nil
	case *query.And:
		var out Bitmap
		for _, k := range x.Nodes {
			if not, ok := k.(*query.Not); ok && out != nil {
				m, err := evalBool(not.Node, size, leaf)
				if err != nil {
					return nil, err
				}
				out.AndNot(m)
				continue
			}
			m, err := evalBool(k, size, leaf)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = m
			} else {
				out.And(m)
			}
		}
		return out, nil
	case *query.Or:
		out := NewBitmap(size)
		for _, k := range x.Nodes {
			m, err := evalBool(k, size, leaf)
			if err != nil {
				return nil, err
			}
			out.Or(m)
		}
		return out, nil
	case *query.Not:
		m, err := evalBool(x.Node, size, leaf)
		if err != nil {
			return nil, err
		}
		m.Not(size)
		return m, nil
	}
	return leaf(n)
}

// Eval evaluates a parsed query to the set of matching sessions.
func (ix *Index) Eval(n query.Node) (Bitmap, error) {
	return evalBool(n, ix.n, ix.evalLeaf)
}

// evalLeaf evaluates one term or range of a session query.
func (ix *Index) evalLeaf(n query.Node) (Bitmap, error) {
	switch x := n.(type) {
	case *query.Term:
		if x.Field == FieldContent {
			if x.Glob != nil && x.Glob.LeadingWildcard() {
				return nil, queryError(x.Pos, x.Text, "content search must not begin with the * wildcard")
			}
			return ix.ContentSessions(x)
		}
		return ix.evalField(x.Field, func(c *column) matcher { return compileTerm(x, c.isTime) }), nil
	case *query.Range:
		if x.Field == FieldContent {
			return nil, queryError(x.Pos, "", "ranges are not supported in content search")
		}
		var err error
		out := ix.evalField(x.Field, func(c *column) matcher {
			m, e := compileRange(x, c.isTime)
			if e != nil {
				err = e
				return func(*valueView) bool { return false }
			}
			return m
		})
		return out, err
	}
	return FullBitmap(ix.n), nil
}

// evalField matches a field against every column it may live in. A session
// takes the field from the first of the alias paths it has, so a later path
// only counts for sessions lacking the earlier ones.
func (ix *Index) evalField(field string, compile func(c *column) matcher) Bitmap {
	size := ix.n
	out := NewBitmap(size)
	var covered Bitmap
	for _, p := range ResolvePaths(field) {
		c := ix.cols[p]
		if c == nil {
			continue
		}
		m := ix.matchColumn(c, compile(c))
		if covered != nil {
			m.AndNot(covered)
			covered.Or(c.present)
		} else {
			covered = c.present.Clone()
		}
		out.Or(m)
	}
	return out
}

// matchColumn runs a matcher over a column's distinct values and collects
// the sessions of the matching ones from their postings. Why postings and not
// a scan of every session: the package comment.
func (ix *Index) matchColumn(c *column, m matcher) Bitmap {
	c.prepare()
	out := NewBitmap(ix.n)
	v := valueView{tim: NoTime}
	for t := range c.terms {
		v.lower, v.num = c.lower[t], c.num[t]
		if c.isTime {
			v.tim = c.tim[t]
		}
		if m(&v) {
			for _, s := range c.postings(int32(t)) {
				out.Set(s)
			}
		}
	}
	return out
}

// ContentSessions returns the sessions with at least one event text the
// content expression matches.
func (ix *Index) ContentSessions(n query.Node) (Bitmap, error) {
	ix.text.prepare()
	texts, err := ix.text.evalTexts(n)
	if err != nil {
		return nil, err
	}
	out := NewBitmap(ix.n)
	texts.Each(func(i int32) {
		for _, s := range ix.text.post[i] {
			out.Set(s)
		}
	})
	return out, nil
}

// Window holds the start/end parameters as UNIX ns: a session is kept when
// it overlaps [from, to]: it had not ended before from and had started by
// to. (The vendor's worked stats example only adds up this way; see the audit package comment.)
type Window struct {
	From, To int64
}

func OpenWindow() Window { return Window{From: math.MinInt64, To: math.MaxInt64} }

func (w Window) Open() bool { return w.From == math.MinInt64 && w.To == math.MaxInt64 }

// ApplyWindow removes sessions outside the Window from b.
func (ix *Index) ApplyWindow(b Bitmap, w Window) {
	if w.Open() {
		return
	}
	b.Each(func(s int32) {
		keep := ix.endT[s] >= w.From
		if w.To != math.MaxInt64 {
			keep = keep && ix.startT[s] != NoTime && ix.startT[s] <= w.To
		}
		if !keep {
			b[s>>6] &^= 1 << (uint(s) & 63)
		}
	})
}

// CapFirst keeps only the first limit members of b in default order.
func (ix *Index) CapFirst(b Bitmap, limit int) {
	if b.Count() <= limit {
		return
	}
	kept := 0
	for _, s := range ix.order {
		if !b.Has(s) {
			continue
		}
		if kept >= limit {
			b[s>>6] &^= 1 << (uint(s) & 63)
			continue
		}
		kept++
	}
}

// ObjectField reports whether any column lives under the given object path
// (for ?fields= naming a whole object such as client).
func (ix *Index) ObjectField(name string) bool {
	for _, p := range ResolvePaths(name) {
		prefix := p + "."
		for path := range ix.cols {
			if strings.HasPrefix(path, prefix) {
				return true
			}
		}
		for _, sp := range schemaPaths {
			if strings.HasPrefix(sp, prefix) {
				return true
			}
		}
	}
	return false
}
