package audit

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// Stats limits.
const (
	DefaultStatsSize = 10    // ?size default (the vendor sample shows 10)
	MaxStatsSize     = 10000 // larger sizes are capped
	StatsContentCap  = 3000  // a content search counts only its first 3000 sessions
)

// valueCount is one distinct value of a field and how many sessions have it.
type valueCount struct {
	raw   json.RawMessage
	text  string
	num   float64
	isNum bool
	count int
	refs  []termRef // the column terms holding this value
}

type termRef struct {
	col *column
	t   int32
}

// countValues counts, over the sessions in b, how many have each value of a
// field (a session with a list counts once per distinct value). Values are
// grouped by their JSON form, across the alias paths the field may live in.
func (st *Store) countValues(field string, b bitmap) []*valueCount {
	cols := st.fieldColumns(field)
	counts := make([][]int32, len(cols))
	for i, c := range cols {
		counts[i] = make([]int32, len(c.terms))
	}
	var buf []int32
	b.each(func(s int32) {
		for i, c := range cols {
			if c.first[s] < 0 {
				continue
			}
			buf = c.values(s, buf[:0])
			for _, t := range buf {
				counts[i][t]++
			}
			return
		}
	})
	groups := map[string]*valueCount{}
	var order []*valueCount
	for i, c := range cols {
		for t, n := range counts[i] {
			if n == 0 {
				continue
			}
			raw := c.terms[t].raw()
			g := groups[string(raw)]
			if g == nil {
				g = &valueCount{raw: raw, text: c.terms[t].text()}
				if k := c.terms[t].kind; k == kInt || k == kNum {
					g.num, _ = strconv.ParseFloat(g.text, 64)
					g.isNum = true
				}
				groups[string(raw)] = g
				order = append(order, g)
			}
			g.count += int(n)
			g.refs = append(g.refs, termRef{c, int32(t)})
		}
	}
	// Most frequent first; ties by value (numbers numerically), as
	// Elasticsearch's terms aggregation orders them.
	slices.SortFunc(order, func(a, b *valueCount) int {
		if a.count != b.count {
			return cmp.Compare(b.count, a.count)
		}
		if a.isNum && b.isNum {
			return cmp.Compare(a.num, b.num)
		}
		return strings.Compare(a.text, b.text)
	})
	return order
}

// fieldColumns lists the existing columns a field may live in, in alias order.
func (st *Store) fieldColumns(field string) []*column {
	var cols []*column
	for _, p := range resolvePaths(field) {
		if c := st.cols[p]; c != nil {
			cols = append(cols, c)
		}
	}
	return cols
}

// sessionsWith returns the sessions of b whose field has value g.
func (st *Store) sessionsWith(field string, g *valueCount, b bitmap) bitmap {
	cols := st.fieldColumns(field)
	out := newBitmap(len(st.sessions))
	for _, ref := range g.refs {
		for _, s := range ref.col.postings(ref.t) {
			if b.has(s) && st.firstColumnWith(cols, s) == ref.col {
				out.set(s)
			}
		}
	}
	return out
}

// firstColumnWith is the alias column a session's field value comes from.
func (st *Store) firstColumnWith(cols []*column, s int32) *column {
	for _, c := range cols {
		if c.first[s] >= 0 {
			return c
		}
	}
	return nil
}

// topValues splits counted values into the first size and the sum of the
// counts of the rest ("others").
func topValues(all []*valueCount, size int) ([]*valueCount, int) {
	if len(all) <= size {
		return all, 0
	}
	others := 0
	for _, v := range all[size:] {
		others += v.count
	}
	return all[:size], others
}

type statItem struct {
	Buckets []statBucket    `json:"buckets,omitempty"`
	Count   int             `json:"count"`
	Others  *int            `json:"others,omitempty"`
	Value   json.RawMessage `json:"value"`
}

type statBucket struct {
	Count int             `json:"count"`
	Value json.RawMessage `json:"value"`
}

// stats serves GET /api/audit/sessions/stats.
func (h *handler) stats(w http.ResponseWriter, r *http.Request) {
	st := h.st
	v := params(r)
	field := v.Get("field")
	if field == "" {
		writeErr(w, r, badRequest("InvalidQueryValue", "the field parameter is required", map[string]any{"parameter": "field"}))
		return
	}
	if field == fieldContent || !st.knownField(field) {
		writeErr(w, r, badRequest("InvalidQueryValue", "unknown field "+strconv.Quote(field), map[string]any{"parameter": "field", "field": field}))
		return
	}
	// sub_fields takes one field; SPS ignores any after the first.
	sub := ""
	if raw := v.Get("sub_fields"); raw != "" {
		sub = strings.TrimSpace(strings.Split(raw, ",")[0])
		if sub == fieldContent || !st.knownField(sub) {
			writeErr(w, r, badRequest("InvalidQueryValue", "unknown sub field "+strconv.Quote(sub), map[string]any{"parameter": "sub_fields", "field": sub}))
			return
		}
	}
	size, err := statsSize(v.Get("size"))
	if err != nil {
		writeErr(w, r, err)
		return
	}
	b, err := st.filter(v, "InvalidQueryValue", StatsContentCap)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	top, others := topValues(st.countValues(field, b), size)
	items := make([]statItem, 0, len(top))
	for _, g := range top {
		item := statItem{Count: g.count, Value: g.raw}
		if sub != "" {
			subTop, subOthers := topValues(st.countValues(sub, st.sessionsWith(field, g, b)), size)
			item.Buckets = make([]statBucket, 0, len(subTop))
			for _, sg := range subTop {
				item.Buckets = append(item.Buckets, statBucket{Count: sg.count, Value: sg.raw})
			}
			item.Others = &subOthers
		}
		items = append(items, item)
	}
	meta := map[string]any{
		"field":  field,
		"href":   sessionsHref + "/stats",
		"others": others,
		"parent": sessionsHref,
		"size":   size,
	}
	if sub != "" {
		meta["sub_fields"] = sub
	}
	addRemaining(meta, r)
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "meta": meta})
}

func statsSize(s string) (int, error) {
	if s == "" {
		return DefaultStatsSize, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, badRequest("InvalidQueryValue", fmt.Sprintf("invalid size %q: expected a positive integer", s), map[string]any{"parameter": "size"})
	}
	return min(n, MaxStatsSize), nil
}
