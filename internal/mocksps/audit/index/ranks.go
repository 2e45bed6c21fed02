package index

import (
	"slices"
	"strings"
	"sync"
)

// FieldRanks orders all values a field takes, across the alias columns it
// may live in: equal values share a rank, and ranks follow sort order (times
// by instant, numbers numerically, text by bytes). Sorting and statistics
// then work on small integers instead of values. Built on first use per
// field and cached until the store changes.
type FieldRanks struct {
	cols  []*column
	ranks [][]int32 // per column: term id -> rank
	reps  []termRef // rank -> one term holding that value
}

// rankCache holds the built field indexes; it is replaced on rebuild.
type rankCache struct {
	mu sync.Mutex
	m  map[string]*FieldRanks
}

// FieldRanks returns the (cached) index of a field.
func (ix *Index) Field(field string) *FieldRanks {
	cols := ix.fieldColumns(field)
	paths := make([]string, len(cols))
	for i, c := range cols {
		paths[i] = c.path
	}
	key := strings.Join(paths, "|")
	ix.ranks.mu.Lock()
	defer ix.ranks.mu.Unlock()
	if fi, ok := ix.ranks.m[key]; ok {
		return fi
	}
	fi := buildFieldIndex(cols)
	if ix.ranks.m == nil {
		ix.ranks.m = map[string]*FieldRanks{}
	}
	ix.ranks.m[key] = fi
	return fi
}

func buildFieldIndex(cols []*column) *FieldRanks {
	type entry struct {
		v   sortVal
		col int
		t   int32
	}
	total := 0
	for _, c := range cols {
		total += len(c.terms)
	}
	all := make([]entry, 0, total)
	fi := &FieldRanks{cols: cols, ranks: make([][]int32, len(cols))}
	for ci, c := range cols {
		fi.ranks[ci] = make([]int32, len(c.terms))
		for t := range c.terms {
			all = append(all, entry{termSortVal(c, int32(t)), ci, int32(t)})
		}
	}
	slices.SortFunc(all, func(a, b entry) int { return compareVal(a.v, b.v) })
	rank := int32(-1)
	for i, e := range all {
		if i == 0 || compareVal(all[i-1].v, e.v) != 0 {
			rank++
			fi.reps = append(fi.reps, termRef{cols[e.col], e.t})
		}
		fi.ranks[e.col][e.t] = rank
	}
	return fi
}

// sessionRanks appends the distinct ranks of session s's value(s), taken
// from the first alias column the session has.
func (fi *FieldRanks) sessionRanks(s int32, buf []int32) []int32 {
	for ci, c := range fi.cols {
		f := c.first[s]
		if f < 0 {
			continue
		}
		r := fi.ranks[ci]
		buf = append(buf, r[f])
		for _, t := range c.extra[s] {
			if rt := r[t]; !slices.Contains(buf, rt) {
				buf = append(buf, rt)
			}
		}
		return buf
	}
	return buf
}
