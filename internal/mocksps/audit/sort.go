package audit

import (
	"cmp"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// sortSpec is one ?sort key: a field, descending with a leading '-'.
type sortSpec struct {
	field string
	desc  bool
}

// parseSort reads ?sort=duration,-start_time.
func (st *Store) parseSort(s string) ([]sortSpec, error) {
	var out []sortSpec
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		spec := sortSpec{field: part}
		if rest, ok := strings.CutPrefix(part, "-"); ok {
			spec = sortSpec{field: rest, desc: true}
		} else if rest, ok := strings.CutPrefix(part, "+"); ok {
			spec.field = rest
		}
		if spec.field == "" || spec.field == fieldContent || !st.knownField(spec.field) {
			return nil, badRequest("InvalidQuery", "invalid sort: unknown field "+strconv.Quote(spec.field), map[string]any{"parameter": "sort", "field": spec.field})
		}
		out = append(out, spec)
	}
	return out, nil
}

// sortVal is a comparable form of a field value: times before numbers before
// text; a session without the field sorts last in both directions (as
// Elasticsearch does by default).
type sortVal struct {
	class uint8 // 0 time, 1 number, 2 text, 3 missing
	i     int64
	f     float64
	s     string
}

func termSortVal(c *column, t int32) sortVal {
	term := &c.terms[t]
	if c.isTime && c.tim[t] != noTime {
		return sortVal{class: 0, i: c.tim[t]}
	}
	switch term.kind {
	case kInt:
		return sortVal{class: 1, f: float64(term.i)}
	case kNum:
		if f, err := strconv.ParseFloat(term.s, 64); err == nil {
			return sortVal{class: 1, f: f}
		}
	}
	return sortVal{class: 2, s: term.text()}
}

func compareVal(a, b sortVal) int {
	if a.class != b.class {
		return cmp.Compare(a.class, b.class)
	}
	switch a.class {
	case 0:
		return cmp.Compare(a.i, b.i)
	case 1:
		return cmp.Compare(a.f, b.f)
	case 2:
		return strings.Compare(a.s, b.s)
	}
	return 0
}

// sorted returns the matching sessions in the requested order (default
// order when specs is empty), at most limit of them from offset. Each key is
// the session's value rank (smallest ascending, largest descending); a
// session without the field is last in both directions; ties keep the
// default order.
func (st *Store) sorted(b bitmap, specs []sortSpec, offset, limit int) []int32 {
	return st.sortedPacked(b, specs, offset, limit, true)
}

// sortedPacked is sorted; allowPacked=false forces the general comparison
// (tests check both agree).
func (st *Store) sortedPacked(b bitmap, specs []sortSpec, offset, limit int, allowPacked bool) []int32 {
	want := offset + limit
	if len(specs) == 0 {
		out := make([]int32, 0, min(want, 1024))
		for _, s := range st.order {
			if len(out) >= want {
				break
			}
			if b.has(s) {
				out = append(out, s)
			}
		}
		return page(out, offset, limit)
	}
	ids := make([]int32, 0, b.count())
	b.each(func(s int32) { ids = append(ids, s) })
	// One column of keys per sort field: the session's value rank (smallest
	// ascending; descending uses top-rank of the largest), top+1 when the
	// session has no value, so it is last either way.
	keys := make([][]uint32, len(specs))
	widths := make([]uint, len(specs))
	var buf []int32
	for ki, spec := range specs {
		fi := st.fieldIndex(spec.field)
		top := uint32(len(fi.reps))
		col := make([]uint32, len(ids))
		for pos, s := range ids {
			buf = fi.sessionRanks(s, buf[:0])
			switch {
			case len(buf) == 0:
				col[pos] = top + 1
			case spec.desc:
				col[pos] = top - uint32(slices.Max(buf))
			default:
				col[pos] = uint32(slices.Min(buf))
			}
		}
		keys[ki] = col
		widths[ki] = uint(bits.Len32(top + 1))
	}
	// The default-order position breaks ties and names the session.
	tieWidth := uint(bits.Len32(uint32(len(st.sessions))))
	total := tieWidth
	for _, w := range widths {
		total += w
	}
	if total <= 64 && allowPacked {
		// Pack all keys into one integer: sorting plain uint64s is several
		// times faster than a multi-key comparison.
		packed := make([]uint64, len(ids))
		for pos, s := range ids {
			var v uint64
			for ki := range specs {
				v = v<<widths[ki] | uint64(keys[ki][pos])
			}
			packed[pos] = v<<tieWidth | uint64(st.rank[s])
		}
		slices.Sort(packed)
		mask := uint64(1)<<tieWidth - 1
		packed = page(packed, offset, limit)
		out := make([]int32, len(packed))
		for i, v := range packed {
			out[i] = st.order[v&mask]
		}
		return out
	}
	perm := make([]int32, len(ids))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int {
		for _, col := range keys {
			if col[a] != col[b] {
				return cmp.Compare(col[a], col[b])
			}
		}
		return cmp.Compare(st.rank[ids[a]], st.rank[ids[b]])
	})
	perm = page(perm, offset, limit)
	out := make([]int32, len(perm))
	for i, p := range perm {
		out[i] = ids[p]
	}
	return out
}

func page[T any](ids []T, offset, limit int) []T {
	if offset >= len(ids) {
		return nil
	}
	return ids[offset:min(len(ids), offset+limit)]
}
