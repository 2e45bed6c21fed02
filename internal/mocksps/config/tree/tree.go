package tree

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// Tree serves /api/configuration from the transaction store: one generic
// store for every family of the table.
type Tree struct {
	store *transaction.Store
	table *Table
	keys  *keyGen
}

// New returns the tree over store for an appliance serving the options
// shape. keySeed seeds the keys of created objects (0: random); now is the
// clock their time part comes from.
func New(store *transaction.Store, shape string, keySeed int64, now func() time.Time) *Tree {
	return &Tree{store: store, table: TableFor(shape), keys: newKeyGen(keySeed, now)}
}

// Table is the tree's family table.
func (t *Tree) Table() *Table { return t.table }

// Seed adds to st the seed of every family st does not hold yet: all of
// them for a new appliance, the families added since for a configuration
// saved by an older mock (a state file).
func Seed(st *transaction.State, shape string) {
	have := st.Snapshot()
	for _, f := range TableFor(shape).all {
		switch f.Kind {
		case List:
			if _, ok := have.Lists[f.Href()]; ok {
				continue
			}
			st.AddList(f.Href())
			for _, e := range f.Seed {
				st.Put(f.Href(), e.Key, e.Body)
			}
		case Singleton:
			if _, ok := have.Singletons[f.Href()]; !ok {
				st.SetSingleton(f.Href(), f.Seed[0].Body)
			}
		}
	}
}

// PathError means a path names no list or singleton the mock serves.
type PathError struct {
	Path string
	Why  string
}

func (e *PathError) Error() string { return e.Path + ": " + e.Why }

// family returns the list or singleton at path (absolute or relative to
// Root) for the Go and /_mock APIs.
func (t *Tree) family(path, key string) (*Family, error) {
	f, ok := t.table.Lookup(path)
	switch {
	case !ok:
		return nil, &PathError{Path: path, Why: "no such configuration endpoint"}
	case f.Kind == List && key == "":
		return nil, &PathError{Path: path, Why: "is a list: name the object's key"}
	case f.Kind == Singleton && key != "":
		return nil, &PathError{Path: path, Why: "is a singleton: it has no keyed objects"}
	case f.Kind != List && f.Kind != Singleton:
		return nil, &PathError{Path: path, Why: "holds no objects the mock emulates"}
	}
	return f, nil
}

// Object returns a committed object (key "" for a singleton) as stored:
// references as key strings.
func (t *Tree) Object(path, key string) (json.RawMessage, bool) {
	f, err := t.family(path, key)
	if err != nil {
		return nil, false
	}
	var out json.RawMessage
	ok := false
	t.store.Committed(func(st *transaction.State) {
		var b json.RawMessage
		if key == "" {
			b, ok = st.Singleton(f.Href())
		} else {
			b, ok = st.Get(f.Href(), key)
		}
		out = append(json.RawMessage(nil), b...)
	})
	return out, ok
}

// List returns the committed objects of a list in order; ok is false if
// path is not a list.
func (t *Tree) List(path string) (entries []transaction.Entry, ok bool) {
	f, found := t.table.Lookup(path)
	if !found || f.Kind != List {
		return nil, false
	}
	entries = []transaction.Entry{}
	t.store.Committed(func(st *transaction.State) {
		for _, k := range st.Keys(f.Href()) {
			b, _ := st.Get(f.Href(), k)
			entries = append(entries, transaction.Entry{Key: k, Body: append(json.RawMessage(nil), b...)})
		}
	})
	return entries, true
}

// Put writes an object straight into the committed configuration, as
// another administrator's change on the web interface would: validated
// like the API (name uniqueness and references included), created if
// absent, allowed on read-only families (SPS's web interface edits them).
// Validation failures are *config.FieldError; a bad path is *PathError.
func (t *Tree) Put(path, key string, body json.RawMessage) error {
	f, err := t.family(path, key)
	if err != nil {
		return err
	}
	if key != "" {
		if fe := CheckKey(key); fe != nil {
			return fe
		}
	}
	v, err := config.Decode(body)
	if err != nil {
		return err
	}
	canon, fe := validate(f, v)
	if fe != nil {
		return fe
	}
	return t.store.WriteCommitted(func(st *transaction.State) error {
		return t.put(st, f, key, canon)
	})
}

// Delete removes a committed object out of band and reports whether it
// existed. Like a change made behind the API's back it skips the rules:
// built-in and referenced objects go too (drift tests need both).
func (t *Tree) Delete(path, key string) (bool, error) {
	f, err := t.family(path, key)
	if err != nil {
		return false, err
	}
	if f.Kind != List {
		return false, &PathError{Path: path, Why: "is a singleton: it cannot be deleted"}
	}
	found := false
	_ = t.store.WriteCommitted(func(st *transaction.State) error {
		found = st.Delete(f.Href(), key)
		return nil
	})
	return found, nil
}

// validate checks a decoded body against the family's own rules.
func validate(f *Family, v any) (json.RawMessage, *config.FieldError) {
	if f.Validate != nil {
		b, fe := f.Validate(v)
		if fe != nil {
			return nil, fe
		}
		// The family validators build their output; a stray huge number
		// could only come from a field they pass through.
		if dv, err := config.Decode(b); err == nil {
			if fe := finiteNumbers(dv, "body"); fe != nil {
				return nil, fe
			}
		}
		return b, nil
	}
	return genericBody(v)
}

