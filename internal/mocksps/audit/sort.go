package audit

import (
	"cmp"
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

const classMissing = 3

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

// sortValue is session s's value of a sort field: the smallest of its values
// ascending, the largest descending.
func (st *Store) sortValue(paths []*column, s int32, desc bool, buf []int32) sortVal {
	for _, c := range paths {
		if c == nil || c.first[s] < 0 {
			continue
		}
		best := sortVal{class: classMissing}
		for _, t := range c.values(s, buf[:0]) {
			v := termSortVal(c, t)
			if best.class == classMissing {
				best = v
				continue
			}
			if d := compareVal(v, best); desc && d > 0 || !desc && d < 0 {
				best = v
			}
		}
		return best
	}
	return sortVal{class: classMissing}
}

// sorted returns the matching sessions in the requested order (default
// order when specs is empty), at most limit of them from offset.
func (st *Store) sorted(b bitmap, specs []sortSpec, offset, limit int) []int32 {
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
	keys := make([][]sortVal, len(specs))
	var buf []int32
	for k, spec := range specs {
		var cols []*column
		for _, p := range resolvePaths(spec.field) {
			cols = append(cols, st.cols[p])
		}
		vals := make([]sortVal, len(st.sessions))
		for _, s := range ids {
			vals[s] = st.sortValue(cols, s, spec.desc, buf)
		}
		keys[k] = vals
	}
	slices.SortFunc(ids, func(a, b int32) int {
		for k, spec := range specs {
			va, vb := keys[k][a], keys[k][b]
			if va.class == classMissing || vb.class == classMissing {
				if d := boolCmp(va.class == classMissing, vb.class == classMissing); d != 0 {
					return d
				}
				continue
			}
			d := compareVal(va, vb)
			if spec.desc {
				d = -d
			}
			if d != 0 {
				return d
			}
		}
		return cmp.Compare(st.rank[a], st.rank[b])
	})
	return page(ids, offset, limit)
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func page(ids []int32, offset, limit int) []int32 {
	if offset >= len(ids) {
		return nil
	}
	return ids[offset:min(len(ids), offset+limit)]
}
