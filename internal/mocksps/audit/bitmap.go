package audit

import "math/bits"

// bitmap is a set of session indexes, one bit each. Query evaluation works on
// whole bitmaps: AND/OR/NOT over 100,000 sessions is a few thousand word
// operations.
type bitmap []uint64

func newBitmap(n int) bitmap { return make(bitmap, (n+63)/64) }

func fullBitmap(n int) bitmap {
	b := newBitmap(n)
	for i := range b {
		b[i] = ^uint64(0)
	}
	b.trim(n)
	return b
}

// trim clears the bits at and beyond n in the last word.
func (b bitmap) trim(n int) {
	if r := n % 64; r != 0 && len(b) > 0 {
		b[len(b)-1] &= (uint64(1) << r) - 1
	}
}

func (b bitmap) set(i int32)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitmap) has(i int32) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }

func (b bitmap) and(o bitmap) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b bitmap) or(o bitmap) {
	for i := range b {
		b[i] |= o[i]
	}
}

func (b bitmap) andNot(o bitmap) {
	for i := range b {
		b[i] &^= o[i]
	}
}

// not complements the set within [0, n).
func (b bitmap) not(n int) {
	for i := range b {
		b[i] = ^b[i]
	}
	b.trim(n)
}

func (b bitmap) count() int {
	c := 0
	for _, w := range b {
		c += bits.OnesCount64(w)
	}
	return c
}

func (b bitmap) clone() bitmap { return append(bitmap(nil), b...) }

// each calls fn for every member in increasing order.
func (b bitmap) each(fn func(i int32)) {
	for wi, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			fn(int32(wi*64 + t))
			w &= w - 1
		}
	}
}
