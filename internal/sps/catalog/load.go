package catalog

import (
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed catalog.yaml
var catalogYAML []byte

type rawCatalog struct {
	Sources    map[string]rawSource `yaml:"sources"`
	Defs       map[string]*rawField `yaml:"defs"`
	Families   []rawFamily          `yaml:"families"`
	NotCovered []Gap                `yaml:"not_covered"`
}

type rawSource struct {
	File    string `yaml:"file"`
	Section string `yaml:"section"`
	Tag     string `yaml:"tag"`
}

type rawField struct {
	Type      string               `yaml:"type"`
	Use       string               `yaml:"use"`
	Enum      []string             `yaml:"enum"`
	Format    string               `yaml:"format"`
	Length    int                  `yaml:"length"`
	Items     *rawField            `yaml:"items"`
	Fields    map[string]*rawField `yaml:"fields"`
	Extends   string               `yaml:"extends"`
	Closed    bool                 `yaml:"closed"`
	ClosedWhy string               `yaml:"closed_why"`
	Rules     []rawRule            `yaml:"rules"`
	Ref       *Ref                 `yaml:"ref"`
	Protocols []string             `yaml:"protocols"`
	Doc       string               `yaml:"doc"`
	Source    string               `yaml:"source"`
}

type rawRule struct {
	Kind   string   `yaml:"kind"`
	Field  string   `yaml:"field"`
	Other  string   `yaml:"other"`
	When   *rawWhen `yaml:"when"`
	Text   string   `yaml:"text"`
	Source string   `yaml:"source"`
}

type rawWhen struct {
	Field  string `yaml:"field"`
	Equals any    `yaml:"equals"`
}

type rawFamily struct {
	ID        string       `yaml:"id"`
	Title     string       `yaml:"title"`
	Paths     []string     `yaml:"paths"`
	Singleton bool         `yaml:"singleton"`
	Source    string       `yaml:"source"`
	IndexRows []string     `yaml:"index_rows"`
	ReadOnly  *rawReadOnly `yaml:"read_only"`
	Body      *rawField    `yaml:"body"`
	Variants  []rawVariant `yaml:"variants"`
	Offer     Offer        `yaml:"offer"`
	OfferWhy  string       `yaml:"offer_why"`
}

type rawVariant struct {
	Name string    `yaml:"name"`
	Key  string    `yaml:"key"`
	Body *rawField `yaml:"body"`
}

type rawReadOnly struct {
	Protocols []string `yaml:"protocols"`
	Source    string   `yaml:"source"`
	Reason    string   `yaml:"reason"`
}

// protocols are the first path segments that name a protocol.
var protocols = map[string]bool{"ssh": true, "rdp": true, "telnet": true, "vnc": true, "mssql": true, "http": true, "ica": true}

var formats = map[string]bool{"no_whitespace": true, "time_of_day": true}

// catalogData is what load returns: every concrete family by path, in
// path order, and the gaps.
type catalogData struct {
	byPath   map[string]*Family
	families []*Family
	gaps     []Gap
}

var data = mustLoad(catalogYAML)

func mustLoad(b []byte) *catalogData {
	d, err := load(b)
	if err != nil {
		panic("catalog.yaml: " + err.Error())
	}
	return d
}

// load parses and compiles the catalog strictly: unknown keys, dangling
// source or definition names, misplaced checks and rules whose fields do
// not exist are errors, so a mistake in the data fails every test at once.
func load(b []byte) (*catalogData, error) {
	var raw rawCatalog
	if err := decodeStrict(b, &raw); err != nil {
		return nil, err
	}
	c := &compiler{raw: &raw, memo: map[string]*node{}, busy: map[string]bool{}, ruleSeen: map[string]bool{}}
	if err := c.checkSources(); err != nil {
		return nil, err
	}
	d := &catalogData{byPath: map[string]*Family{}, gaps: raw.NotCovered}
	ids := map[string]bool{}
	for i := range raw.Families {
		rf := &raw.Families[i]
		if rf.ID == "" || ids[rf.ID] {
			return nil, fmt.Errorf("family %d: missing or repeated id %q", i, rf.ID)
		}
		ids[rf.ID] = true
		fams, err := c.family(rf)
		if err != nil {
			return nil, fmt.Errorf("family %s: %w", rf.ID, err)
		}
		for _, f := range fams {
			f.rank = i
			if d.byPath[f.Path] != nil {
				return nil, fmt.Errorf("family %s: path %s already belongs to %s", rf.ID, f.Path, d.byPath[f.Path].ID)
			}
			d.byPath[f.Path] = f
			d.families = append(d.families, f)
		}
	}
	for id, resolved := range c.ruleSeen {
		if !resolved {
			return nil, fmt.Errorf("rule %s: its fields exist under no protocol", id)
		}
	}
	sort.Slice(d.families, func(i, j int) bool { return d.families[i].Path < d.families[j].Path })
	return d, nil
}

// decodeStrict decodes YAML refusing keys the Go types do not have.
func decodeStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	return dec.Decode(v)
}

