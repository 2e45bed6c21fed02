// Package adopt turns the literal references of a configuration that
// `terraform query -generate-config-out` (or `terraform plan
// -generate-config-out`) wrote for an SPS appliance into Terraform
// references, where the referenced object is in the same configuration.
//
// Terraform writes what SPS holds: a connection policy's indexing.policy as
// the indexing policy's key string, its access_control usergroups as
// names. Kept as literals, Terraform knows nothing of the dependency: it
// would destroy the indexing policy first (SPS refuses: the policy is
// referenced) and could not create both in one apply on another appliance.
// Rewrite replaces each documented reference (the catalog's
// Family.References, so only what the vendor reference documents) by
// `<address>.key` or `<address>.body.name` of the resource that adopts the
// referenced object, found through the import blocks Terraform generated
// next to it. A reference whose object is not in the configuration (an
// LDAP group, an object not adopted) stays a literal and is reported.
//
// It reads HCL with the hcl library, not Terraform: the generated files
// hold only literal values, which evaluate without any context; a body that
// does not (already edited to hold references or functions) is left alone.
package adopt

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps/catalog"
)

// The generic resource types whose body holds SPS's object as it is, with
// the attribute that names its endpoint.
var genericTypes = map[string]bool{"sps_config_object": true, "sps_config_settings": true}

// Link is one literal replaced by a reference.
type Link struct {
	File     string
	Resource string // the referring resource's address: sps_config_object.conns_1
	Path     string // where in it: body.indexing.policy
	Value    string // the literal it held
	Target   string // the expression written instead: sps_config_object.indexing_0.key
}

func (l Link) String() string {
	return fmt.Sprintf("%s: %s.%s = %s (was %q)", l.File, l.Resource, l.Path, l.Target, l.Value)
}

// Unlinked is a documented reference whose object is not in the
// configuration: it stays a literal.
type Unlinked struct {
	File     string
	Resource string
	Path     string
	Family   string // the referenced family: policies/indexing
	By       string // "key", or "usergroup" (a local group's name, or an LDAP group)
	Value    string
}

func (u Unlinked) String() string {
	what := "key"
	if u.By == "usergroup" {
		what = "name (or it names an LDAP group)"
	}
	return fmt.Sprintf("%s: %s.%s = %q stays a literal: no %s object with that %s is adopted in this configuration",
		u.File, u.Resource, u.Path, u.Value, u.Family, what)
}

// Result is what Rewrite made of the files: the new contents of those it
// changed, and every reference it linked or left.
type Result struct {
	Changed  map[string][]byte
	Links    []Link
	Unlinked []Unlinked
}

// resource is one sps_config_object or sps_config_settings block.
type resource struct {
	file    string
	address string
	block   *hclwrite.Block
	path    string
	body    cty.Value // cty.NilVal when it is not a literal
	key     string    // from its import block
}

// Rewrite links the documented references of every generic resource in
// files (name -> contents, all of one configuration). Files are parsed as
// HCL native syntax; a file that does not parse is an error naming it.
func Rewrite(files map[string][]byte) (*Result, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	parsed := map[string]*hclwrite.File{}
	var all []*resource
	byAddress := map[string]*resource{}
	imports := map[string]string{} // address -> key
	for _, n := range names {
		f, diags := hclwrite.ParseConfig(files[n], n, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s: %s", n, diags.Error())
		}
		parsed[n] = f
		for _, b := range f.Body().Blocks() {
			switch {
			case b.Type() == "resource" && len(b.Labels()) == 2 && genericTypes[b.Labels()[0]]:
				r := &resource{file: n, address: b.Labels()[0] + "." + b.Labels()[1], block: b}
				r.path, _ = literalString(b.Body().GetAttribute("path"))
				r.path = strings.Trim(strings.TrimPrefix(strings.TrimPrefix(r.path, "/"), "api/configuration/"), "/")
				r.body = literal(b.Body().GetAttribute("body"))
				all = append(all, r)
				byAddress[r.address] = r
			case b.Type() == "import":
				if to, key := importTarget(b); to != "" && key != "" {
					imports[to] = key
				}
			}
		}
	}
	for addr, key := range imports {
		if r, ok := byAddress[addr]; ok {
			r.key = key
		}
	}
	res := &Result{Changed: map[string][]byte{}}
	changed := map[string]bool{}
	for _, r := range all {
		if link(r, all, res) {
			changed[r.file] = true
		}
	}
	for n := range changed {
		res.Changed[n] = hclwrite.Format(parsed[n].Bytes())
	}
	return res, nil
}

// link replaces the references of r's body it can resolve; it reports
// whether it changed the block.
func link(r *resource, all []*resource, res *Result) bool {
	if r.body == cty.NilVal || r.path == "" {
		return false
	}
	fam, ok := catalog.Lookup(r.path)
	if !ok {
		return false
	}
	repl := map[string]hclwrite.Tokens{}
	for _, ref := range fam.References(goValue(r.body)) {
		at := catalog.PathString("body", ref.Steps)
		target := resolve(ref, all)
		if target == "" {
			res.Unlinked = append(res.Unlinked, Unlinked{File: r.file, Resource: r.address, Path: at, Family: ref.Family, By: ref.By, Value: ref.Value})
			continue
		}
		repl[at] = hclwrite.Tokens{{Type: hclsyntax.TokenIdent, Bytes: []byte(target)}}
		res.Links = append(res.Links, Link{File: r.file, Resource: r.address, Path: at, Value: ref.Value, Target: target})
	}
	if len(repl) == 0 {
		return false
	}
	r.block.Body().SetAttributeRaw("body", tokensFor(r.body, nil, repl))
	return true
}

