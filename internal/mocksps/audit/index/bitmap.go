package index

import "math/bits"

// Bitmap is a set of session indexes, one bit each. Query evaluation works on
// whole bitmaps: AND/OR/NOT over 100,000 sessions is a few thousand word
// operations.
type Bitmap []uint64

func NewBitmap(n int) Bitmap { return make(Bitmap, (n+63)/64) }

func FullBitmap(n int) Bitmap {
	b := NewBitmap(n)
	for i := range b {
		b[i] = ^uint64(0)
	}
	b.trim(n)
	return b
}

// trim clears the bits at and beyond n in the last word.
func (b Bitmap) trim(n int) {
	if r := n % 64; r != 0 && len(b) > 0 {
		b[len(b)-1] &= (uint64(1) << r) - 1
	}
}

func (b Bitmap) Set(i int32)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b Bitmap) Has(i int32) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }

func (b Bitmap) And(o Bitmap) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b Bitmap) Or(o Bitmap) {
	for i := range b {
		b[i] |= o[i]
	}
}

func (b Bitmap) AndNot(o Bitmap) {
	for i := range b {
		b[i] &^= o[i]
	}
}

// Not complements the set within [0, n).
func (b Bitmap) Not(n int) {
	for i := range b {
		b[i] = ^b[i]
	}
	b.trim(n)
}

func (b Bitmap) Count() int {
	c := 0
	for _, w := range b {
		c += bits.OnesCount64(w)
	}
	return c
}

func (b Bitmap) Clone() Bitmap { return append(Bitmap(nil), b...) }

// Each calls fn for every member in increasing order.
func (b Bitmap) Each(fn func(i int32)) {
	for wi, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			fn(int32(wi*64 + t))
			w &= w - 1
		}
	}
}
