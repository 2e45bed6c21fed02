package catalog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// specDir is ../shared/spec seen from this package, as in CI (the clone
// stands next to shared/).
var specDir = filepath.Join("..", "..", "..", "..", "shared", "spec")

func needSpec(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(specDir, "reference", "INDEX.md")); err != nil {
		t.Skipf("the vendor reference is not at %s: %v", specDir, err)
	}
}

// decode reads JSON as a caller's Go values, numbers as json.Number.
func decode(t testing.TB, s string) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("test body %s: %v", s, err)
	}
	return v
}

func family(t testing.TB, path string) *Family {
	t.Helper()
	f, ok := Lookup(path)
	if !ok {
		t.Fatalf("no family at %s", path)
	}
	return f
}

// found renders violations as "path ruleID" lines, sorted.
func found(vs []Violation) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Path() + " " + v.RuleID
	}
	sort.Strings(out)
	return out
}

func sameLines(got, want []string) bool {
	want = append([]string(nil), want...)
	sort.Strings(want)
	return strings.Join(got, "\n") == strings.Join(want, "\n")
}

// printable fails when s could act on a terminal: invalid UTF-8 or a
// control character.
func printable(t testing.TB, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s is not valid UTF-8: %q", what, s)
	}
	if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		t.Fatalf("%s holds a control character at %d: %q", what, i, s)
	}
}

// allRuleIDs collects the checked and cross-object rule ids of every
// family.
func allRuleIDs() (checked, cross map[string]bool) {
	checked, cross = map[string]bool{}, map[string]bool{}
	for _, f := range Families() {
		c, x := f.ruleIDs()
		for id := range c {
			checked[id] = true
		}
		for id := range x {
			cross[id] = true
		}
	}
	return checked, cross
}
