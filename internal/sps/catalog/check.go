package catalog

import (
	"sort"
	"strings"
)

// Mode says what a body stands for.
type Mode int

const (
	// Whole: the body is the whole object SPS will hold (a create, or an
	// update already merged onto the object SPS holds). Every rule applies.
	Whole Mode = iota + 1
	// Overlay: the body holds only the declared fields, to be overlaid on
	// the object SPS holds (objects merge key by key; lists replace whole).
	// Rules that need a field to be present ("required if ...") are
	// skipped outside lists, because SPS may hold the field already.
	Overlay
)

// MaxViolations bounds what one check returns; a hostile body with a
// million wrong list elements yields this many and one KindTruncated.
const MaxViolations = 100

// Lookup finds the family of a configuration path relative to
// /api/configuration ("ssh/connections", "ssh/options"); a leading
// /api/configuration/ and surrounding slashes are ignored.
func Lookup(path string) (*Family, bool) {
	p := strings.TrimPrefix(path, "/")
	p = strings.TrimPrefix(p, "api/configuration/")
	f, ok := data.byPath[strings.Trim(p, "/")]
	return f, ok
}

// Families returns every family at every concrete path, in path order.
func Families() []*Family { return append([]*Family(nil), data.families...) }

// NotCovered returns the rows and families of the reference the catalog
// does not describe, and why.
func NotCovered() []Gap { return append([]Gap(nil), data.gaps...) }

// Check checks a body for the configuration path. A path outside the
// catalog is not checked (nil). See Family.Check.
func Check(path string, body any, mode Mode) []Violation {
	f, ok := Lookup(path)
	if !ok {
		return nil
	}
	return f.Check(body, mode)
}

// Check checks a body about to be written: a read-only family yields one
// KindReadOnly violation (with the documented reason) and nothing else;
// otherwise see CheckShape.
func (f *Family) Check(body any, mode Mode) []Violation {
	if f.ReadOnly {
		return []Violation{{
			Kind: KindReadOnly, Severity: Error, RuleID: f.ID + ":read_only",
			Rule:   f.Path + " is read-only over the REST API: " + f.ReadOnlyReason,
			Source: f.ReadOnlySource,
		}}
	}
	return f.CheckShape(body, mode)
}

// CheckShape checks a body against the documented fields and rules of the
// family, writable or not (for bodies read from SPS, seeds and tests).
// The body is a Go value: map[string]any, []any, string, bool, a number
// (json.Number, float64, *big.Float or an integer type), nil (null: the
// same as an absent field) or Unknown (skipped). An Unknown or null body
// has nothing to check.
func (f *Family) CheckShape(body any, mode Mode) []Violation {
	if body == nil || IsUnknown(body) {
		return nil
	}
	v, others := f.variantFor(body)
	c := &checker{whole: mode != Overlay, others: others, family: f, shape: v.name}
	c.value(v.body, body, nil, c.whole)
	return c.out
}

// variantFor picks the documented shape of a body: the one whose telling
// field it holds; with none or several, the one that finds the fewest
// errors (several: the other shapes' fields are then reported as
// KindShape). others maps the telling fields of the other shapes to their
// names.
func (f *Family) variantFor(body any) (variant, map[string]string) {
	if len(f.variants) == 1 {
		return f.variants[0], nil
	}
	m, _ := body.(map[string]any)
	var present []variant
	for _, v := range f.variants {
		if x, ok := m[v.key]; ok && x != nil {
			present = append(present, v)
		}
	}
	candidates := present
	if len(present) == 0 {
		candidates = f.variants
	}
	best, bestErrors := candidates[0], -1
	if len(candidates) > 1 {
		for _, cand := range candidates {
			c := &checker{whole: true, others: f.othersThan(cand), family: f, shape: cand.name}
			c.value(cand.body, body, nil, true)
			if n := c.errors(); bestErrors < 0 || n < bestErrors {
				best, bestErrors = cand, n
			}
		}
	}
	return best, f.othersThan(best)
}

func (f *Family) othersThan(v variant) map[string]string {
	out := map[string]string{}
	for _, o := range f.variants {
		if o.key != v.key {
			out[o.key] = o.name
		}
	}
	return out
}

type checker struct {
	out    []Violation
	full   bool
	whole  bool
	others map[string]string
	family *Family
	shape  string // the documented shape the body is checked against
}

