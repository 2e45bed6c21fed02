package catalog

import (
	"sort"
	"strings"
)

// Source is where the reference documents something: a file of
// ../shared/spec, a section of it (a heading, or a quoted sentence for the
// seeds, which have no headings) and the vendor source tag the file uses.
type Source struct {
	File    string
	Section string
	Tag     string
}

// String renders "reference/05-policies.md §5.4 Time policies [doc1949119]".
func (s Source) String() string {
	if s.File == "" {
		return ""
	}
	out := s.File + " §" + s.Section
	if strings.HasPrefix(s.File, "seeds/") {
		out = s.File + ` ("` + s.Section + `")`
	}
	if s.Tag != "" {
		out += " [" + s.Tag + "]"
	}
	return out
}

// Offer is what the provider can offer for a family.
type Offer string

const (
	// OfferTyped: documented completely enough for a typed resource.
	OfferTyped Offer = "typed"
	// OfferGenericValidated: the generic resources, with the documented
	// part of the body checked at plan time.
	OfferGenericValidated Offer = "generic_validated"
	// OfferGeneric: the generic resources; no body field is documented.
	OfferGeneric Offer = "generic"
	// OfferReadOnly: not writable over REST; a data source at most.
	OfferReadOnly Offer = "read_only"
)

// Family is one documented configuration family at one concrete path
// (relative to /api/configuration). Families written once for several
// protocols ("{ssh,rdp}/connections") share ID, Pattern and definitions.
type Family struct {
	ID        string
	Title     string
	Path      string // e.g. "ssh/connections"
	Pattern   string // as written in the catalog, e.g. "{ssh,rdp}/connections"
	Protocol  string // the protocol segment, "" for policies/, aaa/ ...
	Singleton bool   // a settings endpoint (ssh/options), not a list of keyed objects
	// ReadOnly families cannot be written over REST; ReadOnlyReason says
	// why in the reference's words and ReadOnlySource where.
	ReadOnly       bool
	ReadOnlyReason string
	ReadOnlySource Source
	Source         Source
	Offer          Offer
	OfferWhy       string
	// IndexRows names the rows of reference/INDEX.md's summary table this
	// family covers.
	IndexRows []string

	variants []variant
	rank     int // the family's place in catalog.yaml, for tables
}

// variant is one documented body shape; key is the top-level field that
// tells the shapes apart ("" when the family has one shape).
type variant struct {
	name string
	key  string
	body *node
}

// Shapes returns the names of the documented body shapes (one for most
// families; protocol options have two).
func (f *Family) Shapes() []string {
	out := make([]string, len(f.variants))
	for i, v := range f.variants {
		out[i] = v.name
	}
	return out
}

type valueType int

const (
	tAny valueType = iota
	tString
	tBool
	tInt
	tNumber
	tObject
	tList
)

var typeNames = map[string]valueType{
	"any": tAny, "string": tString, "bool": tBool, "int": tInt,
	"number": tNumber, "object": tObject, "list": tList,
}

func (t valueType) String() string {
	for k, v := range typeNames {
		if v == t {
			return k
		}
	}
	return "?"
}

// must is the type rule in words.
func (t valueType) must() string {
	switch t {
	case tString:
		return "must be a string"
	case tBool:
		return "must be true or false"
	case tInt:
		return "must be a whole number"
	case tNumber:
		return "must be a number"
	case tObject:
		return "must be an object"
	case tList:
		return "must be a list"
	}
	return ""
}

// node is one documented value: its type and the checks on it.
type node struct {
	id     string // the definition path that names its rules
	typ    valueType
	enum   []string
	format string
	length int
	items  *node
	obj    *object
	ref    *Ref
	doc    string
	src    Source
}

// Ref is a documented reference to an object of another family.
type Ref struct {
	Family string // the referenced family's path, e.g. "policies/indexing"
	By     string // "key" (the object's key) or "usergroup" (a local or LDAP group)
	Text   string // the documented rule in words, if the reference states one
}

type object struct {
	members   map[string]*member
	names     []string // sorted
	closed    bool
	closedWhy string
	rules     []*rule
}

type member struct {
	name string
	val  *node
	doc  string
}

func (o *object) add(m *member) {
	if _, dup := o.members[m.name]; !dup {
		o.names = append(o.names, m.name)
		sort.Strings(o.names)
	}
	o.members[m.name] = m
}

const (
	ruleRequiredIf    = "required_if"
	ruleAppliesOnlyIf = "applies_only_if"
	ruleAtLeast       = "at_least"
	ruleCrossObject   = "cross_object"
)

// rule is a documented rule between fields of one object; paths are
// relative to that object.
type rule struct {
	id         string
	kind       string
	field      []string
	other      []string
	whenField  []string
	whenEquals any
	text       string
	src        Source
}

func (r *rule) severity() Severity {
	if r.kind == ruleAppliesOnlyIf {
		return Warning
	}
	return Error
}

// Gap is a family or row of the reference the catalog does not describe,
// and why.
type Gap struct {
	Row    string // the row of reference/INDEX.md's summary table, if any
	Family string // what it is, when it has no row
	Why    string
}
