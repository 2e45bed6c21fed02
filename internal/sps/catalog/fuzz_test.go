package catalog

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// maskUnknown copies v with some values replaced by Unknown, chosen by
// seed (0: none), as Terraform passes values it does not know yet.
func maskUnknown(v any, seed uint8) any {
	n := 0
	var walk func(any) any
	walk = func(v any) any {
		n++
		if seed != 0 && (n*int(seed))%7 == 3 {
			return Unknown
		}
		switch x := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, e := range x {
				out[k] = walk(e)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = walk(e)
			}
			return out
		}
		return v
	}
	return walk(v)
}

func keys(vs []Violation) map[string]bool {
	out := map[string]bool{}
	for _, v := range vs {
		out[v.Path()+" "+v.RuleID] = true
	}
	return out
}

func subset(t *testing.T, what string, small, big []Violation) {
	t.Helper()
	if len(big) > MaxViolations {
		return // truncated: the sets are not comparable
	}
	have := keys(big)
	for k := range keys(small) {
		if !have[k] {
			t.Fatalf("%s found %s, which the fully known whole body does not have (%v)", what, k, big)
		}
	}
}

// FuzzCheck feeds every family arbitrary bodies: the check never panics,
// is deterministic, renders only printable text, finds no more with
// values unknown or in an overlay than on the whole known body, and
// References never panics either.
func FuzzCheck(f *testing.F) {
	for _, s := range samples(f) {
		for i, fam := range Families() {
			if fam.Path == s.Path {
				f.Add(uint16(i), []byte(s.Body), uint8(0))
				f.Add(uint16(i), []byte(s.Body), uint8(3))
			}
		}
	}
	for _, tc := range allCases() {
		for i, fam := range Families() {
			if fam.Path == tc.path {
				f.Add(uint16(i), []byte(tc.bad), uint8(2))
			}
		}
	}
	f.Add(uint16(0), []byte("\xff\x00{"), uint8(1))
	f.Add(uint16(5), []byte(`{"server_address": {"selection": "fix", "port": 1e999}}`), uint8(4))

	f.Fuzz(func(t *testing.T, which uint16, raw []byte, seed uint8) {
		fams := Families()
		fam := fams[int(which)%len(fams)]
		var body any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&body) != nil {
			body = string(raw) // not JSON: a hostile string body
		}
		if m, ok := body.(map[string]any); ok {
			m[string(raw[:min(len(raw), 16)])] = string(raw) // invalid UTF-8 survives here, not through JSON
		}
		whole := fam.CheckShape(body, Whole)
		allPrintable(t, whole)
		if again := fam.CheckShape(body, Whole); !reflect.DeepEqual(whole, again) {
			t.Fatalf("two checks differ:\n%v\n%v", whole, again)
		}
		subset(t, "the overlay", fam.CheckShape(body, Overlay), whole)
		masked := fam.CheckShape(maskUnknown(body, seed), Whole)
		allPrintable(t, masked)
		subset(t, "the body with unknowns", masked, whole)
		if vs := fam.Check(body, Whole); fam.ReadOnly && len(vs) != 1 {
			t.Fatalf("a read-only family: %v", vs)
		}
		for _, r := range fam.References(body) {
			printable(t, "reference path", PathString("body", r.Steps))
		}
	})
}
