package transaction

import (
	"encoding/json"
	"slices"
)

// Snapshot is a State as plain data, for saving the committed configuration
// to disk (mocksps -state-file) and loading it back.
type Snapshot struct {
	// Lists maps a list path to its objects in creation order.
	Lists map[string][]Entry `json:"lists"`
	// Singletons maps a singleton path to its body.
	Singletons map[string]json.RawMessage `json:"singletons"`
}

// Entry is one object of a keyed list.
type Entry struct {
	Key  string          `json:"key"`
	Body json.RawMessage `json:"body"`
}

// Snapshot returns s as plain data (bodies shared: they are immutable).
func (s *State) Snapshot() Snapshot {
	out := Snapshot{Lists: map[string][]Entry{}, Singletons: map[string]json.RawMessage{}}
	for p, l := range s.lists {
		entries := make([]Entry, 0, len(l.keys))
		for _, k := range l.keys {
			entries = append(entries, Entry{Key: k, Body: l.bodies[k]})
		}
		out.Lists[p] = entries
	}
	for p, b := range s.singletons {
		out.Singletons[p] = b
	}
	return out
}

// FromSnapshot rebuilds a State from a Snapshot.
func FromSnapshot(snap Snapshot) *State {
	s := NewState()
	for p, entries := range snap.Lists {
		s.AddList(p)
		l := s.lists[p]
		for _, e := range entries {
			if _, dup := l.bodies[e.Key]; !dup {
				l.keys = append(l.keys, e.Key)
			}
			l.bodies[e.Key] = slices.Clone(e.Body)
		}
	}
	for p, b := range snap.Singletons {
		s.singletons[p] = slices.Clone(b)
	}
	return s
}

// OnCommitted registers fn, called after every change of the committed
// configuration (a commit or an out-of-band write) with a generation number
// that grows with each change and the new configuration, which fn must not
// modify. It runs outside the store's lock, so two calls may overlap or
// arrive out of order: fn keeps the highest generation. Register it before
// serving.
func (s *Store) OnCommitted(fn func(gen uint64, st *State)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onCommitted = fn
}

// published is called with s.mu held after s.committed changed; it returns
// the notification to run once the lock is released.
func (s *Store) published() func() {
	if s.onCommitted == nil {
		return func() {}
	}
	s.gen++
	fn, gen, st := s.onCommitted, s.gen, s.committed
	return func() { fn(gen, st) }
}
