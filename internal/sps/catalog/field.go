package catalog

import (
	"sort"
	"strings"
)

// Field describes one documented field of a family, so a typed resource
// can take its schema descriptions and validators (enums) from the same
// data the generic check uses.
type Field struct {
	// Path is dotted from the body, "[]" marking list elements:
	// "server_address.port", "access_control[].permission", "Mon[][]".
	Path  string
	Type  string // string, bool, int, number, object, list or any
	Enum  []string
	Doc   string
	Rules []string // the documented rules on this field, in words
	// Closed: an object whose fields the reference documents completely.
	Closed bool
	Ref    *Ref
	Source Source
}

// Fields returns every documented field of the family in path order (the
// fields of every documented shape; a field in several shapes once).
func (f *Family) Fields() []Field {
	seen := map[string]bool{}
	var out []Field
	for _, v := range f.variants {
		walkFields(v.body, "", nil, func(fl Field) {
			if !seen[fl.Path] {
				seen[fl.Path] = true
				out = append(out, fl)
			}
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Field returns one documented field by its Fields path.
func (f *Family) Field(path string) (Field, bool) {
	for _, fl := range f.Fields() {
		if fl.Path == path {
			return fl, true
		}
	}
	return Field{}, false
}

// ancestor is an object above the current field, with the field's path
// relative to it, so the object's rules about the field can be found.
type ancestor struct {
	obj *object
	rel []string
}

func walkFields(n *node, prefix string, anc []ancestor, emit func(Field)) {
	if n.items != nil {
		item := n.items
		fl := describeNode(item, prefix+"[]", item.doc, nil)
		if prefix != "" && (item.obj != nil || item.items != nil || len(fl.Rules) > 0) {
			emit(fl)
		}
		walkFields(item, prefix+"[]", nil, emit) // rules never cross a list
		return
	}
	if n.obj == nil {
		return
	}
	anc = append(anc[:len(anc):len(anc)], ancestor{obj: n.obj})
	for _, name := range n.obj.names {
		m := n.obj.members[name]
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		inner := make([]ancestor, len(anc))
		for i, a := range anc {
			inner[i] = ancestor{obj: a.obj, rel: append(append([]string(nil), a.rel...), name)}
		}
		emit(describeNode(m.val, path, m.doc, inner))
		walkFields(m.val, path, inner, emit)
	}
}

func describeNode(n *node, path, doc string, anc []ancestor) Field {
	fl := Field{Path: path, Type: n.typ.String(), Enum: n.enum, Doc: doc, Ref: n.ref, Source: n.src}
	fl.Closed = n.obj != nil && n.obj.closed
	if r := n.formatRule(); r != "" {
		fl.Rules = append(fl.Rules, r)
	}
	if len(n.enum) > 0 {
		fl.Rules = append(fl.Rules, "must be one of: "+strings.Join(n.enum, ", "))
	}
	if n.ref != nil && n.ref.Text != "" {
		fl.Rules = append(fl.Rules, n.ref.Text)
	}
	for _, a := range anc {
		for _, r := range a.obj.rules {
			switch {
			case strings.Join(r.field, ".") != strings.Join(a.rel, "."):
			case r.kind == ruleCrossObject:
				fl.Rules = append(fl.Rules, r.text+" (needs another object: not checked)")
			default:
				fl.Rules = append(fl.Rules, r.text)
			}
		}
	}
	return fl
}

// Summary counts what the catalog knows of a family.
type Summary struct {
	// Fields is the number of documented fields, nested paths counted.
	Fields int
	// Rules is the number of checked rules beyond plain types: enums,
	// formats, list lengths, references, complete objects, rules between
	// fields, read-only, one shape.
	Rules int
	// CrossObject is the number of documented rules that need another
	// object (retention "must exceed" ...): documented, not checked.
	CrossObject int
	// Complete: fields are documented and every documented object is
	// closed (its whole field set is known).
	Complete bool
}

// Summary counts what the catalog knows of the family.
func (f *Family) Summary() Summary {
	rules, cross := f.ruleIDs()
	s := Summary{Rules: len(rules), CrossObject: len(cross), Complete: true}
	for _, fl := range f.Fields() {
		if !strings.HasSuffix(fl.Path, "]") {
			s.Fields++
		}
	}
	for _, v := range f.variants {
		eachNode(v.body, func(n *node) {
			if n.obj != nil && !n.obj.closed {
				s.Complete = false
			}
		})
	}
	if s.Fields == 0 {
		s.Complete = false
	}
	return s
}

// ruleIDs returns the ids of the checked rules and of the documented
// cross-object rules reachable from the family.
func (f *Family) ruleIDs() (checked, cross map[string]bool) {
	checked, cross = map[string]bool{}, map[string]bool{}
	if f.ReadOnly {
		checked[f.ID+":read_only"] = true
	}
	if len(f.variants) > 1 {
		checked[f.ID+":one_shape"] = true
	}
	for _, v := range f.variants {
		eachNode(v.body, func(n *node) {
			if len(n.enum) > 0 {
				checked[n.id+":enum"] = true
			}
			if n.format != "" {
				checked[n.id+":format"] = true
			}
			if n.length > 0 {
				checked[n.id+":length"] = true
			}
			if n.ref != nil && n.ref.Text != "" {
				checked[n.id+":ref"] = true
			}
			if n.obj == nil {
				return
			}
			if n.obj.closed {
				checked[n.id+":closed"] = true
			}
			for _, r := range n.obj.rules {
				if r.kind == ruleCrossObject {
					cross[r.id] = true
				} else {
					checked[r.id] = true
				}
			}
		})
	}
	return checked, cross
}

// eachNode visits n and every node below it.
func eachNode(n *node, fn func(*node)) {
	fn(n)
	if n.items != nil {
		eachNode(n.items, fn)
	}
	if n.obj != nil {
		for _, name := range n.obj.names {
			eachNode(n.obj.members[name].val, fn)
		}
	}
}
