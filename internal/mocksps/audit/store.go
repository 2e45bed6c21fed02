package audit

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Store is the mock's session database: the session documents (loaded from a
// file or generated) plus an inverted index over every leaf element, built
// once when the store is loaded or merged. It is safe for concurrent reads;
// Merge takes a write lock.
type Store struct {
	mu       sync.RWMutex
	sessions []session

	cols   map[string]*column
	byKey  map[string]int32
	byREST map[string]int32
	startT []int64 // UNIX ns of start_time, noTime when missing
	endT   []int64 // UNIX ns of end_time, maxTime while running
	order  []int32 // default listing order: newest start first
	rank   []int32 // session -> position in order (sort tie-break)
	trail  bitmap  // sessions with an audit trail
	text   *contentIndex
	ranks  rankCache
	docs   *docCache // rendered JSON of generated sessions

	// Audit-trail downloads made through the API, by session key, as
	// trail_downloads items (downloads.go). They are the store's only
	// mutable state, so they have their own lock: requests read the
	// sessions under mu.RLock while a download is being recorded.
	dlMu      sync.Mutex
	apiDownls map[string][][]byte
}

// session is one stored session: either a canonical JSON document read from
// a file, or a generated one re-derived from its generator on demand.
type session struct {
	key string
	raw []byte
	gen *generator
	gi  int32
	sub *subResources
}

// subResources are the per-session lists a session file may provide.
type subResources struct {
	events, alerts, channels, indexing, downloads [][]byte
	contents                                      []string // events' content, for the content index
	hasChannels                                   bool
}

// NewStore returns an empty store.
func NewStore() *Store {
	st := &Store{}
	st.rebuild()
	return st
}

// Len is the number of sessions.
func (st *Store) Len() int {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return len(st.sessions)
}

// Keys lists the key of every session, in no particular order: tests
// compare what a client read with what the store holds.
func (st *Store) Keys() []string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := make([]string, len(st.sessions))
	for i := range st.sessions {
		out[i] = st.sessions[i].key
	}
	return out
}

// Merge adds other's sessions to st; a session with a key st already has
// replaces it. The index is rebuilt.
func (st *Store) Merge(other *Store) {
	if other == nil || other == st {
		return
	}
	// Take a consistent snapshot of other (sessions and their index).
	other.mu.RLock()
	snap := &Store{
		sessions: slices.Clone(other.sessions),
		cols:     other.cols, byKey: other.byKey, byREST: other.byREST,
		startT: other.startT, endT: other.endT, order: other.order, rank: other.rank,
		trail: other.trail, text: other.text,
	}
	other.mu.RUnlock()

	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.sessions) == 0 {
		// Nothing to merge with: share other's index instead of rebuilding
		// it (it is read-only once built; lazily prepared parts are guarded
		// by sync.Once), so loading a big generated store stays quick.
		st.sessions = snap.sessions
		st.cols, st.byKey, st.byREST = snap.cols, snap.byKey, snap.byREST
		st.startT, st.endT, st.order, st.rank = snap.startT, snap.endT, snap.order, snap.rank
		st.trail, st.text = snap.trail, snap.text
		st.ranks = rankCache{}
		st.docs = newDocCache(len(st.sessions))
		return
	}
	pos := make(map[string]int, len(st.sessions))
	for i, s := range st.sessions {
		pos[s.key] = i
	}
	for _, s := range snap.sessions {
		if p, ok := pos[s.key]; ok {
			st.sessions[p] = s
			continue
		}
		pos[s.key] = len(st.sessions)
		st.sessions = append(st.sessions, s)
	}
	st.rebuild()
}

// restForm converts a session id to the form REST paths use: every character
// other than a letter, digit, '_' or '-' becomes '-'
// (svc/X/name:2 -> svc-X-name-2).
func restForm(id string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		}
		return '-'
	}, id)
}

// lookup finds a session by key, by the REST form of its key, or by the REST
// form of its recording.session_id.
func (st *Store) lookup(id string) (int32, bool) {
	if i, ok := st.byKey[id]; ok {
		return i, true
	}
	r := restForm(id)
	if i, ok := st.byKey[r]; ok {
		return i, true
	}
	i, ok := st.byREST[r]
	return i, ok
}

