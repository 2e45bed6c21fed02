package catalog

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
)

// bodyAt builds a body holding leaf at a Fields path ("a.b[].c", "Mon[][]",
// "[].group" for a list body), one element per list.
func bodyAt(path string, leaf any) any {
	parts := strings.Split(path, ".")
	var build func(i int) any
	build = func(i int) any {
		if i == len(parts) {
			return leaf
		}
		name := strings.TrimRight(parts[i], "[]")
		v := build(i + 1)
		for d := 0; d < (len(parts[i])-len(name))/2; d++ {
			v = []any{v}
		}
		if name == "" {
			return v
		}
		return map[string]any{name: v}
	}
	return build(0)
}

// rendered is the Violation.Path of a Fields path, first elements taken.
func rendered(path string) string {
	out := "body"
	for _, part := range strings.Split(path, ".") {
		name := strings.TrimRight(part, "[]")
		if name != "" {
			out += "." + name
		}
		out += strings.Repeat("[0]", (len(part)-len(name))/2)
	}
	return out
}

var wrongValue = map[string]any{
	"string": true, "bool": "yes", "int": json.Number("1.5"), "number": "1", "object": "x", "list": "x",
}

func hasViolation(vs []Violation, path string, kind Kind) bool {
	for _, v := range vs {
		if v.Path() == path && v.Kind == kind {
			return true
		}
	}
	return false
}

// TestEveryFieldChecksItsType feeds every documented field of every
// family a value of the wrong type, every enum an undocumented value and
// every closed object an undocumented field.
func TestEveryFieldChecksItsType(t *testing.T) {
	checked := 0
	for _, f := range Families() {
		for _, fl := range f.Fields() {
			if wrong, ok := wrongValue[fl.Type]; ok {
				checked++
				if vs := f.CheckShape(bodyAt(fl.Path, wrong), Whole); !hasViolation(vs, rendered(fl.Path), KindType) {
					t.Errorf("%s %s: %v passed as %s: %v", f.Path, fl.Path, wrong, fl.Type, vs)
				}
			}
			if len(fl.Enum) > 0 {
				if vs := f.CheckShape(bodyAt(fl.Path, "zz-undocumented"), Whole); !hasViolation(vs, rendered(fl.Path), KindEnum) {
					t.Errorf("%s %s: an undocumented value passed: %v", f.Path, fl.Path, vs)
				}
			}
			if fl.Closed {
				body := bodyAt(fl.Path, map[string]any{"zz_undocumented": true})
				if vs := f.CheckShape(body, Whole); !hasViolation(vs, rendered(fl.Path)+".zz_undocumented", KindUnknownField) {
					t.Errorf("%s %s: an undocumented field passed a closed object: %v", f.Path, fl.Path, vs)
				}
			}
		}
		for _, v := range f.variants {
			if v.body.obj != nil && v.body.obj.closed {
				body := map[string]any{"zz_undocumented": true}
				if v.key != "" {
					body[v.key] = map[string]any{}
				}
				if vs := f.CheckShape(body, Whole); !hasViolation(vs, "body.zz_undocumented", KindUnknownField) {
					t.Errorf("%s (%s): an undocumented top-level field passed: %v", f.Path, v.name, vs)
				}
			}
		}
	}
	if checked < 300 {
		t.Fatalf("only %d fields swept; the catalog lost fields", checked)
	}
}

// rightValue is a value of the documented type and rules, numbers the way
// Terraform passes them (*big.Float).
func rightValue(fl Field) (any, bool) {
	switch fl.Type {
	case "string":
		switch {
		case len(fl.Enum) > 0:
			return fl.Enum[0], true
		case strings.HasSuffix(fl.Path, "[][]"):
			return "8:00", true
		}
		return "x", true
	case "bool":
		return false, true
	case "int":
		return big.NewFloat(7), true
	case "number":
		return 1.5, true
	}
	return nil, false
}

// TestEveryFieldAcceptsItsType: the right type passes at every field.
func TestEveryFieldAcceptsItsType(t *testing.T) {
	for _, f := range Families() {
		for _, fl := range f.Fields() {
			v, ok := rightValue(fl)
			if !ok {
				continue
			}
			for _, viol := range f.CheckShape(bodyAt(fl.Path, v), Whole) {
				if viol.Path() == rendered(fl.Path) {
					t.Errorf("%s %s: %v refused: %v", f.Path, fl.Path, v, viol)
				}
			}
		}
	}
}

func TestNumbersOfEveryGoType(t *testing.T) {
	f := family(t, "vnc/settings_policies")
	for _, n := range []any{600, int64(600), int32(600), uint(600), uint64(600), float32(600), 600.0, json.Number("600"), json.Number("6e2"), big.NewFloat(600), big.NewInt(600)} {
		if vs := f.CheckShape(map[string]any{"timeout": n}, Whole); len(vs) > 0 {
			t.Errorf("%T %v refused: %v", n, n, vs)
		}
	}
	for _, n := range []any{600.5, json.Number("600.5"), big.NewFloat(0.25), "600", json.Number("1e999999999")} {
		if vs := f.CheckShape(map[string]any{"timeout": n}, Whole); !hasViolation(vs, "body.timeout", KindType) {
			t.Errorf("%T %v passed as a whole number: %v", n, n, vs)
		}
	}
}
