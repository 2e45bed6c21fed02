package audit

import (
	"fmt"
	"time"
)

// Generate builds a store of n realistic sessions. The result depends only on
// (n, seed, now): each session is derived from its own random stream, so
// session i is the same whatever n is, and nothing is kept per session beyond
// the search index (documents and sub-resources are re-derived on demand).
//
// Sessions spread over the 60 days before now, denser on weekdays and in
// working hours; a few started in the last hours and are still active.
func Generate(n int, seed int64, now time.Time) *Store {
	if n < 0 {
		n = 0
	}
	g := newGenerator(seed, now)
	st := &Store{sessions: make([]session, n)}
	for i := range st.sessions {
		st.sessions[i] = session{gen: g, gi: int32(i)}
	}
	st.rebuild()
	return st
}

// generator holds the per-seed tables sessions are drawn from.
type generator struct {
	seed    int64
	now     int64 // UNIX seconds
	nodes   [2]host
	nodeIDs [2]string
	clients []host
	servers [][]host          // per protocol
	polIDs  map[string]string // connection policy name -> key
	hashes  map[string][]string
	protoW  int
	verdW   int
}

type host struct{ ip, name string }

func newGenerator(seed int64, now time.Time) *generator {
	g := &generator{seed: seed, now: now.Unix(), polIDs: map[string]string{}, hashes: map[string][]string{}}
	r := newRNG(seed, 0, streamTables)
	for i := range g.nodes {
		g.nodes[i] = host{ip: fmt.Sprintf("10.0.0.%d", 10+i), name: fmt.Sprintf("sps%02d.example.com", i+1)}
		g.nodeIDs[i] = r.uuid()
	}
	for k := range 300 {
		g.clients = append(g.clients, host{
			ip:   fmt.Sprintf("10.10.%d.%d", k/250, k%250+1),
			name: fmt.Sprintf("ws-%03d.corp.example.com", k+1),
		})
	}
	for _, p := range protocols {
		var hs []host
		for k := range 40 {
			hs = append(hs, host{
				ip:   fmt.Sprintf("10.20.%d.%d", p.subnet, k+10),
				name: fmt.Sprintf("%s-%02d.example.com", p.hostPre, k+1),
			})
		}
		g.servers = append(g.servers, hs)
		for _, pol := range p.policies {
			g.polIDs[pol.name] = r.hex(22)
			for range 3 {
				g.hashes[pol.name] = append(g.hashes[pol.name], r.base62(22))
			}
		}
		g.protoW += p.weight
	}
	for _, v := range verdicts {
		g.verdW += v.weight
	}
	return g
}
