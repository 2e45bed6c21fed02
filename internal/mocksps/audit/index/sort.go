package index

import (
	"cmp"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// SortSpec is one sort key: a field, and whether it sorts descending.
type SortSpec struct {
	Field string
	Desc  bool
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
	if c.isTime && c.tim[t] != NoTime {
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

// Sorted returns the matching sessions in the requested order (default
// order when specs is empty), at most limit of them from offset. Each key is
// the session's value rank (smallest ascending, largest descending); a
// session without the field is last in both directions; ties keep the
// default order.
func (ix *Index) Sorted(b Bitmap, specs []SortSpec, offset, limit int) []int32 {
	return ix.sortedPacked(b, specs, offset, limit, true)
}

// sortedPacked is Sorted; allowPacked=false forces the general comparison
// (tests check both agree).
func (ix *Index) sortedPacked(b Bitmap, specs []SortSpec, offset, limit int, allowPacked bool) []int32 {
	want := offset + limit
	if len(specs) == 0 {
		out := make([]int32, 0, min(want, 1024))
		for _, s := range ix.order {
			if len(out) >= want {
				break
			}
			if b.Has(s) {
				out = append(out, s)
			}
		}
		return page(out, offset, limit)
	}
	ids := make([]int32, 0, b.Count())
	b.Each(func(s int32) { ids = append(ids, s) })
	// One column of keys per sort field: the session's value rank (smallest
	// ascending; descending uses top-rank of the largest), top+1 when the
	// session has no value, so it is last either way.
	keys := make([][]uint32, len(specs))
	widths := make([]uint, len(specs))
	var buf []int32
	for ki, spec := range specs {
		fi := ix.Field(spec.Field)
		top := uint32(len(fi.reps))
		col := make([]uint32, len(ids))
		for pos, s := range ids {
			buf = fi.sessionRanks(s, buf[:0])
			switch {
			case len(buf) == 0:
				col[pos] = top + 1
			case spec.Desc:
				col[pos] = top - uint32(slices.Max(buf))
			default:
				col[pos] = uint32(slices.Min(buf))
			}
		}
		keys[ki] = col
		widths[ki] = uint(bits.Len32(top + 1))
	}
	// The default-order position breaks ties and names the session.
	tieWidth := uint(bits.Len32(uint32(ix.n)))
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
			packed[pos] = v<<tieWidth | uint64(ix.rank[s])
		}
		slices.Sort(packed)
		mask := uint64(1)<<tieWidth - 1
		packed = page(packed, offset, limit)
		out := make([]int32, len(packed))
		for i, v := range packed {
			out[i] = ix.order[v&mask]
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
		return cmp.Compare(ix.rank[ids[a]], ix.rank[ids[b]])
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