// rebuild indexes st.sessions from scratch. Callers hold the write lock (or
// own the store exclusively).
func (st *Store) rebuild() {
	n := len(st.sessions)
	st.docs = newDocCache(n)
	x := newIndexer(n)
	tb := newContentBuilder()
	for i := range st.sessions {
		ss := &st.sessions[i]
		x.sess = int32(i)
		if ss.gen != nil {
			gs := ss.gen.session(int(ss.gi))
			ss.key = gs.key
			ss.gen.emitDoc(gs, x)
			ss.gen.contents(gs, func(c []byte) { tb.addBytes(int32(i), c) })
			continue
		}
		if v, err := decodeJSON(ss.raw); err == nil {
			_ = emitValue(x, "", v)
		}
		if ss.sub != nil {
			for _, c := range ss.sub.contents {
				tb.add(int32(i), c)
			}
		}
	}
	st.cols = x.cols
	st.ranks = rankCache{}
	for _, c := range st.cols {
		c.finish(n)
	}
	st.text = tb.finish()

	st.byKey = make(map[string]int32, n)
	st.byREST = map[string]int32{}
	for i := range st.sessions {
		st.byKey[st.sessions[i].key] = int32(i)
	}
	for i := range st.sessions {
		ss := &st.sessions[i]
		if ss.gen != nil {
			continue // generated keys are already the REST form of the session id
		}
		if r := restForm(ss.key); r != ss.key {
			if _, taken := st.byREST[r]; !taken {
				st.byREST[r] = int32(i)
			}
		}
		for _, v := range st.fieldTexts("session_id", int32(i)) {
			r := restForm(v)
			if _, taken := st.byREST[r]; !taken && r != "" {
				st.byREST[r] = int32(i)
			}
		}
	}

	st.startT = st.columnTimes("start_time", n)
	st.endT = st.columnTimes("end_time", n)
	active := st.cols["active"]
	for i := range st.endT {
		if st.endT[i] != noTime {
			continue
		}
		// No end time: still running, unless the document says it is not
		// active, in which case it ended when it started (as far as we know).
		if active != nil && active.first[i] >= 0 && active.terms[active.first[i]].text() == "false" && st.startT[i] != noTime {
			st.endT[i] = st.startT[i]
		} else {
			st.endT[i] = maxTime
		}
	}

	st.order = make([]int32, n)
	for i := range st.order {
		st.order[i] = int32(i)
	}
	slices.SortFunc(st.order, func(a, b int32) int {
		ta, tb := st.startT[a], st.startT[b]
		switch {
		case ta == tb:
			return -naturalCompare(st.sessions[a].key, st.sessions[b].key)
		case ta == noTime:
			return 1
		case tb == noTime:
			return -1
		case ta > tb:
			return -1
		}
		return 1
	})
	st.rank = make([]int32, n)
	for p, s := range st.order {
		st.rank[s] = int32(p)
	}

	st.trail = x.trail
}

// columnTimes reads the first value of a time column for every session.
func (st *Store) columnTimes(path string, n int) []int64 {
	out := make([]int64, n)
	c := st.cols[path]
	for i := range out {
		out[i] = noTime
		if c != nil && c.first[i] >= 0 {
			out[i] = c.tim[c.first[i]]
		}
	}
	return out
}

// fieldTexts returns the plain-text values a field (alias rules applied) has
// for session s.
func (st *Store) fieldTexts(field string, s int32) []string {
	var out []string
	for _, p := range resolvePaths(field) {
		c := st.cols[p]
		if c == nil || c.first[s] < 0 {
			continue
		}
		for _, t := range c.values(s, nil) {
			out = append(out, c.terms[t].text())
		}
		return out
	}
	return nil
}

// doc returns session s's document as canonical JSON.
func (st *Store) doc(s int32) []byte {
	ss := &st.sessions[s]
	if ss.gen == nil {
		return ss.raw
	}
	return st.docs.get(s, func() []byte {
		gs := ss.gen.session(int(ss.gi))
		w := &jsonWriter{buf: make([]byte, 0, 2048)}
		ss.gen.emitDoc(gs, w)
		return w.buf
	})
}

