package index

import (
	"cmp"
	"encoding/json"
	"slices"
)

// ValueCount is one distinct value of a field (by rank, see FieldRanks) and
// how many sessions have it.
type ValueCount struct {
	Rank  int32
	Count int
}

type termRef struct {
	col *column
	t   int32
}

// CountValues counts, over the sessions in b, how many have each value of a
// field (a session with a list counts once per distinct value), most
// frequent first; ties by value (numbers numerically), as Elasticsearch's
// terms aggregation orders them.
func (ix *Index) CountValues(fi *FieldRanks, b Bitmap) []ValueCount {
	counts := make([]int32, len(fi.reps))
	var buf []int32
	b.Each(func(s int32) {
		buf = fi.sessionRanks(s, buf[:0])
		for _, r := range buf {
			counts[r]++
		}
	})
	var out []ValueCount
	for r, n := range counts {
		if n > 0 {
			out = append(out, ValueCount{Rank: int32(r), Count: int(n)})
		}
	}
	slices.SortFunc(out, func(a, b ValueCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return cmp.Compare(a.Rank, b.Rank)
	})
	return out
}

// RawValue is the JSON form of a ranked value.
func (fi *FieldRanks) RawValue(rank int32) json.RawMessage {
	ref := fi.reps[rank]
	return ref.col.terms[ref.t].raw()
}

// fieldColumns lists the existing columns a field may live in, in alias order.
func (ix *Index) fieldColumns(field string) []*column {
	var cols []*column
	for _, p := range ResolvePaths(field) {
		if c := ix.cols[p]; c != nil {
			cols = append(cols, c)
		}
	}
	return cols
}

// SessionsByValue splits the sessions of b by value: one set per given
// value (a session with several of them is in several sets).
func (ix *Index) SessionsByValue(fi *FieldRanks, b Bitmap, values []ValueCount) []Bitmap {
	sets := make([]Bitmap, len(values))
	which := map[int32]int{}
	for i, v := range values {
		sets[i] = NewBitmap(ix.n)
		which[v.Rank] = i
	}
	var buf []int32
	b.Each(func(s int32) {
		buf = fi.sessionRanks(s, buf[:0])
		for _, r := range buf {
			if i, ok := which[r]; ok {
				sets[i].Set(s)
			}
		}
	})
	return sets
}

// TopValues splits counted values into the first size and the sum of the
// counts of the rest ("others").
func TopValues(all []ValueCount, size int) ([]ValueCount, int) {
	if len(all) <= size {
		return all, 0
	}
	others := 0
	for _, v := range all[size:] {
		others += v.Count
	}
	return all[:size], others
}
