package catalog

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"
)

// allPrintable fails when any rendering of the violations could act on a
// terminal or carries no source.
func allPrintable(t testing.TB, vs []Violation) {
	t.Helper()
	for _, v := range vs {
		printable(t, "violation", v.String())
		if !strings.HasPrefix(v.Path(), "body") || v.RuleID == "" || (v.Kind != KindTruncated && v.Source.File == "") {
			t.Fatalf("malformed violation %+v", v)
		}
	}
}

func TestBodiesThatAreNotObjects(t *testing.T) {
	for _, f := range Families() {
		want := "must be an object"
		bodies := []any{"x", json.Number("1"), []any{}, true, map[string]string{"name": "x"}, struct{}{}}
		if f.ID == "acls" {
			want, bodies = "must be a list", []any{"x", map[string]any{}, []string{"x"}}
		}
		for _, b := range bodies {
			vs := f.CheckShape(b, Whole)
			if len(vs) != 1 || vs[0].Kind != KindType || vs[0].Path() != "body" || vs[0].Rule != want {
				t.Errorf("%s %#v: %v", f.Path, b, vs)
			}
			allPrintable(t, vs)
		}
	}
}

// deep nests v n levels of single-key objects.
func deep(n int, v any) any {
	for i := 0; i < n; i++ {
		v = map[string]any{"a": []any{v}}
	}
	return v
}

func TestDeepAndSelfReferencingBodies(t *testing.T) {
	start := time.Now()
	nested := deep(100000, "x")
	body := map[string]any{"name": nested, "Mon": nested, "zz": nested, "Tue": []any{nested}}
	got := found(Check("policies/time_policies", body, Whole))
	want := []string{"body.name time_policy.name:type", "body.Mon day_intervals:type", "body.zz time_policy:closed", "body.Tue[0] day_intervals[]:type"}
	if !sameLines(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	open := map[string]any{"policies": nested, "network": map[string]any{"clients": []any{nested}}}
	if got := found(Check("ssh/connections", open, Whole)); len(got) != 1 || got[0] != "body.network.clients[0] connection_policy.network.clients[]:type" {
		t.Errorf("got %q", got)
	}

	loop := map[string]any{"selection": "fix"}
	loop["server_address"], loop["access_control"] = loop, []any{loop}
	for _, f := range []*Family{family(t, "ssh/connections"), family(t, "ssh/options")} {
		f.CheckShape(loop, Whole)
		f.References(loop)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("hostile nesting took %s", d)
	}
}

func TestHugeNumbers(t *testing.T) {
	huge := new(big.Float).SetMantExp(big.NewFloat(1), 1<<20)
	digits := json.Number("1" + strings.Repeat("0", 100000))
	cases := []struct {
		v    any
		bad  bool
		what string
	}{
		{huge, false, "2^1048576 as Terraform passes it: no range is documented"},
		{json.Number("1e308"), false, "1e308"},
		{json.Number("-1e400"), false, "a huge negative whole number"},
		{digits, true, "a 100001-digit numeral cannot be read"},
		{json.Number("1e999999999"), true, "infinite"},
		{math.NaN(), true, "NaN"},
		{math.Inf(1), true, "+Inf"},
		{(*big.Float)(nil), true, "a nil *big.Float"},
		{(*big.Int)(nil), true, "a nil *big.Int"},
	}
	for _, tc := range cases {
		body := map[string]any{"timeout": tc.v, "inactivity_timeout": map[string]any{"enabled": true, "value": tc.v}}
		vs := Check("vnc/settings_policies", body, Whole)
		allPrintable(t, vs)
		if bad := hasViolation(vs, "body.timeout", KindType); bad != tc.bad {
			t.Errorf("%s: %v", tc.what, vs)
		}
	}
}

func TestHostileStringsAndKeys(t *testing.T) {
	evil := "\xff\xfe\x00 \x1b[2J\x1b]0;pwned\x07\u202e" + strings.Repeat("é", 100)
	body := map[string]any{
		"name":                     evil,
		evil:                       1,
		"\x1b[31mMon":              []any{},
		strings.Repeat("k", 1<<20): 1,
		"Mon":                      []any{[]any{evil, "\u0660:00"}},
	}
	vs := Check("policies/time_policies", body, Whole)
	allPrintable(t, vs)
	if len(vs) != 6 {
		t.Fatalf("want the name, three undocumented keys and two interval ends, got %d: %v", len(vs), vs)
	}
	for _, v := range vs {
		if len(v.String()) > 1<<21 {
			t.Errorf("a violation of %d bytes", len(v.String()))
		}
		if v.Kind == KindUnknownField && v.Suggestion != "" && v.Suggestion != "Mon" {
			t.Errorf("suggested %q for %q", v.Suggestion, v.Path())
		}
	}
	enum := Check("ssh/connections", map[string]any{"access_control": []any{map[string]any{"permission": evil}}}, Whole)
	allPrintable(t, enum)
	if len(enum) != 1 || enum[0].Kind != KindEnum {
		t.Errorf("got %v", enum)
	}
}

func TestViolationsAreBounded(t *testing.T) {
	days := make([]any, 200000)
	for i := range days {
		days[i] = []any{"never"}
	}
	vs := Check("policies/time_policies", map[string]any{"Mon": days}, Whole)
	if len(vs) != MaxViolations+1 || vs[MaxViolations].Kind != KindTruncated {
		t.Fatalf("got %d violations, the last %+v", len(vs), vs[len(vs)-1])
	}
	allPrintable(t, vs)
}
