package catalog

// Reference is one reference a body makes to an object of another family,
// found where the reference documents one (indexing.policy, usergroups).
type Reference struct {
	Steps  []Step
	Family string // the referenced family's path, e.g. "policies/indexing"
	By     string // "key" or "usergroup" (a local group's name or an LDAP group)
	Value  string
}

// References returns the references a body makes, in walk order, so an
// adoption can write them as Terraform references when the referenced
// object is in the same configuration. Unknown and non-string values are
// skipped.
func (f *Family) References(body any) []Reference {
	if body == nil || IsUnknown(body) {
		return nil
	}
	v, _ := f.variantFor(body)
	var out []Reference
	collectRefs(v.body, body, nil, &out)
	return out
}

// maxReferences bounds what a hostile body can make References return.
const maxReferences = 10000

func collectRefs(n *node, v any, at []Step, out *[]Reference) {
	if len(*out) >= maxReferences {
		return
	}
	switch {
	case n.ref != nil:
		if s, ok := v.(string); ok {
			*out = append(*out, Reference{Steps: at, Family: n.ref.Family, By: n.ref.By, Value: s})
		}
	case n.obj != nil:
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		for _, name := range n.obj.names {
			if x, ok := m[name]; ok {
				collectRefs(n.obj.members[name].val, x, with(at, key(name)), out)
			}
		}
	case n.items != nil:
		l, ok := v.([]any)
		if !ok {
			return
		}
		for i, x := range l {
			collectRefs(n.items, x, with(at, index(i)), out)
		}
	}
}
