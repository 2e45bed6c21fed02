package tree

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/config"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

// Root is the entry point of the configuration tree.
const Root = "/api/configuration"

const transactionHref = "/api/transaction"

// Kind is what a node of the tree holds.
type Kind int

// The kinds of node.
const (
	// Directory lists its children (the root, a protocol, policies, aaa).
	Directory Kind = iota
	// List holds keyed objects: GET the list, POST to it, GET/PUT/DELETE
	// one object by key.
	List
	// Singleton is one object: GET and PUT.
	Singleton
	// Absent is listed by its parent because SPS has it, but the reference
	// shows no body for it, so the mock does not emulate it: 404.
	Absent
)

// Ref is a body field the reference documents as a key of an object of
// another list (connection policies' indexing.policy). A write must name an
// object that exists; a read shows it as {"key", "meta": {"href"}}.
type Ref struct {
	Field  []string // object keys from the body down to the field
	Target string   // the list it points into, relative to Root
}

// Family is one node of the tree: a row of the family table.
type Family struct {
	Path string // relative to Root ("ssh/connections"); "" is the root itself
	Kind Kind
	// Noun names one object in messages ("SSH connection policy").
	Noun string
	// ReadOnly, when set, is why SPS refuses writes over REST; the mock
	// answers every write with it.
	ReadOnly string
	// Seed is what a new appliance holds: the objects of a list in order,
	// or the one body (Key "") of a singleton.
	Seed []transaction.Entry
	// Validate checks and canonicalises a body written to this family; nil
	// accepts any JSON object. Name uniqueness, references and the rules
	// of the tree are checked by the tree itself.
	Validate func(v any) (json.RawMessage, *config.FieldError)
	Refs     []Ref
	// UUIDKeys makes created objects get UUIDs instead of SPS-style keys.
	UUIDKeys bool
	// Meta replaces computed meta links where a vendor sample prints
	// others.
	Meta map[string]any

	parent   *Family
	children []*Family
}

// Href is the family's absolute API path.
func (f *Family) Href() string {
	if f.Path == "" {
		return Root
	}
	return Root + "/" + f.Path
}

// Name is the last segment of the path (the key the parent lists).
func (f *Family) Name() string { return f.Path[strings.LastIndex(f.Path, "/")+1:] }

// Children are a directory's nodes in the order SPS lists them.
func (f *Family) Children() []*Family { return f.children }

func (f *Family) plural() string {
	if strings.HasSuffix(f.Noun, "y") {
		return f.Noun[:len(f.Noun)-1] + "ies"
	}
	return f.Noun + "s"
}

// Table is the family table indexed by path.
type Table struct {
	byPath map[string]*Family
	all    []*Family
}

// newTable indexes fams and links each to its parent directory. Children
// are ordered by name: every sample that shows siblings (the root, the
// protocols, policies, aaa, management) lists them alphabetically.
func newTable(fams []*Family) *Table {
	t := &Table{byPath: map[string]*Family{}, all: fams}
	for _, f := range fams {
		if _, dup := t.byPath[f.Path]; dup {
			panic("tree: duplicate family " + f.Path)
		}
		t.byPath[f.Path] = f
	}
	for _, f := range fams {
		if f.Path == "" {
			continue
		}
		parentPath := ""
		if i := strings.LastIndex(f.Path, "/"); i >= 0 {
			parentPath = f.Path[:i]
		}
		p, ok := t.byPath[parentPath]
		if !ok || p.Kind != Directory {
			panic("tree: family " + f.Path + " has no parent directory")
		}
		f.parent = p
		p.children = append(p.children, f)
	}
	for _, f := range fams {
		sort.Slice(f.children, func(i, j int) bool { return f.children[i].Name() < f.children[j].Name() })
	}
	return t
}

// Families returns every node of the table.
func (t *Table) Families() []*Family { return t.all }

// Lookup finds a family by path, relative to Root or absolute.
func (t *Table) Lookup(path string) (*Family, bool) {
	f, ok := t.byPath[relative(path)]
	return f, ok
}

// relative turns "/api/configuration/ssh/connections/" and
// "ssh/connections" alike into "ssh/connections".
func relative(path string) string {
	p := strings.Trim(path, "/")
	root := strings.TrimPrefix(Root, "/")
	if p == root {
		return ""
	}
	return strings.TrimPrefix(p, root+"/")
}

// resolve maps an absolute request path to its family and, below a list,
// the key of one object.
func (t *Table) resolve(path string) (f *Family, key string, ok bool) {
	if path != Root && !strings.HasPrefix(path, Root+"/") {
		return nil, "", false
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(path, Root), "/")
	if f, ok := t.byPath[rel]; ok && (rel != "" || path == Root) {
		return f, "", true
	}
	i := strings.LastIndex(rel, "/")
	if i <= 0 || i == len(rel)-1 {
		return nil, "", false
	}
	f, ok = t.byPath[rel[:i]]
	if !ok || f.Kind != List {
		return nil, "", false
	}
	return f, rel[i+1:], true
}

// meta is the meta object of a node: its siblings in its parent, as the
// samples show them, with the family's own overrides.
func (f *Family) meta(remaining int) map[string]any {
	m := map[string]any{
		"href": f.Href(), "remaining_seconds": remaining, "transaction": transactionHref,
		"first": nil, "last": nil, "next": nil, "previous": nil, "parent": nil,
	}
	if f.parent == nil {
		// The root's links point at itself (the NAV sample).
		m["first"], m["last"] = Root, Root
	} else {
		sib := f.parent.children
		m["parent"] = f.parent.Href()
		m["first"], m["last"] = sib[0].Href(), sib[len(sib)-1].Href()
		for i, s := range sib {
			if s != f {
				continue
			}
			if i > 0 {
				m["previous"] = sib[i-1].Href()
			}
			if i < len(sib)-1 {
				m["next"] = sib[i+1].Href()
			}
		}
	}
	for k, v := range f.Meta {
		m[k] = v
	}
	return m
}

// objectMeta is the meta object of one object of a list: first, last,
// next and previous walk the sibling objects (the local-group sample).
func (f *Family) objectMeta(key string, keys []string, remaining int) map[string]any {
	href := f.Href() + "/"
	m := map[string]any{
		"first": href + keys[0], "href": href + key, "last": href + keys[len(keys)-1],
		"next": nil, "parent": f.Href(), "previous": nil,
		"remaining_seconds": remaining, "transaction": transactionHref,
	}
	for i, k := range keys {
		if k != key {
			continue
		}
		if i > 0 {
			m["previous"] = href + keys[i-1]
		}
		if i < len(keys)-1 {
			m["next"] = href + keys[i+1]
		}
	}
	return m
}

// IsBuiltin reports whether key names a built-in object: SPS marks the
// objects it ships with negative keys.
func IsBuiltin(key string) bool { return strings.HasPrefix(key, "-") }
