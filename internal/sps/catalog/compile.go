package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// field compiles one field spec under protocol proto. id names the value
// in rule ids (a definition's name, or its parent's id plus the field);
// inherit is the source cited when the spec names none.
func (c *compiler) field(rf *rawField, id, proto string, inherit Source) (*node, error) {
	if rf.Use != "" {
		if rf.Type != "" || rf.Enum != nil || rf.Format != "" || rf.Fields != nil || rf.Items != nil || rf.Ref != nil || rf.Source != "" {
			return nil, fmt.Errorf("%s: use %s takes only doc and protocols beside it", id, rf.Use)
		}
		return c.def(rf.Use, proto)
	}
	n := &node{id: id, doc: rf.Doc, src: inherit, enum: rf.Enum, format: rf.Format, length: rf.Length, ref: rf.Ref}
	if rf.Source != "" {
		s, err := c.source(rf.Source)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		n.src = s
	}
	t, ok := typeNames[rf.Type]
	if !ok {
		return nil, fmt.Errorf("%s: unknown type %q", id, rf.Type)
	}
	n.typ = t
	if err := placement(rf, t, id); err != nil {
		return nil, err
	}
	if rf.Items != nil {
		items, err := c.field(rf.Items, id+"[]", proto, n.src)
		if err != nil {
			return nil, err
		}
		n.items = items
	}
	if t == tObject {
		obj, err := c.object(rf, id, proto, n.src)
		if err != nil {
			return nil, err
		}
		n.obj = obj
	}
	return n, nil
}

// placement refuses checks on a type they cannot apply to.
func placement(rf *rawField, t valueType, id string) error {
	switch {
	case (rf.Enum != nil || rf.Format != "" || rf.Ref != nil) && t != tString:
		return fmt.Errorf("%s: enum, format and ref apply to strings only", id)
	case rf.Format != "" && !formats[rf.Format]:
		return fmt.Errorf("%s: unknown format %q", id, rf.Format)
	case (rf.Items != nil || rf.Length != 0) && t != tList:
		return fmt.Errorf("%s: items and length apply to lists only", id)
	case (rf.Fields != nil || rf.Closed || rf.Extends != "" || rf.Rules != nil) && t != tObject:
		return fmt.Errorf("%s: fields, closed, extends and rules apply to objects only", id)
	case rf.Closed && rf.ClosedWhy == "":
		return fmt.Errorf("%s: a closed object says why (closed_why)", id)
	case rf.Ref != nil && (rf.Ref.Family == "" || (rf.Ref.By != "key" && rf.Ref.By != "usergroup")):
		return fmt.Errorf("%s: ref needs family and by (key or usergroup)", id)
	}
	return nil
}

func (c *compiler) def(name, proto string) (*node, error) {
	memoKey := name + "@" + proto
	if n, ok := c.memo[memoKey]; ok {
		return n, nil
	}
	rf, ok := c.raw.Defs[name]
	if !ok {
		return nil, fmt.Errorf("unknown definition %q", name)
	}
	if c.busy[memoKey] {
		return nil, fmt.Errorf("definition %s refers to itself", name)
	}
	c.busy[memoKey] = true
	defer delete(c.busy, memoKey)
	src, err := c.source(rf.Source)
	if err != nil {
		return nil, fmt.Errorf("def %s: %w", name, err)
	}
	n, err := c.field(rf, name, proto, src)
	if err != nil {
		return nil, err
	}
	c.memo[memoKey] = n
	return n, nil
}

// owned is a field or rule spec with the id of the definition that wrote
// it, so an inherited rule keeps one id wherever it applies.
type owned[T any] struct {
	owner string
	src   Source
	spec  T
}

