// Package gen generates realistic recorded sessions for the mock's session
// database. Every session is derived from (seed, index) alone, so the data
// is reproducible and session i is the same whatever the count; nothing is
// kept per session: documents and lists are re-derived on request (the
// rendered documents are cached, docCache).
//
// Sessions spread over the 60 days before now across every documented
// protocol (values in upper case, as in the vendor's samples), verdict,
// index status and channel type; some are still active. Every other
// session id carries the /<protocol> part the search page documents
// (svc/<hash>/<policy>:<n>/ssh); INDEXING_FAILED sessions keep the events
// of the part indexed before the failure.
package gen

import (
	"fmt"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// Sessions are n generated sessions; they are a jsondoc.Source.
type Sessions struct {
	g    *generator
	n    int
	docs *docCache
}

var _ jsondoc.Source = (*Sessions)(nil)

// New generates n sessions. The result depends only on (n, seed, now):
// each session is derived from its own random stream. Sessions spread over
// the 60 days before now, denser on weekdays and in working hours; a few
// started in the last hours and are still active.
func New(n int, seed int64, now time.Time) *Sessions {
	n = max(n, 0)
	return &Sessions{g: newGenerator(seed, now), n: n, docs: newDocCache(n)}
}

// Len is the number of sessions.
func (s *Sessions) Len() int { return s.n }

// Key is session i's key: the REST form of its session id.
func (s *Sessions) Key(i int) string { return s.g.session(i).key }

// Emit streams session i's document into w.
func (s *Sessions) Emit(i int, w jsondoc.Sink) { s.g.emitDoc(s.g.session(i), w) }

// Doc is session i's document, rendered once and cached.
func (s *Sessions) Doc(i int) []byte {
	return s.docs.get(int32(i), func() []byte {
		w := jsondoc.NewWriter(2048)
		s.Emit(i, w)
		return w.Bytes()
	})
}

// Contents feeds the texts of session i's events to fn; the buffer is
// reused.
func (s *Sessions) Contents(i int, fn func([]byte)) { s.g.contents(s.g.session(i), fn) }

// List is one of session i's lists.
func (s *Sessions) List(i int, kind string) [][]byte {
	g, gs := s.g, s.g.session(i)
	switch kind {
	case jsondoc.ListEvents:
		return g.eventDocs(gs)
	case jsondoc.ListAlerts:
		return g.alertDocs(gs)
	case jsondoc.ListChannels:
		return g.channelDocs(gs)
	case jsondoc.ListIndexing:
		return g.indexingDocs(gs)
	case jsondoc.ListDownloads:
		return g.downloadDocs(gs)
	}
	return nil
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