type compiler struct {
	raw  *rawCatalog
	memo map[string]*node // def@protocol
	busy map[string]bool
	// ruleSeen records every rule written, and whether its fields resolved
	// under at least one protocol.
	ruleSeen map[string]bool
}

func (c *compiler) checkSources() error {
	for id, s := range c.raw.Sources {
		if s.File == "" || s.Section == "" {
			return fmt.Errorf("source %s: file and section are required", id)
		}
		if strings.HasPrefix(s.File, "reference/") && s.Tag == "" {
			return fmt.Errorf("source %s: a reference file needs the vendor source tag", id)
		}
	}
	for name, def := range c.raw.Defs {
		if def.Source == "" {
			return fmt.Errorf("def %s: every definition cites a source", name)
		}
	}
	return nil
}

func (c *compiler) source(id string) (Source, error) {
	s, ok := c.raw.Sources[id]
	if !ok {
		return Source{}, fmt.Errorf("unknown source %q", id)
	}
	return Source(s), nil
}

// expand turns "{ssh,rdp}/connections" into the concrete paths.
func expand(pattern string) ([]string, error) {
	if !strings.HasPrefix(pattern, "{") {
		return []string{pattern}, nil
	}
	end := strings.Index(pattern, "}")
	if end < 0 {
		return nil, fmt.Errorf("path %q: unclosed {", pattern)
	}
	var out []string
	for _, p := range strings.Split(pattern[1:end], ",") {
		out = append(out, p+pattern[end+1:])
	}
	return out, nil
}

func (c *compiler) family(rf *rawFamily) ([]*Family, error) {
	src, err := c.source(rf.Source)
	if err != nil {
		return nil, err
	}
	switch rf.Offer {
	case OfferTyped, OfferGenericValidated, OfferGeneric, OfferReadOnly:
	default:
		return nil, fmt.Errorf("unknown offer %q", rf.Offer)
	}
	if rf.Title == "" || rf.OfferWhy == "" || len(rf.Paths) == 0 {
		return nil, fmt.Errorf("title, paths and offer_why are required")
	}
	if (rf.Body == nil) == (len(rf.Variants) == 0) {
		return nil, fmt.Errorf("give either body or variants")
	}
	var out []*Family
	for _, pattern := range rf.Paths {
		paths, err := expand(pattern)
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			f, err := c.concrete(rf, pattern, p, src)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			out = append(out, f)
		}
	}
	return out, nil
}

func (c *compiler) concrete(rf *rawFamily, pattern, path string, src Source) (*Family, error) {
	f := &Family{
		ID: rf.ID, Title: rf.Title, Path: path, Pattern: pattern, Singleton: rf.Singleton,
		Source: src, Offer: rf.Offer, OfferWhy: rf.OfferWhy, IndexRows: rf.IndexRows,
	}
	if first, _, _ := strings.Cut(path, "/"); protocols[first] {
		f.Protocol = first
	}
	if ro := rf.ReadOnly; ro != nil {
		if ro.Reason == "" {
			return nil, fmt.Errorf("read_only needs a reason")
		}
		rsrc, err := c.source(ro.Source)
		if err != nil {
			return nil, err
		}
		if len(ro.Protocols) == 0 || contains(ro.Protocols, f.Protocol) {
			f.ReadOnly, f.ReadOnlyReason, f.ReadOnlySource = true, ro.Reason, rsrc
		}
	}
	if rf.Body != nil {
		body, err := c.field(rf.Body, rf.ID, f.Protocol, src)
		if err != nil {
			return nil, err
		}
		f.variants = []variant{{name: "the documented body", body: body}}
		return f, nil
	}
	for _, rv := range rf.Variants {
		if rv.Name == "" || rv.Key == "" || rv.Body == nil {
			return nil, fmt.Errorf("a variant needs name, key and body")
		}
		body, err := c.field(rv.Body, rf.ID+"."+rv.Key, f.Protocol, src)
		if err != nil {
			return nil, err
		}
		if body.obj == nil || body.obj.members[rv.Key] == nil {
			return nil, fmt.Errorf("variant %s: its body has no field %s", rv.Name, rv.Key)
		}
		f.variants = append(f.variants, variant{name: rv.Name, key: rv.Key, body: body})
	}
	return f, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