// flatten collects the fields and rules of rf and of what it extends,
// the extending object's fields overriding the base's.
func (c *compiler) flatten(rf *rawField, id string, src Source, depth int) (map[string]owned[*rawField], []owned[rawRule], error) {
	if depth > 8 {
		return nil, nil, fmt.Errorf("%s: extends goes too deep", id)
	}
	fields := map[string]owned[*rawField]{}
	var rules []owned[rawRule]
	if rf.Extends != "" {
		base, ok := c.raw.Defs[rf.Extends]
		if !ok || base.Type != "object" {
			return nil, nil, fmt.Errorf("%s: extends %q, which is no object definition", id, rf.Extends)
		}
		bsrc, err := c.source(base.Source)
		if err != nil {
			return nil, nil, err
		}
		fields, rules, err = c.flatten(base, rf.Extends, bsrc, depth+1)
		if err != nil {
			return nil, nil, err
		}
	}
	for name, f := range rf.Fields {
		fields[name] = owned[*rawField]{owner: id, src: src, spec: f}
	}
	for _, r := range rf.Rules {
		rules = append(rules, owned[rawRule]{owner: id, src: src, spec: r})
	}
	return fields, rules, nil
}

func (c *compiler) object(rf *rawField, id, proto string, src Source) (*object, error) {
	fields, rules, err := c.flatten(rf, id, src, 0)
	if err != nil {
		return nil, err
	}
	o := &object{members: map[string]*member{}, closed: rf.Closed, closedWhy: rf.ClosedWhy}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f := fields[name]
		for _, p := range f.spec.Protocols {
			if !protocols[p] {
				return nil, fmt.Errorf("%s.%s: unknown protocol %q", id, name, p)
			}
		}
		if len(f.spec.Protocols) > 0 && !contains(f.spec.Protocols, proto) {
			continue
		}
		val, err := c.field(f.spec, f.owner+"."+name, proto, f.src)
		if err != nil {
			return nil, err
		}
		doc := f.spec.Doc
		if doc == "" {
			doc = val.doc
		}
		o.add(&member{name: name, val: val, doc: doc})
	}
	for _, r := range rules {
		compiled, err := c.rule(r, o)
		if err != nil {
			return nil, err
		}
		if compiled != nil {
			o.rules = append(o.rules, compiled)
		}
	}
	return o, nil
}

// rule compiles one rule of object o. A rule whose fields do not exist
// under this protocol is left out (nil); load fails if that is so under
// every protocol.
func (c *compiler) rule(r owned[rawRule], o *object) (*rule, error) {
	spec := r.spec
	out := &rule{kind: spec.Kind, text: spec.Text, src: r.src, field: split(spec.Field), other: split(spec.Other)}
	out.id = r.owner + ":" + spec.Kind + ":" + spec.Field
	if spec.Source != "" {
		s, err := c.source(spec.Source)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", out.id, err)
		}
		out.src = s
	}
	switch spec.Kind {
	case ruleRequiredIf, ruleAppliesOnlyIf, ruleAtLeast, ruleCrossObject:
	default:
		return nil, fmt.Errorf("rule %s: unknown kind", out.id)
	}
	if spec.Field == "" || spec.Text == "" {
		return nil, fmt.Errorf("rule %s: field and text are required", out.id)
	}
	if (spec.Kind == ruleRequiredIf || spec.Kind == ruleAppliesOnlyIf) && spec.When == nil {
		return nil, fmt.Errorf("rule %s: needs when", out.id)
	}
	if (spec.Kind == ruleAtLeast) != (spec.Other != "") {
		return nil, fmt.Errorf("rule %s: other goes with at_least only", out.id)
	}
	if spec.When != nil {
		switch spec.When.Equals.(type) {
		case string, bool:
		default:
			return nil, fmt.Errorf("rule %s: when.equals must be a string or a boolean", out.id)
		}
		out.whenField, out.whenEquals = split(spec.When.Field), spec.When.Equals
	}
	if _, seen := c.ruleSeen[out.id]; !seen {
		c.ruleSeen[out.id] = false
	}
	for _, p := range [][]string{out.field, out.other, out.whenField} {
		if p != nil && o.resolve(p) == nil {
			return nil, nil
		}
	}
	c.ruleSeen[out.id] = true
	return out, nil
}

func split(dotted string) []string {
	if dotted == "" {
		return nil
	}
	return strings.Split(dotted, ".")
}

// resolve finds the node at a relative path of field names.
func (o *object) resolve(path []string) *node {
	cur := o
	for i, name := range path {
		m := cur.members[name]
		if m == nil {
			return nil
		}
		if i == len(path)-1 {
			return m.val
		}
		if m.val.obj == nil {
			return nil
		}
		cur = m.val.obj
	}
	return nil
}