// resolve is the expression that stands for ref's object, "" when the
// object is not in the configuration. A reference by usergroup names a
// local group by its name (or an LDAP group, never adopted as an object).
func resolve(ref catalog.Reference, all []*resource) string {
	var found []string
	for _, t := range all {
		if t.path != ref.Family {
			continue
		}
		switch ref.By {
		case "key":
			if t.key == ref.Value {
				found = append(found, t.address+".key")
			}
		case "usergroup":
			if name, ok := bodyName(t.body); ok && name == ref.Value {
				found = append(found, t.address+".body.name")
			}
		}
	}
	if len(found) != 1 {
		return "" // none, or ambiguous: a literal is the honest answer
	}
	return found[0]
}

func bodyName(body cty.Value) (string, bool) {
	if body == cty.NilVal || body.IsNull() || !body.Type().IsObjectType() || !body.Type().HasAttribute("name") {
		return "", false
	}
	n := body.GetAttr("name")
	if n.IsNull() || !n.IsKnown() || n.Type() != cty.String {
		return "", false
	}
	return n.AsString(), true
}

// importTarget reads an import block's `to` address and the key it imports:
// identity = { path, key } or id = "<path>/<key>".
func importTarget(b *hclwrite.Block) (to, key string) {
	toAttr := b.Body().GetAttribute("to")
	if toAttr == nil {
		return "", ""
	}
	expr, diags := hclsyntax.ParseExpression(toAttr.Expr().BuildTokens(nil).Bytes(), "to", hcl.InitialPos)
	if diags.HasErrors() {
		return "", ""
	}
	trav, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() || len(trav) != 2 {
		return "", "" // resources in modules or with count/for_each are not generated
	}
	attr, ok := trav[1].(hcl.TraverseAttr)
	if !ok {
		return "", ""
	}
	to = trav.RootName() + "." + attr.Name
	if id := literal(b.Body().GetAttribute("identity")); id != cty.NilVal && id.Type().IsObjectType() && id.Type().HasAttribute("key") {
		if k := id.GetAttr("key"); k.Type() == cty.String && k.IsKnown() && !k.IsNull() {
			return to, k.AsString()
		}
	}
	if id, ok := literalString(b.Body().GetAttribute("id")); ok {
		if i := strings.LastIndex(id, "/"); i >= 0 {
			return to, id[i+1:]
		}
	}
	return to, ""
}

// literal evaluates an attribute that holds only literal values;
// cty.NilVal when it is absent or needs a context (references, functions).
func literal(a *hclwrite.Attribute) cty.Value {
	if a == nil {
		return cty.NilVal
	}
	expr, diags := hclsyntax.ParseExpression(a.Expr().BuildTokens(nil).Bytes(), "attr", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return cty.NilVal
	}
	return v
}

func literalString(a *hclwrite.Attribute) (string, bool) {
	v := literal(a)
	if v == cty.NilVal || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// goValue is v as the plain Go values the catalog reads.
func goValue(v cty.Value) any {
	if v.IsNull() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Bool:
		return v.True()
	case t == cty.Number:
		return new(big.Float).Copy(v.AsBigFloat())
	case t.IsObjectType() || t.IsMapType():
		m := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			m[k.AsString()] = goValue(e)
		}
		return m
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		var l []any
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			l = append(l, goValue(e))
		}
		if l == nil {
			l = []any{}
		}
		return l
	}
	return nil
}

// tokensFor writes v back as HCL, with the expressions of repl (keyed by
// catalog.PathString of the steps) in place of the values there.
func tokensFor(v cty.Value, at []catalog.Step, repl map[string]hclwrite.Tokens) hclwrite.Tokens {
	if t, ok := repl[catalog.PathString("body", at)]; ok {
		return t
	}
	if v.IsNull() {
		return hclwrite.TokensForValue(v)
	}
	t := v.Type()
	switch {
	case t.IsObjectType() || t.IsMapType():
		var attrs []hclwrite.ObjectAttrTokens
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			name := k.AsString()
			attrs = append(attrs, hclwrite.ObjectAttrTokens{
				Name:  keyTokens(name),
				Value: tokensFor(e, append(append([]catalog.Step(nil), at...), catalog.Step{Key: name}), repl),
			})
		}
		return hclwrite.TokensForObject(attrs)
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		var elems []hclwrite.Tokens
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			elems = append(elems, tokensFor(e, append(append([]catalog.Step(nil), at...), catalog.Step{Index: i, IsIndex: true}), repl))
		}
		return hclwrite.TokensForTuple(elems)
	}
	return hclwrite.TokensForValue(v)
}

// keyTokens is an object key: bare when HCL reads it back as the same
// string, quoted (and escaped, template sequences included) otherwise.
func keyTokens(name string) hclwrite.Tokens {
	switch name {
	case "null", "true", "false", "for", "in", "if", "else", "endif", "endfor":
	default:
		if hclsyntax.ValidIdentifier(name) {
			return hclwrite.TokensForIdentifier(name)
		}
	}
	return hclwrite.TokensForValue(cty.StringVal(name))
}