// put stores body under key (a singleton when key is "") after the rules
// that need the configuration: references must exist (and are stored as
// key strings), names must be unique in the list.
func (t *Tree) put(st *transaction.State, f *Family, key string, body json.RawMessage) error {
	body, err := resolveRefs(st, f, body)
	if err != nil {
		return err
	}
	if key == "" {
		st.SetSingleton(f.Href(), body)
		return nil
	}
	if fe := uniqueName(st, f, key, body); fe != nil {
		return fe
	}
	st.Put(f.Href(), key, body)
	return nil
}

// uniqueName fails if another object of the list has body's name
// (case-sensitive; objects without a string name are not compared).
func uniqueName(st *transaction.State, f *Family, self string, body json.RawMessage) *config.FieldError {
	name, ok := nameOf(body)
	if !ok {
		return nil
	}
	quoted, _ := json.Marshal(name)
	for _, k := range st.Keys(f.Href()) {
		if k == self {
			continue
		}
		b, _ := st.Get(f.Href(), k)
		if !strings.Contains(string(b), string(quoted)) {
			continue
		}
		if other, ok := nameOf(b); ok && other == name {
			return config.Errorf("body.name", "must be unique among %s; %q is already used by %s %s", f.plural(), name, f.Noun, k)
		}
	}
	return nil
}

// resolveRefs checks the documented reference fields of body: each must
// be null or name an object of its target list in st (as the key string or
// in the read form {"key", "meta"}), and is stored as the key string.
func resolveRefs(st *transaction.State, f *Family, body json.RawMessage) (json.RawMessage, error) {
	if len(f.Refs) == 0 {
		return body, nil
	}
	v, err := config.Decode(body)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	changed := false
	for _, ref := range f.Refs {
		parent, val, ok := at(m, ref.Field)
		if !ok || val == nil {
			continue
		}
		path := "body." + strings.Join(ref.Field, ".")
		target := abs(ref.Target)
		key, ok := refKey(val)
		if !ok || key == "" {
			return nil, config.Errorf(path, "must be the key of an object of %s (a string), not %s", target, config.KindOf(val))
		}
		if _, exists := st.Get(target, key); !exists {
			return nil, config.Errorf(path, "refers to %q, which does not exist in %s; create it first (or use the key of an existing one)", key, target)
		}
		if _, isStr := val.(string); !isStr {
			parent[ref.Field[len(ref.Field)-1]] = key
			changed = true
		}
	}
	if changed {
		return mustJSON(m), nil
	}
	return body, nil
}

func abs(rel string) string { return Root + "/" + rel }

// renderRefs shows the documented reference fields of a stored body in
// their read form {"key", "meta": {"href"}}.
func renderRefs(f *Family, body json.RawMessage) json.RawMessage {
	if len(f.Refs) == 0 {
		return body
	}
	v, err := config.Decode(body)
	if err != nil {
		return body
	}
	m, _ := v.(map[string]any)
	for _, ref := range f.Refs {
		if parent, val, ok := at(m, ref.Field); ok {
			if s, isStr := val.(string); isStr {
				parent[ref.Field[len(ref.Field)-1]] = map[string]any{"key": s, "meta": map[string]any{"href": abs(ref.Target) + "/" + s}}
			}
		}
	}
	return mustJSON(m)
}

// Errors of the rules, answered by the handler.
var (
	errNotFound = errors.New("no such object")
	errBuiltin  = errors.New("built-in object")
)

// ReferencedError means an object cannot be deleted because others refer
// to it.
type ReferencedError struct {
	Noun, Key string
	By        []string // hrefs of the referring objects
	Names     []string // their names ("" where they have none)
}

func (e *ReferencedError) Error() string {
	parts := make([]string, len(e.By))
	for i, h := range e.By {
		parts[i] = h
		if e.Names[i] != "" {
			parts[i] += fmt.Sprintf(" (%q)", e.Names[i])
		}
	}
	return fmt.Sprintf("%s %s is used by other objects and cannot be deleted: %s; remove those references first",
		e.Noun, e.Key, strings.Join(parts, ", "))
}

// remove deletes one object of a list in st under the API's rules:
// built-in objects stay, and so do objects something refers to.
func remove(st *transaction.State, f *Family, key string) error {
	if _, ok := st.Get(f.Href(), key); !ok {
		return errNotFound
	}
	if IsBuiltin(key) {
		return errBuiltin
	}
	if re := referrers(st, f, key); re != nil {
		return re
	}
	st.Delete(f.Href(), key)
	return nil
}

// referrers finds every object (and singleton) in st that refers to key of
// list f, in path order.
func referrers(st *transaction.State, f *Family, key string) *ReferencedError {
	href := f.Href() + "/" + key
	snap := st.Snapshot()
	re := &ReferencedError{Noun: f.Noun, Key: key}
	paths := make([]string, 0, len(snap.Lists))
	for p := range snap.Lists {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		for _, e := range snap.Lists[p] {
			if p == f.Href() && e.Key == key {
				continue
			}
			if references(e.Body, key, href) {
				name, _ := nameOf(e.Body)
				re.By, re.Names = append(re.By, p+"/"+e.Key), append(re.Names, name)
			}
		}
	}
	singles := make([]string, 0, len(snap.Singletons))
	for p := range snap.Singletons {
		singles = append(singles, p)
	}
	sort.Strings(singles)
	for _, p := range singles {
		if references(snap.Singletons[p], key, href) {
			re.By, re.Names = append(re.By, p), append(re.Names, "")
		}
	}
	if len(re.By) == 0 {
		return nil
	}
	return re
}
