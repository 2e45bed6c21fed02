package audit

import (
	"errors"
	"math"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
)

// knownField reports whether a field name can be used in q, sort or stats:
// a documented element, an alias, or any element some session has.
func (st *Store) knownField(name string) bool {
	if name == fieldContent {
		return true
	}
	if _, ok := aliases[name]; ok {
		return true
	}
	for _, p := range resolvePaths(name) {
		if st.cols[p] != nil || schemaSet[p] {
			return true
		}
	}
	return false
}

// parseQuery parses the q parameter for session search.
func (st *Store) parseQuery(q string) (query.Node, error) {
	return query.Parse(q, query.Options{KnownField: st.knownField})
}

// evalBool evaluates the boolean structure of a query (match-all, AND, OR,
// NOT) to a set of size members, the sessions of a search or the texts of
// a content search; leaf evaluates everything else (terms and ranges). A
// NOT inside an AND, once there is a set to subtract from, is subtracted
// rather than complemented and intersected: the same set, less work.
func evalBool(n query.Node, size int, leaf func(query.Node) (bitmap, error)) (bitmap, error) {
	switch x := n.(type) {
	case query.MatchAll:
		return fullBitmap(size), nil
	case *query.And:
		var out bitmap
		for _, k := range x.Nodes {
			if not, ok := k.(*query.Not); ok && out != nil {
				m, err := evalBool(not.Node, size, leaf)
				if err != nil {
					return nil, err
				}
				out.andNot(m)
				continue
			}
			m, err := evalBool(k, size, leaf)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = m
			} else {
				out.and(m)
			}
		}
		return out, nil
	case *query.Or:
		out := newBitmap(size)
		for _, k := range x.Nodes {
			m, err := evalBool(k, size, leaf)
			if err != nil {
				return nil, err
			}
			out.or(m)
		}
		return out, nil
	case *query.Not:
		m, err := evalBool(x.Node, size, leaf)
		if err != nil {
			return nil, err
		}
		m.not(size)
		return m, nil
	}
	return leaf(n)
}

// eval evaluates a parsed query to the set of matching sessions.
func (st *Store) eval(n query.Node) (bitmap, error) {
	return evalBool(n, len(st.sessions), st.evalLeaf)
}

// evalLeaf evaluates one term or range of a session query.
func (st *Store) evalLeaf(n query.Node) (bitmap, error) {
	switch x := n.(type) {
	case *query.Term:
		if x.Field == fieldContent {
			if x.Glob != nil && x.Glob.LeadingWildcard() {
				return nil, queryError(x.Pos, x.Text, "content search must not begin with the * wildcard")
			}
			return st.contentSessions(x)
		}
		return st.evalField(x.Field, func(c *column) matcher { return compileTerm(x, c.isTime) }), nil
	case *query.Range:
		if x.Field == fieldContent {
			return nil, queryError(x.Pos, "", "ranges are not supported in content search")
		}
		var err error
		out := st.evalField(x.Field, func(c *column) matcher {
			m, e := compileRange(x, c.isTime)
			if e != nil {
				err = e
				return func(*valueView) bool { return false }
			}
			return m
		})
		return out, err
	}
	return fullBitmap(len(st.sessions)), nil
}

// evalField matches a field against every column it may live in. A session
// takes the field from the first of the alias paths it has, so a later path
// only counts for sessions lacking the earlier ones.
func (st *Store) evalField(field string, compile func(c *column) matcher) bitmap {
	size := len(st.sessions)
	out := newBitmap(size)
	var covered bitmap
	for _, p := range resolvePaths(field) {
		c := st.cols[p]
		if c == nil {
			continue
		}
		m := st.matchColumn(c, compile(c))
		if covered != nil {
			m.andNot(covered)
			covered.or(c.present)
		} else {
			covered = c.present.clone()
		}
		out.or(m)
	}
	return out
}

// matchColumn runs a matcher over a column's distinct values and collects
// the sessions of the matching ones from their postings. Why postings and not
// a scan of every session: doc.go, "Search index".
func (st *Store) matchColumn(c *column, m matcher) bitmap {
	c.prepare()
	out := newBitmap(len(st.sessions))
	v := valueView{tim: noTime}
	for t := range c.terms {
		v.lower, v.num = c.lower[t], c.num[t]
		if c.isTime {
			v.tim = c.tim[t]
		}
		if m(&v) {
			for _, s := range c.postings(int32(t)) {
				out.set(s)
			}
		}
	}
	return out
}

// contentSessions returns the sessions with at least one event text the
// content expression matches.
func (st *Store) contentSessions(n query.Node) (bitmap, error) {
	st.text.prepare()
	texts, err := st.text.evalTexts(n)
	if err != nil {
		return nil, err
	}
	out := newBitmap(len(st.sessions))
	texts.each(func(i int32) {
		for _, s := range st.text.post[i] {
			out.set(s)
		}
	})
	return out, nil
}

// window holds the start/end parameters as UNIX ns: a session is kept when
// it overlaps [from, to]: it had not ended before from and had started by
// to. (The vendor's worked stats example only adds up this way; see doc.go.)
type window struct {
	from, to int64
}

func openWindow() window { return window{from: math.MinInt64, to: math.MaxInt64} }

func (w window) open() bool { return w.from == math.MinInt64 && w.to == math.MaxInt64 }

// applyWindow removes sessions outside the window from b.
func (st *Store) applyWindow(b bitmap, w window) {
	if w.open() {
		return
	}
	b.each(func(s int32) {
		keep := st.endT[s] >= w.from
		if w.to != math.MaxInt64 {
			keep = keep && st.startT[s] != noTime && st.startT[s] <= w.to
		}
		if !keep {
			b[s>>6] &^= 1 << (uint(s) & 63)
		}
	})
}

// capFirst keeps only the first limit members of b in default order.
func (st *Store) capFirst(b bitmap, limit int) {
	if b.count() <= limit {
		return
	}
	kept := 0
	for _, s := range st.order {
		if !b.has(s) {
			continue
		}
		if kept >= limit {
			b[s>>6] &^= 1 << (uint(s) & 63)
			continue
		}
		kept++
	}
}

// lowerPrefix reports whether any column lives under the given object path
// (for ?fields= naming a whole object such as client).
func (st *Store) objectField(name string) bool {
	for _, p := range resolvePaths(name) {
		prefix := p + "."
		for path := range st.cols {
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

// asPosError extracts a positioned query error.
func asPosError(err error) (*query.Error, bool) {
	var qe *query.Error
	if errors.As(err, &qe) {
		return qe, true
	}
	return nil, false
}
