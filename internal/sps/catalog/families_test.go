package catalog

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite FAMILIES.md from catalog.yaml")

var offerWords = map[Offer]string{
	OfferTyped:            "typed resource",
	OfferGenericValidated: "generic, validated",
	OfferGeneric:          "generic only",
	OfferReadOnly:         "read-only",
}

// familyRow is one family of catalog.yaml over all its concrete paths.
type familyRow struct {
	first        *Family
	paths        []string
	readOnly     []string
	fields       map[string]bool
	rules, cross map[string]bool
	complete     bool
}

func familyRows() []*familyRow {
	byID := map[string]*familyRow{}
	var rows []*familyRow
	for _, f := range Families() {
		r := byID[f.ID]
		if r == nil {
			r = &familyRow{first: f, fields: map[string]bool{}, rules: map[string]bool{}, cross: map[string]bool{}, complete: true}
			byID[f.ID] = r
			rows = append(rows, r)
		}
		r.paths = append(r.paths, f.Path)
		if f.ReadOnly {
			r.readOnly = append(r.readOnly, f.Path)
		}
		for _, fl := range f.Fields() {
			if !strings.HasSuffix(fl.Path, "]") {
				r.fields[fl.Path] = true
			}
		}
		checked, cross := f.ruleIDs()
		for id := range checked {
			r.rules[id] = true
		}
		for id := range cross {
			r.cross[id] = true
		}
		r.complete = r.complete && f.Summary().Complete
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].first.rank < rows[j].first.rank })
	return rows
}

func (r *familyRow) knows() string {
	switch {
	case len(r.fields) == 0:
		return "no field"
	case r.complete:
		return "complete"
	}
	return "partial"
}

func (r *familyRow) offer() string {
	f := r.first
	out := offerWords[f.Offer]
	if len(r.readOnly) > 0 && len(r.readOnly) < len(r.paths) {
		out += "; read-only: " + strings.Join(r.readOnly, ", ")
	}
	return out
}

func familiesTable() string {
	var b strings.Builder
	b.WriteString("# What the catalog knows of each SPS configuration family\n\n")
	b.WriteString("Generated from `catalog.yaml` by `TestFamiliesTable`; do not edit. After changing the catalog:\n")
	b.WriteString("`go test ./internal/sps/catalog -run TestFamiliesTable -update`.\n\n")
	b.WriteString("Fields: documented field paths, nested ones counted. Rules: checked rules beyond plain types ")
	b.WriteString("(enums, formats, list lengths, references, completely documented objects, rules between fields, ")
	b.WriteString("read-only, one body shape). Cross-object: documented rules that need another object, listed ")
	b.WriteString("and not checked. Field set: complete when every documented object's fields are all known (an ")
	b.WriteString("undocumented field is then an error), partial when some objects are known only in part (undocumented ")
	b.WriteString("fields pass there).\n\n")
	b.WriteString("| family | path(s) | kind | fields | rules | cross-object | field set | provider offer | why | source |\n")
	b.WriteString("| --- | --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |\n")
	rows := familyRows()
	for _, r := range rows {
		f := r.first
		kind := "list"
		if f.Singleton {
			kind = "singleton"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %d | %d | %d | %s | %s | %s | %s |\n",
			f.Title, f.Pattern, kind, len(r.fields), len(r.rules), len(r.cross), r.knows(), r.offer(), f.OfferWhy, f.Source)
	}
	b.WriteString("\n## The rules, in words\n\nEvery field with a documented rule, per family (a field of several protocols once).\n")
	for _, r := range rows {
		writeRules(&b, r)
	}
	b.WriteString("\n## Not covered, and why\n\n| reference row or family | why |\n| --- | --- |\n")
	for _, g := range NotCovered() {
		name := g.Row
		if name == "" {
			name = g.Family
		}
		fmt.Fprintf(&b, "| %s | %s |\n", name, g.Why)
	}
	return b.String()
}