// maxCachedDocs bounds the memory the rendered-document cache can take
// (about 2 KB a session): searches page through at most 10,000 results, so
// the sessions being read repeatedly fit.
const maxCachedDocs = 20000

// docCache keeps the JSON of generated sessions once rendered. Generated
// sessions are stored as a generator position, not as bytes, so that
// 100,000 of them stay small; re-deriving one is most of the CPU a search
// page costs, and clients read the same pages again and again.
type docCache struct {
	docs  []atomic.Pointer[[]byte]
	count atomic.Int64
}

func newDocCache(n int) *docCache { return &docCache{docs: make([]atomic.Pointer[[]byte], n)} }

// get returns session s's rendered document, rendering it on first use.
// The result is shared: callers must not modify it (its capacity is cut to
// its length, so an append copies).
func (c *docCache) get(s int32, render func() []byte) []byte {
	if p := c.docs[s].Load(); p != nil {
		return *p
	}
	b := render()
	b = b[:len(b):len(b)]
	if c.count.Add(1) <= maxCachedDocs {
		c.docs[s].Store(&b)
	}
	return b
}

// Sub-resource kinds.
const (
	subEvents    = "events"
	subAlerts    = "alerts"
	subChannels  = "channels"
	subIndexing  = "indexing"
	subDownloads = "trail_downloads"
)

// subList returns one of session s's lists as canonical JSON objects.
func (st *Store) subList(s int32, kind string) [][]byte {
	ss := &st.sessions[s]
	if ss.gen != nil {
		g, gs := ss.gen, ss.gen.session(int(ss.gi))
		switch kind {
		case subEvents:
			return g.eventDocs(gs)
		case subAlerts:
			return g.alertDocs(gs)
		case subChannels:
			return g.channelDocs(gs)
		case subIndexing:
			return g.indexingDocs(gs)
		case subDownloads:
			return append(g.downloadDocs(gs), st.recordedDownloads(ss.key)...)
		}
		return nil
	}
	sub := ss.sub
	if sub == nil {
		sub = &subResources{}
	}
	switch kind {
	case subEvents:
		return sub.events
	case subAlerts:
		return sub.alerts
	case subChannels:
		if sub.hasChannels {
			return sub.channels
		}
		return embeddedChannels(ss.raw)
	case subIndexing:
		return sub.indexing
	case subDownloads:
		return append(slices.Clip(sub.downloads), st.recordedDownloads(ss.key)...)
	}
	return nil
}

// embeddedChannels reads a "channel" (or "channels") array stored inside the
// document itself, as in the vendor's CSV example.
func embeddedChannels(raw []byte) [][]byte {
	v, err := decodeJSON(raw)
	if err != nil {
		return nil
	}
	m, _ := v.(map[string]any)
	for _, k := range []string{"channel", "channels"} {
		list, ok := m[k].([]any)
		if !ok {
			continue
		}
		var out [][]byte
		for _, e := range list {
			if _, isObj := e.(map[string]any); isObj {
				out = append(out, canonicalJSON(e))
			}
		}
		return out
	}
	return nil
}

// decodeJSON decodes one JSON value keeping numbers as written.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// naturalCompare orders strings with digit runs compared as numbers, so
// session "10" sorts after "2".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		ca, cb := a[0], b[0]
		if isDigit(ca) && isDigit(cb) {
			na, nb := digitRun(a), digitRun(b)
			ta, tb := strings.TrimLeft(a[:na], "0"), strings.TrimLeft(b[:nb], "0")
			if len(ta) != len(tb) {
				return cmpInt(len(ta), len(tb))
			}
			if c := strings.Compare(ta, tb); c != 0 {
				return c
			}
			if na != nb {
				return cmpInt(na, nb)
			}
			a, b = a[na:], b[nb:]
			continue
		}
		if ca != cb {
			return cmpInt(int(ca), int(cb))
		}
		a, b = a[1:], b[1:]
	}
	return cmpInt(len(a), len(b))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitRun(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
