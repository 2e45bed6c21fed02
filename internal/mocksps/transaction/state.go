package transaction

import (
	"encoding/json"
	"slices"
)

// State is one version of the configuration: ordered lists of keyed objects
// (e.g. /api/configuration/vnc/settings_policies) and singleton objects
// (e.g. /api/configuration/vnc/options). Bodies are stored as JSON and are
// never modified in place, so copying a State only copies maps and slices.
type State struct {
	lists      map[string]*list
	singletons map[string]json.RawMessage

	// log, when set, receives every change a mutation makes; the store sets
	// it while a transaction's write runs so the changelog is exact.
	log *[]Change
}

type list struct {
	keys   []string
	bodies map[string]json.RawMessage
}

// NewState returns an empty configuration.
func NewState() *State {
	return &State{lists: map[string]*list{}, singletons: map[string]json.RawMessage{}}
}

// AddList declares a keyed list at path (no-op if it exists).
func (s *State) AddList(path string) {
	if _, ok := s.lists[path]; !ok {
		s.lists[path] = &list{bodies: map[string]json.RawMessage{}}
	}
}

// Keys returns the keys of the list at path, in creation order.
func (s *State) Keys(listPath string) []string {
	l, ok := s.lists[listPath]
	if !ok {
		return nil
	}
	return slices.Clone(l.keys)
}

// Get returns one object of a list.
func (s *State) Get(listPath, key string) (json.RawMessage, bool) {
	l, ok := s.lists[listPath]
	if !ok {
		return nil, false
	}
	b, ok := l.bodies[key]
	return b, ok
}

// Singleton returns the body of a singleton endpoint.
func (s *State) Singleton(path string) (json.RawMessage, bool) {
	b, ok := s.singletons[path]
	return b, ok
}

// Put creates or replaces one object of a list and reports whether it was
// created.
func (s *State) Put(listPath, key string, body json.RawMessage) bool {
	s.AddList(listPath)
	l := s.lists[listPath]
	old, exists := l.bodies[key]
	body = clone(body)
	l.bodies[key] = body
	ch := Change{Path: listPath + "/" + key, NewValue: body, list: listPath, key: key}
	if exists {
		ch.Type, ch.OldValue = ChangeReplace, old
	} else {
		l.keys = append(l.keys, key)
		ch.Type = ChangeCreate
	}
	s.record(ch)
	return !exists
}

// Delete removes one object of a list and reports whether it existed.
func (s *State) Delete(listPath, key string) bool {
	l, ok := s.lists[listPath]
	if !ok {
		return false
	}
	old, ok := l.bodies[key]
	if !ok {
		return false
	}
	delete(l.bodies, key)
	l.keys = slices.DeleteFunc(l.keys, func(k string) bool { return k == key })
	s.record(Change{Type: ChangeDelete, Path: listPath + "/" + key, OldValue: old, list: listPath, key: key})
	return true
}

// SetSingleton replaces the body of a singleton endpoint.
func (s *State) SetSingleton(path string, body json.RawMessage) {
	old := s.singletons[path]
	body = clone(body)
	s.singletons[path] = body
	s.record(Change{Type: ChangeReplace, Path: path, OldValue: old, NewValue: body})
}

func (s *State) record(c Change) {
	if s.log != nil {
		*s.log = append(*s.log, c)
	}
}

// copy returns an independent State (bodies are shared: they are immutable).
func (s *State) copy() *State {
	n := NewState()
	for p, l := range s.lists {
		nl := &list{keys: slices.Clone(l.keys), bodies: make(map[string]json.RawMessage, len(l.bodies))}
		for k, v := range l.bodies {
			nl.bodies[k] = v
		}
		n.lists[p] = nl
	}
	for p, v := range s.singletons {
		n.singletons[p] = v
	}
	return n
}

// apply replays one change onto s. Replay rather than snapshot replacement is
// what makes a commit keep out-of-band changes to objects the transaction did
// not touch.
func (s *State) apply(c Change) {
	switch {
	case c.list == "":
		s.SetSingleton(c.Path, c.NewValue)
	case c.Type == ChangeDelete:
		s.Delete(c.list, c.key)
	default:
		s.Put(c.list, c.key, c.NewValue)
	}
}

func clone(b json.RawMessage) json.RawMessage {
	if b == nil {
		return nil
	}
	return slices.Clone(b)
}