func writeRules(b *strings.Builder, r *familyRow) {
	f := r.first
	seen := map[string]bool{}
	var lines []string
	if len(r.readOnly) > 0 {
		lines = append(lines, "- read-only ("+strings.Join(r.readOnly, ", ")+"): "+f.ReadOnlyReason)
	}
	for _, path := range r.paths {
		fam, _ := Lookup(path)
		for _, v := range fam.variants {
			line := "- the body: fields documented completely"
			if len(fam.variants) > 1 {
				line = "- the body (" + v.name + "): fields documented completely"
			}
			if v.body.obj != nil && v.body.obj.closed && !seen[line] {
				seen[line] = true
				lines = append(lines, line)
			}
		}
		for _, fl := range fam.Fields() {
			line := "- `" + fl.Path + "`: " + strings.Join(fl.Rules, "; ")
			if fl.Closed {
				line += closedNote(fl.Rules)
			}
			if (len(fl.Rules) > 0 || fl.Closed) && !seen[line] {
				seen[line] = true
				lines = append(lines, line)
			}
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "\n### %s\n\n%s\n", f.Title, strings.Join(lines, "\n"))
}

func closedNote(rules []string) string {
	if len(rules) > 0 {
		return "; fields documented completely"
	}
	return "fields documented completely"
}

// TestFamiliesTable keeps FAMILIES.md equal to what the catalog says.
func TestFamiliesTable(t *testing.T) {
	want := familiesTable()
	if *update {
		if err := os.WriteFile("FAMILIES.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("FAMILIES.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("FAMILIES.md is out of date: go test ./internal/sps/catalog -run TestFamiliesTable -update")
	}
}

// indexRows reads the family column of reference/INDEX.md's summary table.
func indexRows(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join(specDir, "reference", "INDEX.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "## Summary table")
	if !ok {
		t.Fatal("INDEX.md has no summary table")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	var rows []string
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.HasPrefix(line, "| ") {
			continue
		}
		name := strings.TrimSpace(cells[1])
		if name != "family" && !strings.HasPrefix(name, "---") {
			rows = append(rows, name)
		}
	}
	return rows
}

// TestEveryIndexRowIsCoveredOrExplained: each family of INDEX.md's summary
// table is in the catalog or in its not-covered list with a reason, and
// neither names a row INDEX.md does not have.
func TestEveryIndexRowIsCoveredOrExplained(t *testing.T) {
	needSpec(t)
	rows := indexRows(t)
	if len(rows) < 30 {
		t.Fatalf("read only %d rows of INDEX.md's summary table", len(rows))
	}
	named := map[string]string{}
	for _, f := range Families() {
		for _, r := range f.IndexRows {
			named[r] = "family " + f.ID
		}
	}
	for _, g := range NotCovered() {
		if g.Why == "" || (g.Row == "" && g.Family == "") {
			t.Errorf("not-covered entry %+v says neither what nor why", g)
		}
		if g.Row != "" {
			if prev, dup := named[g.Row]; dup {
				t.Errorf("%q is both %s and not covered", g.Row, prev)
			}
			named[g.Row] = "not covered"
		}
	}
	inIndex := map[string]bool{}
	for _, r := range rows {
		inIndex[r] = true
		if named[r] == "" {
			t.Errorf("INDEX.md row %q is neither in the catalog nor in not_covered", r)
		}
	}
	for r, by := range named {
		if !inIndex[r] {
			t.Errorf("%s names %q, which is no row of INDEX.md", by, r)
		}
	}
}

func TestOffersAgreeWithTheData(t *testing.T) {
	for _, r := range familyRows() {
		f := r.first
		allReadOnly := len(r.readOnly) == len(r.paths)
		switch {
		case allReadOnly != (f.Offer == OfferReadOnly):
			t.Errorf("%s: offer %s, read-only at %v of %v", f.ID, f.Offer, r.readOnly, r.paths)
		case len(r.fields) == 0 && f.Offer != OfferGeneric:
			t.Errorf("%s: no documented field, but offer %s", f.ID, f.Offer)
		case len(r.fields) > 0 && f.Offer == OfferGeneric:
			t.Errorf("%s: %d documented fields are not checked by offer generic", f.ID, len(r.fields))
		case f.Offer == OfferTyped && !r.complete:
			t.Errorf("%s: typed, but its field set is partial", f.ID)
		}
	}
}
