package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCatalogParses(t *testing.T) {
	d, err := load(catalogYAML)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.families) < 40 || len(d.gaps) == 0 {
		t.Fatalf("%d families and %d gaps: the catalog lost its data", len(d.families), len(d.gaps))
	}
	for _, f := range d.families {
		if f.Source.File == "" || (f.ReadOnly && (f.ReadOnlySource.File == "" || f.ReadOnlyReason == "")) {
			t.Errorf("%s: family or read-only reason without a source", f.Path)
		}
	}
}

// synthetic is a small catalog for testing the loader and the checker's
// mechanisms apart from the vendor's data.
const synthetic = `
sources:
  s: {file: reference/x.md, section: "S", tag: T}
defs:
  entry:
    type: object
    source: s
    fields:
      mode: {type: string}
      target: {type: string}
    rules:
      - {kind: required_if, field: target, when: {field: mode, equals: fix}, text: "required if mode is fix"}
families:
  - id: f
    title: F
    paths: [policies/f]
    source: s
    offer: generic
    offer_why: w
    body:
      type: object
      fields:
        one: {use: entry}
        many: {type: list, items: {use: entry}}
`

func TestLoadRefusesMistakes(t *testing.T) {
	cases := map[string]struct{ from, to, want string }{
		"unknown key":              {"offer_why: w", "offer_why: w\n    titel: x", "titel"},
		"dangling definition":      {"items: {use: entry}", "items: {use: entri}", `unknown definition "entri"`},
		"enum on a number":         {"mode: {type: string}", "mode: {type: int, enum: [a]}", "strings only"},
		"rule on a missing field":  {"field: target, when", "field: tagret, when", "exist under no protocol"},
		"closed without why":       {"      target: {type: string}\n", "      target: {type: string}\n    closed: true\n", "closed_why"},
		"definition without cite":  {"    source: s\n    fields:\n      mode", "    fields:\n      mode", "cites a source"},
		"unknown source":           {"paths: [policies/f]\n    source: s", "paths: [policies/f]\n    source: nope", `unknown source "nope"`},
		"reference without tag":    {"tag: T}", "tag: \"\"}", "tag"},
		"unknown offer":            {"offer: generic", "offer: typed_maybe", "unknown offer"},
		"unknown protocol":         {"mode: {type: string}", "mode: {type: string, protocols: [smtp]}", "unknown protocol"},
		"unknown type":             {"mode: {type: string}", "mode: {type: text}", `unknown type "text"`},
		"equals of a wrong kind":   {"equals: fix}", "equals: [fix]}", "string or a boolean"},
		"a path given twice":       {"paths: [policies/f]", "paths: [policies/f, policies/f]", "already belongs"},
		"use with checks beside":   {"one: {use: entry}", "one: {use: entry, type: object}", "takes only doc"},
		"items on a string":        {"mode: {type: string}", "mode: {type: string, items: {type: int}}", "lists only"},
		"rule without a condition": {", when: {field: mode, equals: fix}", "", "needs when"},
	}
	if _, err := load([]byte(synthetic)); err != nil {
		t.Fatalf("the synthetic catalog itself: %v", err)
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(synthetic, tc.from) {
				t.Fatalf("the synthetic catalog has no %q", tc.from)
			}
			_, err := load([]byte(strings.Replace(synthetic, tc.from, tc.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// usedSources collects every source the compiled catalog cites.
func usedSources() map[Source]bool {
	used := map[Source]bool{}
	for _, f := range Families() {
		used[f.Source] = true
		if f.ReadOnly {
			used[f.ReadOnlySource] = true
		}
		for _, v := range f.variants {
			eachNode(v.body, func(n *node) {
				used[n.src] = true
				if n.obj != nil {
					for _, r := range n.obj.rules {
						used[r.src] = true
					}
				}
			})
		}
	}
	return used
}

// TestEveryRuleCitesASource: every checked value and rule names the file
// and section it came from, and every source of catalog.yaml is cited.
func TestEveryRuleCitesASource(t *testing.T) {
	used := usedSources()
	if used[Source{}] {
		t.Fatal("a value or rule cites no source")
	}
	var raw rawCatalog
	if err := decodeStrict(catalogYAML, &raw); err != nil {
		t.Fatal(err)
	}
	for id, s := range raw.Sources {
		if !used[Source(s)] {
			t.Errorf("source %s is cited by nothing", id)
		}
	}
}

// TestSourcesAreInTheReference: each cited file exists, holds the cited
// section (a heading, or for the seeds the quoted sentence) and the
// vendor source tag.
func TestSourcesAreInTheReference(t *testing.T) {
	needSpec(t)
	for s := range usedSources() {
		b, err := os.ReadFile(filepath.Join(specDir, s.File))
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		text := string(b)
		if !strings.Contains(text, s.Tag) {
			t.Errorf("%s: the tag %q is not in the file", s, s.Tag)
		}
		if strings.HasSuffix(s.File, ".md") {
			if !hasHeading(text, s.Section) {
				t.Errorf("%s: no heading holds %q", s, s.Section)
			}
		} else if !strings.Contains(text, s.Section) {
			t.Errorf("%s: the quoted sentence is not in the file", s)
		}
	}
}

func hasHeading(text, section string) bool {
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "#") && strings.Contains(line, section) {
			return true
		}
	}
	return false
}
