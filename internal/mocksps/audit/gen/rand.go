package gen

import (
	"hash/fnv"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// Random streams: each session draws its fields and its activity from
// separate streams so one can change without reshuffling the other.
const (
	streamTables uint64 = iota + 1
	streamSession
	streamActivity
)

// rng is splitmix64: tiny, fast and good enough for test data.
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func newRNG(seed int64, i int, stream uint64) *rng {
	return &rng{s: mix64(uint64(seed)^0x5851f42d4c957f2d) ^ mix64(uint64(i)+stream<<48)}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

func (r *rng) intn(n int) int             { return int(r.next() % uint64(n)) }
func (r *rng) between(lo, hi int64) int64 { return lo + int64(r.next()%uint64(hi-lo+1)) }
func (r *rng) float() float64             { return float64(r.next()>>11) / (1 << 53) }
func (r *rng) chance(p float64) bool      { return r.float() < p }

// skewed picks an index in [0, n) favoring low indexes (a few users and
// servers account for most sessions, as in real estates).
func (r *rng) skewed(n int) int {
	f := r.float()
	return int(f * f * float64(n))
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func (r *rng) base62(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = base62[r.intn(62)]
	}
	return string(b)
}

func (r *rng) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = jsondoc.HexDigits[r.intn(16)]
	}
	return string(b)
}

func (r *rng) uuid() string {
	h := r.hex(32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Trail builds a synthetic audit trail: a header naming the mock and the
// session, then pseudo-random bytes seeded by the session key.
func Trail(magic, key string) []byte {
	h := fnv.New64a()
	_, _ = h.Write([]byte(magic + key))
	r := &rng{s: h.Sum64()}
	out := []byte(magic + "\x00mock-sps audit trail\x00" + key + "\x00")
	n := 1024 + r.intn(3072)
	for range n {
		out = append(out, byte(r.next()))
	}
	return out
}
