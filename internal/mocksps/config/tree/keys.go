package tree

import (
	crand "crypto/rand"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// keyGen hands out the keys of created objects. SPS's own keys (every list
// sample of the reference) read as a decimal number, eight hex digits of a
// Unix time and a few hex digits more: "8348340645707e2575e3c6" is
// 834834064, 0x5707e257 (April 2016), 0x5e3c6. The mock builds keys the
// same way from a seeded generator and its clock, so one seed, clock and
// sequence of requests give the same keys. VNC settings policies keep the
// UUIDs their own reference page shows.
type keyGen struct {
	mu  sync.Mutex
	rnd *rand.Rand
	now func() time.Time
	n   uint32
}

// newKeyGen returns a generator; seed 0 draws a random seed, so two mocks
// started alike do not hand out the same keys.
func newKeyGen(seed int64, now func() time.Time) *keyGen {
	if seed == 0 {
		var b [8]byte
		_, _ = crand.Read(b[:])
		seed = int64(binary.LittleEndian.Uint64(b[:]))
	}
	if now == nil {
		now = time.Now
	}
	return &keyGen{rnd: rand.New(rand.NewPCG(uint64(seed), 0x5b5)), now: now}
}

// next returns a fresh key that taken does not report as used.
func (g *keyGen) next(uuid bool, taken func(string) bool) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	for {
		var k string
		if uuid {
			k = g.uuid()
		} else {
			g.n++
			k = fmt.Sprintf("%d%08x%05x", 100000000+g.rnd.Int64N(9900000000), uint32(g.now().Unix()), g.n&0xfffff)
		}
		if !taken(k) {
			return k
		}
	}
}

func (g *keyGen) uuid() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], g.rnd.Uint64())
	binary.LittleEndian.PutUint64(b[8:], g.rnd.Uint64())
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
