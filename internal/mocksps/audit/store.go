package audit

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/gen"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/index"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// Store is the mock's session database: the recorded sessions (generated,
// loaded from a file, or both) and their search index. It is safe for
// concurrent use. Every change (Merge, RemoveSessions, CloseSession) builds
// a new state of the database and publishes it; a request reads the state
// of its moment, and a snapshot (snapshot.go) keeps one, so a snapshot is a
// real point-in-time copy at the cost of a pointer.
type Store struct {
	mu  sync.Mutex // serializes changes
	cur atomic.Pointer[state]

	snaps snapshots // snapshot.go

	// Audit-trail downloads made through the API (downloads.go): they
	// change with every download, so they live beside the states, not in
	// them.
	downloads downloads
}

// state is the session database at one moment. It never changes once
// published.
type state struct {
	sessions []session
	ix       *index.Index
	byKey    map[string]int32
	byREST   map[string]int32
}

// session is one stored session: a position in the source it comes from.
type session struct {
	key string
	src jsondoc.Source
	i   int32
}

// state is the jsondoc.Source of its sessions, which is what the index is
// built from.
var _ jsondoc.Source = (*state)(nil)

func (d *state) Len() int                   { return len(d.sessions) }
func (d *state) Key(i int) string           { return d.sessions[i].key }
func (d *state) Emit(i int, w jsondoc.Sink) { s := d.sessions[i]; s.src.Emit(int(s.i), w) }
func (d *state) Doc(i int) []byte           { s := d.sessions[i]; return s.src.Doc(int(s.i)) }
func (d *state) List(i int, kind string) [][]byte {
	s := d.sessions[i]
	return s.src.List(int(s.i), kind)
}
func (d *state) Contents(i int, fn func([]byte)) { s := d.sessions[i]; s.src.Contents(int(s.i), fn) }

// newState indexes sessions.
func newState(sessions []session) *state {
	d := &state{sessions: sessions}
	d.ix = index.Build(d)
	n := len(sessions)
	d.byKey = make(map[string]int32, n)
	d.byREST = map[string]int32{}
	for i := range sessions {
		d.byKey[sessions[i].key] = int32(i)
	}
	for i := range sessions {
		key := sessions[i].key
		names := append([]string{key}, d.ix.FieldTexts("session_id", int32(i))...)
		for _, name := range names {
			r := jsondoc.RESTForm(name)
			if _, taken := d.byREST[r]; !taken && r != "" && r != key {
				d.byREST[r] = int32(i)
			}
		}
	}
	return d
}

// sessionsOf lists every session of src.
func sessionsOf(src jsondoc.Source) []session {
	out := make([]session, src.Len())
	for i := range out {
		out[i] = session{key: src.Key(i), src: src, i: int32(i)}
	}
	return out
}

func newStore(d *state) *Store {
	st := &Store{}
	st.cur.Store(d)
	return st
}

// NewStore returns an empty store.
func NewStore() *Store { return newStore(newState(nil)) }

// Generate builds a store of n realistic sessions (package gen). The
// result depends only on (n, seed, now).
func Generate(n int, seed int64, now time.Time) *Store {
	return newStore(newState(sessionsOf(gen.New(n, seed, now))))
}

// state is the current state of the database.
func (st *Store) state() *state { return st.cur.Load() }

// Len is the number of sessions.
func (st *Store) Len() int { return st.state().Len() }

// Keys lists the key of every session, in no particular order: tests
// compare what a client read with what the store holds.
func (st *Store) Keys() []string {
	d := st.state()
	out := make([]string, len(d.sessions))
	for i := range d.sessions {
		out[i] = d.sessions[i].key
	}
	return out
}

// Merge adds other's sessions to st; a session with a key st already has
// replaces it.
func (st *Store) Merge(other *Store) {
	if other == nil || other == st {
		return
	}
	add := other.state()
	st.change(func(d *state) *state {
		if len(d.sessions) == 0 {
			// Nothing to merge with: share other's state (it never
			// changes), so loading a big generated store stays quick.
			return add
		}
		sessions := slices.Clone(d.sessions)
		pos := make(map[string]int, len(sessions))
		for i, s := range sessions {
			pos[s.key] = i
		}
		for _, s := range add.sessions {
			if p, ok := pos[s.key]; ok {
				sessions[p] = s
				continue
			}
			pos[s.key] = len(sessions)
			sessions = append(sessions, s)
		}
		return newState(sessions)
	})
}

// change publishes the state f makes of the current one (f returns nil to
// change nothing).
func (st *Store) change(f func(d *state) *state) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if next := f(st.state()); next != nil {
		st.cur.Store(next)
	}
}

// lookup finds a session by key, by the REST form of its key, or by the
// REST form of its recording.session_id.
func (d *state) lookup(id string) (int32, bool) {
	if i, ok := d.byKey[id]; ok {
		return i, true
	}
	r := jsondoc.RESTForm(id)
	if i, ok := d.byKey[r]; ok {
		return i, true
	}
	i, ok := d.byREST[r]
	return i, ok
}

// subList returns one of session s's lists; trail downloads made through
// the API follow the stored ones.
func (st *Store) subList(d *state, s int32, kind string) [][]byte {
	out := d.List(int(s), kind)
	if kind == jsondoc.ListDownloads {
		out = append(slices.Clip(out), st.downloads.of(d.sessions[s].key)...)
	}
	return out
}