func (c *checker) errors() int {
	n := 0
	for _, v := range c.out {
		if v.Severity == Error {
			n++
		}
	}
	return n
}

func (c *checker) add(v Violation) {
	if c.full {
		return
	}
	if len(c.out) == MaxViolations {
		c.full = true
		c.out = append(c.out, Violation{
			Kind: KindTruncated, Severity: Error, RuleID: "truncated",
			Rule: "more violations were found than are listed here",
		})
		return
	}
	c.out = append(c.out, v)
}

// value checks v against n at path at. whole is false inside objects an
// Overlay body only partly declares; list elements are always whole.
func (c *checker) value(n *node, v any, at []Step, whole bool) {
	if c.full || IsUnknown(v) || n.typ == tAny {
		return
	}
	switch n.typ {
	case tString:
		s, ok := v.(string)
		if !ok {
			c.wrongType(n, v, at)
			return
		}
		c.text(n, s, at)
	case tBool:
		if _, ok := v.(bool); !ok {
			c.wrongType(n, v, at)
		}
	case tInt, tNumber:
		f, ok := number(v)
		if !ok || (n.typ == tInt && !f.IsInt()) {
			c.wrongType(n, v, at)
		}
	case tObject:
		m, ok := v.(map[string]any)
		if !ok {
			c.wrongType(n, v, at)
			return
		}
		c.object(n, m, at, whole)
	case tList:
		l, ok := v.([]any)
		if !ok {
			c.wrongType(n, v, at)
			return
		}
		c.list(n, l, at)
	}
}

func (c *checker) list(n *node, l []any, at []Step) {
	if n.length > 0 && len(l) != n.length {
		c.add(Violation{
			Steps: at, Kind: KindFormat, Severity: Error, RuleID: n.id + ":length",
			Rule: n.formatRule(), Detail: "got " + describe(l), Source: n.src,
		})
	}
	if n.items == nil {
		return
	}
	for i, item := range l {
		if c.full {
			return
		}
		if item == nil && n.items.typ != tAny {
			c.wrongType(n.items, item, with(at, index(i)))
			continue
		}
		c.value(n.items, item, with(at, index(i)), true)
	}
}

func (c *checker) object(n *node, m map[string]any, at []Step, whole bool) {
	o := n.obj
	for _, name := range o.names {
		if v, ok := m[name]; ok && v != nil {
			c.value(o.members[name].val, v, with(at, key(name)), whole)
		}
	}
	if o.closed {
		keys := make([]string, 0, len(m))
		for k, v := range m {
			if o.members[k] == nil && v != nil {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			c.undocumented(n, k, at)
		}
	}
	for _, r := range o.rules {
		c.rule(r, m, at, whole)
	}
}

func (c *checker) undocumented(n *node, k string, at []Step) {
	if other, ok := c.others[k]; ok && len(at) == 0 {
		c.add(Violation{
			Steps: with(at, key(k)), Kind: KindShape, Severity: Error, RuleID: c.family.ID + ":one_shape",
			Rule:   "a body has one of the documented shapes (" + strings.Join(c.family.Shapes(), ", ") + "), not a mix",
			Detail: quote(k) + " belongs to " + other + ", the rest of this body to " + c.shape,
			Source: c.family.Source,
		})
		return
	}
	c.add(Violation{
		Steps: with(at, key(k)), Kind: KindUnknownField, Severity: Error, RuleID: n.id + ":closed",
		Rule:       "not a documented field: the reference documents every field of this object (" + strings.Join(n.obj.names, ", ") + ")",
		Suggestion: suggest(k, n.obj.names),
		Source:     n.src,
	})
}

func (c *checker) wrongType(n *node, v any, at []Step) {
	if n.ref != nil && n.ref.Text != "" {
		if _, isObject := v.(map[string]any); isObject {
			c.add(Violation{
				Steps: at, Kind: KindReference, Severity: Error, RuleID: n.id + ":ref",
				Rule: n.ref.Text, Detail: "got " + describe(v), Source: n.src,
			})
			return
		}
	}
	c.add(Violation{
		Steps: at, Kind: KindType, Severity: Error, RuleID: n.id + ":type",
		Rule: n.typ.must(), Detail: "got " + describe(v), Source: n.src,
	})
}
