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

// valueCount is one distinct value of a field (by rank, see fieldIndex) and
// how many sessions have it.
type valueCount struct {
	rank  int32
	count int
}

type termRef struct {
	col *column
	t   int32
}

// countValues counts, over the sessions in b, how many have each value of a
// field (a session with a list counts once per distinct value), most
// frequent first; ties by value (numbers numerically), as Elasticsearch's
// terms aggregation orders them.
func (st *Store) countValues(fi *fieldIndex, b bitmap) []valueCount {
	counts := make([]int32, len(fi.reps))
	var buf []int32
	b.each(func(s int32) {
		buf = fi.sessionRanks(s, buf[:0])
		for _, r := range buf {
			counts[r]++
		}
	})
	var out []valueCount
	for r, n := range counts {
		if n > 0 {
			out = append(out, valueCount{rank: int32(r), count: int(n)})
		}
	}
	slices.SortFunc(out, func(a, b valueCount) int {
		if a.count != b.count {
			return cmp.Compare(b.count, a.count)
		}
		return cmp.Compare(a.rank, b.rank)
	})
	return out
}

// rawValue is the JSON form of a ranked value.
func (fi *fieldIndex) rawValue(rank int32) json.RawMessage {
	ref := fi.reps[rank]
	return ref.col.terms[ref.t].raw()
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

// sessionsByValue splits the sessions of b by value: one set per given
// value (a session with several of them is in several sets).
func (st *Store) sessionsByValue(fi *fieldIndex, b bitmap, values []valueCount) []bitmap {
	sets := make([]bitmap, len(values))
	which := map[int32]int{}
	for i, v := range values {
		sets[i] = newBitmap(len(st.sessions))
		which[v.rank] = i
	}
	var buf []int32
	b.each(func(s int32) {
		buf = fi.sessionRanks(s, buf[:0])
		for _, r := range buf {
			if i, ok := which[r]; ok {
				sets[i].set(s)
			}
		}
	})
	return sets
}

// topValues splits counted values into the first size and the sum of the
// counts of the rest ("others").
func topValues(all []valueCount, size int) ([]valueCount, int) {
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
	b, err := st.filter(v, "InvalidQueryValue", h.contentCap)
	if err != nil {
		writeErr(w, r, err)
		return
	}
	fi := st.fieldIndex(field)
	top, others := topValues(st.countValues(fi, b), size)
	var subSets []bitmap
	var subFi *fieldIndex
	if sub != "" {
		subSets = st.sessionsByValue(fi, b, top)
		subFi = st.fieldIndex(sub)
	}
	items := make([]statItem, 0, len(top))
	for i, g := range top {
		item := statItem{Count: g.count, Value: fi.rawValue(g.rank)}
		if sub != "" {
			subTop, subOthers := topValues(st.countValues(subFi, subSets[i]), size)
			item.Buckets = make([]statBucket, 0, len(subTop))
			for _, sg := range subTop {
				item.Buckets = append(item.Buckets, statBucket{Count: sg.count, Value: subFi.rawValue(sg.rank)})
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
